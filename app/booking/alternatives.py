"""What a refusal offers instead: the nearest available starts, looked up after the turn.

Each start offered is one at which the same request would succeed: the therapist's rules
(the engine), then what no override lifts (`app.scheduling.placement.obstacle_at`): the
client free, and the room asked for, if any, free. So a refusal never offers the refused
start itself, nor any start the client is busy at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.booking.errors import BookingRefusedError
from app.booking.loader import Clinic, load_clinic, load_schedule
from app.booking.lookups import TherapistLike
from app.scheduling import RoomInfo, Schedule, ServiceNeeds
from app.scheduling.intervals import instant
from app.scheduling.placement import obstacle_at
from db.enums import SessionStatus
from db.models import TherapySession

ALTERNATIVE_DAYS = 7  # how far either side of a refused start alternatives are sought

# The client's sessions that could stand in the way of a start still to come.
_CLIENT_SESSIONS = select(
    TherapySession.id, TherapySession.starts_at, TherapySession.ends_at
).where(
    TherapySession.client_id == bindparam("client"),
    TherapySession.status != SessionStatus.CANCELLED,
    TherapySession.ends_at > bindparam("now"),
)


@dataclass(frozen=True)
class Request:
    """What the refused request asked for beyond the therapist and the service: whose
    sessions must stay clear, the room named (if any), and what is not a conflict."""

    client_id: int | None = None
    room_key: str | None = None
    ignore_session: int | None = None  # the session being moved
    ignore_hold: int | None = None  # the hold being turned into this booking


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
    request: Request,
) -> BookingRefusedError:
    """A refusal whose alternatives are looked up after the write transaction has ended
    (`turns.in_transaction`), so other workstations never wait on the search for them."""

    def alternatives(reader: Session) -> list[datetime]:
        return nearest_starts(reader, therapist_key, needs, start, now, request)

    refusal = BookingRefusedError(reason, message)
    refusal.find_alternatives = alternatives
    return refusal


def nearest_starts(
    session: Session,
    therapist_key: str,
    needs: ServiceNeeds,
    start: datetime,
    now: datetime,
    request: Request,
) -> list[datetime]:
    """The three available starts nearest `start`: within a week either side, else anywhere
    the therapist takes bookings (a start too far ahead gets the last bookable ones)."""
    clinic = load_clinic(session)
    therapist = clinic.setup.therapists.get(therapist_key)
    room = _room_named(clinic, request.room_key)
    if therapist is None or (request.room_key and room is None):
        return []
    client_sessions: list[tuple[int, datetime, datetime]] | None = None
    if request.client_id is not None:
        values = {"client": request.client_id, "now": now}
        rows = session.execute(_CLIENT_SESSIONS, values)
        client_sessions = [(row_id, begins, ends) for row_id, begins, ends in rows]

    def nearest(plan: Schedule) -> list[datetime]:
        def fits(candidate: datetime) -> bool:
            return obstacle_at(plan, candidate, needs, ignore_session=request.ignore_session,
                               room=room, client_sessions=client_sessions) is None  # fmt: skip

        return plan.nearest_available(start, needs, 3, ignore_session=request.ignore_session,
                                      ignore_hold=request.ignore_hold, fits=fits)  # fmt: skip

    # Most refusals have three free starts the same day: look a day either side first and
    # widen to a week only when something further away could still be nearer.
    for reach in (1, ALTERNATIVE_DAYS):
        plan = schedule_around(session, clinic, therapist, start, now, reach)
        found = nearest(plan)
        edge = min(start - instant(plan.day_start(plan.first_day)),
                   instant(plan.day_start(plan.last_day + timedelta(days=1))) - start)  # fmt: skip
        if len(found) == 3 and max(abs(n - start) for n in found) < edge:
            return found
    if len(found) < 3:
        today = now.astimezone(clinic.zone).date()
        horizon = load_schedule(
            session,
            clinic,
            therapist,
            today,
            today + timedelta(days=therapist.max_advance_days + 1),
            now,
        )
        found = nearest(horizon)
    return found


def _room_named(clinic: Clinic, key: str | None) -> RoomInfo | None:
    """The active room with this key, as the placement rule reads it."""
    if key is None:
        return None
    return next((r for r in clinic.setup.rooms if clinic.setup.room_keys.get(r.id) == key), None)
