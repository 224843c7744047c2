"""What the desk shows of a client's money: the account the payment dialog opens on (the
balance, and the sessions a payment may go to, in the order it proposes them), a client's
balance for the profile and the booking dialog, and a session card's paid/due marker
(docs/money.md, Taking a payment). Reads only; the rules are `app.money.ledger`'s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.loader import known_zone
from app.clients.profile import UnknownClientError, client_id_in
from app.i18n import desk_formats, translate
from app.money.amounts import DEFAULT_CURRENCY
from app.money.ledger import (
    UPCOMING,
    Balance,
    SessionCharge,
    client_balance,
    client_charges,
    clinic_currency,
)
from db.engine import Database
from db.models import Client, Service, TherapySession


class UnknownSessionError(LookupError):
    """No session has this reference (the message names the reference only)."""


@dataclass(frozen=True)
class OpenSession:
    """A session of the client a payment may still go to."""

    reference: str
    starts_at: datetime  # in the clinic's zone
    service: str
    status: str  # a SessionStatus value
    due_cents: int
    paid_cents: int
    outstanding_cents: int
    owes_now: bool  # owed now (else upcoming: paid in advance)


@dataclass(frozen=True)
class PaymentAccount:
    """One read of what the payment dialog shows."""

    client_key: str
    client_name: str
    currency: str
    balance: Balance
    # The session opened from first, then those owed now oldest first, then upcoming ones.
    sessions: tuple[OpenSession, ...]
    opened_from: str | None  # the reference the dialog was opened from, if it is open


@dataclass(frozen=True)
class ClientAccount:
    """A client's balance as the profile and the booking dialog show it."""

    balance: Balance
    currency: str


def payment_account(
    database: Database, *, client_key: str | None = None, reference: str | None = None
) -> PaymentAccount:
    """The account of the client a key names, or of the client of session `reference`
    (that session first when something is outstanding on it)."""
    with database.read() as session:
        if reference is not None:
            client_id = session.scalar(
                select(TherapySession.client_id).where(TherapySession.reference == reference)
            )
            if client_id is None:
                raise UnknownSessionError(
                    translate("Money", "no session {reference}").format(reference=reference)
                )
        elif client_key is not None:
            client_id = client_id_in(session, client_key)
            if client_id is None:
                raise UnknownClientError(client_key)
        else:
            raise ValueError("a client key or a session reference is needed")
        return _account(session, client_id, reference)


def _account(session: Session, client_id: int, first: str | None) -> PaymentAccount:
    client = session.get(Client, client_id)
    if client is None:
        raise UnknownClientError(client_id=client_id)
    zone = known_zone(session)
    charges = client_charges(session, client_id)
    open_ids = [c.session_id for c in charges if c.outstanding_cents > 0]
    facts = (
        {
            row.id: row
            for row in session.execute(
                select(
                    TherapySession.id,
                    TherapySession.reference,
                    TherapySession.starts_at,
                    Service.name,
                )
                .join(Service, Service.id == TherapySession.service_id)
                .where(TherapySession.id.in_(open_ids))
            )
        }
        if open_ids
        else {}
    )
    rows = [
        OpenSession(
            reference=facts[c.session_id].reference,
            starts_at=facts[c.session_id].starts_at.astimezone(zone),
            service=facts[c.session_id].name,
            status=c.status.value,
            due_cents=c.due_cents,
            paid_cents=c.paid_cents,
            outstanding_cents=c.outstanding_cents,
            owes_now=c.status not in UPCOMING,
        )
        for c in charges  # oldest first
        if c.session_id in facts
    ]
    rows.sort(key=lambda r: (r.reference != first, not r.owes_now))  # stable: oldest first
    opened_from = first if any(r.reference == first for r in rows) else None
    return PaymentAccount(
        client_key=client.key,
        client_name=client.name,
        currency=clinic_currency(session),
        balance=client_balance(session, client_id),
        sessions=tuple(rows),
        opened_from=opened_from,
    )


def client_account(database: Database, client_key: str) -> ClientAccount:
    """The balance of the client a key names (the booking dialog's "Owes 150.00")."""
    with database.read() as session:
        client_id = client_id_in(session, client_key)
        if client_id is None:
            raise UnknownClientError(client_key)
        return ClientAccount(client_balance(session, client_id), clinic_currency(session))


def balance_words(balance_cents: int, currency: str = DEFAULT_CURRENCY) -> str:
    """ "Owes 150.00", "In credit 20.00" or "Nothing owed" (> 0: the client owes)."""
    if balance_cents > 0:
        return translate("Money", "Owes {amount}").format(
            amount=desk_formats().amount(balance_cents, currency)
        )
    if balance_cents < 0:
        return translate("Money", "In credit {amount}").format(
            amount=desk_formats().amount(-balance_cents, currency)
        )
    return translate("Money", "Nothing owed")


def payment_marker(charge: SessionCharge, currency: str = DEFAULT_CURRENCY) -> str:
    """A session card's money in a word: "Paid", "40.00 due" (partly paid, or owed now and
    unpaid), or nothing (an upcoming session not paid yet, a free one, a waived fee, money
    given back)."""
    if charge.due_cents == 0:
        return ""
    if charge.outstanding_cents == 0:
        return "Paid"
    if charge.status in UPCOMING and charge.paid_cents <= 0:
        return ""
    return translate("Money", "{amount} due").format(
        amount=desk_formats().amount(charge.outstanding_cents, currency)
    )
