"""The clinic's cancellation policy (SPEC F11): what a late cancellation or a no-show is
charged, computed once, at the moment it happens, and kept on the session (`fee_cents`), so a
later change of the policy never rewrites what a client was charged (docs/money.md, Fees)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import record_change
from app.booking.loader import load_clinic
from app.booking.turns import in_transaction
from app.clients.admin_actions import checked_reason
from app.i18n import desk_formats, translate
from app.money.ledger import session_charges, unallocated_by_payment
from app.money.payments import (
    MoneyInputError,
    MoneyRefusedError,
    RefundResult,
    clinic_currency,
    give_back,
    lock_client,
    release_excess,
    require_supervisor,
)
from db import statements
from db.engine import Database
from db.enums import FeeKind, PaymentKind, SessionStatus
from db.models import Client, ClinicSettings, Payment, TherapySession


@dataclass(frozen=True)
class FeePolicy:
    """One fee of the policy: `value` is minor units (fixed) or a whole percentage of the
    price (percent); ignored for `none`."""

    kind: FeeKind
    value: int = 0


NO_FEE = FeePolicy(FeeKind.NONE)


@dataclass(frozen=True)
class FeePolicies:
    late_cancel: FeePolicy
    no_show: FeePolicy


def fee_for(price_cents: int, policy: FeePolicy) -> int | None:
    """The fee `policy` charges on a session of `price_cents` (None: the policy charges
    none). A fixed fee is charged as configured, even above a (lowered) price; a percentage
    is rounded half up to the minor unit."""
    if policy.kind == FeeKind.FIXED:
        return policy.value
    if policy.kind == FeeKind.PERCENT:
        return (price_cents * policy.value + 50) // 100  # half up, in integers
    return None


def fee_policies(session: Session) -> FeePolicies:
    """The clinic's policy as its settings hold it now (no settings yet: no fees)."""
    row = session.execute(
        select(
            ClinicSettings.late_cancel_fee_kind,
            ClinicSettings.late_cancel_fee_value,
            ClinicSettings.no_show_fee_kind,
            ClinicSettings.no_show_fee_value,
        ).limit(1)
    ).first()
    if row is None:
        return FeePolicies(NO_FEE, NO_FEE)
    late_kind, late_value, no_show_kind, no_show_value = row
    return FeePolicies(
        FeePolicy(FeeKind(late_kind), int(late_value)),
        FeePolicy(FeeKind(no_show_kind), int(no_show_value)),
    )


# -- what a cancellation or a no-show would charge (shown before confirming) ----------------


@dataclass(frozen=True)
class CancellationPreview:
    """What cancelling (or marking a no-show) now would charge and release: `fee_cents` the
    fee (None: none), `paid_cents` what the session holds, `refundable_cents` what of that
    becomes the client's credit (and may then be refunded)."""

    late: bool  # inside the clinic's notice (a no-show: the policy applies)
    fee_cents: int | None
    paid_cents: int
    refundable_cents: int
    currency: str = "USD"
    no_show: bool = False

    def without_fee(self) -> CancellationPreview:
        """The same when a supervisor waives the lateness: no fee, everything paid released."""
        return replace(self, late=False, fee_cents=None, refundable_cents=max(0, self.paid_cents))

    def sentence(self) -> str:
        """The desk's words, amounts in the clinic's currency (no client data), in the desk's
        language: one whole sentence for the fee, one for what was paid in advance."""
        formats = desk_formats()

        def money(cents: int) -> str:
            return formats.amount(cents, self.currency)

        fee = money(self.fee_cents or 0)
        if self.no_show:
            head = (
                translate(
                    "Money", "No-show: a fee of {fee} will be charged instead of the price."
                ).format(fee=fee)
                if self.fee_cents is not None
                else translate("Money", "No-show: the policy charges no fee.")
            )
        elif self.late:
            head = (
                translate("Money", "Late cancellation: a fee of {fee} will be charged.").format(
                    fee=fee
                )
                if self.fee_cents is not None
                else translate("Money", "Late cancellation: the policy charges no fee.")
            )
        else:
            head = translate("Money", "No fee.")
        if self.paid_cents <= 0:
            return head
        paid = money(self.paid_cents)
        if self.refundable_cents == self.paid_cents:
            return translate(
                "Money", "{fee_sentence} {paid} paid in advance becomes credit."
            ).format(fee_sentence=head, paid=paid)
        if self.refundable_cents > 0:
            return translate(
                "Money",
                "{fee_sentence} {paid} paid in advance becomes credit ({left} after the fee).",
            ).format(fee_sentence=head, paid=paid, left=money(self.refundable_cents))
        return translate("Money", "{fee_sentence} {paid} paid in advance goes to the fee.").format(
            fee_sentence=head, paid=paid
        )


def cancellation_preview(database: Database, reference: str, now: datetime) -> CancellationPreview:
    """What `cancel` would charge and release if it ran at `now` without a waiver."""
    with database.read() as session:
        record = _session(session, reference)
        notice = timedelta(hours=load_clinic(session).settings.cancellation_notice_hours)
        late = record.starts_at - now < notice
        policy = fee_policies(session).late_cancel
        return _preview(
            session, record, fee_for(record.price_cents, policy) if late else None, late=late
        )


def no_show_preview(database: Database, reference: str) -> CancellationPreview:
    """What marking the session a no-show would charge (the no-show fee, not the price)."""
    with database.read() as session:
        record = _session(session, reference)
        fee = fee_for(record.price_cents, fee_policies(session).no_show)
        return _preview(session, record, fee, late=True, no_show=True)


def _preview(
    session: Session, record: TherapySession, fee: int | None, *, late: bool, no_show: bool = False
) -> CancellationPreview:
    paid = session_charges(session, [record.id])[record.id].paid_cents
    currency = clinic_currency(session)
    return CancellationPreview(late, fee, paid, max(0, paid - (fee or 0)), currency, no_show)


# -- a supervisor's waiver and price change -------------------------------------------------


def waive_fee(database: Database, reference: str, *, reason: str, actor: str, now: datetime) -> int:
    """A supervisor waives a session's fee with a reason (SPEC F11): the fee stays on the
    session as charged, it is no longer owed, and what was paid towards it becomes credit.
    Returns the amount released to credit. `now` as every money use case takes it; the
    audit entry is timed by the database's clock, as the session's other entries."""
    del now  # nothing here depends on the moment
    why = checked_reason(reason, MoneyInputError)

    def work(session: Session) -> int:
        record = session_with_client_locked(session, reference, _locked_session)
        require_supervisor(session, actor, translate("Money", "waiving a fee"))
        if record.fee_cents is None:
            raise MoneyRefusedError(
                translate("Money", "{reference} has no fee to waive").format(
                    reference=record.reference
                ),
                "not_permitted",
            )
        if record.fee_waived_by is not None:
            raise MoneyRefusedError(
                translate("Money", "{reference}'s fee was already waived").format(
                    reference=record.reference
                ),
                "not_permitted",
            )
        record.fee_waived_by, record.fee_waiver_reason = actor, why
        session.flush()
        released = release_excess(session, record.id, actor)
        record_change(
            session,
            actor=actor,
            action="session.fee_waive",
            entity_type="session",
            entity_id=record.id,
            before={"fee_cents": record.fee_cents},
            after={"fee_waived_by": actor, "credit_released_cents": released},
            reason=why,
        )
        return released

    return in_transaction(database, work)


@dataclass(frozen=True)
class PriceChange:
    reference: str
    before_cents: int
    after_cents: int
    released_cents: int  # paid beyond the lower price: now credit


def change_price(
    database: Database, reference: str, price_cents: int, *, reason: str, actor: str, now: datetime
) -> PriceChange:
    """A supervisor changes a session's price with a reason (SPEC F11); money paid beyond a
    lower price becomes credit. Refused for a cancelled session (it charges no price).
    `now` as in `waive_fee`."""
    del now
    why = checked_reason(reason, MoneyInputError)
    if isinstance(price_cents, bool) or not isinstance(price_cents, int) or price_cents < 0:
        raise MoneyInputError(translate("Money", "a price must be an amount of zero or more"))

    def work(session: Session) -> PriceChange:
        record = session_with_client_locked(session, reference, _locked_session)
        require_supervisor(session, actor, translate("Money", "changing a price"))
        if record.status == SessionStatus.CANCELLED:
            raise MoneyRefusedError(
                translate("Money", "{reference} is cancelled; its price cannot change").format(
                    reference=record.reference
                ),
                "not_permitted",
            )
        before = record.price_cents
        if price_cents == before:
            raise MoneyInputError(
                translate("Money", "{reference} already has that price").format(
                    reference=record.reference
                )
            )
        record.price_cents = price_cents
        session.flush()
        released = release_excess(session, record.id, actor)
        record_change(
            session,
            actor=actor,
            action="session.price",
            entity_type="session",
            entity_id=record.id,
            before={"price_cents": before},
            after={"price_cents": price_cents, "credit_released_cents": released},
            reason=why,
        )
        return PriceChange(record.reference, before, price_cents, released)

    return in_transaction(database, work)


def _session(session: Session, reference: str, *, locked: bool = False) -> TherapySession:
    key = (reference or "").strip().upper()
    record = (
        statements.session_for_change(session, key)
        if locked
        else session.scalar(select(TherapySession).where(TherapySession.reference == key))
    )
    if record is None:
        raise MoneyInputError(
            translate("Money", "no session {reference!r}").format(reference=reference)
        )
    return record


def _locked_session(session: Session, reference: str) -> TherapySession:
    return _session(session, reference, locked=True)


# -- the order of locks: the client, then its session --------------------------------------


def lock_client_of(session: Session, reference: str) -> int | None:
    """Lock the client of the session `reference` for a money change and return its id
    (None: no such session); the session itself is not locked. One statement, the client
    found by its session inside it. A merge locks both clients and then moves their
    sessions, so a use case that also changes a session takes its client first (here) and
    the session after: the other order deadlocks against a merge. A client merged away
    while this waited is gone when the lock is granted: the session is read again and its
    kept client locked. PostgreSQL only; SQLite's writers take turns for the whole file."""
    key = (reference or "").strip().upper()
    client_of_session = (
        select(TherapySession.client_id).where(TherapySession.reference == key).scalar_subquery()
    )
    if session.get_bind().dialect.name != "postgresql":
        return session.scalar(select(client_of_session))
    while True:  # each turn again follows a merge that committed: they run out
        locked = session.scalar(
            select(Client.id).where(Client.id == client_of_session).with_for_update(key_share=True)
        )
        if locked is not None or session.scalar(select(client_of_session)) is None:
            return locked


def session_with_client_locked(
    session: Session, reference: str, find: Callable[[Session, str], TherapySession]
) -> TherapySession:
    """The session `find` returns locked (the booking's or money's lookup, each with its
    own "no such session"), its client locked before it (`lock_client_of`)."""
    client_id = lock_client_of(session, reference)
    record = find(session, reference)
    if record.client_id != client_id:  # no merge moves it while its client is locked
        lock_client(session, record.client_id)
    return record


# -- giving released credit back -----------------------------------------------------------


def refund_credit(
    database: Database, reference: str, amount_cents: int, *, reason: str, actor: str, now: datetime
) -> list[RefundResult]:
    """Refund `amount_cents` of the session's client's credit (a supervisor), from the
    latest payments holding credit: one refund per payment, each with its receipt. One
    transaction, the client locked and its credit read under the lock: another desk using
    the credit meanwhile makes this wait, and then the credit left is what it refunds.
    Refused (`more_than_paid`, nothing changed) when the credit is less than asked; it
    never takes money back from a session."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise MoneyInputError(translate("Money", "an amount of money must be more than zero"))
    why = checked_reason(reason, MoneyInputError)

    def work(session: Session) -> list[RefundResult]:
        client_id = lock_client_of(session, reference)
        if client_id is None:
            raise MoneyInputError(
                translate("Money", "no session {reference!r}").format(reference=reference)
            )
        require_supervisor(session, actor, translate("Money", "a refund"))
        left = list(reversed(unallocated_by_payment(session, client_id)))
        credit = sum(cents for _p, cents in left)
        if credit < amount_cents:
            currency = clinic_currency(session)
            raise MoneyRefusedError(
                translate(
                    "Money",
                    "the client has {credit} {currency} of credit, not {amount_cents} {currency}",
                ).format(
                    credit=desk_formats().amount(credit, currency),
                    currency=currency,
                    amount_cents=desk_formats().amount(amount_cents, currency),
                ),
                "more_than_paid",
            )
        numbers = dict(
            session.execute(
                select(Payment.id, Payment.receipt).where(Payment.id.in_([p for p, _c in left]))
            ).all()
        )
        results, wanted = [], amount_cents
        for payment_id, cents in left:
            share = min(cents, wanted)
            results.append(
                give_back(database, numbers[payment_id], PaymentKind.REFUND, reason=why,
                           actor=actor, now=now, amount_cents=share, method=None,
                           inside=session, credit_only=True)
            )  # fmt: skip
            wanted -= share
            if wanted == 0:
                break
        return results

    return in_transaction(database, work)
