"""Editing a client's details and archiving a client (docs/clients.md, Profile; Archive and
erasure).

Every field is checked by the clinic file's own reader (`app.clinic_file.schema.
client_fields`), so what the profile stores an export writes and an import takes back,
and the desk's message is the file's. A phone or email that is another client's is not a
bare refusal: `DuplicateClientError` names that client for the desk to offer."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import record_change
from app.clients.adding import (
    ClientInputError,
    DuplicateClientError,
    duplicate_in,
    phone_region_in,
    raced_duplicate,
    refuse_duplicate,
)
from app.clients.finding import ClientMatch, client_match
from app.clients.profile import ClientDetails, UnknownClientError, details_of
from app.clinic_file.schema import Spec, client_fields
from app.contact import normalise_email, normalise_phone
from app.i18n import translate
from app.text_limits import text_problem, unwritable_values
from app.waitlist.entries import close_entries_of_client
from db.engine import Database
from db.models import Client

__all__ = [
    "EDITABLE_FIELDS",
    "ClientFieldError",
    "DuplicateClientError",
    "archive_client",
    "check_client_field",
    "find_duplicate",
    "phone_region",
    "update_client",
]

EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "phone",
    "email",
    "date_of_birth",
    "emergency_contact",
    "preferred_channel",
    "language",
    "referral_source",
    "notes",
    "preferences",
)


class ClientFieldError(ClientInputError):
    """One field's value refused, with the clinic file's sentence for it: the desk shows
    `message` beside the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field.replace('_', ' ')}: {message}")


def phone_region(database: Database) -> str:
    """The country a phone number typed without its code belongs to (the clinic's)."""
    with database.read() as session:
        return phone_region_in(session)


def check_client_field(field: str, value: Any, *, region: str) -> Any:
    """The value to store for `field`, read as the clinic file reads it: an optional field
    left empty is None, a phone E.164, an email lower-case, a birth date a `date` in the
    past, a channel a ContactChannel. ClientFieldError says what would be accepted."""
    if field not in EDITABLE_FIELDS:
        raise ClientFieldError(
            field, translate("Clients", "is not a client detail that can be edited")
        )
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()  # a date picker's value, read as the file's text
    for _where, problem in unwritable_values(value):  # as the file's check before any field
        raise ClientFieldError(field, problem)
    _attribute, read = _readers(region.upper())[field]
    try:
        return read(value)
    except ValueError as error:
        raise ClientFieldError(field, str(error)) from None


@functools.lru_cache(maxsize=8)
def _readers(region: str) -> Spec:
    return client_fields(region)


def find_duplicate(
    database: Database,
    *,
    phone: str | None = None,
    email: str | None = None,
    excluding: int | None = None,
) -> tuple[ClientMatch, str] | None:
    """The client who already has this phone or else this email, as typed (normalised
    first; text that is no phone or email matches nobody), and which of the two matched.
    Archived clients count: the desk offers them too."""
    with database.read() as session:
        region = phone_region_in(session)
        found = duplicate_in(
            session,
            _canonical(phone, "clients.phone", lambda text: normalise_phone(text, region)),
            _canonical(email, "clients.email", normalise_email),
            excluding,
        )
    if found is None:
        return None
    owner, field = found
    return client_match(owner), field


def _canonical(text: str | None, limit_field: str, normalise: Any) -> str | None:
    if text is None or not text.strip() or text_problem(text, limit_field) is not None:
        return None
    try:
        return str(normalise(text))
    except ValueError:
        return None


def update_client(
    database: Database,
    client_id: int,
    changes: Mapping[str, Any],
    *,
    actor: str,
    now: datetime,
    key: str | None = None,
) -> ClientDetails:
    """Change some of a client's details, all or none: every value is checked first, a
    phone or email of another client raises DuplicateClientError, an erased client cannot
    be edited. The audit entry (`client.update`) holds the changed fields before and after;
    an erasure later takes the personal values out of it. `key`: the key the caller knows
    the client by (see `_client_for_change`)."""
    for field in changes:
        if field not in EDITABLE_FIELDS:
            raise ClientFieldError(
                field, translate("Clients", "is not a client detail that can be edited")
            )
    checked: dict[str, Any] = {}
    try:
        with database.write() as session:
            client = _client_for_change(session, client_id, key)
            if client.erased_at is not None:
                raise ClientInputError(
                    translate("Clients", "an erased client's details cannot be edited")
                )
            region = phone_region_in(session)
            for field in EDITABLE_FIELDS:
                if field in changes:
                    checked[field] = check_client_field(field, changes[field], region=region)
            changed = {
                field: value for field, value in checked.items() if value != getattr(client, field)
            }
            if not changed:
                return details_of(client)
            refuse_duplicate(session, changed.get("phone"), changed.get("email"), client.id)
            before = {field: _audit_value(getattr(client, field)) for field in changed}
            for field, value in changed.items():
                setattr(client, field, value)
            session.flush()
            record_change(
                session,
                actor=actor,
                action="client.update",
                entity_type="client",
                entity_id=client.id,
                before=before,
                after={field: _audit_value(value) for field, value in changed.items()},
                at=now,
            )
            return details_of(client)
    except IntegrityError:
        raced = raced_duplicate(database, checked.get("phone"), checked.get("email"), client_id)
        if raced is None:
            raise
    raise raced  # outside the handler: the index's message, which repeats the value, stays out


def archive_client(
    database: Database,
    client_id: int,
    *,
    actor: str,
    now: datetime,
    undo: bool = False,
    key: str | None = None,
) -> None:
    """Take a client out of search, history kept (`undo`: bring them back); audited as
    `client.archive` / `client.unarchive`. Archiving an archived client, or bringing back
    one who is not, changes nothing. An erased client stays archived. An archived client
    waits for nothing: open waitlist entries close as `removed` (not reopened by `undo`)."""
    with database.write() as session:
        client = _client_for_change(session, client_id, key)
        if undo and client.erased_at is not None:
            raise ClientInputError(translate("Clients", "an erased client stays archived"))
        if (client.archived_at is None) == undo:
            return
        before = client.archived_at
        client.archived_at = None if undo else now
        session.flush()
        closed = 0 if undo else close_entries_of_client(session, client.id, now)
        record_change(
            session,
            actor=actor,
            action="client.unarchive" if undo else "client.archive",
            entity_type="client",
            entity_id=client.id,
            before={"archived_at": _audit_value(before)},
            after={
                "archived_at": _audit_value(client.archived_at),
                **({"waitlist_entries_closed": closed} if closed else {}),
            },
            at=now,
        )


def _client_for_change(session: Session, client_id: int, key: str | None = None) -> Client:
    """The client's row, locked on PostgreSQL until commit, so two desks' edits of one
    client are audited in the order they were made, each with the true 'before'.

    `key`, when the caller knows it (a window opened on the client), must still be the
    row's: SQLite gives the id of a client merged away to the next client added when it was
    the highest, so an id alone may by then name somebody else; a merge or an erasure
    changes or removes the key, so that window's write is refused as for a client gone."""
    client = session.get(Client, client_id, with_for_update=True)
    if client is None or (key is not None and client.key != key):
        raise UnknownClientError(client_id=client_id)
    return client


def _audit_value(value: Any) -> Any:
    """A value as the audit log's JSON holds it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value
