"""Everything the engine needs for one therapist and a date range, in a fixed set of queries.

Each query is bounded by the range and served by an index (sessions by therapist/start and
by start, blocks by therapist/start, holds by therapist/start), so the cost follows the
range, not the size of the clinic's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, or_, select
from sqlalchemy.orm import Session

from app.scheduling import (
    BlockRule,
    HoldSpan,
    Occupancy,
    RoomBook,
    RoomInfo,
    RoomUse,
    Schedule,
    ScheduleInputs,
    ServiceNeeds,
    TherapistRules,
)
from app.scheduling.intervals import instant
from app.timezones import clinic_zone, day_start_utc
from db.enums import SessionStatus, TherapistStatus
from db.models import (
    BlockedTime,
    BookingHold,
    ClinicSettings,
    DateException,
    ExceptionHours,
    ExternalBusyTime,
    Room,
    Service,
    Therapist,
    TherapySession,
    WorkingHours,
)
from db.sql import epoch_seconds

# A session with its buffers spans at most 8 h + 2 × 4 h, so a scan of starts from this far
# before the range finds every session reaching into it (and the index range stays short).
REACH = timedelta(hours=16)


@dataclass(frozen=True)
class Clinic:
    settings: ClinicRules
    zone: ZoneInfo


class ClinicRules(NamedTuple):
    """The clinic settings booking depends on (a plain row: read on every booking)."""

    timezone: str
    slot_interval_minutes: int
    hold_minutes: int
    cancellation_notice_hours: int


_CLINIC = select(
    ClinicSettings.timezone,
    ClinicSettings.slot_interval_minutes,
    ClinicSettings.hold_minutes,
    ClinicSettings.cancellation_notice_hours,
).where(ClinicSettings.id == 1)


def load_clinic(session: Session) -> Clinic:
    row = session.connection().execute(_CLINIC).first()
    if row is None:
        raise LookupError("the database holds no clinic yet (import one or run `frontdesk demo`)")
    settings = ClinicRules(*row)
    return Clinic(settings, clinic_zone(settings.timezone))


def service_needs(service: Service) -> ServiceNeeds:
    return ServiceNeeds(service.duration_minutes, frozenset(service.required_features or ()))


def therapist_rules(therapist: Therapist) -> TherapistRules:
    return TherapistRules(
        id=therapist.id,
        on_leave=therapist.status == TherapistStatus.ON_LEAVE,
        default_minutes=therapist.default_session_minutes,
        max_per_day=therapist.max_clients_per_day,
        buffer_before_minutes=therapist.buffer_before_minutes,
        buffer_after_minutes=therapist.buffer_after_minutes,
        min_notice_minutes=therapist.min_notice_minutes,
        max_advance_days=therapist.max_advance_days,
        preferred_room_id=therapist.preferred_room_id,
    )


_THERAPISTS = bindparam("therapists", expanding=True)
_SCAN_START, _SCAN_END = bindparam("scan_start"), bindparam("scan_end")
_FIRST_DAY, _LAST_DAY = bindparam("first_day"), bindparam("last_day")

# Built once: constructing a statement costs more than running these small indexed queries.
_HOURS = (
    select(
        WorkingHours.therapist_id,
        WorkingHours.weekday,
        WorkingHours.start_minute,
        WorkingHours.end_minute,
    )
    .where(WorkingHours.therapist_id.in_(_THERAPISTS))
    .order_by(WorkingHours.weekday, WorkingHours.start_minute)
)
_EXCEPTIONS = (
    select(
        DateException.therapist_id,
        DateException.on_date,
        DateException.available,
        ExceptionHours.start_minute,
        ExceptionHours.end_minute,
    )
    .outerjoin(ExceptionHours, ExceptionHours.exception_id == DateException.id)
    .where(
        DateException.therapist_id.in_(_THERAPISTS),
        DateException.on_date >= _FIRST_DAY,
        DateException.on_date <= _LAST_DAY,
    )
    .order_by(DateException.on_date, ExceptionHours.start_minute)
)
_BLOCKS = select(
    BlockedTime.therapist_id,
    BlockedTime.starts_at,
    BlockedTime.ends_at,
    BlockedTime.block_type,
    BlockedTime.rrule,
    BlockedTime.reason,
).where(
    BlockedTime.therapist_id.in_(_THERAPISTS),
    BlockedTime.active.is_(True),
    BlockedTime.starts_at < _SCAN_END,
    or_(BlockedTime.ends_at > _SCAN_START, BlockedTime.rrule.is_not(None)),
)
_EXTERNAL = select(
    ExternalBusyTime.therapist_id, ExternalBusyTime.starts_at, ExternalBusyTime.ends_at
).where(
    ExternalBusyTime.therapist_id.in_(_THERAPISTS),
    ExternalBusyTime.starts_at < _SCAN_END,
    ExternalBusyTime.starts_at >= _SCAN_START,
)
_FEATURES = select(Service.id, Service.required_features)
# The hot query: the therapist's own sessions and every session holding a room, thousands
# of rows a month, as plain integers (epoch seconds) in start order.
_SESSIONS = (
    select(
        TherapySession.id,
        TherapySession.therapist_id,
        TherapySession.room_id,
        epoch_seconds(TherapySession.starts_at),
        epoch_seconds(TherapySession.ends_at),
        # occupancy with buffers only matters for the therapist's own rows
        case(
            (TherapySession.therapist_id.in_(_THERAPISTS), epoch_seconds(TherapySession.busy_from))
        ),
        case(
            (TherapySession.therapist_id.in_(_THERAPISTS), epoch_seconds(TherapySession.busy_until))
        ),
        TherapySession.service_id,
    )
    .where(
        TherapySession.starts_at >= _SCAN_START,
        TherapySession.starts_at < _SCAN_END,
        or_(TherapySession.room_id.is_not(None), TherapySession.therapist_id.in_(_THERAPISTS)),
        TherapySession.status != SessionStatus.CANCELLED,
    )
    .order_by(TherapySession.starts_at)
)
_HOLDS = select(
    BookingHold.therapist_id, BookingHold.id, BookingHold.starts_at, BookingHold.ends_at
).where(
    BookingHold.therapist_id.in_(_THERAPISTS),
    BookingHold.starts_at >= _SCAN_START,
    BookingHold.starts_at < _SCAN_END,
    BookingHold.expires_at > bindparam("now"),
)
_ROOMS = select(Room.id, Room.capacity, Room.features, Room.name).where(Room.active.is_(True))


def load_schedule(
    session: Session,
    clinic: Clinic,
    therapist: Therapist,
    first_day: date,
    last_day: date,
    now: datetime,
) -> Schedule:
    """The therapist's `Schedule` for `[first_day, last_day]` as the database is now."""
    return load_schedules(session, clinic, [therapist], first_day, last_day, now)[therapist.id]


def load_schedules(
    session: Session,
    clinic: Clinic,
    therapists: Sequence[Therapist],
    first_day: date,
    last_day: date,
    now: datetime,
) -> dict[int, Schedule]:
    """A `Schedule` per therapist for `[first_day, last_day]`, from one set of queries (the
    day view of every therapist costs about what one therapist's costs)."""
    connection = session.connection()  # Core rows: no ORM bookkeeping on the hot path
    zone = clinic.zone
    range_start = day_start_utc(first_day, zone)
    range_end = day_start_utc(last_day + timedelta(days=1), zone)
    ids = [therapist.id for therapist in therapists]
    scan = {
        "therapists": ids,
        "scan_start": range_start - REACH,
        "scan_end": range_end + REACH,
        "first_day": first_day - timedelta(days=1),
        "last_day": last_day + timedelta(days=1),
        "now": now,
    }
    weekly: dict[int, dict[int, list[tuple[int, int]]]] = {i: defaultdict(list) for i in ids}
    for therapist_id, weekday, start, end in connection.execute(_HOURS, scan):
        weekly[therapist_id][weekday].append((start, end))
    exceptions: dict[int, dict[date, list[tuple[int, int]]]] = {i: {} for i in ids}
    for therapist_id, on_date, available, start, end in connection.execute(_EXCEPTIONS, scan):
        hours = exceptions[therapist_id].setdefault(on_date, [])
        if available and start is not None:
            hours.append((start, end))
    blocks: dict[int, list[BlockRule]] = {i: [] for i in ids}
    for therapist_id, *block in connection.execute(_BLOCKS, scan):
        starts_at, ends_at, block_type, rrule, reason = block
        blocks[therapist_id].append(BlockRule(starts_at, ends_at, block_type.value, rrule, reason))
    external: dict[int, list[tuple[datetime, datetime]]] = {i: [] for i in ids}
    for therapist_id, starts_at, ends_at in connection.execute(_EXTERNAL, scan):
        external[therapist_id].append((starts_at, ends_at))
    features = {
        service_id: frozenset(required or ())
        for service_id, required in connection.execute(_FEATURES)
    }
    no_features: frozenset[str] = frozenset()
    own: dict[int, list[Occupancy]] = {i: [] for i in ids}
    in_rooms: list[RoomUse] = []
    # Plain DB-API tuples: no per-row result processing for thousands of rows.
    for row in connection.execute(_SESSIONS, scan).cursor.fetchall():
        session_id, therapist_id, room_id, start, end, busy_from, busy_until, service_id = row
        needs = features.get(service_id, no_features)
        if room_id is not None:
            in_rooms.append(RoomUse(session_id, room_id, start, end, needs))
        if therapist_id in own:
            own[therapist_id].append(
                Occupancy(
                    session_id,
                    therapist_id,
                    instant(start),
                    instant(end),
                    instant(busy_from),
                    instant(busy_until),
                    room_id,
                    needs,
                )
            )
    holds: dict[int, list[HoldSpan]] = {i: [] for i in ids}
    for therapist_id, *hold in connection.execute(_HOLDS, scan):
        holds[therapist_id].append(HoldSpan(*hold))
    rooms = [
        RoomInfo(room_id, capacity, frozenset(room_features or ()), name)
        for room_id, capacity, room_features, name in connection.execute(_ROOMS)
    ]
    shared_rooms = RoomBook(rooms, in_rooms, int(now.timestamp()))
    return {
        therapist.id: Schedule(
            ScheduleInputs(
                zone=zone,
                slot_minutes=clinic.settings.slot_interval_minutes,
                therapist=therapist_rules(therapist),
                weekly_hours=dict(weekly[therapist.id]),
                exceptions=exceptions[therapist.id],
                blocks=blocks[therapist.id],
                external_busy=external[therapist.id],
                sessions=own[therapist.id],
                holds=holds[therapist.id],
                rooms=rooms,
                room_sessions=in_rooms,
            ),
            first_day,
            last_day,
            now,
            shared_rooms,
        )
        for therapist in therapists
    }
