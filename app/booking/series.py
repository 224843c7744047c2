"""Recurring series (docs/scheduling.md): create, pause, resume, change and stop one — what the desk
does to a series. Its occurrences are booked by the daily job (`app.booking.recurring`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import record_change
from app.booking import BookingInputError, BookingRefusedError, cancel, reschedule
from app.booking.loader import load_clinic
from app.booking.lookups import by_key
from app.i18n import translate
from app.keys import free_key
from app.money.ledger import session_charges
from app.scheduling.recurrence import MonthlyMode, Recurrence, occurrence_dates, occurrence_start
from db.engine import Database
from db.enums import WEEKDAYS, Frequency, SessionStatus
from db.models import Client, RecurringSeries, Service, Therapist, TherapySession


class SeriesInputError(BookingInputError):
    """The series asked for cannot exist as given (words for the desk)."""


def rule_of(series: RecurringSeries) -> Recurrence:
    """The engine's rule for a stored series: the job and a change walk its dates."""
    return Recurrence(
        series.frequency.value,
        series.start_date,
        series.weekday,
        series.end_date,
        series.interval_days,
        MonthlyMode(series.monthly_mode),
    )


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
        raise SeriesInputError(translate("Booking", "the time must be between 00:00 and 23:59"))
    if spec.end_date is not None and spec.end_date < spec.start_date:
        raise SeriesInputError(translate("Booking", "the end date is before the start date"))
    if spec.frequency == Frequency.EVERY_N_DAYS:
        if spec.interval_days is None or not 1 <= spec.interval_days <= 365:
            raise SeriesInputError(translate("Booking", "every N days needs N between 1 and 365"))
    elif spec.interval_days is not None:
        raise SeriesInputError(
            translate("Booking", "only an every-N-days series has a number of days")
        )
    if spec.price_cents is not None and spec.price_cents < 0:
        raise SeriesInputError(translate("Booking", "the price cannot be negative"))


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
        raise SeriesInputError(translate("Booking", "no series with key {key!r}").format(key=key))
    return series


def _live_series(
    session: Session, key: str, now: datetime, ended: str
) -> tuple[RecurringSeries, date]:
    """The series and the clinic's today; a series that has ended is refused with `ended`."""
    series = _series(session, key)
    today = now.astimezone(load_clinic(session).zone).date()
    if not series.active:
        raise SeriesInputError(ended)
    return series, today


def pause_series(database: Database, key: str, *, actor: str, now: datetime) -> None:
    """Stop generating; sessions already booked stay."""
    with database.write() as session:
        series, today = _live_series(
            session, key, now, translate("Booking", "the series has ended; it cannot be paused")
        )
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
        series, today = _live_series(
            session,
            key,
            now,
            translate("Booking", "the series has ended; create a new one instead"),
        )
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
            raise SeriesInputError(
                translate("Booking", "a series belongs to one client; create a new one instead")
            )
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
                TherapySession.id,
                TherapySession.reference,
                TherapySession.occurrence_date,
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
        charges = session_charges(session, [row[0] for row in future])
    for session_id, reference, day, current_therapist in future:
        if charges[session_id].paid_cents > 0:
            outcome.left.append(reference)
            outcome.messages.append(
                translate(
                    "Booking", "{reference} is paid in advance and was left as it was"
                ).format(reference=reference)
            )
            continue
        if day is None:  # imported with its series but no date in it: which one is unknown
            outcome.left.append(reference)
            outcome.messages.append(
                translate("Booking", "{reference} has no date in the series; left").format(
                    reference=reference
                )
            )
            continue
        if day not in occurrence_dates(rule, day, day):
            outcome.left.append(reference)
            outcome.messages.append(
                translate("Booking", "{reference} is not on a date of the new rule; left").format(
                    reference=reference
                )
            )
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
            outcome.messages.append(
                translate("Booking", "{reference} could not move: {error}").format(
                    reference=reference, error=error
                )
            )
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
