"""The day's cash-up (SPEC F11, "End of day"; docs/money.md, The day's cash-up): what came in
on one clinic day by method and by desk user, what went back, and the cash that should be in
the drawer, so the desk can count it and close the day.

The day is the clinic's local day (midnight to midnight in its zone, DST days included), and
an entry belongs to the day of its own `taken_at`: a refund or reversal made today of a
payment taken yesterday counts today. Reversals correct mistakes, so they are netted out of
the takings (against their own method and the user who took the payment they undo);
refunds are money given back and are shown apart. The totals are summed by the database
(one GROUP BY), the entries read in a second query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from app.i18n import translate
from app.timezones import clinic_zone, day_start_utc
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod
from db.models import Client, ClinicSettings, Payment

METHODS: tuple[PaymentMethod, ...] = tuple(PaymentMethod)


@dataclass(frozen=True)
class CashUpEntry:
    """One payment, refund or reversal of the day, as the desk lists it."""

    taken_at: datetime  # in the clinic's zone
    receipt: str
    kind: PaymentKind
    client_name: str
    method: PaymentMethod
    amount_cents: int  # positive; the kind says which way the money went
    taken_by: str

    @property
    def signed_cents(self) -> int:
        """Money in is positive, money out (a refund, a reversal) negative."""
        return self.amount_cents if self.kind == PaymentKind.PAYMENT else -self.amount_cents


@dataclass(frozen=True)
class CashUp:
    """One clinic day's money. `by_method` and `by_user` are payments net of reversals;
    refunds are apart (`refunds_cents`, `refunds_by_method`)."""

    day: date
    clinic_name: str
    currency: str
    by_method: dict[str, int]  # every method, 0 when none
    by_user: dict[str, int]  # users who took a payment that day, or one reversed that day
    refunds_cents: int
    refunds_by_method: dict[str, int]  # every method, 0 when none
    entries: tuple[CashUpEntry, ...]  # in the order they were taken

    @property
    def expected_cash_cents(self) -> int:
        """What the drawer should hold of the day: cash taken − cash refunded − cash
        reversed (reversals are already netted out of `by_method`)."""
        cash = PaymentMethod.CASH.value
        return self.by_method[cash] - self.refunds_by_method[cash]

    @property
    def taken_cents(self) -> int:
        """The day's takings over every method, net of reversals (refunds not deducted)."""
        return sum(self.by_method.values())

    def as_json(self) -> dict[str, Any]:
        """The command line's answer (docs/interfaces.md, `frontdesk report cashup`)."""
        return {
            "date": self.day.isoformat(),
            "by_method": dict(self.by_method),
            "by_user": dict(self.by_user),
            "refunds_cents": self.refunds_cents,
            "expected_cash_cents": self.expected_cash_cents,
        }


def cash_up(database: Database, day: date) -> CashUp:
    """The cash-up of the clinic's local date `day`: two queries, the sums grouped by the
    database and the day's entries with their clients' names. LookupError when the database
    holds no clinic yet."""
    with database.read() as session:
        settings = session.get(ClinicSettings, 1)
        if settings is None:
            raise LookupError(
                translate(
                    "Money",
                    "the database holds no clinic yet (import one or run `frontdesk demo`)",
                )
            )
        zone = clinic_zone(settings.timezone)
        start, end = day_start_utc(day, zone), day_start_utc(day + timedelta(days=1), zone)
        in_day = (Payment.taken_at >= start) & (Payment.taken_at < end)
        reversed_payment = aliased(Payment)
        # a reversal undoes a payment taken by mistake: it counts against who took that one
        user = case(
            (Payment.kind == PaymentKind.REVERSAL, reversed_payment.taken_by),
            else_=Payment.taken_by,
        )
        sums = session.execute(
            select(Payment.kind, Payment.method, user, func.sum(Payment.amount_cents))
            .outerjoin(reversed_payment, reversed_payment.id == Payment.reverses_id)
            .where(in_day)
            .group_by(Payment.kind, Payment.method, user)
        ).all()
        entries = session.execute(
            select(
                Payment.taken_at,
                Payment.receipt,
                Payment.kind,
                Client.name,
                Payment.method,
                Payment.amount_cents,
                Payment.taken_by,
            )
            .join(Client, Client.id == Payment.client_id)
            .where(in_day)
            .order_by(Payment.taken_at, Payment.id)
        ).all()
        clinic_name, currency = settings.name, settings.currency
    by_method = dict.fromkeys((m.value for m in METHODS), 0)
    refunds_by_method = dict.fromkeys((m.value for m in METHODS), 0)
    by_user: dict[str, int] = {}
    for kind, method, user, total in sums:
        cents = int(total)
        if kind == PaymentKind.REFUND:
            refunds_by_method[method.value] += cents
            continue
        signed = cents if kind == PaymentKind.PAYMENT else -cents  # a reversal
        by_method[method.value] += signed
        by_user[user] = by_user.get(user, 0) + signed
    return CashUp(
        day=day,
        clinic_name=clinic_name,
        currency=currency,
        by_method=by_method,
        by_user=dict(sorted(by_user.items())),
        refunds_cents=sum(refunds_by_method.values()),
        refunds_by_method=refunds_by_method,
        entries=tuple(
            CashUpEntry(taken_at.astimezone(zone), receipt, kind, name, method, int(cents), user)
            for taken_at, receipt, kind, name, method, cents, user in entries
        ),
    )
