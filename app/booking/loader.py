"""Everything the engine needs for one therapist and a date range, in a fixed set of queries.

Each query is bounded by the range and served by an index (sessions by therapist/start and
by start, blocks by therapist/start, holds by therapist/start), so the cost follows the
range, not the size of the clinic's history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.scheduling import (
    BlockRule,
    HoldSpan,
    Occupancy,
    RoomInfo,
    Schedule,
    ScheduleInputs,
    ServiceNeeds,
    TherapistRules,
)
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

# Sessions (with buffers) are shorter than this, so a start-bounded range scan finds every
# session that reaches into the range.
REACH = timedelta(days=1)


@dataclass(frozen=True)
class Clinic:
    settings: ClinicSettings
    zone: ZoneInfo


def load_clinic(session: Session) -> Clinic:
    settings = session.get(ClinicSettings, 1)
    if settings is None:
        raise LookupError("the database holds no clinic yet (import one or run `frontdesk demo`)")
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


def load_schedule(
    session: Session,
    clinic: Clinic,
    therapist: Therapist,
    first_day: date,
    last_day: date,
    now: datetime,
) -> Schedule:
    """The therapist's `Schedule` for `[first_day, last_day]` as the database is now."""
    zone = clinic.zone
    range_start = day_start_utc(first_day, zone)
    range_end = day_start_utc(last_day + timedelta(days=1), zone)
    scan_start, scan_end = range_start - REACH, range_end + REACH
    weekly: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for weekday, start, end in session.execute(
        select(WorkingHours.weekday, WorkingHours.start_minute, WorkingHours.end_minute)
        .where(WorkingHours.therapist_id == therapist.id)
        .order_by(WorkingHours.weekday, WorkingHours.start_minute)
    ):
        weekly[weekday].append((start, end))
    exceptions: dict[date, list[tuple[int, int]]] = {}
    for on_date, available, start, end in session.execute(
        select(
            DateException.on_date,
            DateException.available,
            ExceptionHours.start_minute,
            ExceptionHours.end_minute,
        )
        .outerjoin(ExceptionHours, ExceptionHours.exception_id == DateException.id)
        .where(
            DateException.therapist_id == therapist.id,
            DateException.on_date >= first_day - timedelta(days=1),
            DateException.on_date <= last_day + timedelta(days=1),
        )
        .order_by(DateException.on_date, ExceptionHours.start_minute)
    ):
        hours = exceptions.setdefault(on_date, [])
        if available and start is not None:
            hours.append((start, end))
    blocks = [
        BlockRule(starts_at, ends_at, block_type.value, rrule, reason)
        for starts_at, ends_at, block_type, rrule, reason in session.execute(
            select(
                BlockedTime.starts_at,
                BlockedTime.ends_at,
                BlockedTime.block_type,
                BlockedTime.rrule,
                BlockedTime.reason,
            ).where(
                BlockedTime.therapist_id == therapist.id,
                BlockedTime.active.is_(True),
                BlockedTime.starts_at < scan_end,
                or_(BlockedTime.ends_at > scan_start, BlockedTime.rrule.is_not(None)),
            )
        )
    ]
    external = [
        (starts_at, ends_at)
        for starts_at, ends_at in session.execute(
            select(ExternalBusyTime.starts_at, ExternalBusyTime.ends_at).where(
                ExternalBusyTime.therapist_id == therapist.id,
                ExternalBusyTime.starts_at < scan_end,
                ExternalBusyTime.starts_at >= scan_start,
            )
        )
    ]
    features = {
        service_id: frozenset(required or ())
        for service_id, required in session.execute(select(Service.id, Service.required_features))
    }
    occupancy = (
        TherapySession.id,
        TherapySession.therapist_id,
        TherapySession.starts_at,
        TherapySession.ends_at,
        TherapySession.busy_from,
        TherapySession.busy_until,
        TherapySession.room_id,
        TherapySession.service_id,
    )
    live = TherapySession.status != SessionStatus.CANCELLED
    own = [
        Occupancy(*row[:7], features.get(row[7], frozenset()))
        for row in session.execute(
            select(*occupancy).where(
                TherapySession.therapist_id == therapist.id,
                TherapySession.starts_at >= scan_start,
                TherapySession.starts_at < scan_end,
                live,
            )
        )
    ]
    in_rooms = [
        Occupancy(*row[:7], features.get(row[7], frozenset()))
        for row in session.execute(
            select(*occupancy).where(
                TherapySession.starts_at >= scan_start,
                TherapySession.starts_at < scan_end,
                TherapySession.room_id.is_not(None),
                live,
            )
        )
    ]
    holds = [
        HoldSpan(*row)
        for row in session.execute(
            select(BookingHold.id, BookingHold.starts_at, BookingHold.ends_at).where(
                BookingHold.therapist_id == therapist.id,
                BookingHold.starts_at >= scan_start,
                BookingHold.starts_at < scan_end,
                BookingHold.expires_at > now,
            )
        )
    ]
    rooms = [
        RoomInfo(room_id, capacity, frozenset(room_features or ()), name)
        for room_id, capacity, room_features, name in session.execute(
            select(Room.id, Room.capacity, Room.features, Room.name).where(Room.active.is_(True))
        )
    ]
    inputs = ScheduleInputs(
        zone=zone,
        slot_minutes=clinic.settings.slot_interval_minutes,
        therapist=therapist_rules(therapist),
        weekly_hours=dict(weekly),
        exceptions=exceptions,
        blocks=blocks,
        external_busy=external,
        sessions=own,
        holds=holds,
        rooms=rooms,
        room_sessions=in_rooms,
    )
    return Schedule(inputs, first_day, last_day, now)
