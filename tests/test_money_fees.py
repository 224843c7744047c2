"""Fees at a late cancellation or a no-show, a supervisor's waiver and price change, and
payments following a session when it is cancelled or moved, against both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from app.booking import Override, cancel, change_status, reschedule
from app.money.fees import (
    CancellationPreview,
    FeePolicy,
    cancellation_preview,
    change_price,
    fee_for,
    no_show_preview,
    refund_credit,
    waive_fee,
)
from app.money.ledger import PaymentStatus, client_balance, session_charges, unallocated_by_payment
from app.money.payments import MoneyInputError, MoneyRefusedError, PaymentRequest, take_payment
from db.engine import Database
from db.enums import FeeKind, PaymentMethod, SessionStatus
from tests.booking_support import SUPERVISOR_PASSWORD, at
from tests.money_support import BOOKED_AT, book_session, money_clinic, rows

START = "2026-11-24T09:00"  # Tuesday; the clinic's notice is 24 hours
LATE = at("2026-11-24T07:00")  # two hours before: a late cancellation
IN_TIME = at("2026-11-23T08:00")  # a day and an hour before
AFTER_START = at("2026-11-24T09:20")


def set_policy(database: Database, *, late: tuple[str, int] = ("none", 0),
               no_show: tuple[str, int] = ("none", 0)) -> None:  # fmt: skip
    with database.write() as session:
        session.execute(
            text(
                "UPDATE clinic_settings SET late_cancel_fee_kind = :lk, late_cancel_fee_value"
                " = :lv, no_show_fee_kind = :nk, no_show_fee_value = :nv"
            ),
            {"lk": late[0], "lv": late[1], "nk": no_show[0], "nv": no_show[1]},
        )


def prepaid_session(database: Database, amount: int = 15000) -> str:
    """c1's Tuesday session, paid in advance by card."""
    reference = book_session(database, "c1", START)
    request = PaymentRequest("c1", amount, PaymentMethod.CARD, sessions=(reference,))
    take_payment(database, request, actor="alex", now=BOOKED_AT)
    return reference


def session_money(database: Database, reference: str) -> tuple[int | None, int, PaymentStatus]:
    """(fee, paid, payment status) of a session."""
    sid = rows(database, "SELECT id FROM sessions WHERE reference = :r", r=reference)[0][0]
    with database.read() as session:
        charge = session_charges(session, [sid])[sid]
    return charge.fee_cents, charge.paid_cents, charge.payment_status


def account(database: Database, key: str = "c1") -> tuple[int, int, int, int]:
    """(owed, paid, credit, balance) of a client."""
    client_id = rows(database, "SELECT id FROM clients WHERE key = :k", k=key)[0][0]
    with database.read() as session:
        balance = client_balance(session, client_id)
    return balance.owed_cents, balance.paid_cents, balance.credit_cents, balance.balance_cents


def last_audit(database: Database, action: str) -> tuple[Any, Any, Any, Any]:
    found = rows(
        database,
        "SELECT actor, before, after, reason FROM audit_log WHERE action = :a ORDER BY id DESC",
        a=action,
    )
    assert found, f"no {action} entry"
    return found[0]


def as_dict(value: Any) -> dict[str, Any]:
    import json

    return value if isinstance(value, dict) else json.loads(value)


def money_tables(database: Database) -> list[Any]:
    return [
        rows(database, "SELECT * FROM payments ORDER BY id"),
        rows(database, "SELECT * FROM payment_allocations ORDER BY id"),
        rows(
            database,
            "SELECT id, price_cents, fee_cents, fee_waived_by, fee_waiver_reason,"
            " status FROM sessions ORDER BY id",
        ),
        rows(database, "SELECT count(*) FROM audit_log"),
    ]


# -- the policy ----------------------------------------------------------------------------


def test_a_fee_is_none_fixed_as_configured_or_a_percentage_rounded_half_up() -> None:
    assert fee_for(15000, FeePolicy(FeeKind.NONE, 40)) is None
    assert fee_for(15000, FeePolicy(FeeKind.FIXED, 2500)) == 2500
    assert fee_for(1000, FeePolicy(FeeKind.FIXED, 2500)) == 2500  # as configured
    assert fee_for(15000, FeePolicy(FeeKind.PERCENT, 50)) == 7500
    assert fee_for(12345, FeePolicy(FeeKind.PERCENT, 10)) == 1235  # 1234.5 → up
    assert fee_for(12344, FeePolicy(FeeKind.PERCENT, 10)) == 1234
    assert fee_for(0, FeePolicy(FeeKind.PERCENT, 100)) == 0


# -- cancelling and no-shows ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "fee"), [(("fixed", 2500), 2500), (("percent", 50), 7500), (("none", 0), None)]
)
def test_a_late_cancellation_is_charged_the_policys_fee_and_the_rest_becomes_credit(
    database: Database, policy: tuple[str, int], fee: int | None
) -> None:
    money_clinic(database)
    set_policy(database, late=policy)
    reference = prepaid_session(database)
    result = cancel(database, reference, "client is ill", actor="alex", now=LATE)
    assert result.late and result.fee_cents == fee
    released = 15000 - (fee or 0)
    assert result.released_cents == released
    paid_status = PaymentStatus.PAID if fee else PaymentStatus.REFUNDED
    assert session_money(database, reference) == (fee, fee or 0, paid_status)
    assert account(database) == (fee or 0, fee or 0, released, -released)
    after = as_dict(last_audit(database, "session.cancel")[2])
    assert after["fee_cents"] == fee and after["credit_released_cents"] == released


def test_a_supervisor_waiving_the_lateness_charges_no_fee(database: Database) -> None:
    money_clinic(database)
    set_policy(database, late=("fixed", 2500))
    reference = prepaid_session(database)
    waiver = Override("maria", SUPERVISOR_PASSWORD, "hospital appointment")
    result = cancel(database, reference, "ill", actor="alex", now=LATE, supervisor=waiver)
    assert not result.late and result.fee_cents is None and result.released_cents == 15000
    assert account(database) == (0, 0, 15000, -15000)


def test_an_on_time_cancellation_releases_the_advance_to_credit_then_it_is_refunded(
    database: Database,
) -> None:
    money_clinic(database)
    set_policy(database, late=("fixed", 2500))
    reference = prepaid_session(database)
    result = cancel(database, reference, "plans changed", actor="alex", now=IN_TIME)
    assert (result.late, result.fee_cents, result.released_cents) == (False, None, 15000)
    assert account(database) == (0, 0, 15000, -15000)
    assert _credit_by_receipt(database) == [("RC-2026-000001", 15000)]
    with pytest.raises(MoneyRefusedError):  # front desk may not refund
        refund_credit(database, reference, 15000, reason="back", actor="alex", now=IN_TIME)
    refunds = refund_credit(
        database, reference, 15000, reason="cancelled in time", actor="maria", now=IN_TIME
    )
    assert [(r.receipt, r.refunds, r.amount_cents) for r in refunds] == [
        ("RC-2026-000002", "RC-2026-000001", 15000)
    ]
    assert account(database) == (0, 0, 0, 0)
    assert _credit_by_receipt(database) == []


def test_refunding_more_credit_than_there_is_is_refused_and_changes_nothing(
    database: Database,
) -> None:
    money_clinic(database)
    owed = book_session(database, "c1", "2026-11-23T10:00")  # completed, paid by the same card
    change_status(
        database, owed, SessionStatus.IN_PROGRESS, actor="alex", now=at("2026-11-23T10:05")
    )
    change_status(database, owed, SessionStatus.COMPLETED, actor="alex", now=at("2026-11-23T11:00"))
    reference = book_session(database, "c1", START)
    request = PaymentRequest("c1", 30000, PaymentMethod.CARD, sessions=(owed, reference))
    take_payment(database, request, actor="alex", now=BOOKED_AT)
    cancel(database, reference, "plans changed", actor="alex", now=IN_TIME)
    assert account(database) == (15000, 15000, 15000, -15000)
    before = money_tables(database)
    with pytest.raises(MoneyRefusedError, match=r"150\.00 USD of credit, not 200\.00") as refused:
        refund_credit(database, reference, 20000, reason="back", actor="maria", now=IN_TIME)
    assert refused.value.reason == "more_than_paid"
    assert money_tables(database) == before  # the completed session keeps what paid it
    refunds = refund_credit(database, reference, 15000, reason="back", actor="maria", now=IN_TIME)
    assert [(r.amount_cents, r.taken_back) for r in refunds] == [(15000, ())]
    assert account(database) == (15000, 15000, 0, 0)


def test_a_no_show_owes_its_fee_not_the_price(database: Database) -> None:
    money_clinic(database)
    set_policy(database, late=("fixed", 2500), no_show=("fixed", 5000))
    reference = prepaid_session(database)
    paid_nothing = book_session(database, "c2", "2026-11-24T10:00")
    for ref in (reference, paid_nothing):
        change_status(database, ref, SessionStatus.NO_SHOW, actor="alex",
                      now=at("2026-11-24T10:20"))  # fmt: skip
    assert session_money(database, reference) == (5000, 5000, PaymentStatus.PAID)
    assert account(database) == (5000, 5000, 10000, -10000)
    assert account(database, "c2") == (5000, 0, 0, 5000)  # not 150.00
    after = as_dict(last_audit(database, "session.status")[2])
    assert after == {"status": "no_show", "fee_cents": 5000, "credit_released_cents": 0}


def test_a_no_show_without_a_fee_owes_nothing(database: Database) -> None:
    money_clinic(database)
    reference = book_session(database, "c1", START)
    change_status(database, reference, SessionStatus.NO_SHOW, actor="alex", now=AFTER_START)
    assert session_money(database, reference) == (None, 0, PaymentStatus.WAIVED)
    assert account(database) == (0, 0, 0, 0)


def test_the_previews_say_what_will_be_charged_before_it_is(database: Database) -> None:
    money_clinic(database)
    set_policy(database, late=("fixed", 2500), no_show=("percent", 40))
    reference = prepaid_session(database)
    late = cancellation_preview(database, reference, LATE)
    assert late == CancellationPreview(True, 2500, 15000, 12500, "USD")
    assert late.sentence() == (
        "Late cancellation: a fee of 25.00 will be charged. "
        "150.00 paid in advance becomes credit (125.00 after the fee)."
    )
    assert late.without_fee().sentence() == "No fee. 150.00 paid in advance becomes credit."
    assert cancellation_preview(database, reference, IN_TIME).fee_cents is None
    no_show = no_show_preview(database, reference)
    assert (no_show.fee_cents, no_show.refundable_cents) == (6000, 9000)
    assert no_show.sentence().startswith("No-show: a fee of 60.00 will be charged instead")
    # and the charge is what the preview said
    assert cancel(database, reference, "ill", actor="alex", now=LATE).released_cents == 12500


def test_a_move_takes_the_payments_along_and_charges_no_fee(database: Database) -> None:
    money_clinic(database)
    set_policy(database, late=("fixed", 2500))
    reference = prepaid_session(database)
    moved = reschedule(database, reference, at("2026-11-25T10:00"), actor="alex", now=LATE)
    assert session_money(database, reference)[:2] == (None, 0)
    assert session_money(database, moved.reference)[1:] == (15000, PaymentStatus.PAID)
    assert account(database) == (0, 0, 0, 0)  # prepaid, not credit


# -- a supervisor's waiver -----------------------------------------------------------------


def test_a_waived_fee_is_not_owed_and_what_paid_it_becomes_credit(database: Database) -> None:
    money_clinic(database)
    set_policy(database, late=("fixed", 2500))
    reference = prepaid_session(database)
    cancel(database, reference, "ill", actor="alex", now=LATE)
    assert account(database) == (2500, 2500, 12500, -12500)
    before = money_tables(database)
    with pytest.raises(MoneyRefusedError, match="supervisor"):
        waive_fee(database, reference, reason="first time", actor="alex", now=LATE)
    with pytest.raises(MoneyInputError, match="reason"):
        waive_fee(database, reference, reason="  ", actor="maria", now=LATE)
    assert money_tables(database) == before  # refusals change nothing
    released = waive_fee(database, reference, reason="first time", actor="maria", now=LATE)
    assert released == 2500
    assert account(database) == (0, 0, 15000, -15000)
    fee, paid, _status = session_money(database, reference)
    assert (fee, paid) == (2500, 0)  # the fee stays as charged, waived
    actor, audit_before, audit_after, reason = last_audit(database, "session.fee_waive")
    assert (actor, reason) == ("maria", "first time")
    assert as_dict(audit_before) == {"fee_cents": 2500}
    assert as_dict(audit_after) == {"fee_waived_by": "maria", "credit_released_cents": 2500}
    with pytest.raises(MoneyRefusedError, match="already waived"):
        waive_fee(database, reference, reason="again", actor="maria", now=LATE)


def test_only_a_fee_can_be_waived(database: Database) -> None:
    money_clinic(database)
    reference = book_session(database, "c1", START)
    with pytest.raises(MoneyRefusedError, match="no fee"):
        waive_fee(database, reference, reason="kind", actor="maria", now=LATE)
    with pytest.raises(MoneyInputError, match="no session"):
        waive_fee(database, "BK-2026-999999", reason="kind", actor="maria", now=LATE)


# -- a supervisor's price change -----------------------------------------------------------


def test_a_lower_price_is_audited_and_releases_what_was_paid_beyond_it(
    database: Database,
) -> None:
    money_clinic(database)
    reference = prepaid_session(database)
    before = money_tables(database)
    with pytest.raises(MoneyRefusedError, match="supervisor"):
        change_price(database, reference, 10000, reason="sliding scale", actor="alex", now=LATE)
    with pytest.raises(MoneyInputError):
        change_price(database, reference, -1, reason="sliding scale", actor="maria", now=LATE)
    assert money_tables(database) == before
    result = change_price(
        database, reference, 10000, reason="sliding scale", actor="maria", now=LATE
    )
    assert (result.before_cents, result.after_cents, result.released_cents) == (15000, 10000, 5000)
    assert session_money(database, reference)[1:] == (10000, PaymentStatus.PAID)
    assert account(database)[2] == 5000  # credit
    actor, audit_before, audit_after, reason = last_audit(database, "session.price")
    assert (actor, reason) == ("maria", "sliding scale")
    assert as_dict(audit_before) == {"price_cents": 15000}
    assert as_dict(audit_after) == {"price_cents": 10000, "credit_released_cents": 5000}
    raised = change_price(database, reference, 16000, reason="family", actor="maria", now=LATE)
    assert raised.released_cents == 0
    assert session_money(database, reference)[1:] == (10000, PaymentStatus.PARTLY_PAID)


def test_a_cancelled_sessions_price_does_not_change(database: Database) -> None:
    money_clinic(database)
    reference = book_session(database, "c1", START)
    cancel(database, reference, "plans changed", actor="alex", now=IN_TIME)
    with pytest.raises(MoneyRefusedError, match="cancelled"):
        change_price(database, reference, 100, reason="x", actor="maria", now=IN_TIME)


def _credit_by_receipt(database: Database) -> list[tuple[str, int]]:
    """(receipt, cents) of c1's payments holding credit, in plain terms of the ledger."""
    with database.read() as session:
        left = unallocated_by_payment(
            session, rows(database, "SELECT id FROM clients WHERE key = 'c1'")[0][0]
        )
    receipts = dict(rows(database, "SELECT id, receipt FROM payments"))
    return [(receipts[payment_id], cents) for payment_id, cents in left]
