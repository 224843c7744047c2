"""Erasure on request (SPEC F5; docs/clients.md, Archive and erasure): a client's personal
data replaced by a tombstone everywhere the product keeps it, the sessions (amounts, dates)
and the audit's who, when and why kept."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    Text,
    bindparam,
    cast,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.audit import record_change
from app.clients.admin_actions import checked_reason, is_active_admin, refresh_calendar_events
from app.i18n import translate
from app.keys import free_key
from app.outbox import OPEN_STATUSES
from app.waitlist.entries import ENTITY as WAITLIST_ENTITY
from app.waitlist.entries import close_entries_of_client
from db.engine import Database
from db.enums import OutboxTarget
from db.leftovers import clear_leftovers, zeroing_deletes
from db.models import (
    AuditEntry,
    BookingHold,
    Client,
    ClientAlias,
    OutboxItem,
    Payment,
    RecurringSeries,
    TherapySession,
    WaitlistEntry,
)

TOMBSTONE_NAME = "Erased client"  # shown with the id: "Erased client #12"
ERASED = "(erased)"  # what an erased value becomes in the audit log and in kept texts
ERASED_KEY_PREFIX = "erased-"
# A value at least this long is erased wherever a text holds it as a word; a shorter one (a
# key like `c1`) only under the fields that name the client.
CONTAINED_MIN_LENGTH = 4

# Fields of a client's own audit entries that hold its personal data (a merge's entry names
# both keys), and of its sessions', series' and waitlist entries' entries.
CLIENT_FIELDS = frozenset({
    "key", "name", "phone", "email", "date_of_birth", "emergency_contact", "preferred_channel",
    "language", "referral_source", "notes", "preferences", "kept_key", "merged_key",
})  # fmt: skip
BOOKING_FIELDS = frozenset({"client", "notes", "special_requests"})
# The values looked for in every other entry: those that point at the person. Language,
# channel, referral source and birth date say little alone and would match unrelated
# entries; they are erased from the client's own entries.
_SEARCHED_FIELDS = ("key", "name", "phone", "email", "emergency_contact", "notes")
# Audit entity types of what belongs to a client, beside the client itself.
_SESSION_ENTITIES = ("session",)
_SERIES_ENTITIES = ("series",)
_WAITLIST_ENTITIES = (WAITLIST_ENTITY,)


class ErasureRefusedError(ValueError):
    """Why a client was not erased; nothing was changed. `reason`: `bad_input` (no such
    client, no reason) or `not_permitted` (not an active admin)."""

    def __init__(self, message: str, *, reason: str = "bad_input") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class ErasureResult:
    """The client's new key, how many sessions stay (amounts and dates), how many audit
    entries lost erased values, and whether the SQLite file's old bytes were cleared too
    (False: a desk stalled in its write kept the clean-up out; erasing again repeats it)."""

    key: str
    sessions_kept: int
    audit_entries_scrubbed: int
    file_cleaned: bool = True


def erase_client(
    database: Database, client_id: int, *, actor: str, reason: str, now: datetime
) -> ErasureResult:
    """Replace the client's personal fields by a tombstone (`Erased client #<id>`, key
    `erased-<id>`), archive it, and take its personal data out of everything that holds
    it: the audit log's before/after values, its sessions' free texts, its aliases, holds,
    open waitlist entries, emails not yet sent, delivery errors, calendar events; in one
    transaction, then the SQLite file's leftovers (`db.leftovers`). Refused, with nothing
    changed, when `actor` is not an active admin. An erased client may be erased again:
    it finds what was written since (a clinic file naming its key) and cleans the file."""
    text = checked_reason(reason, ErasureRefusedError)
    with database.write() as session, zeroing_deletes(session):
        if not is_active_admin(session, actor):
            raise ErasureRefusedError(
                translate("Clients", "erasing a client needs an active admin"),
                reason="not_permitted",
            )
        client = session.scalar(select(Client).where(Client.id == client_id).with_for_update())
        if client is None:
            raise ErasureRefusedError(
                translate("Clients", "there is no client #{client_id}").format(client_id=client_id)
            )
        result = _erase(session, client, actor=actor, reason=text, now=now)
    return replace(result, file_cleaned=clear_leftovers(database))


def tombstone_name(client_id: int) -> str:
    return f"{TOMBSTONE_NAME} #{client_id}"


def _erase(
    session: Session, client: Client, *, actor: str, reason: str, now: datetime
) -> ErasureResult:
    own_entries = _own_entries(session, client.id)
    needles = _Needles(_erased_values(session, client, own_entries))
    of_client = TherapySession.client_id == client.id
    session_ids = select(TherapySession.id).where(of_client)
    series = _end_series(session, client, now)
    _clear_session_texts(session, of_client, needles)
    # A payment's reference (a cheque number, a transfer's text) may name the payer; the
    # amounts, receipts and dates stay (the payments' trigger lets only this change).
    session.execute(
        update(Payment)
        .where(Payment.client_id == client.id, Payment.reference.is_not(None))
        .values(reference=None)
    )
    _erase_refund_reasons(session, client.id, needles)
    waitlist = close_entries_of_client(session, client.id, now)
    holds = _count(session.execute(delete(BookingHold).where(BookingHold.client_id == client.id)))
    session.execute(delete(ClientAlias).where(ClientAlias.client_id == client.id))
    unsent = _count(session.execute(
        delete(OutboxItem).where(
            OutboxItem.session_id.in_(session_ids),
            OutboxItem.target == OutboxTarget.EMAIL_CLIENT,
            OutboxItem.status.in_(OPEN_STATUSES),
        )
    ))  # fmt: skip
    _scrub_delivery_errors(session, session_ids, needles)
    scrubbed = _scrub_audit(session, client.id, own_entries, needles)
    calendar_updates = refresh_calendar_events(session, of_client, now)
    if not client.key.startswith(ERASED_KEY_PREFIX):
        client.key = free_key(session, Client.key, f"{ERASED_KEY_PREFIX}{client.id}", "-")
    client.name = tombstone_name(client.id)
    for field in ("phone", "email", "date_of_birth", "emergency_contact", "preferred_channel",
                  "language", "referral_source", "notes"):  # fmt: skip
        setattr(client, field, None)
    client.preferences = {}
    client.erased_at = client.erased_at or now
    client.archived_at = client.archived_at or now
    session.flush()
    kept = session.scalar(select(func.count()).where(of_client)) or 0
    record_change(
        session,
        actor=actor,
        action="client.erase",
        entity_type="client",
        entity_id=client.id,
        after={  # the new key and counts: nothing that was erased
            "key": client.key,
            "sessions_kept": kept,
            "audit_entries_scrubbed": scrubbed,
            "series_ended": series,
            "waitlist_entries_closed": waitlist,
            "holds_deleted": holds,
            "emails_discarded": unsent,
            "calendar_updates": calendar_updates,
        },
        reason=reason,
    )
    return ErasureResult(client.key, kept, scrubbed)


def _count(result: Any) -> int:
    assert isinstance(result, CursorResult)  # an UPDATE's or DELETE's result counts its rows
    return int(result.rowcount)


def _own_entries(session: Session, client_id: int) -> ColumnElement[bool]:
    """The audit entries of the client itself and of every client merged into it (and
    into those, …), which hold the person's data under their own ids; a merged client's
    only up to its merge (`client.merge` records its id). SQLite gives a merged client's
    id again to the next client, so an id's entries from before a merge took it away were
    an earlier client's: they count for neither the later client nor its merges."""
    merges: list[tuple[int, int | None, int]] = [
        (merge_id, kept_id, after["merged_id"])
        for merge_id, kept_id, after in session.execute(
            select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.after).where(
                AuditEntry.action == "client.merge", AuditEntry.entity_type == "client"
            )
        )
        if isinstance(after, dict) and isinstance(after.get("merged_id"), int)
    ]

    def since(entity_id: int, until: float) -> int:
        """The merge that last took this id away before `until` (0: none)."""
        return max((m for m, _kept, gone in merges if gone == entity_id and m < until), default=0)

    own = []
    frontier: list[tuple[int, float]] = [(client_id, float("inf"))]
    seen: set[int] = set()
    while frontier:
        entity_id, until = frontier.pop()
        first = since(entity_id, until)
        condition = (AuditEntry.entity_id == entity_id) & (AuditEntry.id > first)
        own.append(condition if until == float("inf") else condition & (AuditEntry.id < until))
        for merge_id, kept_id, merged in merges:
            if kept_id == entity_id and first < merge_id < until and merge_id not in seen:
                seen.add(merge_id)
                frontier.append((merged, merge_id))
    return (AuditEntry.entity_type == "client") & or_(*own)


def _erased_values(session: Session, client: Client, own_entries: ColumnElement[bool]) -> set[str]:
    """What to look for in every other text: the client's values now, its aliases' and
    series' keys (a series key starts with the client's), and every value its own audit
    entries ever recorded for those fields (an old name, an old phone, a merged client's)."""
    values = {
        str(getattr(client, field))
        for field in _SEARCHED_FIELDS
        if getattr(client, field) is not None
    }
    values |= set(
        session.scalars(select(ClientAlias.key).where(ClientAlias.client_id == client.id))
    )
    values |= set(
        session.scalars(select(RecurringSeries.key).where(RecurringSeries.client_id == client.id))
    )
    entries = session.execute(
        select(AuditEntry.before, AuditEntry.after).where(
            own_entries, AuditEntry.action != "client.erase"
        )
    )
    for before, after in entries:
        for recorded in (before, after):
            if isinstance(recorded, dict):
                values |= {
                    value
                    for field, value in recorded.items()
                    if field in {*_SEARCHED_FIELDS, "kept_key", "merged_key"}
                    and isinstance(value, str)
                }
    # What an earlier erasure wrote stays: the tombstone and the new key are not personal.
    values -= {ERASED, tombstone_name(client.id)}
    return {
        value.strip()
        for value in values
        if value.strip() and not value.startswith(ERASED_KEY_PREFIX)
    }


class _Needles:
    """The erased values, as texts are tested for them: case-insensitive, and only as
    whole words, so that erasing `sjohnson` leaves `sjohnson2` (another client) alone and
    `ana@example.org` leaves `joana@example.org`. Values shorter than
    CONTAINED_MIN_LENGTH are left to the fields they are found under (a key like `c1` is
    also a room's)."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = sorted(
            {value.casefold() for value in values if len(value) >= CONTAINED_MIN_LENGTH},
            key=lambda value: (-len(value), value),
        )
        alternatives = "|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in self.values)
        self._pattern = re.compile(alternatives) if alternatives else None

    def found_in(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text.casefold()) is not None

    def in_json(self, column: Any) -> ColumnElement[bool] | None:
        """A first, cheap filter in SQL: the JSON text holds one of the values as JSON
        writes it (escaped, ASCII-only or not), lower-cased on both sides; `found_in`
        decides."""
        patterns = set()
        for value in self.values:
            for ascii_only in (True, False):
                inner = json.dumps(value, ensure_ascii=ascii_only)[1:-1]
                patterns.add(f"%{_like_escaped(inner.lower())}%")
        if not patterns:
            return None
        text = func.lower(cast(column, Text))
        return or_(*(text.like(pattern, escape="\\") for pattern in sorted(patterns)))

    def scrubbed(self, value: Any, fields: frozenset[str]) -> Any:
        """`value` (a JSON value) with every string holding an erased value, and every
        value under one of `fields`, replaced by ERASED."""
        if isinstance(value, dict):
            return {
                name: ERASED
                if name in fields and item is not None and item != ERASED
                else self.scrubbed(item, fields)
                for name, item in value.items()
            }
        if isinstance(value, list):
            return [self.scrubbed(item, fields) for item in value]
        if isinstance(value, str) and value != ERASED and self.found_in(value):
            return ERASED
        return value


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _end_series(session: Session, client: Client, now: datetime) -> int:
    """The client's series generate nothing more (their booked sessions stay) and lose
    keys made from the client's key."""
    from app.booking.loader import load_clinic  # the clinic's today

    today = now.astimezone(load_clinic(session).zone).date()
    ended = 0
    for series in session.scalars(
        select(RecurringSeries).where(RecurringSeries.client_id == client.id)
    ):
        if series.active:
            series.active = False
            series.end_date = max(series.start_date, min(series.end_date or today, today))
            ended += 1
        if not series.key.startswith(ERASED_KEY_PREFIX):
            base = f"{ERASED_KEY_PREFIX}{client.id}-{series.id}"
            series.key = free_key(session, RecurringSeries.key, base, "-")
    return ended


def _clear_session_texts(
    session: Session, of_client: ColumnElement[bool], needles: _Needles
) -> None:
    """Notes and special requests are free text about the client: cleared. A
    cancellation's, an override's or a fee waiver's reason is the clinic's record of why (a
    late fee may rest on it) and stays, unless it names the client."""
    session.execute(
        update(TherapySession).where(of_client).values(notes=None, special_requests=None)
    )
    kept_reasons = (
        TherapySession.cancellation_reason,
        TherapySession.override_reason,
        TherapySession.fee_waiver_reason,
    )
    rows = session.execute(
        select(TherapySession.id, *kept_reasons).where(
            of_client, or_(*(column.is_not(None) for column in kept_reasons))
        )
    ).all()
    for session_id, *texts in rows:  # any may be None
        changes = {
            column.key: ERASED
            for column, text in zip(kept_reasons, texts, strict=True)
            if text is not None and needles.found_in(text)
        }
        if changes:
            session.execute(
                update(TherapySession).where(TherapySession.id == session_id).values(changes)
            )


def _erase_refund_reasons(session: Session, client_id: int, needles: _Needles) -> None:
    """A refund's or reversal's reason is the clinic's record of why and stays, unless it
    names the client: exports carry it. It becomes ERASED, the one value the payments'
    trigger lets it take (migration 0013). The audit entry's reason stays as written: the
    audit log lets only its before/after values change (migration 0011)."""
    rows = session.execute(
        select(Payment.id, Payment.reason).where(
            Payment.client_id == client_id, Payment.reason.is_not(None), Payment.reason != ERASED
        )
    ).all()
    erased = [row_id for row_id, text in rows if text is not None and needles.found_in(text)]
    if erased:
        session.execute(update(Payment).where(Payment.id.in_(erased)).values(reason=ERASED))


def _scrub_delivery_errors(session: Session, session_ids: Any, needles: _Needles) -> None:
    """A delivery error may quote an address (a refused recipient): such texts go."""
    rows = session.execute(
        select(OutboxItem.id, OutboxItem.last_error).where(
            OutboxItem.session_id.in_(session_ids), OutboxItem.last_error.is_not(None)
        )
    ).all()
    erased = [row_id for row_id, error in rows if error is not None and needles.found_in(error)]
    if erased:
        session.execute(
            update(OutboxItem).where(OutboxItem.id.in_(erased)).values(last_error=ERASED)
        )


def _scrub_audit(
    session: Session, client_id: int, own_entries: ColumnElement[bool], needles: _Needles
) -> int:
    """Rewrite the before/after values (the only columns the audit log lets change,
    migration 0011) of the client's own entries, its sessions', series' and waitlist
    entries', and of any entry holding an erased value. Who, when, what and why stay."""
    scopes: list[tuple[ColumnElement[bool], frozenset[str]]] = [
        (own_entries, CLIENT_FIELDS),
        *(
            (AuditEntry.entity_type.in_(types) & AuditEntry.entity_id.in_(
                select(model.id).where(model.client_id == client_id)), BOOKING_FIELDS)
            for types, model in ((_SESSION_ENTITIES, TherapySession),
                                 (_SERIES_ENTITIES, RecurringSeries),
                                 (_WAITLIST_ENTITIES, WaitlistEntry))
        ),
    ]  # fmt: skip
    mentions = [
        condition
        for condition in (needles.in_json(AuditEntry.before), needles.in_json(AuditEntry.after))
        if condition is not None
    ]
    if mentions:
        scopes.append((or_(*mentions), frozenset()))
    fields_of: dict[int, frozenset[str]] = {}
    values_of: dict[int, tuple[Any, Any]] = {}
    for condition, fields in scopes:
        rows = session.execute(
            select(AuditEntry.id, AuditEntry.before, AuditEntry.after).where(
                condition,
                AuditEntry.action != "client.erase",  # an erasure's own: nothing erased
            )
        )
        for row_id, before, after in rows:
            fields_of.setdefault(row_id, fields)
            values_of[row_id] = (before, after)
    changes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row_id, (before, after) in values_of.items():
        new = {
            name: needles.scrubbed(value, fields_of[row_id])
            for name, value in (("before", before), ("after", after))
            if value is not None
        }
        changed = {name: value for name, value in new.items()
                   if value != (before if name == "before" else after)}  # fmt: skip
        if changed:
            changes.setdefault(tuple(sorted(changed)), []).append(
                {"row_id": row_id, **{f"new_{name}": value for name, value in changed.items()}}
            )
    table = AuditEntry.__table__
    assert isinstance(table, Table)
    connection = session.connection()
    for names, parameters in changes.items():  # one statement per set of columns rewritten
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names})
        )
        connection.execute(statement, parameters)
    return sum(len(parameters) for parameters in changes.values())
