"""Merging two clients who turned out to be one person (docs/clients.md, Duplicates and
merging): everything of OTHER moves to KEEP in one transaction, and OTHER's key keeps
reaching KEEP as an alias."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.audit import record_change
from app.clients.admin_actions import checked_reason, is_active_admin, refresh_calendar_events
from app.clients.editing import EDITABLE_FIELDS
from app.i18n import desk_formats, translate
from app.scheduling.intervals import clashes, seconds
from app.text_limits import limit_of
from db.engine import Database
from db.enums import SessionStatus
from db.models import (
    BookingHold,
    Client,
    ClientAlias,
    Payment,
    RecurringSeries,
    TherapySession,
    WaitlistEntry,
)

# KEEP takes OTHER's value of these where it has none (the name stays KEEP's; notes and
# preferences are joined, not filled).
FILLED_FIELDS = tuple(f for f in EDITABLE_FIELDS if f not in ("name", "notes", "preferences"))


class MergeRefusedError(ValueError):
    """Why two clients were not merged; nothing was changed. `message` is the desk's
    sentence (no client data: references and keys only); `overlapping` the references of
    the sessions that would overlap, both clients' (sorted). `reason`: `bad_input` (no such
    client, the same client twice, no reason, notes too long together), `not_permitted`
    (not an active admin), `erased` or `client_busy` (overlapping sessions)."""

    def __init__(
        self, message: str, overlapping: list[str] | None = None, *, reason: str = "bad_input"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.overlapping = overlapping or []
        self.reason = reason


@dataclass(frozen=True)
class MergeResult:
    """The keys of both clients and how many of each thing moved to the kept one."""

    kept_key: str
    merged_key: str
    sessions: int
    series: int
    waitlist_entries: int
    holds: int
    payments: int = 0  # refunds and reversals included: the money follows the person


def merge_clients(
    database: Database, keep_id: int, other_id: int, *, actor: str, reason: str, now: datetime
) -> MergeResult:
    """Move OTHER's sessions, series, waitlist entries, holds and payments to KEEP, fill
    KEEP's empty fields from OTHER's, keep both clients' notes, make OTHER's keys aliases of
    KEEP and delete OTHER; one transaction, audited once on KEEP with both keys. Refused, with
    nothing changed, when `actor` is not an active admin, either client is erased, or a
    session of OTHER would overlap one of KEEP's (the client guard's rule: non-cancelled
    sessions sharing a moment)."""
    text = checked_reason(reason, MergeRefusedError)
    if keep_id == other_id:
        raise MergeRefusedError(translate("Clients", "a client cannot be merged into itself"))
    with database.write() as session:
        if not is_active_admin(session, actor):
            raise MergeRefusedError(
                translate("Clients", "merging clients needs an active admin"),
                reason="not_permitted",
            )
        keep, other = _locked_pair(session, keep_id, other_id)
        _refuse_overlaps(session, keep.id, other.id)
        return _merge(session, keep, other, actor=actor, reason=text, now=now)


def _locked_pair(session: Session, keep_id: int, other_id: int) -> tuple[Client, Client]:
    """Both clients, their rows locked (in id order, so two merges cannot deadlock) until
    the merge commits: on PostgreSQL no booking can add a session for either meanwhile
    (its foreign key check waits), so the overlap check below stays true. SQLite's writer
    lock already keeps every other write out."""
    found = {
        client.id: client
        for client in session.scalars(
            select(Client)
            .where(Client.id.in_([keep_id, other_id]))
            .order_by(Client.id)
            .with_for_update()
        )
    }
    for client_id in (keep_id, other_id):
        if client_id not in found:
            raise MergeRefusedError(
                translate("Clients", "there is no client #{client_id}").format(client_id=client_id)
            )
        if found[client_id].erased_at is not None:
            raise MergeRefusedError(
                translate(
                    "Clients", "client {key} was erased; an erased client cannot be merged"
                ).format(key=found[client_id].key),
                reason="erased",
            )
    return found[keep_id], found[other_id]


def _refuse_overlaps(session: Session, keep_id: int, other_id: int) -> None:
    """Refuse naming both sides of every pair of sessions that would overlap. Neither
    client's own sessions overlap each other (the client guard), so every clash the sweep
    finds pairs a session of KEEP with one of OTHER, and none is missed."""
    rows = session.execute(
        select(
            TherapySession.reference,
            TherapySession.client_id,
            TherapySession.starts_at,
            TherapySession.ends_at,
        ).where(
            TherapySession.client_id.in_([keep_id, other_id]),
            TherapySession.status != SessionStatus.CANCELLED,
        )
    ).all()
    found = clashes(
        (seconds(starts), seconds(ends), (reference, client_id))
        for reference, client_id, starts, ends in rows
    )
    if not found:
        return
    pairs = []
    for later, earlier in sorted(found):
        kept, merged = (later, earlier) if later[1] == keep_id else (earlier, later)
        pairs.append(
            translate("Clients", "{kept} (kept client) with {merged} (merged client)").format(
                kept=kept[0], merged=merged[0]
            )
        )
    references = sorted({reference for pair in found for reference, _client in pair})
    raise MergeRefusedError(
        translate(
            "Clients",
            "the merged client would have overlapping sessions: {pairs}. Cancel or move one of "
            "each pair first.",
        ).format(pairs="; ".join(pairs)),
        references,
        reason="client_busy",
    )  # fmt: skip


def _moved(session: Session, model: Any, keep_id: int, other_id: int) -> int:
    result = session.execute(
        update(model).where(model.client_id == other_id).values(client_id=keep_id)
    )
    assert isinstance(result, CursorResult)  # an UPDATE's result counts its rows
    return int(result.rowcount)


def _merge(
    session: Session, keep: Client, other: Client, *, actor: str, reason: str, now: datetime
) -> MergeResult:
    filled = _fill_from(keep, other)  # checked before anything is written
    calendar_updates = 0
    if keep.name != other.name:  # what calendars show of OTHER's sessions changes
        calendar_updates = refresh_calendar_events(
            session, TherapySession.client_id == other.id, now
        )
    moved = {
        name: _moved(session, model, keep.id, other.id)
        for name, model in (
            ("sessions", TherapySession),
            ("series", RecurringSeries),
            ("waitlist_entries", WaitlistEntry),
            ("holds", BookingHold),
            ("payments", Payment),  # the one column the payments' trigger lets change
        )
    }
    aliases = _moved(session, ClientAlias, keep.id, other.id)
    # A key given again after an earlier merge made it an alias now means OTHER, as the
    # lookup by key already read it (a client's own key first): it follows OTHER to KEEP.
    session.execute(delete(ClientAlias).where(ClientAlias.key == other.key))
    session.execute(insert(ClientAlias).values(key=other.key, client_id=keep.id))
    # OTHER goes before KEEP takes its phone or email: both are unique.
    session.execute(delete(Client).where(Client.id == other.id))
    for field, value in filled.items():
        setattr(keep, field, value)
    session.flush()
    record_change(
        session,
        actor=actor,
        action="client.merge",
        entity_type="client",
        entity_id=keep.id,
        after={
            "kept_key": keep.key,
            "merged_key": other.key,
            "merged_id": other.id,  # an erasure of KEEP finds OTHER's old entries by it
            **moved,
            "aliases": aliases + 1,
            "filled": sorted(filled),
            "calendar_updates": calendar_updates,
        },
        reason=reason,
    )
    return MergeResult(keep.key, other.key, **moved)


def _fill_from(keep: Client, other: Client) -> dict[str, Any]:
    """KEEP's new values: its empty fields filled from OTHER's, both clients' notes (KEEP's
    first), a phone or email of OTHER that KEEP cannot take (it has its own) written into
    the notes so no way to reach the client is lost, OTHER's preferences under KEEP's.
    Refused when the notes or preferences would exceed what a clinic file may hold."""
    values: dict[str, Any] = {
        field: getattr(other, field)
        for field in FILLED_FIELDS
        if getattr(keep, field) is None and getattr(other, field) is not None
    }
    also = [
        f"{label} {getattr(other, field)}"
        for field, label in (("phone", "phone"), ("email", "email"))
        if getattr(other, field) is not None
        and field not in values
        and getattr(other, field) != getattr(keep, field)
    ]
    parts = [keep.notes, other.notes, f"Also: {', '.join(also)}" if also else None]
    notes = "\n\n".join(part for part in parts if part and part.strip()) or None
    if notes != keep.notes:
        limit = limit_of("clients.notes")
        if notes is not None and len(notes) > limit:
            raise MergeRefusedError(
                translate(
                    "Clients",
                    "the two clients' notes together are longer than {limit} "
                    "characters ({notes}); shorten them first",
                ).format(
                    limit=desk_formats().number(limit), notes=desk_formats().number(len(notes))
                )
            )
        values["notes"] = notes
    if other.preferences:
        preferences = {**other.preferences, **(keep.preferences or {})}
        limit = limit_of("clients.preferences")
        written = len(json.dumps(preferences, ensure_ascii=False))
        if written > limit:
            raise MergeRefusedError(
                translate(
                    "Clients",
                    "the two clients' preferences together are longer than "
                    "{limit} characters written as JSON ({written}); shorten "
                    "them first",
                ).format(limit=desk_formats().number(limit), written=desk_formats().number(written))
            )
        if preferences != keep.preferences:
            values["preferences"] = preferences
    if keep.archived_at is not None and other.archived_at is None:
        values["archived_at"] = None  # one of them was active: the person still is
    if other.created_at < keep.created_at:
        values["created_at"] = other.created_at  # a client since the earlier of the two
    return values
