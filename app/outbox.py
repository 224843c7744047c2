"""Side effects of a booking change, written in the change's own transaction (docs/sync.md, Outbox).

A row says only *that* a target must hear about a session at a revision; the sync worker
reads the session as it is when it delivers, so a row never carries a client's details and a
late delivery never sends stale ones. One row per (session, target, kind, revision): a retried
transaction cannot queue a message twice.
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime
from typing import NamedTuple, Protocol

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.audit import record_change
from app.auth.staff import OVERRIDE_ROLES, authorise
from app.i18n import translate
from db import statements
from db.engine import Database
from db.enums import ContactChannel, OutboxStatus, OutboxTarget
from db.models import OutboxItem, SyncPause, TherapySession


class EffectKind(enum.StrEnum):
    CONFIRMATION = "confirmation"  # a new booking
    CHANGE = "change"  # moved in time, to another therapist or room
    CANCELLATION = "cancellation"
    STATUS = "status"  # confirmed, in progress, completed, no-show: calendars only
    REMINDER = "reminder"  # queued by the reminders job at the clinic's offsets


# Who hears of what: the client of bookings, moves, cancellations and reminders; the
# therapist of all but reminders; the therapist's calendar of every change.
_CHANGES = {OutboxTarget.EMAIL_CLIENT, OutboxTarget.EMAIL_THERAPIST, OutboxTarget.GOOGLE_CALENDAR}
_AUDIENCE = {
    EffectKind.CONFIRMATION: _CHANGES,
    EffectKind.CHANGE: _CHANGES,
    EffectKind.CANCELLATION: _CHANGES,
    EffectKind.STATUS: {OutboxTarget.GOOGLE_CALENDAR},
    EffectKind.REMINDER: {OutboxTarget.EMAIL_CLIENT},
}
_INSERT = insert(OutboxItem)
log = logging.getLogger(__name__)


def reminder_kind(offset_minutes: int) -> str:
    """`reminder:1440`: one outbox kind per offset, so each offset is sent once."""
    return f"{EffectKind.REMINDER.value}:{offset_minutes}"


class ClientContact(Protocol):
    """What deciding the targets reads of a client (a `Client` row, or its columns)."""

    @property
    def email(self) -> str | None: ...
    @property
    def preferred_channel(self) -> ContactChannel | None: ...


class TherapistContact(Protocol):
    """What deciding the targets reads of a therapist (a `Therapist` row, or its columns)."""

    @property
    def email(self) -> str | None: ...
    @property
    def google_calendar_id(self) -> str | None: ...


def reachable_targets(
    client: ClientContact | None, therapist: TherapistContact
) -> set[OutboxTarget]:
    """Targets that can receive anything: an address or a calendar to deliver to, and a
    client who has not asked to be contacted another way (None: the client is not told)."""
    targets = set()
    if (
        client is not None
        and client.email
        and client.preferred_channel in (None, ContactChannel.EMAIL)
    ):
        targets.add(OutboxTarget.EMAIL_CLIENT)
    if therapist.email:
        targets.add(OutboxTarget.EMAIL_THERAPIST)
    if therapist.google_calendar_id:
        targets.add(OutboxTarget.GOOGLE_CALENDAR)
    return targets


def effect_targets(
    kind: EffectKind,
    client: ClientContact | None,
    therapist: TherapistContact,
    *,
    tell_client: bool = True,
) -> list[OutboxTarget]:
    """Whom `kind` goes to for this client and therapist (see `enqueue_effects`)."""
    wanted = _AUDIENCE[kind] - (set() if tell_client else {OutboxTarget.EMAIL_CLIENT})
    return sorted(wanted & reachable_targets(client, therapist))


def effect_rows(
    session_id: int, revision: int, label: str, targets: list[OutboxTarget], now: datetime
) -> list[dict[str, object]]:
    """The outbox rows of one effect (see `enqueue_effects`), for `queue_effect_rows` or a
    booking's last statement (`db.statements.finish_booking`)."""
    return [
        {"session_id": session_id, "target": target, "kind": label, "revision": revision,
         "payload": {}, "next_attempt_at": now}
        for target in targets
    ]  # fmt: skip


def queue_effect_rows(session: Session, rows: list[dict[str, object]]) -> None:
    """Several effects' rows in one statement (a re-seating tells each moved session's
    therapist); reminders, which may be queued twice, go through `enqueue_effects`."""
    if rows:
        session.connection().execute(_INSERT, rows)


def enqueue_effects(
    session: Session,
    *,
    session_id: int,
    revision: int,
    kind: EffectKind,
    client: ClientContact | None,
    therapist: TherapistContact,
    now: datetime,
    tell_client: bool = True,
    reminder_offset: int | None = None,
) -> list[OutboxTarget]:
    """Queue what `kind` means for this session at `revision`, in the caller's transaction;
    due at `now` (the use case's clock, so scripts and tests that set it agree). Returns the
    targets queued; a reminder already queued for that offset is not queued again."""
    targets = effect_targets(kind, client, therapist, tell_client=tell_client)
    if not targets:
        return []
    label = kind.value if reminder_offset is None else reminder_kind(reminder_offset)
    rows = effect_rows(session_id, revision, label, targets, now)
    if kind != EffectKind.REMINDER:
        queue_effect_rows(session, rows)
        return targets
    # Reminders may be queued by two jobs at once, or again after a crash: the second is a no-op.
    connection = session.connection()
    queued = (statements.insert_outbox_row_once(connection, row) for row in rows)
    return [target for target in queued if target is not None]


# -- what staff see and do ------------------------------------------------------------

# How often the leading process delivers (the window's job runner, `frontdesk jobs run`,
# `frontdesk sync run`).
DELIVERY_INTERVAL_SECONDS = 5
EMAIL_PAUSE = "email"  # both email targets share the SMTP login
GOOGLE_PAUSE = "google"  # Google access was revoked
OPEN_STATUSES = (OutboxStatus.PENDING, OutboxStatus.IN_PROGRESS, OutboxStatus.FAILED)


class OutboxSummary(NamedTuple):
    """The status bar's line: what waits, what failed, whether email is paused."""

    pending: int
    failed: int
    email_paused: str | None  # the reason, when paused
    google_paused: str | None = None

    def describe(self) -> str:
        if self.email_paused:
            return translate("Sync", "Email paused: {email_paused}").format(
                email_paused=self.email_paused
            )
        if self.google_paused:
            return translate("Sync", "Google paused: reconnect Google")
        if self.failed:
            return translate("Sync", "{failed} failed, {pending} pending").format(
                failed=self.failed, pending=self.pending
            )
        if self.pending:
            return translate("Sync", "{pending} pending").format(pending=self.pending)
        return translate("Sync", "All delivered")


class OutboxRow(NamedTuple):
    id: int
    reference: str | None
    target: str
    kind: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime


class ConnectionProblemError(Exception):
    """Connecting a delivery target (e.g. Google) failed; the message is safe to show."""


def outbox_summary(database: Database) -> OutboxSummary:
    with database.read() as session:
        counts = dict(
            session.execute(
                select(OutboxItem.status, func.count())
                .where(OutboxItem.status.in_(OPEN_STATUSES))
                .group_by(OutboxItem.status)
            ).all()
        )
        email = session.get(SyncPause, EMAIL_PAUSE)
        google = session.get(SyncPause, GOOGLE_PAUSE)
    pending = counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.IN_PROGRESS, 0)
    return OutboxSummary(
        pending,
        counts.get(OutboxStatus.FAILED, 0),
        email.reason if email else None,
        google.reason if google else None,
    )


def open_rows(database: Database, limit: int = 500) -> list[OutboxRow]:
    """Rows not yet settled, failed first, oldest first (the Sync panel)."""
    query = (
        select(
            OutboxItem.id,
            TherapySession.reference,
            OutboxItem.target,
            OutboxItem.kind,
            OutboxItem.status,
            OutboxItem.attempts,
            OutboxItem.last_error,
            OutboxItem.next_attempt_at,
        )
        .outerjoin(TherapySession, TherapySession.id == OutboxItem.session_id)
        .where(OutboxItem.status.in_(OPEN_STATUSES))
        .order_by((OutboxItem.status == OutboxStatus.FAILED).desc(), OutboxItem.id)
        .limit(limit)
    )
    with database.read() as session:
        return [
            OutboxRow(row_id, reference, target.value, kind, status.value, attempts, error, due)
            for row_id, reference, target, kind, status, attempts, error, due in session.execute(
                query
            )
        ]


def authorise_supervisor(database: Database, username: str, password: str) -> str:
    needed_for = translate("Sync", "this needs an active supervisor's or admin's credentials")
    return authorise(database, username, password, OVERRIDE_ROLES, needed_for)


def retry_failed(database: Database, row_ids: list[int], *, actor: str, now: datetime) -> int:
    """Give failed rows a fresh set of attempts, due now."""
    with database.write() as session:
        failed = list(session.scalars(select(OutboxItem.id).where(
            OutboxItem.id.in_(row_ids), OutboxItem.status == OutboxStatus.FAILED)))  # fmt: skip
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(failed))
            .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now)
        )
        for row_id in failed:  # only what was really retried
            record_change(session, actor=actor, action="outbox.retry", entity_type="outbox",
                          entity_id=row_id)  # fmt: skip
        return len(failed)


def discard(database: Database, row_ids: list[int], *, actor: str) -> int:
    """Drop rows that should never be delivered (e.g. a wrong address, now fixed by hand);
    the audit log keeps what was dropped."""
    with database.write() as session:
        rows = session.execute(
            select(OutboxItem.id, OutboxItem.session_id, OutboxItem.target, OutboxItem.kind)
            .where(OutboxItem.id.in_(row_ids), OutboxItem.status.in_(OPEN_STATUSES))
        ).all()  # fmt: skip
        for row_id, session_id, target, kind in rows:
            record_change(session, actor=actor, action="outbox.discard", entity_type="outbox",
                          entity_id=row_id, before={"session_id": session_id,
                          "target": target.value, "kind": kind})  # fmt: skip
        session.execute(delete(OutboxItem).where(OutboxItem.id.in_([r[0] for r in rows])))
        return len(rows)


def is_paused(database: Database, target: str = EMAIL_PAUSE) -> bool:
    return pause_reason(database, target) is not None


def pause(database: Database, now: datetime, reason: str, target: str = EMAIL_PAUSE) -> None:
    """Stop a target until someone acts (a refused login: retrying would only burn attempts)."""
    with database.write() as session:
        if session.get(SyncPause, target) is None:
            session.add(SyncPause(target=target, paused_at=now, reason=reason))
    log.warning("%s delivery paused: %s", target, reason)


def pause_reason(database: Database, target: str = EMAIL_PAUSE) -> str | None:
    with database.read() as session:
        pause = session.get(SyncPause, target)
        return pause.reason if pause else None


def resume(database: Database, target: str = EMAIL_PAUSE) -> bool:
    """Let a paused target deliver again (after its login was fixed)."""
    with database.write() as session:
        result = session.execute(delete(SyncPause).where(SyncPause.target == target))
        assert isinstance(result, CursorResult)  # a DELETE's result counts its rows
        return bool(result.rowcount)


class OutboxDelivery(Protocol):
    """What the window runs, handed in by the composition root (sync's OutboxWorker)."""

    def __call__(self, database: Database, now: datetime) -> object:
        """One delivery pass over the outbox at `now`."""
        ...

    def refresh_busy_times_now(self, database: Database, now: datetime) -> str:
        """Read the therapists' Google busy times now; says what happened."""
        ...
