"""What a refusal offers instead: the nearest available starts, looked up after the turn."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.booking.errors import BookingRefusedError
from app.booking.loader import Clinic, load_clinic, load_schedule
from app.booking.lookups import TherapistLike
from app.scheduling import Schedule, ServiceNeeds
from app.scheduling.intervals import instant

ALTERNATIVE_DAYS = 7  # how far either side of a refused start alternatives are sought


def schedule_around(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    start: datetime,
    now: datetime,
    days: int,
) -> Schedule:
    """The therapist's schedule from `days` before the day of `start` to `days` after."""
    day = start.astimezone(clinic.zone).date()
    return load_schedule(
        session, clinic, therapist, day - timedelta(days=days), day + timedelta(days=days), now
    )


def refusal_with_alternatives(
    therapist_key: str,
    needs: ServiceNeeds,
    start: datetime,
    now: datetime,
    reason: str,
    message: str,
    **ignore: int | None,
) -> BookingRefusedError:
    """A refusal whose alternatives are looked up after the write transaction has ended
    (`turns.in_transaction`), so other workstations never wait on the search for them."""

    def alternatives(reader: Session) -> list[datetime]:
        return nearest_starts(reader, therapist_key, needs, start, now, **ignore)

    refusal = BookingRefusedError(reason, message)
    refusal.find_alternatives = alternatives
    return refusal


def nearest_starts(
    session: Session,
    therapist_key: str,
    needs: ServiceNeeds,
    start: datetime,
    now: datetime,
    **ignore: int | None,
) -> list[datetime]:
    """The three available starts nearest `start`: within a week either side, else anywhere
    the therapist takes bookings (a start too far ahead gets the last bookable ones)."""
    clinic = load_clinic(session)
    therapist = clinic.setup.therapists.get(therapist_key)
    if therapist is None:
        return []
    # Most refusals have three free starts the same day: look a day either side first and
    # widen to a week only when something further away could still be nearer.
    for reach in (1, ALTERNATIVE_DAYS):
        plan = schedule_around(session, clinic, therapist, start, now, reach)
        nearest = plan.nearest_available(start, needs, 3, **ignore)
        edge = min(start - instant(plan.day_start(plan.first_day)),
                   instant(plan.day_start(plan.last_day + timedelta(days=1))) - start)  # fmt: skip
        if len(nearest) == 3 and max(abs(n - start) for n in nearest) < edge:
            return nearest
    if len(nearest) < 3:
        today = now.astimezone(clinic.zone).date()
        horizon = load_schedule(
            session,
            clinic,
            therapist,
            today,
            today + timedelta(days=therapist.max_advance_days + 1),
            now,
        )
        nearest = horizon.nearest_available(start, needs, 3, **ignore)
    return nearest
