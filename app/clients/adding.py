"""Adding a client at the desk (docs/clients.md, Adding a client)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import record_change
from app.clients.finding import ClientMatch, client_match
from app.contact import normalise_email, normalise_phone
from app.i18n import translate
from app.keys import free_key
from app.text_limits import text_problem
from db.engine import Database
from db.models import Client, ClientAlias, ClinicSettings


class ClientInputError(ValueError):
    """What is wrong with a client's details, in words for the desk."""


class DuplicateClientError(ClientInputError):
    """The phone or email typed is another client's: the desk offers that client (open it,
    or use it) instead of a bare refusal (SPEC F5). Archived clients count too."""

    def __init__(self, existing: ClientMatch, field: str, *, archived: bool = False) -> None:
        self.existing = existing
        self.field = field  # "phone" | "email"
        super().__init__(_taken_sentence(field, archived).format(name=existing.name))


def _taken_sentence(field: str, archived: bool) -> str:
    """Whole sentences, so a translation words the phone, the email and "archived" itself."""
    if field == "phone":
        if archived:
            return translate("Clients", "that phone number already belongs to {name} (archived)")
        return translate("Clients", "that phone number already belongs to {name}")
    if archived:
        return translate("Clients", "that email address already belongs to {name} (archived)")
    return translate("Clients", "that email address already belongs to {name}")


def duplicate_in(
    session: Session, phone: str | None, email: str | None, excluding: int | None = None
) -> tuple[Client, str] | None:
    """The client who already has this phone (looked at first, as SPEC F5 says) or else
    this email, both in canonical form, and which of the two matched; `excluding` is the
    client being edited."""
    for field, value in (("phone", phone), ("email", email)):
        if not value:
            continue
        column = Client.phone if field == "phone" else Client.email
        query = select(Client).where(column == value)
        if excluding is not None:
            query = query.where(Client.id != excluding)
        owner = session.scalar(query)
        if owner is not None:
            return owner, field
    return None


def refuse_duplicate(
    session: Session, phone: str | None, email: str | None, excluding: int | None = None
) -> None:
    """DuplicateClientError naming the client who already has this phone or email."""
    error = duplicate_error(session, phone, email, excluding)
    if error is not None:
        raise error


def duplicate_error(
    session: Session, phone: str | None, email: str | None, excluding: int | None = None
) -> DuplicateClientError | None:
    found = duplicate_in(session, phone, email, excluding)
    if found is None:
        return None
    owner, field = found
    return DuplicateClientError(client_match(owner), field, archived=owner.archived_at is not None)


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
    phone and email in canonical form. A phone or email that is already another client's
    raises DuplicateClientError naming that client, so the desk can offer it."""
    name = " ".join((name or "").split())
    if not name:
        raise ClientInputError(translate("Clients", "the client needs a name"))
    phone, email = (phone or "").strip() or None, (email or "").strip() or None
    for text, field, what in (
        (name, "clients.name", translate("Clients", "the name")),
        (phone, "clients.phone", translate("Clients", "the phone number")),
        (email, "clients.email", translate("Clients", "the email address")),
    ):
        problem = text_problem(text, field) if text is not None else None
        if problem is not None:  # the clinic file's limit, so an export can be imported
            raise ClientInputError(
                translate("Clients", "{what} {problem}").format(what=what, problem=problem)
            )
    if phone is None and email is None:
        raise ClientInputError(
            translate("Clients", "give a phone number or an email address to reach the client")
        )
    try:
        with database.write() as session:
            region = phone_region_in(session)
            try:
                phone = normalise_phone(phone, region) if phone else None
                email = normalise_email(email) if email else None
            except ValueError as error:
                raise ClientInputError(str(error)) from None
            refuse_duplicate(session, phone, email)
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
                after={"key": client.key},  # ids only: no client data in the audit's text
            )
            return client_match(client)
    except IntegrityError:
        raced = raced_duplicate(database, phone, email)
        if raced is None:
            raise
    raise raced  # outside the handler: the index's message, which repeats the value, stays out


def raced_duplicate(
    database: Database, phone: str | None, email: str | None, excluding: int | None = None
) -> DuplicateClientError | None:
    """After a unique index refused a phone or email (another desk stored it between our
    check and our write, on PostgreSQL): the DuplicateClientError naming that client; None
    when the index refused something else."""
    with database.read() as session:
        return duplicate_error(session, phone, email, excluding)


def phone_region_in(session: Session) -> str:
    """The clinic's phone region (a number typed without its country code is read there)."""
    return session.scalar(select(ClinicSettings.phone_region)) or "US"


def _free_key(session: Session, name: str) -> str:
    """`sjohnson` for Sarah Johnson; `sjohnson2`, `sjohnson3`… when taken."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain) or ["client"]
    base = (words[0][0] + words[-1] if len(words) > 1 else words[0])[:56]
    return free_key(session, Client.key, base, also_taken_in=(ClientAlias.key,))
