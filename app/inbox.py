"""The front desk's inbox: notices the desk should act on, and the live conditions shown
with them (failed deliveries, starts held by a desk).

This module is the one writer of the notices table: the recurring job files its conflicts
through `file_notices`, the desk marks them done through `mark_done`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from app.booking.loader import load_clinic
from app.outbox import outbox_summary
from app.scheduling.recurrence import occurrence_start
from db import statements
from db.engine import Database
from db.models import BookingHold, Client, Notice, RecurringSeries, Service, Therapist

RECURRING_CONFLICT = "recurring_conflict"


@dataclass(frozen=True)
class InboxItem:
    id: int | None  # None: a live condition (failed sync), not a stored notice
    kind: str
    created_at: datetime
    title: str  # for the desk: may name the client (the inbox is the desk's own screen)
    detail: str
    # a recurring conflict: what to book by hand instead
    therapist: str | None = None
    client: str | None = None
    service: str | None = None
    start: datetime | None = None  # the occurrence's local start (None in a DST gap)


def conflict_notice(
    series_id: int, day: date, reason: str, detail: str, now: datetime
) -> dict[str, Any]:
    """A series' occurrence that was not booked, cut to the columns' lengths; the notice
    keeps no client data (the inbox joins it in when it shows the notice)."""
    return {
        "kind": RECURRING_CONFLICT,
        "series_id": series_id,
        "occurrence_date": day,
        "reason": reason[:32],
        "detail": detail[:500],
        "created_at": now,
    }


def file_notices(database: Database, notices: list[dict[str, Any]]) -> int:
    """Insert the notices that do not exist yet (the unique key decides); returns how many
    are new."""
    if not notices:
        return 0
    with database.write() as session:
        connection = session.connection()
        return sum(statements.insert_notice_once(connection, notice) for notice in notices)


def inbox(database: Database, now: datetime, *, include_done: bool = False) -> list[InboxItem]:
    """Open notices, newest first, with the series' client and therapist joined in; live
    items first: failed deliveries, and starts held by a desk until their hold expires."""
    with database.read() as session:
        zone = load_clinic(session).zone
        query = (
            select(Notice, RecurringSeries, Client, Therapist, Service.key)
            .outerjoin(RecurringSeries, RecurringSeries.id == Notice.series_id)
            .outerjoin(Client, Client.id == RecurringSeries.client_id)
            .outerjoin(Therapist, Therapist.id == RecurringSeries.therapist_id)
            .outerjoin(Service, Service.id == RecurringSeries.service_id)
            .order_by(Notice.created_at.desc(), Notice.id.desc())
        )
        if not include_done:
            query = query.where(Notice.done_at.is_(None))
        items = []
        for notice, series, client, therapist, service in session.execute(query.limit(500)):
            day = notice.occurrence_date
            when = f"{day:%a %d %b}" if day else ""
            title = (
                f"Not booked: {client.name if client else 'a client'} with "
                f"{therapist.name if therapist else '?'} on {when}"
            )
            start = occurrence_start(day, series.start_minute, zone) if series and day else None
            items.append(
                InboxItem(
                    notice.id,
                    notice.kind,
                    notice.created_at.astimezone(zone),
                    title,
                    f"{notice.detail} ({notice.reason.replace('_', ' ')})",
                    therapist.key if therapist else None,
                    client.key if client else None,
                    service,
                    start.astimezone(zone) if start else None,
                )
            )
        holds = session.execute(
            select(
                BookingHold.starts_at, BookingHold.expires_at, BookingHold.held_by, Therapist.name
            )
            .join(Therapist, Therapist.id == BookingHold.therapist_id)
            .where(BookingHold.expires_at > now)
            .order_by(BookingHold.expires_at)
        ).all()
    for starts_at, expires_at, held_by, therapist_name in holds:
        minutes = max(1, int((expires_at - now).total_seconds() // 60))
        items.insert(
            0,
            InboxItem(
                None,
                "hold",
                now.astimezone(zone),
                f"Held: {therapist_name}, {starts_at.astimezone(zone):%a %d %b %H:%M}",
                f"by {held_by}, expires in {minutes} min "
                f"({expires_at.astimezone(zone):%H:%M}) unless booked",
            ),
        )
    failed = outbox_summary(database).failed
    if failed:
        items.insert(
            0,
            InboxItem(
                None,
                "sync_failure",
                now.astimezone(zone),
                f"{failed} email or calendar update(s) failed",
                "Open Clinic ▸ Sync status to retry or discard them.",
            ),
        )
    return items


def open_items(database: Database) -> int:
    """How many notices wait for the desk (the status bar's count; failed deliveries are
    the Sync button's, which the window already reads every few seconds)."""
    with database.read() as session:
        notices = session.scalar(
            select(func.count()).select_from(Notice).where(Notice.done_at.is_(None))
        )
    return int(notices or 0)


def mark_done(database: Database, notice_ids: Iterable[int], *, actor: str, now: datetime) -> int:
    """Close notices the desk has dealt with; one closed already keeps who closed it first.
    Returns how many this call closed."""
    with database.write() as session:
        notices = list(
            session.scalars(
                select(Notice).where(Notice.id.in_(list(notice_ids)), Notice.done_at.is_(None))
            )
        )
        for notice in notices:
            notice.done_at, notice.done_by = now, actor
        return len(notices)
