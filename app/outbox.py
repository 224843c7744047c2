"""Side effects of a booking change, written in the change's own transaction (SPEC F6).

A row says only *that* a target must hear about a session at a revision; the sync worker
reads the session as it is when it delivers, so a row never carries a client's details and a
late delivery never sends stale ones. One row per (session, target, kind, revision): a retried
transaction cannot queue a message twice.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.enums import ContactChannel, OutboxTarget
from db.models import Client, OutboxItem, Therapist


class EffectKind(enum.StrEnum):
    CONFIRMATION = "confirmation"  # a new booking
    CHANGE = "change"  # moved in time, to another therapist or room
    CANCELLATION = "cancellation"
    STATUS = "status"  # confirmed, in progress, completed, no-show: calendars only


# Who hears of what: the client is told of bookings, moves and cancellations; the therapist
# of those and of room changes; the therapist's calendar of everything.
_AUDIENCE = {
    EffectKind.CONFIRMATION: {OutboxTarget.EMAIL_CLIENT, OutboxTarget.EMAIL_THERAPIST},
    EffectKind.CHANGE: {OutboxTarget.EMAIL_CLIENT, OutboxTarget.EMAIL_THERAPIST},
    EffectKind.CANCELLATION: {OutboxTarget.EMAIL_CLIENT, OutboxTarget.EMAIL_THERAPIST},
    EffectKind.STATUS: set(),
}
_INSERT = insert(OutboxItem)


def reachable_targets(client: Client, therapist: Therapist) -> set[OutboxTarget]:
    """Targets that can receive anything: an address or a calendar to deliver to, and a
    client who has not asked to be contacted another way."""
    targets = set()
    if client.email and client.preferred_channel in (None, ContactChannel.EMAIL):
        targets.add(OutboxTarget.EMAIL_CLIENT)
    if therapist.email:
        targets.add(OutboxTarget.EMAIL_THERAPIST)
    if therapist.google_calendar_id:
        targets.add(OutboxTarget.GOOGLE_CALENDAR)
    return targets


def enqueue_effects(
    session: Session,
    *,
    session_id: int,
    revision: int,
    kind: EffectKind,
    client: Client,
    therapist: Therapist,
    now: datetime,
    tell_client: bool = True,
) -> list[OutboxTarget]:
    """Queue what `kind` means for this session at `revision`, in the caller's transaction;
    due at `now` (the use case's clock, so scripts and tests that set it agree)."""
    wanted = _AUDIENCE[kind] | {OutboxTarget.GOOGLE_CALENDAR}
    if not tell_client:
        wanted = wanted - {OutboxTarget.EMAIL_CLIENT}
    targets = sorted(wanted & reachable_targets(client, therapist))
    if targets:
        session.connection().execute(
            _INSERT,
            [
                {"session_id": session_id, "target": target, "kind": kind.value,
                 "revision": revision, "payload": {}, "next_attempt_at": now}
                for target in targets
            ],
        )  # fmt: skip
    return targets
