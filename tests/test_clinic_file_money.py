"""Money in the clinic file (docs/interfaces.md, Clinic file; docs/money.md): the currency and
the cancellation policy, session prices and fees, payments with their allocations, an old
file's typed payment status, and every refusal."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from app.clinic_file import ClinicFileError, export_clinic, import_clinic
from app.money.ledger import PaymentStatus, client_balance, session_charges
from app.money.payments import (
    PaymentRequest,
    apply_credit,
    refund_payment,
    reverse_payment,
    take_payment,
)
from db.engine import Database
from db.enums import PaymentMethod
from db.legacy_payments import PAID_REFERENCE, REFUND_REASON
from tests.booking_support import at
from tests.money_support import book_session, complete, money_clinic, rows

NOW = at("2026-11-24T18:00")
MONEY_TABLES = ("payments", "payment_allocations", "receipt_counters")


def _money_rows(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "payments": rows(
            database,
            "SELECT receipt, kind, amount_cents, method, reference, taken_by, reason"
            " FROM payments ORDER BY receipt",
        ),
        "payment_allocations": rows(
            database,
            "SELECT p.receipt, s.reference, a.amount_cents FROM payment_allocations AS a"
            " JOIN payments AS p ON p.id = a.payment_id JOIN sessions AS s ON s.id = a.session_id"
            " ORDER BY p.receipt, a.id",
        ),
        "receipt_counters": rows(database, "SELECT year, last_number FROM receipt_counters"),
    }


def _statuses(database: Database) -> dict[str, PaymentStatus]:
    ids = dict(rows(database, "SELECT id, reference FROM sessions"))
    with database.read() as session:
        return {ids[i]: c.payment_status for i, c in session_charges(session, ids).items()}


def _balances(database: Database) -> dict[str, tuple[int, int, int]]:
    with database.read() as session:
        result = {}
        for client_id, key in rows(database, "SELECT id, key FROM clients"):
            balance = client_balance(session, client_id)
            result[key] = (balance.balance_cents, balance.credit_cents, balance.prepaid_cents)
        return result


def _a_clinic_with_money(database: Database) -> dict[str, str]:
    """Payments, a partial refund taking money back from sessions, a reversal, credit used:
    all through the real use cases. The sessions by name."""
    money_clinic(database)
    first = book_session(database, "c1", "2026-11-24T09:00")
    second = book_session(database, "c1", "2026-11-24T13:00")
    ahead = book_session(database, "c2", "2026-11-26T09:00")
    complete(database, first, at("2026-11-24T09:10"))
    complete(database, second, at("2026-11-24T13:10"))
    take_payment(database, PaymentRequest("c1", 20000, "cash"), actor="alex", now=NOW)
    take_payment(
        database,
        PaymentRequest("c2", 15000, PaymentMethod.CARD, reference="VISA 4242", sessions=(ahead,)),
        actor="alex",
        now=NOW,
    )
    refund_payment(database, "RC-2026-000001", reason="overcharged", actor="maria",
                   now=NOW, amount_cents=2500)  # fmt: skip
    take_payment(database, PaymentRequest("c1", 40000, "transfer"), actor="alex", now=NOW)
    reverse_payment(database, "RC-2026-000002", reason="wrong card", actor="maria", now=NOW)
    return {"first": first, "second": second, "ahead": ahead}


def test_payments_refunds_and_fees_survive_the_round_trip_into_another_database(
    sqlite_database: Database, postgres_url: str
) -> None:
    _a_clinic_with_money(sqlite_database)
    exported = export_clinic(sqlite_database)
    receipts = [(p["receipt"], p["kind"]) for p in exported["payments"]]
    assert receipts == [("RC-2026-000001", "payment"), ("RC-2026-000002", "payment"),
                        ("RC-2026-000003", "refund"), ("RC-2026-000004", "payment"),
                        ("RC-2026-000005", "reversal")]  # fmt: skip
    refund = exported["payments"][2]
    assert refund["reverses"] == "RC-2026-000001" and refund["reason"] == "overcharged"
    assert refund["amount"] == "25.00"
    assert any(a["amount"].startswith("-") for a in refund["allocations"])
    assert exported["payments"][1]["reference"] == "VISA 4242"
    assert exported["payments"][1]["taken_at"] == "2026-11-24T18:00"
    assert exported["clinic"]["currency"] == "USD"
    assert exported["clinic"]["no_show_fee"] == {"kind": "none"}

    other = Database(postgres_url)
    try:
        summary = import_clinic(other, exported)
        assert summary.created["payments"] == 5
        assert export_clinic(other) == exported
        assert _money_rows(other) == _money_rows(sqlite_database)
        assert _statuses(other) == _statuses(sqlite_database)
        assert _balances(other) == _balances(sqlite_database)
        # New receipts continue after the file's.
        paid = take_payment(other, PaymentRequest("c3", 100, "cash"), actor="alex", now=NOW)
        assert paid.receipt == "RC-2026-000006"
    finally:
        other.dispose()


def test_reimporting_the_same_file_duplicates_no_payment(database: Database) -> None:
    _a_clinic_with_money(database)
    exported = export_clinic(database)
    before = _money_rows(database)
    summary = import_clinic(database, exported)
    assert "payments" not in summary.created and "payments" not in summary.updated
    assert _money_rows(database) == before
    assert export_clinic(database) == exported


def test_a_file_that_would_change_a_saved_payment_is_refused(database: Database) -> None:
    _a_clinic_with_money(database)
    exported = export_clinic(database)
    before = _money_rows(database)
    changed = copy.deepcopy(exported)
    changed["payments"][0]["amount"] = "210.00"
    changed["payments"][0]["method"] = "card"
    changed["payments"][3]["allocations"] = [{"session": changed["sessions"][0]["reference"],
                                             "amount": "1.00"}]  # fmt: skip
    with pytest.raises(ClinicFileError) as caught:
        import_clinic(database, changed)
    assert [str(p) for p in caught.value.problems] == [
        "payments[RC-2026-000001]: differs from the saved payment of 200.00 (amount, method): "
        "payments are never edited, reverse or refund it instead",
        "payments[RC-2026-000004]: differs from the saved payment of 400.00 (allocations): "
        "payments are never edited, reverse or refund it instead",
    ]
    assert _money_rows(database) == before


def test_an_older_file_keeps_later_allocations_and_a_newer_one_adds_them(
    sqlite_database: Database, postgres_url: str
) -> None:
    """Allocations are only ever added: a file without the latest ones changes nothing, a
    file with more adds them."""
    money_clinic(sqlite_database)
    first = book_session(sqlite_database, "c1", "2026-11-24T09:00")
    take_payment(sqlite_database, PaymentRequest("c1", 30000, "cash"), actor="alex", now=NOW)
    older = export_clinic(sqlite_database)  # all of it credit
    complete(sqlite_database, first, at("2026-11-24T09:10"))
    assert apply_credit(sqlite_database, "c1", actor="alex", now=NOW)
    newer = export_clinic(sqlite_database)
    assert newer["payments"][0]["allocations"] == [{"session": first, "amount": "150.00"}]

    import_clinic(sqlite_database, older)
    assert export_clinic(sqlite_database)["payments"] == newer["payments"]
    other = Database(postgres_url)
    try:
        import_clinic(other, older)
        assert export_clinic(other)["payments"][0]["allocations"] == []
        summary = import_clinic(other, newer)
        assert summary.updated["payments"] == 1
        assert export_clinic(other) == newer
    finally:
        other.dispose()


def test_a_file_lowering_what_a_paid_session_asks_releases_the_rest_to_credit(
    database: Database,
) -> None:
    """A file that cancels a session paid in advance, or lowers its price, leaves it
    holding what it no longer asks: released to credit in the import's transaction, as
    the desk's cancel or price change would (docs/money.md)."""
    money_clinic(database)
    cancelled = book_session(database, "c1", "2026-11-26T09:00")
    cheaper = book_session(database, "c1", "2026-11-27T09:00")
    take_payment(database, PaymentRequest("c1", 30000, "cash", sessions=(cancelled, cheaper)),
                 actor="alex", now=NOW)  # fmt: skip
    data = export_clinic(database)
    for values in data["sessions"]:
        if values["reference"] == cancelled:
            values["status"] = "cancelled"
        if values["reference"] == cheaper:
            values["price"] = "100.00"
    summary = import_clinic(database, data, actor="importer")
    assert rows(database, "SELECT s.reference, a.amount_cents, a.created_by"
                          " FROM payment_allocations AS a JOIN sessions AS s"
                          " ON s.id = a.session_id WHERE a.amount_cents < 0 ORDER BY a.id") == [
        (cancelled, -15000, "importer"), (cheaper, -5000, "importer")]  # fmt: skip
    assert _balances(database)["c1"] == (-20000, 20000, 10000)
    assert _statuses(database)[cheaper] == PaymentStatus.PAID
    assert f"session {cancelled} now asks less than it held: 150.00 became the client's " \
           "credit" in summary.notes  # fmt: skip
    audited = rows(database, "SELECT after FROM audit_log WHERE action = 'session.update'"
                             " AND actor = 'importer' ORDER BY id")  # fmt: skip
    afters = [json.loads(after) if isinstance(after, str) else after for (after,) in audited]
    assert afters == [{"status": "cancelled", "cancelled_at": afters[0]["cancelled_at"],
                       "credit_released_cents": 15000},
                      {"price_cents": 10000, "credit_released_cents": 5000}]  # fmt: skip
    # The file again changes nothing more.
    before = _money_rows(database)
    import_clinic(database, data, actor="importer")
    assert _money_rows(database) == before


def _clinic(**clinic: Any) -> dict[str, Any]:
    """One therapist, two clients, a 120.00 service: the smallest clinic money needs."""
    return {
        "clinic": {"name": "Test Clinic", "timezone": "America/New_York", **clinic},
        "services": [{"key": "ind", "name": "Individual", "duration_minutes": 50,
                      "price": "120.00"}],
        "therapists": [{"key": "carter", "name": "Dr. Carter"}],
        "clients": [{"key": "sj", "name": "Sarah Johnson"}, {"key": "bo", "name": "Bo Li"}],
        "sessions": [],
    }  # fmt: skip


def _session(number: int, start: str, **fields: Any) -> dict[str, Any]:
    return {"reference": f"BK-2025-{number:06d}", "therapist": "carter", "client": "sj",
            "service": "ind", "start": start, "status": "completed", **fields}  # fmt: skip


def _payment(receipt: str = "RC-2025-000001", **fields: Any) -> dict[str, Any]:
    return {"receipt": receipt, "kind": "payment", "client": "sj", "amount": "120.00",
            "method": "cash", "taken_by": "alex", "taken_at": "2025-03-10T11:00",
            "allocations": [{"session": "BK-2025-000001", "amount": "120.00"}],
            **fields}  # fmt: skip


def test_an_old_files_typed_payment_status_becomes_payments_once(database: Database) -> None:
    """As migration 0013 reads a typed status (db.legacy_payments): paid is a payment of the
    price, refunded that payment and its refund; a session a payment of the file names keeps
    that payment only. Numbered after the file's receipts; a second import adds nothing."""
    data = _clinic()
    data["sessions"] = [
        _session(1, "2025-03-10T10:00", payment_status="paid"),  # named by RC-2025-000001
        _session(2, "2025-03-11T10:00", amount="90.00", payment_status="paid"),
        _session(3, "2025-03-12T10:00", payment_status="refunded"),
        _session(4, "2025-03-13T10:00", payment_status="pending"),
        _session(5, "2025-03-14T10:00", amount="0", payment_status="paid"),
    ]
    data["payments"] = [_payment()]
    summary = import_clinic(database, data, actor="importer")
    assert summary.created["payments"] == 4
    assert _money_rows(database) == {
        "payments": [
            ("RC-2025-000001", "payment", 12000, "cash", None, "alex", None),
            ("RC-2025-000002", "payment", 9000, "other", PAID_REFERENCE, "importer", None),
            ("RC-2025-000003", "payment", 12000, "other", PAID_REFERENCE, "importer", None),
            ("RC-2025-000004", "refund", 12000, "other", None, "importer", REFUND_REASON),
        ],
        "payment_allocations": [
            ("RC-2025-000001", "BK-2025-000001", 12000),
            ("RC-2025-000002", "BK-2025-000002", 9000),
            ("RC-2025-000003", "BK-2025-000003", 12000),
            ("RC-2025-000004", "BK-2025-000003", -12000),
        ],
        "receipt_counters": [(2025, 4)],
    }
    assert rows(database, "SELECT price_cents FROM sessions ORDER BY reference") == [
        (12000,), (9000,), (12000,), (12000,), (0,)
    ]  # fmt: skip
    assert _statuses(database) == {
        "BK-2025-000001": PaymentStatus.PAID,
        "BK-2025-000002": PaymentStatus.PAID,
        "BK-2025-000003": PaymentStatus.PENDING,  # completed and its money back: owed again
        "BK-2025-000004": PaymentStatus.PENDING,
        "BK-2025-000005": PaymentStatus.PAID,
    }
    assert rows(database, "SELECT count(*) FROM audit_log WHERE action = 'payment.create'"
                          " AND actor = 'importer'") == [(4,)]  # fmt: skip
    before = _money_rows(database)
    again = import_clinic(database, data, actor="importer")
    assert "payments" not in again.created
    assert _money_rows(database) == before
    # The export says it the new way: a price, and payments.
    exported = export_clinic(database)
    assert "payment_status" not in exported["sessions"][1]
    assert exported["sessions"][1]["price"] == "90.00"


def test_an_old_files_move_chain_is_one_payment_and_a_cancelled_sessions_is_credit(
    database: Database,
) -> None:
    """An old file's move chain typed paid (reschedule copied the status along) is one
    payment, on its last session; a cancelled or no-show session typed paid owed nothing,
    so its payment is released to credit. As migration 0013 reads the old column; a second
    import adds nothing."""
    data = _clinic()
    data["sessions"] = [
        _session(1, "2025-03-10T10:00", status="cancelled", payment_status="paid"),
        _session(2, "2025-03-17T10:00", rescheduled_from="BK-2025-000001",
                 payment_status="paid"),
        _session(3, "2025-03-24T10:00", status="cancelled", payment_status="paid"),
        _session(4, "2025-03-31T10:00", status="no_show", payment_status="paid"),
    ]  # fmt: skip
    import_clinic(database, data, actor="importer")
    assert _money_rows(database) == {
        "payments": [
            ("RC-2025-000001", "payment", 12000, "other", PAID_REFERENCE, "importer", None),
            ("RC-2025-000002", "payment", 12000, "other", PAID_REFERENCE, "importer", None),
            ("RC-2025-000003", "payment", 12000, "other", PAID_REFERENCE, "importer", None),
        ],
        "payment_allocations": [
            ("RC-2025-000001", "BK-2025-000002", 12000),
            ("RC-2025-000002", "BK-2025-000003", 12000),  # released to credit at once
            ("RC-2025-000002", "BK-2025-000003", -12000),
            ("RC-2025-000003", "BK-2025-000004", 12000),
            ("RC-2025-000003", "BK-2025-000004", -12000),
        ],
        "receipt_counters": [(2025, 3)],
    }
    # BK-2025-000002 is paid; 240.00 is credit: (balance, credit, prepaid).
    assert _balances(database) == {"sj": (-24000, 24000, 0), "bo": (0, 0, 0)}
    before = _money_rows(database)
    import_clinic(database, data, actor="importer")
    assert _money_rows(database) == before


def test_the_currency_and_the_cancellation_policy_travel_with_the_file(
    database: Database,
) -> None:
    data = _clinic(currency="jpy", late_cancel_fee={"kind": "percent", "value": 50},
                   no_show_fee={"kind": "fixed", "value": "4000"})  # fmt: skip
    data["services"][0]["price"] = "12000"
    data["sessions"] = [
        _session(1, "2025-03-10T10:00", status="no_show", fee="4000",
                 fee_waived_by="maria", fee_waiver_reason="first time"),
        _session(2, "2025-03-11T10:00", status="cancelled", late_cancellation=True,
                 cancelled_at="2025-03-11T08:00", fee="6000"),
    ]  # fmt: skip
    data["payments"] = [_payment(amount="6000", allocations=[
        {"session": "BK-2025-000002", "amount": "6000"}])]  # fmt: skip
    import_clinic(database, data)
    assert rows(
        database,
        "SELECT currency, late_cancel_fee_kind, late_cancel_fee_value, no_show_fee_kind,"
        " no_show_fee_value FROM clinic_settings",
    ) == [("JPY", "percent", 50, "fixed", 4000)]
    assert rows(database, "SELECT reference, price_cents, fee_cents, fee_waived_by"
                          " FROM sessions ORDER BY reference") == [
        ("BK-2025-000001", 12000, 4000, "maria"),
        ("BK-2025-000002", 12000, 6000, None),
    ]  # fmt: skip
    exported = export_clinic(database)
    assert exported["clinic"]["currency"] == "JPY"
    assert exported["clinic"]["late_cancel_fee"] == {"kind": "percent", "value": 50}
    assert exported["clinic"]["no_show_fee"] == {"kind": "fixed", "value": "4000"}
    assert exported["services"][0]["price"] == "12000"
    first, second = exported["sessions"]
    assert (first["fee"], first["fee_waived_by"], first["fee_waiver_reason"]) == (
        "4000", "maria", "first time")  # fmt: skip
    assert second["fee"] == "6000"
    assert exported["payments"][0]["allocations"] == [
        {"session": "BK-2025-000002", "amount": "6000"}
    ]
    assert _statuses(database) == {
        "BK-2025-000001": PaymentStatus.WAIVED,
        "BK-2025-000002": PaymentStatus.PAID,
    }
    import_clinic(database, exported)
    assert export_clinic(database) == exported


def test_the_currency_stays_once_money_was_taken(database: Database) -> None:
    data = _clinic()
    data["sessions"] = [_session(1, "2025-03-10T10:00")]
    data["payments"] = [_payment()]
    import_clinic(database, data)
    with pytest.raises(ClinicFileError) as caught:
        import_clinic(database, {"clinic": {**data["clinic"], "currency": "EUR"}})
    assert [str(p) for p in caught.value.problems] == [
        "clinic.currency: the clinic already has payments: it stays USD"
    ]
    assert rows(database, "SELECT currency FROM clinic_settings") == [("USD",)]


def _with_payment(**fields: Any) -> dict[str, Any]:
    data = _clinic()
    data["sessions"] = [_session(1, "2025-03-10T10:00"),
                        _session(2, "2025-03-11T10:00", client="bo")]  # fmt: skip
    data["payments"] = [_payment(**fields)]
    return data


def _with_session(**fields: Any) -> dict[str, Any]:
    data = _clinic()
    data["sessions"] = [_session(1, "2025-03-10T10:00", **fields)]
    return data


def _refunds(*given: tuple[str, str | None], first: int = 2, **fields: Any) -> list[dict[str, Any]]:
    """Refunds of RC-2025-000001, numbered from `first`: (amount, what each takes back from
    BK-2025-000001 or None)."""
    return [
        _payment(f"RC-2025-{first + index:06d}", kind="refund", reverses="RC-2025-000001",
                 reason="x", amount=amount, taken_at=f"2025-03-1{index + 1}T09:00",
                 allocations=[] if back is None
                 else [{"session": "BK-2025-000001", "amount": back}], **fields)
        for index, (amount, back) in enumerate(given)
    ]  # fmt: skip


P = "payments[RC-2025-000001]"
S = "sessions[BK-2025-000001]"
BAD_MONEY = {
    "currency not a code": (
        _clinic(currency="dollars"), "clinic.currency: 'dollars' is not a currency code"),
    "a fee of an unknown kind": (
        _clinic(no_show_fee={"kind": "double"}), "clinic.no_show_fee.kind: 'double' is not one of"),
    "a fixed fee in fractions of a cent": (
        _clinic(late_cancel_fee={"kind": "fixed", "value": "25.005"}),
        "clinic.late_cancel_fee.value: '25.005' has more decimals than USD has (at most 2"),
    "a fixed fee without its amount": (
        _clinic(late_cancel_fee={"kind": "fixed"}),
        'clinic.late_cancel_fee.value: required with kind "fixed"'),
    "a percent fee over 100": (
        _clinic(no_show_fee={"kind": "percent", "value": 150}),
        "clinic.no_show_fee.value: 150 is outside 0–100"),
    "a percent fee as text": (
        _clinic(no_show_fee={"kind": "percent", "value": "50"}),
        "clinic.no_show_fee.value: '50' is not a whole number"),
    "a fee not an object": (
        _clinic(no_show_fee="40.00"), "clinic.no_show_fee: must be an object"),
    "a yen price with cents": (
        {**_with_session(price="150.50"), "clinic": _clinic(currency="JPY")["clinic"]},
        f"{S}.price: '150.50' has more decimals than JPY has (no decimals)"),
    "price and its old name": (
        _with_session(price="10.00", amount="10.00"), f'{S}.amount: the old name of "price"'),
    "an unknown typed status": (
        _with_session(payment_status="owing"),
        f"{S}.payment_status: 'owing' is not one of pending, paid, refunded"),
    "a waiver without a fee": (
        _with_session(fee_waived_by="maria", fee_waiver_reason="kind"),
        f"{S}.fee: a waived fee needs the fee it waives"),
    "a waiver without its reason": (
        _with_session(fee="40.00", fee_waived_by="maria"),
        f"{S}.fee_waiver_reason: a waiver names who waived the fee and why"),
    "a negative fee": (_with_session(fee="-5.00"), f"{S}.fee: '-5.00' is not an amount of zero"),
    "a receipt not RC-YYYY-NNNNNN": (
        _with_payment(receipt="RC-25-1"), "payments[RC-25-1].receipt: 'RC-25-1' is not a receipt"),
    "a receipt twice": (
        {**_with_payment(), "payments": [_payment(), _payment()]},
        f'{P}: the payment "RC-2025-000001" appears twice in the file'),
    "a payment without its amount": (
        {**_clinic(), "payments": [{"receipt": "RC-2025-000001", "kind": "payment"}]},
        f'{P}: missing field "client"'),
    "an amount of zero": (_with_payment(amount="0.00", allocations=[]),
                          f"{P}.amount: an amount of money must be more than zero"),
    "an amount in fractions of a cent": (
        _with_payment(amount="120.001"), f"{P}.amount: '120.001' has more decimals than USD"),
    "an unknown method": (_with_payment(method="cheque"), f"{P}.method: 'cheque' is not one of"),
    "an unknown kind": (_with_payment(kind="gift"), f"{P}.kind: 'gift' is not one of"),
    "an unknown client": (_with_payment(client="nobody"), f'{P}.client: unknown client "nobody"'),
    "a bad time": (_with_payment(taken_at="yesterday"), f"{P}.taken_at: 'yesterday' is not a date"),
    "a payment answering another": (
        _with_payment(reverses="RC-2025-000009"), f"{P}.reverses: only a refund or a reversal"),
    "a refund answering nothing": (
        _with_payment(kind="refund", reason="x", allocations=[]),
        f"{P}.reverses: a refund names the payment it answers"),
    "a refund of an unknown payment": (
        _with_payment(kind="refund", reason="x", reverses="RC-2025-000009", allocations=[]),
        f'{P}.reverses: no payment "RC-2025-000009"'),
    "a reversal without a reason": (
        {**_with_payment(), "payments": [_payment(), _payment(
            "RC-2025-000002", kind="reversal", reverses="RC-2025-000001",
            allocations=[{"session": "BK-2025-000001", "amount": "-120.00"}])]},
        "payments[RC-2025-000002].reason: a reversal says why"),
    "a refund of a refund": (
        {**_with_payment(), "payments": [_payment(), _payment(
            "RC-2025-000002", kind="refund", reverses="RC-2025-000001", reason="x",
            allocations=[]), _payment("RC-2025-000003", kind="refund",
                                      reverses="RC-2025-000002", reason="y", allocations=[])]},
        'payments[RC-2025-000003].reverses: no payment "RC-2025-000002"'),
    "an allocation to an unknown session": (
        _with_payment(allocations=[{"session": "BK-2025-000099", "amount": "1.00"}]),
        f'{P}.allocations[1].session: unknown session "BK-2025-000099"'),
    "an allocation of nothing": (
        _with_payment(allocations=[{"session": "BK-2025-000001", "amount": "0"}]),
        f"{P}.allocations[1].amount: '0': an allocation is never zero"),
    "an allocation without its amount": (
        _with_payment(allocations=[{"session": "BK-2025-000001"}]),
        f'{P}.allocations[1]: missing field "amount"'),
    "allocations beyond the payment": (
        _with_payment(allocations=[{"session": "BK-2025-000001", "amount": "120.00"},
                                   {"session": "BK-2025-000001", "amount": "0.01"}]),
        f"{P}.allocations: together 120.01 is outside 0.00–120.00 for a payment of 120.00"),
    "a refund putting money in": (
        {**_with_payment(), "payments": [_payment(), _payment(
            "RC-2025-000002", kind="refund", reverses="RC-2025-000001", reason="x",
            allocations=[{"session": "BK-2025-000001", "amount": "5.00"}])]},
        "payments[RC-2025-000002].allocations: together 5.00 is outside -120.00–0.00"),
    "another client's session": (
        _with_payment(allocations=[{"session": "BK-2025-000002", "amount": "120.00"}]),
        f"{P}.allocations[1].session: session BK-2025-000002 is not client \"sj\"'s"),
    "payments not a list": ({**_clinic(), "payments": {}}, "payments: must be a list"),
    "refunds beyond their payment": (
        {**_with_payment(), "payments": [_payment(), *_refunds(("100.00", "-100.00"),
                                                              ("50.00", None))]},
        "payments[RC-2025-000003].amount: with the other refunds and reversals of "
        "RC-2025-000001 it gives back 150.00, more than its 120.00"),
    "a refund of another client's payment": (
        {**_with_payment(), "payments": [_payment(allocations=[]),
                                         *_refunds(("20.00", None), client="bo")]},
        'payments[RC-2025-000002].client: the payment it answers, RC-2025-000001, is client '
        '"sj"\'s'),
    "a refund taking back another payment's money": (
        {**_with_payment(), "payments": [
            _payment(allocations=[{"session": "BK-2025-000001", "amount": "60.00"}]),
            _payment("RC-2025-000002", taken_at="2025-03-10T11:30"),
            *_refunds(("120.00", "-120.00"), first=3)]},
        "payments[RC-2025-000003].allocations: the refunds and reversals of RC-2025-000001 "
        "take back 120.00 from sessions, more than the 60.00 it set against them"),
    "a refund taking credit the payment does not have": (
        {**_with_payment(), "payments": [_payment(), *_refunds(("20.00", None))]},
        "payments[RC-2025-000002].allocations: the refunds and reversals of RC-2025-000001 "
        "give back 20.00 of its credit, more than the 0.00 it left"),
    "a session paid back below nothing": (
        {**_with_payment(), "payments": [_payment(allocations=[
            {"session": "BK-2025-000001", "amount": "-20.00"},
            {"session": "BK-2025-000003", "amount": "140.00"}])],
         "sessions": [_session(1, "2025-03-10T10:00"), _session(3, "2025-03-12T10:00")]},
        "sessions[BK-2025-000001]: its payments come to -20.00 after what was taken back: "
        "less than nothing"),
}  # fmt: skip


@pytest.mark.parametrize("data, expected", list(BAD_MONEY.values()), ids=list(BAD_MONEY))
def test_bad_money_is_refused_with_a_precise_message(
    sqlite_database: Database, data: Any, expected: str
) -> None:
    with pytest.raises(ClinicFileError) as caught:
        import_clinic(sqlite_database, data)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(expected) for p in problems), problems
    counts = rows(sqlite_database, "SELECT (SELECT count(*) FROM clinic_settings),"
                                   " (SELECT count(*) FROM sessions),"
                                   " (SELECT count(*) FROM payments)")  # fmt: skip
    assert counts == [(0, 0, 0)]
