"""Deciding a booking before its turn, where writers take turns (SQLite).

The start, the room and any re-seating are decided from a snapshot before the write lock, so
the turn itself is short: inside it the booking only confirms that nothing the decision
relied on has changed (`still_holds`) and re-checks everything in full if something has
(docs/architecture.md, "The booking turn").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.booking.alternatives import schedule_around
from app.booking.errors import BookingInputError
from app.booking.loader import (
    LONGEST_SESSION,
    Clinic,
    load_clinic,
    load_own_inputs,
    service_needs,
    without_room_use,
)
from app.booking.lookups import TherapistLike, on_the_minute, setup_parties
from app.booking.model import BookingRequest
from app.scheduling import RoomChoice, RoomUse, ScheduleInputs
from app.scheduling.intervals import instant
from app.scheduling.placement import check_start
from app.timezones import day_start_utc
from db.engine import Database
from db.enums import SessionStatus
from db.models import TherapySession
from db.sql import epoch_seconds


@dataclass(frozen=True)
class Decision:
    """A booking decided from a snapshot before the write lock: the start was free given
    the setup under `setup_stamp` and `inputs` (the therapist's side of the schedule), with
    `choice` for its room; if it moves other sessions, `room_uses` is what the rooms
    involved held around that day."""

    setup_stamp: int | None
    inputs: ScheduleInputs
    choice: RoomChoice
    room_uses: frozenset[RoomUse] = frozenset()


_ROOM_IN_USE = select(TherapySession.id).where(
    TherapySession.room_id == bindparam("room"),
    TherapySession.status != SessionStatus.CANCELLED,
    TherapySession.starts_at < bindparam("end"),
    TherapySession.starts_at > bindparam("earliest"),  # keeps the index range short
    TherapySession.ends_at > bindparam("start"),
)
_ROOM_USES = select(
    TherapySession.id,
    TherapySession.room_id,
    epoch_seconds(TherapySession.starts_at),
    epoch_seconds(TherapySession.ends_at),
).where(
    TherapySession.room_id.in_(bindparam("rooms", expanding=True)),
    TherapySession.status != SessionStatus.CANCELLED,
    TherapySession.starts_at < bindparam("end"),
    TherapySession.starts_at > bindparam("earliest"),
    TherapySession.ends_at > bindparam("start"),
)


def decide(database: Database, request: BookingRequest, now: datetime) -> Decision | None:
    """The booking decided from a snapshot, or None when there is nothing to gain: writers
    do not take turns, or the booking would be refused (its reason and alternatives come
    from the full check), or it names its room."""
    if not database.writers_take_turns or request.room:
        return None
    with database.read() as session:
        clinic = load_clinic(session)
        try:
            therapist, service = setup_parties(clinic, request)
            start = on_the_minute(request.start)
        except BookingInputError:
            return None  # the transaction says what is wrong
        needs = service_needs(service)
        schedule = schedule_around(session, clinic, therapist, start, now, 0)
        if not check_start(schedule, start, needs, ignore_hold=request.hold_id).allowed:
            return None
        begin = int(start.timestamp())
        finish = begin + needs.duration_minutes * 60
        day = start.astimezone(clinic.zone).date()
        choice = schedule.room_for(begin, finish, day, needs)
        if choice is None:
            return None
        uses: frozenset[RoomUse] = frozenset()
        if choice.moves:
            rooms, window_start, window_end = rooms_involved(choice, clinic, day)
            uses = frozenset(schedule.rooms.uses_in(rooms, window_start, window_end))
        return Decision(clinic.setup.stamp, without_room_use(schedule.inputs), choice, uses)


def still_holds(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    start: datetime,
    end: datetime,
    now: datetime,
    decision: Decision,
) -> bool:
    """Whether the decision taken before the transaction stands: the setup is unchanged;
    every rule but the room's reads only the therapist's side (hours, blocks, own sessions,
    holds, rooms…), and that is unchanged; and the room chosen is still free, or, when
    sessions move to make room, the rooms involved hold exactly what they held (another
    desk may have booked since)."""
    day = start.astimezone(clinic.zone).date()
    if clinic.setup.stamp is None or clinic.setup.stamp != decision.setup_stamp:
        return False  # e.g. a service another session moves for needs a new feature
    if load_own_inputs(session, clinic, therapist, day, day, now) != decision.inputs:
        return False
    connection = session.connection()
    if not decision.choice.moves:
        values = {"room": decision.choice.room_id, "start": start, "end": end,
                  "earliest": start - LONGEST_SESSION}  # fmt: skip
        return connection.execute(_ROOM_IN_USE, values).first() is None
    rooms, window_start, window_end = rooms_involved(decision.choice, clinic, day)
    values = {"rooms": sorted(rooms), "start": instant(window_start), "end": instant(window_end),
              "earliest": instant(window_start) - LONGEST_SESSION}  # fmt: skip
    rows = connection.execute(_ROOM_USES, values)
    now_held = {(i, room, begin, finish) for i, room, begin, finish in rows}
    return {(u.id, u.room_id, u.start, u.end) for u in decision.room_uses} == now_held


def rooms_involved(choice: RoomChoice, clinic: Clinic, day: date) -> tuple[set[int], int, int]:
    """The rooms a re-seating touches, and the stretch of time whose use of them it read
    (the day, and sessions reaching into it from either side)."""
    rooms = {choice.room_id} | {m.to_room for m in choice.moves}
    rooms |= {m.from_room for m in choice.moves if m.from_room is not None}
    window_start = int(day_start_utc(day, clinic.zone).timestamp())
    window_end = int(day_start_utc(day + timedelta(days=1), clinic.zone).timestamp())
    return rooms, window_start, window_end + int(LONGEST_SESSION.total_seconds())
