"""What a receipt says, read from the money tables: the one source for the printed receipt,
its PDF and any screen that shows it (docs/money.md, Receipts).

A receipt shows its payment as it stands when it is printed: the sessions the payment pays
for now and the credit it still leaves (a reprint after a refund or after credit moved to
another session says so), and the refunds that answered it. A refund's or reversal's receipt
shows the receipt it answers, the reason and the sessions it took money back from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.i18n import translate
from app.money.ledger import unallocated_by_payment
from app.money.payments import MoneyInputError
from app.timezones import clinic_zone
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod
from db.models import (
    Client,
    ClinicSettings,
    Payment,
    PaymentAllocation,
    Service,
    Therapist,
    TherapySession,
)

RECEIPT_NUMBER = re.compile(r"RC-[0-9]{4}-[0-9]{6}")


@dataclass(frozen=True)
class ReceiptLine:
    """A session the money went to (or, on a refund, was taken back from)."""

    reference: str
    starts_at: datetime  # in the clinic's zone
    service: str
    therapist: str
    amount_cents: int  # always positive; the receipt's kind says which way


@dataclass(frozen=True)
class GivenBack:
    """A refund or reversal that answered a payment."""

    receipt: str
    kind: PaymentKind
    amount_cents: int


@dataclass(frozen=True)
class ReceiptView:
    clinic_name: str
    clinic_address: str | None
    clinic_phone: str | None
    currency: str
    receipt: str
    kind: PaymentKind
    taken_at: datetime  # in the clinic's zone
    client_name: str
    client_key: str
    method: PaymentMethod
    reference: str | None
    amount_cents: int
    lines: tuple[ReceiptLine, ...]
    credit_left_cents: int  # of the payment (a refund's: of the payment it answers)
    taken_by: str
    answers: str | None = None  # a refund's or reversal's: the receipt it gives money back on
    reason: str | None = None
    given_back: tuple[GivenBack, ...] = ()  # a payment's: the refunds and reversals since

    @property
    def allocated_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


@dataclass(frozen=True)
class PaymentLine:
    """One row of a client's money: a payment, or a refund or reversal of one."""

    receipt: str
    kind: PaymentKind
    taken_at: datetime  # in the clinic's zone
    method: PaymentMethod
    amount_cents: int
    given_back_cents: int  # a payment's: its refunds and reversals so far (else 0)
    taken_by: str
    answers: str | None = None  # a refund's or reversal's: the payment's receipt

    @property
    def left_cents(self) -> int:
        """What may still be refunded or reversed (only a payment has any)."""
        if self.kind != PaymentKind.PAYMENT:
            return 0
        return self.amount_cents - self.given_back_cents


def client_payments(database: Database, client_id: int) -> list[PaymentLine]:
    """The client's payments, refunds and reversals, newest first, as the profile lists them
    (a receipt from the list reprints through `load_receipt`)."""
    with database.read() as session:
        return client_payments_in(session, client_id)


def client_payments_in(session: Session, client_id: int) -> list[PaymentLine]:
    """`client_payments` inside the caller's transaction: one query, and the clinic's zone."""
    settings = session.get(ClinicSettings, 1)
    if settings is None:
        raise MoneyInputError(translate("Money", "the database holds no clinic yet"))
    zone = clinic_zone(settings.timezone)
    answered = aliased(Payment)
    rows = session.execute(
        select(
            Payment.id,
            Payment.receipt,
            Payment.kind,
            Payment.taken_at,
            Payment.method,
            Payment.amount_cents,
            Payment.taken_by,
            Payment.reverses_id,
            answered.receipt,
        )
        .outerjoin(answered, answered.id == Payment.reverses_id)
        .where(Payment.client_id == client_id)
        .order_by(Payment.taken_at.desc(), Payment.id.desc())
    ).all()
    # Refunds and reversals answer a payment of the same client (a merge moves them together).
    given_back: dict[int, int] = {}
    for row in rows:
        if row.reverses_id is not None:
            given_back[row.reverses_id] = given_back.get(row.reverses_id, 0) + row.amount_cents
    return [
        PaymentLine(
            receipt=row.receipt,
            kind=row.kind,
            taken_at=row.taken_at.astimezone(zone),
            method=row.method,
            amount_cents=row.amount_cents,
            given_back_cents=given_back.get(row.id, 0),
            taken_by=row.taken_by,
            answers=row[8],
        )
        for row in rows
    ]


def load_receipt(database: Database, receipt: str) -> ReceiptView:
    """The receipt numbered `receipt` (`RC-2026-000001`); MoneyInputError when there is none."""
    with database.read() as session:
        return receipt_in(session, receipt)


def receipt_in(session: Session, receipt: str) -> ReceiptView:
    """`load_receipt` inside the caller's transaction."""
    number = receipt.strip().upper() if isinstance(receipt, str) else ""
    # only a well-formed number is looked up (a NUL, say, would be an error on PostgreSQL)
    payment = (
        session.scalar(select(Payment).where(Payment.receipt == number))
        if RECEIPT_NUMBER.fullmatch(number)
        else None
    )
    if payment is None:
        raise MoneyInputError(translate("Money", "no receipt {receipt}").format(receipt=receipt))
    settings = session.get(ClinicSettings, 1)
    if settings is None:
        raise MoneyInputError(translate("Money", "the database holds no clinic yet"))
    zone = clinic_zone(settings.timezone)
    client = session.get(Client, payment.client_id)
    assert client is not None  # a foreign key
    original = payment if payment.kind == PaymentKind.PAYMENT else payment.reverses
    assert original is not None  # a check constraint: a refund answers a payment
    left = dict(unallocated_by_payment(session, original.client_id)).get(original.id, 0)
    if payment.kind == PaymentKind.PAYMENT:
        lines = _lines(session, [payment.id, *_answers_of(session, payment.id)], 1, zone)
        given_back = tuple(
            GivenBack(number, kind, cents)
            for number, kind, cents in session.execute(
                select(Payment.receipt, Payment.kind, Payment.amount_cents)
                .where(Payment.reverses_id == payment.id)
                .order_by(Payment.taken_at, Payment.id)
            )
        )
    else:
        lines = _lines(session, [payment.id], -1, zone)
        given_back = ()
    return ReceiptView(
        clinic_name=settings.name,
        clinic_address=settings.address,
        clinic_phone=settings.phone,
        currency=settings.currency,
        receipt=payment.receipt,
        kind=payment.kind,
        taken_at=payment.taken_at.astimezone(zone),
        client_name=client.name,
        client_key=client.key,
        method=payment.method,
        reference=payment.reference,
        amount_cents=payment.amount_cents,
        lines=lines,
        credit_left_cents=left,
        taken_by=payment.taken_by,
        answers=None if original is payment else original.receipt,
        reason=payment.reason,
        given_back=given_back,
    )


def _answers_of(session: Session, payment_id: int) -> list[int]:
    return list(session.scalars(select(Payment.id).where(Payment.reverses_id == payment_id)))


def _lines(
    session: Session, payment_ids: list[int], sign: int, zone: ZoneInfo
) -> tuple[ReceiptLine, ...]:
    """The sessions holding these payments' money, net per session, in time order; `sign`
    -1 reads a refund's rows (money taken back) as positive amounts."""
    rows = session.execute(
        select(
            TherapySession.reference,
            TherapySession.starts_at,
            Service.name,
            Therapist.name,
            PaymentAllocation.amount_cents,
        )
        .join(TherapySession, TherapySession.id == PaymentAllocation.session_id)
        .join(Service, Service.id == TherapySession.service_id)
        .join(Therapist, Therapist.id == TherapySession.therapist_id)
        .where(PaymentAllocation.payment_id.in_(payment_ids))
        .order_by(TherapySession.starts_at, TherapySession.id)
    ).all()
    details: dict[str, tuple[datetime, str, str]] = {}
    net: dict[str, int] = {}
    for reference, starts_at, service, therapist, cents in rows:
        details.setdefault(reference, (starts_at.astimezone(zone), service, therapist))
        net[reference] = net.get(reference, 0) + sign * cents
    return tuple(
        ReceiptLine(reference, *details[reference], cents)
        for reference, cents in net.items()
        if cents > 0
    )
