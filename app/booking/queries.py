"""Read-only questions the front desk asks: the starts of a range, a month's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.booking.errors import BookingInputError
from app.booking.loader import (
    Clinic,
    ServiceRow,
    TherapistRow,
    load_clinic,
    load_schedule,
    load_schedules,
    service_needs,
)
from app.i18n import translate
from app.scheduling import DaySlots, MonthSummary
from db.engine import Database
from db.models import Service, Therapist

MAX_DAYS = 366


@dataclass(frozen=True)
class SlotListing:
    therapist: str
    service: str
    duration_minutes: int
    timezone: str
    days: list[DaySlots]


def _keys(clinic: Clinic, therapist_key: str, service_key: str) -> tuple[TherapistRow, ServiceRow]:
    therapist = clinic.setup.therapists.get(therapist_key)
    if therapist is None:
        raise BookingInputError(
            translate("Booking", "no therapist with key {therapist_key!r}").format(
                therapist_key=therapist_key
            )
        )
    service = clinic.setup.services.get(service_key)
    if service is None:
        raise BookingInputError(
            translate("Booking", "no service with key {service_key!r}").format(
                service_key=service_key
            )
        )
    return therapist, service


def available_slots(
    database: Database,
    therapist_key: str,
    service_key: str,
    first_day: date,
    days: int,
    now: datetime,
    *,
    override: bool = False,
) -> SlotListing:
    """Every candidate start of `days` days from `first_day`, each with its status."""
    if not 1 <= days <= MAX_DAYS:
        raise BookingInputError(
            translate("Booking", "--days must be between 1 and {max_days}").format(
                max_days=MAX_DAYS
            )
        )
    last_day = first_day + timedelta(days=days - 1)
    with database.read() as session:
        clinic = load_clinic(session)
        therapist, service = _keys(clinic, therapist_key, service_key)
        schedule = load_schedule(session, clinic, therapist, first_day, last_day, now)
    needs = service_needs(service)
    return SlotListing(
        therapist.key,
        service.key,
        needs.duration_minutes,
        clinic.settings.timezone,
        schedule.days(first_day, last_day, needs, override=override),
    )


def month_summary(
    database: Database,
    therapist_key: str,
    service_key: str,
    first_day: date,
    last_day: date,
    now: datetime,
) -> MonthSummary:
    """Per day what a client could book, and the next date with a free start (looking as
    far ahead as the therapist takes bookings when the range itself has none)."""
    with database.read() as session:
        clinic = load_clinic(session)
        therapist, service = _keys(clinic, therapist_key, service_key)
        horizon = (now + timedelta(days=therapist.max_advance_days)).astimezone(clinic.zone).date()
        schedule = load_schedule(session, clinic, therapist, first_day, max(last_day, horizon), now)
    needs = service_needs(service)
    summary = schedule.month_summary(first_day, last_day, needs)
    if summary.next_available is None and last_day < horizon:
        later = schedule.month_summary(last_day + timedelta(days=1), horizon, needs)
        return MonthSummary(summary.days, later.next_available)
    return summary


def day_grid(database: Database, day: date, service_key: str, now: datetime) -> dict[str, DaySlots]:
    """Every active therapist's candidate starts for one day (the day view), keyed by
    therapist key, from one set of queries."""
    with database.read() as session:
        clinic = load_clinic(session)
        service = session.scalar(select(Service).where(Service.key == service_key))
        if service is None:
            raise BookingInputError(
                translate("Booking", "no service with key {service_key!r}").format(
                    service_key=service_key
                )
            )
        therapists = list(
            session.scalars(
                select(Therapist).where(Therapist.active.is_(True)).order_by(Therapist.name)
            )
        )
        schedules = load_schedules(session, clinic, therapists, day, day, now)
    needs = service_needs(service)
    return {t.key: schedules[t.id].day_slots(day, needs) for t in therapists}
