"""Adding a client at the desk (docs/clients.md, Adding a client)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import record_change
from app.clients.finding import ClientMatch, client_match
from app.contact import normalise_email, normalise_phone
from app.keys import free_key
from app.text_limits import text_problem
from db.engine import Database
from db.models import Client, ClinicSettings


class ClientInputError(ValueError):
    """What is wrong with a new client's details, in words for the desk."""


def create_client(
    database: Database,
    name: str,
    phone: str | None,
    email: str | None,
    *,
    actor: str,
    now: datetime,
) -> ClientMatch:
    """Add a client from the booking dialog: a name and at least one way to reach them,
    phone and email in canonical form and not already someone else's."""
    name = " ".join((name or "").split())
    if not name:
        raise ClientInputError("the client needs a name")
    phone, email = (phone or "").strip() or None, (email or "").strip() or None
    for text, field, what in (
        (name, "clients.name", "the name"),
        (phone, "clients.phone", "the phone number"),
        (email, "clients.email", "the email address"),
    ):
        problem = text_problem(text, field) if text is not None else None
        if problem is not None:  # the clinic file's limit, so an export can be imported
            raise ClientInputError(f"{what} {problem}")
    if phone is None and email is None:
        raise ClientInputError("give a phone number or an email address to reach the client")
    with database.write() as session:
        region = session.scalar(select(ClinicSettings.phone_region)) or "US"
        try:
            phone = normalise_phone(phone, region) if phone else None
            email = normalise_email(email) if email else None
        except ValueError as error:
            raise ClientInputError(str(error)) from None
        if phone and session.scalar(select(Client.id).where(Client.phone == phone)):
            raise ClientInputError("another client already has that phone number")
        if email and session.scalar(select(Client.id).where(Client.email == email)):
            raise ClientInputError("another client already has that email address")
        client = Client(
            key=_free_key(session, name), name=name, phone=phone, email=email, created_at=now
        )
        session.add(client)
        session.flush()
        record_change(
            session,
            actor=actor,
            action="client.create",
            entity_type="client",
            entity_id=client.id,
            before=None,
            after={"key": client.key},  # ids only: no client data in the audit trail's text
        )
        return client_match(client)


def _free_key(session: Session, name: str) -> str:
    """`sjohnson` for Sarah Johnson; `sjohnson2`, `sjohnson3`… when taken."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain) or ["client"]
    base = (words[0][0] + words[-1] if len(words) > 1 else words[0])[:56]
    return free_key(session, Client.key, base)
