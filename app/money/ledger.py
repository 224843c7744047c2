"""What a session asks to be paid, what was paid against it, its payment status, and what a
client owes: all derived from sessions, payments and allocations, never typed.

The rules (SPEC F11, docs/money.md):
- A session in progress or completed owes its price; a no-show or a late cancellation owes
  the fee the policy charged when it happened (not the price), unless a supervisor waived it;
  anything else owes nothing yet. An upcoming session may be paid in advance up to its price.
- A session's paid amount is the sum of its allocations (negative rows are money taken back
  by a refund, or released to credit when it was cancelled).
- Credit is money paid and not allocated to any session (net of refunds and reversals).
- Balance = owed − paid − credit, where owed and paid count only what is owed now: money
  set aside for upcoming sessions is neither owed nor credit. Balance > 0: the client owes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.money.amounts import DEFAULT_CURRENCY
from db.enums import PaymentKind, SessionStatus
from db.models import ClinicSettings, Payment, PaymentAllocation, TherapySession

OWES_PRICE = frozenset({SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED})
UPCOMING = frozenset({SessionStatus.SCHEDULED, SessionStatus.CONFIRMED})


class PaymentStatus(enum.StrEnum):
    """A session's payment status, derived (SPEC F11)."""

    PENDING = "pending"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    REFUNDED = "refunded"  # what was paid went back (a refund, or credit after a cancellation)
    WAIVED = "waived"  # nothing is charged: a waived fee, or a cancellation that owes none


@dataclass(frozen=True)
class SessionCharge:
    """A session's money facts as stored, the input of every rule here."""

    session_id: int
    status: SessionStatus
    price_cents: int
    fee_cents: int | None
    fee_waived: bool
    paid_cents: int  # net of its allocations
    released: bool  # money was once taken back from it (a refund, or released to credit)

    @property
    def owed_cents(self) -> int:
        """What the session makes the client owe now."""
        return owed_now(self.status, self.price_cents, self.fee_cents, self.fee_waived)

    @property
    def due_cents(self) -> int:
        """What the session asks to be paid, now or when it happens (upcoming: its price)."""
        return self.price_cents if self.status in UPCOMING else self.owed_cents

    @property
    def outstanding_cents(self) -> int:
        """What a payment may still be allocated to it."""
        return max(0, self.due_cents - self.paid_cents)

    @property
    def excess_cents(self) -> int:
        """Paid beyond what it asks (after a cancellation, a no-show's fee, a lower price):
        credit to release."""
        return max(0, self.paid_cents - self.due_cents)

    @property
    def payment_status(self) -> PaymentStatus:
        return payment_status(self)


def owed_now(
    status: SessionStatus, price_cents: int, fee_cents: int | None, fee_waived: bool
) -> int:
    """What a session makes its client owe now (SPEC F11, "What a client owes")."""
    if status in OWES_PRICE:
        return price_cents
    if status in (SessionStatus.NO_SHOW, SessionStatus.CANCELLED):
        return 0 if fee_waived or fee_cents is None else fee_cents
    return 0


def payment_status(charge: SessionCharge) -> PaymentStatus:
    due, paid = charge.due_cents, charge.paid_cents
    if due == 0:
        if paid > 0:
            return PaymentStatus.PAID  # paid beyond a due of nothing: settles as credit
        if charge.released:
            return PaymentStatus.REFUNDED
        if charge.status in (SessionStatus.NO_SHOW, SessionStatus.CANCELLED):
            return PaymentStatus.WAIVED
        return PaymentStatus.PAID  # a free session
    if paid >= due:
        return PaymentStatus.PAID
    # asked for and not (fully) paid, refunded before or not: it is owed again
    return PaymentStatus.PARTLY_PAID if paid > 0 else PaymentStatus.PENDING


_CHARGE_COLUMNS = (
    TherapySession.id,
    TherapySession.status,
    TherapySession.price_cents,
    TherapySession.fee_cents,
    TherapySession.fee_waived_by.is_not(None),
    func.coalesce(func.sum(PaymentAllocation.amount_cents), 0),
    func.coalesce(func.min(PaymentAllocation.amount_cents), 0) < 0,
)


def _charge(row: tuple) -> SessionCharge:
    session_id, status, price, fee, waived, paid, released = row
    return SessionCharge(session_id, status, price, fee, bool(waived), int(paid), bool(released))


def session_charges(session: Session, session_ids: Iterable[int]) -> dict[int, SessionCharge]:
    """The money facts of these sessions, in one query (the day view asks for a whole week)."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(*_CHARGE_COLUMNS)
        .outerjoin(PaymentAllocation, PaymentAllocation.session_id == TherapySession.id)
        .where(TherapySession.id.in_(ids))
        .group_by(TherapySession.id)
    )
    return {row[0]: _charge(tuple(row)) for row in rows}


def client_charges(session: Session, client_id: int) -> list[SessionCharge]:
    """Every session of the client with its money facts, oldest first."""
    rows = session.execute(
        select(*_CHARGE_COLUMNS)
        .outerjoin(PaymentAllocation, PaymentAllocation.session_id == TherapySession.id)
        .where(TherapySession.client_id == client_id)
        .group_by(TherapySession.id)
        .order_by(TherapySession.starts_at, TherapySession.id)
    )
    return [_charge(tuple(row)) for row in rows]


@dataclass(frozen=True)
class Balance:
    """A client's account (SPEC F11): `balance_cents` > 0 means the client owes."""

    owed_cents: int  # charged by sessions so far
    paid_cents: int  # of that, covered by payments allocated to those sessions
    credit_cents: int  # paid and not allocated to any session
    prepaid_cents: int  # set aside for upcoming sessions (neither owed nor credit)

    @property
    def balance_cents(self) -> int:
        return self.owed_cents - self.paid_cents - self.credit_cents


def client_balance(session: Session, client_id: int) -> Balance:
    """Two aggregate queries: the client's sessions with their allocations, and the
    client's money in and out."""
    charges = client_charges(session, client_id)
    return balance_of(charges, client_money(session, client_id))


def balance_of(charges: Iterable[SessionCharge], money: ClientMoney) -> Balance:
    """Money a session holds beyond what it owes (not yet released to credit: an imported
    history, say) counts as credit, so no paid money ever drops out of the balance."""
    owed = paid = prepaid = stuck = 0
    for charge in charges:
        if charge.status in UPCOMING:
            prepaid += max(0, charge.paid_cents)
        else:
            owed += charge.owed_cents
            paid += max(0, min(charge.paid_cents, charge.owed_cents))
            stuck += max(0, charge.paid_cents - charge.owed_cents)
    return Balance(owed, paid, money.unallocated_cents + stuck, prepaid)


@dataclass(frozen=True)
class ClientMoney:
    received_cents: int  # payments
    returned_cents: int  # refunds and reversals
    allocated_cents: int  # net of all allocations of the client's payments

    @property
    def unallocated_cents(self) -> int:
        return self.received_cents - self.returned_cents - self.allocated_cents


def client_money(session: Session, client_id: int) -> ClientMoney:
    received, returned = session.execute(
        select(
            func.coalesce(
                func.sum(
                    case((Payment.kind == PaymentKind.PAYMENT, Payment.amount_cents), else_=0)
                ),
                0,
            ),
            func.coalesce(
                func.sum(
                    case((Payment.kind != PaymentKind.PAYMENT, Payment.amount_cents), else_=0)
                ),
                0,
            ),
        ).where(Payment.client_id == client_id)
    ).one()
    allocated = session.scalar(
        select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.client_id == client_id)
    )
    return ClientMoney(int(received), int(returned), int(allocated or 0))


def unallocated_by_payment(session: Session, client_id: int) -> list[tuple[int, int]]:
    """(payment id, amount not allocated) of the client's payments with money left, oldest
    first: where credit comes from when it is used or refunded. A refund or reversal counts
    against the payment it answers; its own allocations (money taken back from sessions)
    return money to that payment."""
    payments = session.execute(
        select(Payment.id, Payment.kind, Payment.amount_cents, Payment.reverses_id)
        .where(Payment.client_id == client_id)
        .order_by(Payment.taken_at, Payment.id)
    ).all()
    allocated: dict[int, int] = dict(
        session.execute(
            select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.amount_cents))
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(Payment.client_id == client_id)
            .group_by(PaymentAllocation.payment_id)
        ).all()
    )
    left: dict[int, int] = {}
    for payment_id, kind, amount, reverses_id in payments:
        if kind == PaymentKind.PAYMENT:
            left[payment_id] = left.get(payment_id, 0) + amount - allocated.get(payment_id, 0)
        elif reverses_id is not None:
            # the refund took `amount` from the payment, of which its allocations took back
            # from sessions (negative rows) were not from the payment's credit
            left[reverses_id] = left.get(reverses_id, 0) - amount - allocated.get(payment_id, 0)
    return [(payment_id, cents) for payment_id, cents in left.items() if cents > 0]


def held_by_payment(session: Session, session_id: int) -> dict[int, int]:
    """What each payment's money holds on a session (payment id → net cents, the latest
    payment first): a refund's or reversal's rows count against the payment they answer, so
    money already given back is never released or moved a second time."""
    source = func.coalesce(Payment.reverses_id, Payment.id)
    rows = session.execute(
        select(source, func.sum(PaymentAllocation.amount_cents))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.session_id == session_id)
        .group_by(source)
        .order_by(source.desc())
    ).all()
    return {int(payment_id): int(cents) for payment_id, cents in rows}


def returned_of(session: Session, payment_id: int) -> int:
    """What refunds and reversals already gave back of a payment."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(
                Payment.reverses_id == payment_id
            )
        )
        or 0
    )


def clinic_currency(session: Session) -> str:
    """The clinic's ISO 4217 code, which every amount shown is in (USD before a clinic is
    set up)."""
    code = session.scalar(select(ClinicSettings.currency).where(ClinicSettings.id == 1))
    return code or DEFAULT_CURRENCY
