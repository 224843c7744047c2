"""Recurring series (SPEC F4): create, pause, resume, change, stop — and the daily job that
books their occurrences a few days ahead.

Occurrences are booked through the front desk's own use case (`app.booking.book_each`,
every F2/F3 rule, rooms assigned), never over anything: a refused occurrence is skipped and
leaves one inbox notice with the reason. Running the job again, or after a crash halfway,
creates nothing twice: a booked occurrence is unique per series and date in the database
(`uq_sessions_series_id_occurrence_date`) and so is its notice (`notices`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import record_change
from app.booking import (
    BookingInputError,
    BookingRefusedError,
    BookingRequest,
    BookingResult,
    book_each,
    cancel,
    reschedule,
)
from app.booking.loader import load_clinic
from app.booking.lookups import by_key
from app.keys import free_key
from app.outbox import outbox_summary
from app.scheduling.recurrence import MonthlyMode, Recurrence, occurrence_dates, occurrence_start
from db.engine import Database
from db.enums import WEEKDAYS, Frequency, PaymentStatus, SessionStatus
from db.models import (
    BookingHold,
    Client,
    ClinicSettings,
    Notice,
    RecurringSeries,
    Service,
    Therapist,
    TherapySession,
)

log = logging.getLogger("frontdesk.recurring")

RECURRING_CONFLICT = "recurring_conflict"
GENERATION_ACTOR = "recurring"
BATCH = 500  # per write transaction; a desk booking meanwhile waits for at most one batch
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SeriesInputError(BookingInputError):
    """The series asked for cannot exist as given (words for the desk)."""


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


def rule_of(series: RecurringSeries) -> Recurrence:
    return Recurrence(
        series.frequency.value,
        series.start_date,
        series.weekday,
        series.end_date,
        series.interval_days,
        MonthlyMode(series.monthly_mode),
    )


# -- the job ------------------------------------------------------------------------------


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
                _notice(
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
                    amount_cents=series.price_cents,
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
                    _notice(series.id, request.occurrence_date, result.reason, result.message, now)
                )
    summary.skipped = _file_notices(database, notices)
    log.info("recurring generation %s..%s: %s", first, last, summary.describe())
    return summary


def _days_ahead(session: Session) -> int:
    return int(session.scalar(select(ClinicSettings.recurring_days_ahead)) or 7)


def _already_handled(session: Session, keys: list[tuple[int, date]]) -> set[tuple[int, date]]:
    """Occurrences booked already (any status: a cancelled one is not booked again) or
    refused already (their notice is filed)."""
    found: set[tuple[int, date]] = set()
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


def _notice(series_id: int, day: date, reason: str, detail: str, now: datetime) -> dict[str, Any]:
    return {
        "kind": RECURRING_CONFLICT,
        "series_id": series_id,
        "occurrence_date": day,
        "reason": reason[:32],
        "detail": detail[:500],
        "created_at": now,
    }


def _file_notices(database: Database, notices: list[dict[str, Any]]) -> int:
    """Insert the notices that do not exist yet (the unique key decides); returns how many
    are new."""
    if not notices:
        return 0
    with database.write() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
        statement = (
            upsert(Notice)
            .on_conflict_do_nothing(index_elements=["kind", "series_id", "occurrence_date"])
            .returning(Notice.id)
        )
        connection = session.connection()
        return sum(connection.execute(statement, notice).first() is not None for notice in notices)


# -- editing a series ----------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesSpec:
    """A series as the desk describes it; the weekday follows the start date."""

    therapist: str
    client: str
    service: str
    frequency: Frequency
    start_date: date
    start_minute: int
    end_date: date | None = None
    interval_days: int | None = None
    monthly_mode: MonthlyMode = MonthlyMode.DAY_OF_MONTH
    price_cents: int | None = None  # None: the service's price


def _check_spec(spec: SeriesSpec) -> None:
    if not 0 <= spec.start_minute < 24 * 60:
        raise SeriesInputError("the time must be between 00:00 and 23:59")
    if spec.end_date is not None and spec.end_date < spec.start_date:
        raise SeriesInputError("the end date is before the start date")
    if spec.frequency == Frequency.EVERY_N_DAYS:
        if spec.interval_days is None or not 1 <= spec.interval_days <= 365:
            raise SeriesInputError("every N days needs N between 1 and 365")
    elif spec.interval_days is not None:
        raise SeriesInputError("only an every-N-days series has a number of days")
    if spec.price_cents is not None and spec.price_cents < 0:
        raise SeriesInputError("the price cannot be negative")


def _parties(session: Session, spec: SeriesSpec) -> tuple[Therapist, Client, Service]:
    """The series' therapist, client and service, each existing and active."""
    try:
        found = [
            by_key(session, model, key, what)
            for model, key, what in (
                (Therapist, spec.therapist, "therapist"),
                (Client, spec.client, "client"),
                (Service, spec.service, "service"),
            )
        ]
    except BookingInputError as error:
        raise SeriesInputError(str(error)) from None
    therapist, client, service = found
    assert isinstance(therapist, Therapist) and isinstance(client, Client)
    assert isinstance(service, Service)
    return therapist, client, service


def _series_values(spec: SeriesSpec, service: Service) -> dict[str, Any]:
    return {
        "frequency": Frequency(spec.frequency),
        "interval_days": spec.interval_days,
        "weekday": spec.start_date.weekday(),
        "start_minute": spec.start_minute,
        "start_date": spec.start_date,
        "end_date": spec.end_date,
        "monthly_mode": MonthlyMode(spec.monthly_mode).value,
        "price_cents": service.price_cents if spec.price_cents is None else spec.price_cents,
    }


def _audit_values(series: RecurringSeries) -> dict[str, Any]:
    return {
        "frequency": series.frequency.value,
        "weekday": WEEKDAYS[series.weekday],
        "start_minute": series.start_minute,
        "start_date": series.start_date.isoformat(),
        "end_date": series.end_date.isoformat() if series.end_date else None,
        "therapist_id": series.therapist_id,
        "service_id": series.service_id,
        "monthly_mode": series.monthly_mode,
        "price_cents": series.price_cents,
    }


def create_series(database: Database, spec: SeriesSpec, *, actor: str, now: datetime) -> str:
    """A new series (its key is returned); the next run of the job books its occurrences."""
    _check_spec(spec)
    with database.write() as session:
        therapist, client, service = _parties(session, spec)
        key = free_key(session, RecurringSeries.key, f"{client.key}-{therapist.key}"[:56], "-")
        series = RecurringSeries(
            key=key,
            client=client,
            therapist=therapist,
            service=service,
            created_at=now,
            **_series_values(spec, service),
        )
        session.add(series)
        session.flush()
        record_change(
            session,
            actor=actor,
            action="series.create",
            entity_type="series",
            entity_id=series.id,
            after=_audit_values(series),
        )
        return key


def _series(session: Session, key: str) -> RecurringSeries:
    series = session.scalar(select(RecurringSeries).where(RecurringSeries.key == key))
    if series is None:
        raise SeriesInputError(f"no series with key {key!r}")
    return series


def pause_series(database: Database, key: str, *, actor: str, now: datetime) -> None:
    """Stop generating; sessions already booked stay."""
    with database.write() as session:
        series = _series(session, key)
        today = now.astimezone(load_clinic(session).zone).date()
        if not series.active:
            raise SeriesInputError("the series has ended; it cannot be paused")
        if series.paused_since is None:
            series.paused_since = today
            record_change(
                session,
                actor=actor,
                action="series.pause",
                entity_type="series",
                entity_id=series.id,
                after={"paused_since": today.isoformat()},
            )


def resume_series(database: Database, key: str, *, actor: str, now: datetime) -> None:
    """Generate again from today on: dates missed while paused are not booked afterwards."""
    with database.write() as session:
        series = _series(session, key)
        today = now.astimezone(load_clinic(session).zone).date()
        if not series.active:
            raise SeriesInputError("the series has ended; create a new one instead")
        if series.paused_since is not None:
            series.paused_since = None
            series.resume_from = today
            record_change(
                session,
                actor=actor,
                action="series.resume",
                entity_type="series",
                entity_id=series.id,
                after={"resume_from": today.isoformat()},
            )


@dataclass
class ChangeResult:
    updated: list[str] = field(default_factory=list)  # generated sessions moved to the rule
    left: list[str] = field(default_factory=list)  # paid, or refused: left as they were
    messages: list[str] = field(default_factory=list)


def change_series(
    database: Database,
    key: str,
    spec: SeriesSpec,
    *,
    actor: str,
    now: datetime,
    update_generated: bool = False,
) -> ChangeResult:
    """Change the rule. Occurrences not generated yet follow it; with `update_generated`,
    booked future ones that are not paid are moved to it too (each re-checked like any
    move; one that cannot move is left as it was and said so)."""
    _check_spec(spec)
    outcome = ChangeResult()
    with database.write() as session:
        series = _series(session, key)
        therapist, client, service = _parties(session, spec)
        if client.id != series.client_id:
            raise SeriesInputError("a series belongs to one client; create a new one instead")
        before = _audit_values(series)
        for name, value in _series_values(spec, service).items():
            setattr(series, name, value)
        series.therapist, series.service = therapist, service
        session.flush()
        record_change(
            session,
            actor=actor,
            action="series.change",
            entity_type="series",
            entity_id=series.id,
            before=before,
            after=_audit_values(series),
        )
        series_id, rule, minute = series.id, rule_of(series), series.start_minute
        therapist_key = therapist.key
    if not update_generated:
        return outcome
    with database.read() as session:
        zone = load_clinic(session).zone
        future = session.execute(
            select(
                TherapySession.reference,
                TherapySession.occurrence_date,
                TherapySession.payment_status,
                Therapist.key,
            )
            .join(Therapist, Therapist.id == TherapySession.therapist_id)
            .where(
                TherapySession.series_id == series_id,
                TherapySession.starts_at > now,
                TherapySession.status.in_([SessionStatus.SCHEDULED, SessionStatus.CONFIRMED]),
            )
            .order_by(TherapySession.starts_at)
        ).all()
    for reference, day, payment, current_therapist in future:
        if payment == PaymentStatus.PAID:
            outcome.left.append(reference)
            outcome.messages.append(f"{reference} is paid and was left as it was")
            continue
        if day not in occurrence_dates(rule, day, day):
            outcome.left.append(reference)
            outcome.messages.append(f"{reference} is not on a date of the new rule; left")
            continue
        start = occurrence_start(day, minute, zone)
        if start is None:
            outcome.left.append(reference)
            continue
        try:
            moved = reschedule(
                database,
                reference,
                start,
                actor=actor,
                now=now,
                therapist=therapist_key if therapist_key != current_therapist else None,
            )
            outcome.updated.append(moved.reference)
        except (BookingRefusedError, BookingInputError) as error:
            outcome.left.append(reference)
            outcome.messages.append(f"{reference} could not move: {error}")
    return outcome


def stop_series(
    database: Database, key: str, *, actor: str, now: datetime, cancel_future: bool
) -> list[str]:
    """End the series today. With `cancel_future`, its booked future sessions are
    cancelled (reason "series stopped"); otherwise they stay. Returns the cancelled ones."""
    with database.write() as session:
        series = _series(session, key)
        zone = load_clinic(session).zone
        today = now.astimezone(zone).date()
        series.active = False
        series.end_date = max(series.start_date, min(series.end_date or today, today))
        record_change(
            session,
            actor=actor,
            action="series.stop",
            entity_type="series",
            entity_id=series.id,
            after={"end_date": series.end_date.isoformat(), "cancel_future": cancel_future},
        )
        series_id = series.id
    cancelled: list[str] = []
    if cancel_future:
        with database.read() as session:
            references = list(
                session.scalars(
                    select(TherapySession.reference).where(
                        TherapySession.series_id == series_id,
                        TherapySession.starts_at > now,
                        TherapySession.status.in_(
                            [SessionStatus.SCHEDULED, SessionStatus.CONFIRMED]
                        ),
                    )
                )
            )
        for reference in references:
            cancel(database, reference, "series stopped", actor=actor, now=now)
            cancelled.append(reference)
    return cancelled


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesView:
    key: str
    summary: str  # "Every Monday 09:00 with Dr. Emily Carter"
    state: str  # active | paused | ended
    next_starts: tuple[datetime, ...]  # the next booked occurrences, local time


def describe_series(series: RecurringSeries, therapist_name: str) -> str:
    clock = f"{series.start_minute // 60:02d}:{series.start_minute % 60:02d}"
    day = DAY_NAMES[series.weekday]
    frequency = series.frequency
    if frequency == Frequency.WEEKLY:
        head = f"Every {day}"
    elif frequency == Frequency.BIWEEKLY:
        head = f"Every other {day}"
    elif frequency == Frequency.EVERY_N_DAYS:
        head = f"Every {series.interval_days} days"
    elif series.monthly_mode == MonthlyMode.WEEKDAY:
        ordinal = (series.start_date.day - 1) // 7
        which = ("first", "second", "third", "fourth", "last")[ordinal]
        head = f"Monthly on the {which} {day}"
    else:
        head = f"Monthly on day {series.start_date.day}"
    text = f"{head} {clock} with {therapist_name}"
    if series.end_date:
        text += f", until {series.end_date:%d %b %Y}"
    return text


def series_views(
    database: Database,
    now: datetime,
    *,
    client_key: str | None = None,
    session_reference: str | None = None,
    upcoming: int = 3,
) -> list[SeriesView]:
    """A client's series (or the one a session belongs to) in words, with the next
    booked occurrences — what the session panel and the series editor show."""
    with database.read() as session:
        zone = load_clinic(session).zone
        query = select(RecurringSeries, Therapist.name).join(
            Therapist, Therapist.id == RecurringSeries.therapist_id
        )
        if session_reference is not None:
            query = query.join(
                TherapySession, TherapySession.series_id == RecurringSeries.id
            ).where(TherapySession.reference == session_reference)
        if client_key is not None:
            query = query.join(Client, Client.id == RecurringSeries.client_id).where(
                Client.key == client_key
            )
        views = []
        for series, therapist_name in session.execute(query.order_by(RecurringSeries.id)):
            starts = session.scalars(
                select(TherapySession.starts_at)
                .where(
                    TherapySession.series_id == series.id,
                    TherapySession.starts_at > now,
                    TherapySession.status != SessionStatus.CANCELLED,
                )
                .order_by(TherapySession.starts_at)
                .limit(upcoming)
            )
            state = "ended" if not series.active else "paused" if series.paused_since else "active"
            views.append(
                SeriesView(
                    series.key,
                    describe_series(series, therapist_name),
                    state,
                    tuple(s.astimezone(zone) for s in starts),
                )
            )
        return views


# -- the inbox -------------------------------------------------------------------------------


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


def series_spec(database: Database, key: str) -> SeriesSpec:
    """A series as the editor shows it (to change it)."""
    with database.read() as session:
        series = _series(session, key)
        return SeriesSpec(
            therapist=series.therapist.key,
            client=series.client.key,
            service=series.service.key,
            frequency=series.frequency,
            start_date=series.start_date,
            start_minute=series.start_minute,
            end_date=series.end_date,
            interval_days=series.interval_days,
            monthly_mode=MonthlyMode(series.monthly_mode),
            price_cents=series.price_cents,
        )


def mark_done(database: Database, notice_ids: Iterable[int], *, actor: str, now: datetime) -> int:
    with database.write() as session:
        notices = list(
            session.scalars(
                select(Notice).where(Notice.id.in_(list(notice_ids)), Notice.done_at.is_(None))
            )
        )
        for notice in notices:
            notice.done_at, notice.done_by = now, actor
        return len(notices)
