"""The daily job that books every active series' occurrences a few days ahead (docs/scheduling.md,
Recurring series).

Occurrences are booked through the front desk's own use case (`app.booking.book_each`, every rule of
docs/scheduling.md, rooms assigned), never over anything: a refused occurrence is skipped and leaves
one inbox notice with the reason. Running the job again, or after a crash halfway, creates nothing
twice: a booked occurrence is unique per series and date in the database
(`uq_sessions_series_id_occurrence_date`) and so is its notice (`notices`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking import BookingRequest, BookingResult, book_each
from app.booking.loader import load_clinic
from app.booking.series import rule_of
from app.inbox import RECURRING_CONFLICT, conflict_notice, file_notices
from app.scheduling.recurrence import occurrence_dates, occurrence_start
from db.engine import Database
from db.models import (
    Client,
    ClinicSettings,
    Notice,
    RecurringSeries,
    Service,
    Therapist,
    TherapySession,
)

log = logging.getLogger("frontdesk.recurring")

GENERATION_ACTOR = "recurring"
BATCH = 500  # per write transaction; a desk booking meanwhile waits for at most one batch


@dataclass
class GenerationSummary:
    processed: int = 0  # series looked at
    generated: int = 0  # sessions booked
    skipped: int = 0  # occurrences refused (each with a notice)
    errors: int = 0  # occurrences that failed unexpectedly (logged; retried next run)
    already: int = 0  # occurrences found booked or noticed already
    deferred: int = 0  # further ahead than the therapist takes bookings: tried again later

    def describe(self) -> str:
        return (
            f"{self.processed} series processed, {self.generated} sessions generated, "
            f"{self.skipped} skipped with a notice, {self.errors} errors"
        )


def generate_recurring(
    database: Database, now: datetime, days_ahead: int | None = None
) -> GenerationSummary:
    """Book every active series' occurrences from tomorrow up to `days_ahead` days ahead
    (the clinic's setting by default); see the module docstring for the guarantees."""
    summary = GenerationSummary()
    with database.read() as session:
        clinic = load_clinic(session)
        settings_days = _days_ahead(session)
        ahead = settings_days if days_ahead is None else days_ahead
        today = now.astimezone(clinic.zone).date()
        first, last = today + timedelta(days=1), today + timedelta(days=ahead)
        rows = session.execute(
            select(RecurringSeries, Therapist.key, Client.key, Service.key)
            .join(Therapist, Therapist.id == RecurringSeries.therapist_id)
            .join(Client, Client.id == RecurringSeries.client_id)
            .join(Service, Service.id == RecurringSeries.service_id)
            .where(
                RecurringSeries.active.is_(True),
                RecurringSeries.paused_since.is_(None),
                RecurringSeries.start_date <= last,
                (RecurringSeries.end_date.is_(None)) | (RecurringSeries.end_date >= first),
            )
            .order_by(RecurringSeries.id)
        ).all()
        wanted: list[tuple[RecurringSeries, str, str, str, date]] = []
        for series, therapist, client, service in rows:
            summary.processed += 1
            low = max(first, series.resume_from or first)
            for day in occurrence_dates(rule_of(series), low, last):
                wanted.append((series, therapist, client, service, day))
        done = _already_handled(session, [(w[0].id, w[4]) for w in wanted])
    requests: list[tuple[BookingRequest, RecurringSeries]] = []
    notices: list[dict[str, Any]] = []
    for series, therapist, client, service, day in wanted:
        if (series.id, day) in done:
            summary.already += 1
            continue
        start = occurrence_start(day, series.start_minute, clinic.zone)
        if start is None:
            notices.append(
                conflict_notice(
                    series.id,
                    day,
                    "dst_gap",
                    "that time does not exist on this date (clocks move forward)",
                    now,
                )
            )
            continue
        requests.append(
            (
                BookingRequest(
                    therapist,
                    client,
                    service,
                    start,
                    series_id=series.id,
                    occurrence_date=day,
                    price_cents=series.price_cents,
                ),
                series,
            )
        )
    # Time order: within a day the earlier occurrence gets the room, as at the desk.
    requests.sort(key=lambda item: (item[0].start, item[1].id))
    for position in range(0, len(requests), BATCH):
        chunk = requests[position : position + BATCH]
        try:
            results = book_each(
                database, [request for request, _s in chunk], actor=GENERATION_ACTOR, now=now
            )
        except Exception:  # the whole chunk rolled back; the next run tries again
            log.exception("recurring generation: a batch of %d occurrences failed", len(chunk))
            summary.errors += len(chunk)
            continue
        for (request, series), result in zip(chunk, results, strict=True):
            if isinstance(result, BookingResult):
                summary.generated += 1
            elif result.reason == "already_booked":
                summary.already += 1
            elif result.reason == "too_far":
                summary.deferred += 1  # beyond the therapist's horizon: a later run books it
            else:
                assert request.occurrence_date is not None
                notices.append(
                    conflict_notice(
                        series.id, request.occurrence_date, result.reason, result.message, now
                    )
                )
    summary.skipped = file_notices(database, notices)
    log.info("recurring generation %s..%s: %s", first, last, summary.describe())
    return summary


def _days_ahead(session: Session) -> int:
    return int(session.scalar(select(ClinicSettings.recurring_days_ahead)) or 7)


def _already_handled(
    session: Session, keys: list[tuple[int, date]]
) -> set[tuple[int | None, date | None]]:
    """Occurrences booked already (any status: a cancelled one is not booked again) or
    refused already (their notice is filed)."""
    found: set[tuple[int | None, date | None]] = set()  # nullable columns; read where both set
    if not keys:
        return found
    series_ids = sorted({k[0] for k in keys})
    days = [k[1] for k in keys]
    low, high = min(days), max(days)
    for step in range(0, len(series_ids), 900):  # bound the IN list (SQLite: 999 params)
        ids = series_ids[step : step + 900]
        found.update(
            session.execute(
                select(TherapySession.series_id, TherapySession.occurrence_date).where(
                    TherapySession.series_id.in_(ids),
                    TherapySession.occurrence_date.between(low, high),
                )
            ).all()
        )
        found.update(
            session.execute(
                select(Notice.series_id, Notice.occurrence_date).where(
                    Notice.kind == RECURRING_CONFLICT,
                    Notice.series_id.in_(ids),
                    Notice.occurrence_date.between(low, high),
                )
            ).all()
        )
    return found
