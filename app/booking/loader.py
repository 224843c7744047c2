"""Everything the engine needs for one therapist and a date range, in a fixed set of queries.

Each query is bounded by the range and served by an index (sessions by therapist/start and
by start, blocks by therapist/start, holds by therapist/start), so the cost follows the
range, not the size of the clinic's history.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, bindparam, case, literal_column, null, or_, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from app.i18n import translate
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
    ChangeStamp,
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
# Sessions last at most 8 hours: a start in the range keeps its room until at most this
# long after the range ends, so later sessions cannot compete for its room.
LONGEST_SESSION = timedelta(hours=8)


@dataclass(frozen=True)
class Clinic:
    settings: ClinicRules
    zone: ZoneInfo
    setup: Setup


class ClinicRules(NamedTuple):
    """The clinic settings booking depends on (a plain row: read on every booking)."""

    timezone: str
    slot_interval_minutes: int
    hold_minutes: int
    cancellation_notice_hours: int


@dataclass(frozen=True, slots=True)
class TherapistRow:
    """A therapist as the setup holds it (the columns booking reads, named as on `Therapist`)."""

    id: int
    key: str
    name: str
    email: str | None
    google_calendar_id: str | None
    active: bool
    status: TherapistStatus
    default_session_minutes: int
    max_clients_per_day: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_minutes: int
    max_advance_days: int
    preferred_room_id: int | None


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """A service as the setup holds it (named as on `Service`)."""

    id: int
    key: str
    name: str
    active: bool
    duration_minutes: int
    price_cents: int
    required_features: list[str]


@dataclass(frozen=True)
class Setup:
    """The clinic's setup as it was under one "setup" change stamp: the rows
    every availability reads and staff change rarely, per therapist where they belong."""

    stamp: int | None
    settings: ClinicRules | None
    therapists: dict[str, TherapistRow]  # by key
    services: dict[str, ServiceRow]  # by key
    hours: dict[int, dict[int, list[tuple[int, int]]]]
    # therapist → date → its replacement hours (empty: a day off), in date order
    exceptions: dict[int, dict[date, list[tuple[int, int]]]]
    blocks: dict[int, list[BlockRule]]  # active ones
    # therapist → (starts in order, (start, end) in that order)
    external: dict[int, tuple[list[datetime], list[tuple[datetime, datetime]]]]
    features: dict[int, frozenset[str]]  # service → what its room needs
    rooms: list[RoomInfo]  # active ones
    room_keys: dict[int, str]  # every room, inactive ones too (sessions may still sit there)


_SETUP_STAMP = select(ChangeStamp.stamp).where(ChangeStamp.scope == "setup")
_CLINIC = select(
    ClinicSettings.timezone,
    ClinicSettings.slot_interval_minutes,
    ClinicSettings.hold_minutes,
    ClinicSettings.cancellation_notice_hours,
).where(ClinicSettings.id == 1)
_ALL_HOURS = select(
    WorkingHours.therapist_id, WorkingHours.weekday, WorkingHours.start_minute,
    WorkingHours.end_minute,
).order_by(WorkingHours.therapist_id, WorkingHours.weekday, WorkingHours.start_minute)  # fmt: skip
_ALL_EXCEPTIONS = (
    select(
        DateException.therapist_id,
        DateException.on_date,
        DateException.available,
        ExceptionHours.start_minute,
        ExceptionHours.end_minute,
    )
    .outerjoin(ExceptionHours, ExceptionHours.exception_id == DateException.id)
    .order_by(DateException.on_date, ExceptionHours.start_minute)
)
_ALL_BLOCKS = (
    select(
        BlockedTime.therapist_id,
        BlockedTime.starts_at,
        BlockedTime.ends_at,
        BlockedTime.block_type,
        BlockedTime.rrule,
        BlockedTime.reason,
    )
    .where(BlockedTime.active.is_(True))
    .order_by(BlockedTime.id)
)
_ALL_EXTERNAL = select(
    ExternalBusyTime.therapist_id, ExternalBusyTime.starts_at, ExternalBusyTime.ends_at
).order_by(ExternalBusyTime.starts_at, ExternalBusyTime.id)
_FEATURES = select(Service.id, Service.required_features)
_ROOMS = (
    select(Room.id, Room.capacity, Room.features, Room.name)
    .where(Room.active.is_(True))
    .order_by(Room.id)
)

_ROOM_KEYS = select(Room.id, Room.key)
_THERAPIST_ROWS = select(*(getattr(Therapist, f.name) for f in fields(TherapistRow)))
_SERVICE_ROWS = select(*(getattr(Service, f.name) for f in fields(ServiceRow)))

# The setup last read from each database a process has open, by its address: the engines
# for reads and for writes share it. Stamps are random, so another database at the same
# address (a restored copy) does not pass for this one.
_setups: dict[str, Setup] = {}


def current_setup(session: Session, stamp: int | None = None) -> Setup:
    """The setup as this transaction sees it: one small query while nothing has changed
    since this process last read it, all of it again once something has. `stamp`: the
    setup's stamp as the caller just read it in this transaction (its own query then)."""
    connection = session.connection()
    if stamp is None:
        stamp = connection.execute(_SETUP_STAMP).scalar()
    address = str(connection.engine.url)
    known = _setups.get(address)
    if known is not None and stamp is not None and known.stamp == stamp:
        return known
    setup = _read_setup(connection, stamp)
    _setups[address] = setup
    return setup


def forget_kept_setup() -> None:
    """Drop every setup this process keeps: the next load reads it all again (a cold start,
    as the availability benchmark measures one)."""
    _setups.clear()


def _read_setup(connection: Connection, stamp: int | None) -> Setup:
    row = connection.execute(_CLINIC).first()
    hours: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for therapist_id, weekday, start, end in connection.execute(_ALL_HOURS):
        hours[therapist_id][weekday].append((start, end))
    exceptions: dict[int, dict[date, list[tuple[int, int]]]] = defaultdict(dict)
    for therapist_id, on_date, available, start, end in connection.execute(_ALL_EXCEPTIONS):
        day_hours = exceptions[therapist_id].setdefault(on_date, [])
        if available and start is not None:
            day_hours.append((start, end))
    blocks: dict[int, list[BlockRule]] = defaultdict(list)
    for therapist_id, starts_at, ends_at, block_type, rrule, reason in connection.execute(
        _ALL_BLOCKS
    ):
        blocks[therapist_id].append(BlockRule(starts_at, ends_at, block_type.value, rrule, reason))
    external: dict[int, tuple[list[datetime], list[tuple[datetime, datetime]]]] = {}
    for therapist_id, starts_at, ends_at in connection.execute(_ALL_EXTERNAL):
        starts, spans = external.setdefault(therapist_id, ([], []))
        starts.append(starts_at)
        spans.append((starts_at, ends_at))
    return Setup(
        stamp=stamp,
        settings=ClinicRules(*row) if row is not None else None,
        therapists={
            t.key: t for t in (TherapistRow(*r) for r in connection.execute(_THERAPIST_ROWS))
        },
        services={s.key: s for s in (ServiceRow(*r) for r in connection.execute(_SERVICE_ROWS))},
        hours={t: dict(days) for t, days in hours.items()},
        exceptions=dict(exceptions),
        blocks=dict(blocks),
        external=external,
        features={
            service_id: frozenset(required or ())
            for service_id, required in connection.execute(_FEATURES)
        },
        rooms=[
            RoomInfo(room_id, capacity, frozenset(room_features or ()), name)
            for room_id, capacity, room_features, name in connection.execute(_ROOMS)
        ],
        room_keys={room_id: key for room_id, key in connection.execute(_ROOM_KEYS)},
    )


def known_zone(session: Session) -> ZoneInfo:
    """The clinic's time zone as this process last read it (no query once it has): good
    enough to name a day to lock; what is checked is read in the transaction."""
    known = _setups.get(str(session.connection().engine.url))
    if known is not None and known.settings is not None:
        return clinic_zone(known.settings.timezone)
    return load_clinic(session).zone


def load_clinic(session: Session, stamp: int | None = None) -> Clinic:
    setup = current_setup(session, stamp)
    if setup.settings is None:
        raise LookupError(
            translate(
                "Booking", "the database holds no clinic yet (import one or run `frontdesk demo`)"
            )
        )
    return Clinic(setup.settings, clinic_zone(setup.settings.timezone), setup)


def service_needs(service: Service | ServiceRow) -> ServiceNeeds:
    return ServiceNeeds(service.duration_minutes, frozenset(service.required_features or ()))


def therapist_rules(therapist: Therapist | TherapistRow) -> TherapistRules:
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


_THERAPISTS: BindParameter[int] = bindparam("therapists", expanding=True)
_SCAN_START: BindParameter[datetime] = bindparam("scan_start")
_SCAN_END: BindParameter[datetime] = bindparam("scan_end")
_RANGE_START: BindParameter[datetime] = bindparam("range_start")
_ROOMS_UNTIL: BindParameter[datetime] = bindparam("rooms_until")

# Built once: constructing a statement costs more than running these small indexed queries.
# The hot query: the therapist's own sessions, every session holding a room during the
# range, and the therapist's live holds (one round trip), as plain integers (epoch seconds)
# in start order; `hold` tells the holds' rows apart.
_SESSION_COLUMNS = select(
    TherapySession.id,
    TherapySession.therapist_id,
    TherapySession.room_id,
    epoch_seconds(TherapySession.starts_at).label("starts"),
    epoch_seconds(TherapySession.ends_at),
    # occupancy with buffers only matters for the therapist's own rows
    case((TherapySession.therapist_id.in_(_THERAPISTS), epoch_seconds(TherapySession.busy_from))),
    case((TherapySession.therapist_id.in_(_THERAPISTS), epoch_seconds(TherapySession.busy_until))),
    TherapySession.service_id,
    literal_column("0").label("hold"),
).where(
    TherapySession.starts_at >= _SCAN_START,
    TherapySession.starts_at < _SCAN_END,
    TherapySession.status != SessionStatus.CANCELLED,
)
_HOLD_COLUMNS: Select[int, int, None, int, int, None, None, None, int] = select(
    BookingHold.id,
    BookingHold.therapist_id,
    null(),
    epoch_seconds(BookingHold.starts_at).label("starts"),
    epoch_seconds(BookingHold.ends_at),
    null(),
    null(),
    null(),
    literal_column("1").label("hold"),
).where(
    BookingHold.therapist_id.in_(_THERAPISTS),
    BookingHold.starts_at >= _SCAN_START,
    BookingHold.starts_at < _SCAN_END,
    BookingHold.expires_at > bindparam("now"),
)
_SESSIONS = union_all(
    _SESSION_COLUMNS.where(
        or_(
            TherapySession.therapist_id.in_(_THERAPISTS),
            # other therapists' sessions only for the rooms they hold during the range
            and_(
                TherapySession.room_id.is_not(None),
                TherapySession.ends_at > _RANGE_START,
                TherapySession.starts_at < _ROOMS_UNTIL,
            ),
        )
    ),
    _HOLD_COLUMNS,
).order_by(literal_column("starts"), literal_column("id"))
# The therapist's own sessions and holds only (a booking's check that nothing it relied on
# has changed meanwhile).
_OWN_SESSIONS = union_all(
    _SESSION_COLUMNS.where(TherapySession.therapist_id.in_(_THERAPISTS)), _HOLD_COLUMNS
).order_by(literal_column("starts"), literal_column("id"))


def load_schedule(
    session: Session,
    clinic: Clinic,
    therapist: Therapist | TherapistRow,
    first_day: date,
    last_day: date,
    now: datetime,
) -> Schedule:
    """The therapist's `Schedule` for `[first_day, last_day]` as the database is now."""
    return load_schedules(session, clinic, [therapist], first_day, last_day, now)[therapist.id]


def load_schedules(
    session: Session,
    clinic: Clinic,
    therapists: Sequence[Therapist | TherapistRow],
    first_day: date,
    last_day: date,
    now: datetime,
) -> dict[int, Schedule]:
    """A `Schedule` per therapist for `[first_day, last_day]`, from one set of queries (the
    day view of every therapist costs about what one therapist's costs)."""
    inputs, in_rooms, rooms = _load_inputs(
        session, clinic, therapists, first_day, last_day, now, with_rooms=True
    )
    shared_rooms = RoomBook(rooms, in_rooms, int(now.timestamp()))
    return {
        therapist_id: Schedule(therapist_inputs, first_day, last_day, now, shared_rooms)
        for therapist_id, therapist_inputs in inputs.items()
    }


def working_schedules(
    clinic: Clinic,
    therapists: Sequence[Therapist | TherapistRow],
    first_day: date,
    last_day: date,
) -> dict[int, Schedule]:
    """A `Schedule` per therapist holding only working hours, exceptions and blocks, from
    the setup already read (no query): what reports count as available time, by the same
    code availability uses. Its candidates are not for booking (it knows no sessions)."""
    setup = clinic.setup
    first, last = first_day - timedelta(days=1), last_day + timedelta(days=1)
    now = datetime.fromtimestamp(0, UTC)
    no_rooms = RoomBook([], [], 0)
    return {
        therapist.id: Schedule(
            ScheduleInputs(
                zone=clinic.zone,
                slot_minutes=clinic.settings.slot_interval_minutes,
                therapist=therapist_rules(therapist),
                weekly_hours=setup.hours.get(therapist.id, {}),
                exceptions={
                    d: hours
                    for d, hours in setup.exceptions.get(therapist.id, {}).items()
                    if first <= d <= last
                },
                blocks=setup.blocks.get(therapist.id, []),
                external_busy=[],
                sessions=[],
                holds=[],
                rooms=[],
                room_sessions=(),
            ),
            first_day,
            last_day,
            now,
            no_rooms,
        )
        for therapist in therapists
    }


def load_own_inputs(
    session: Session,
    clinic: Clinic,
    therapist: Therapist | TherapistRow,
    first_day: date,
    last_day: date,
    now: datetime,
) -> ScheduleInputs:
    """The therapist's inputs without the other therapists' room use (`room_sessions` is
    empty): everything but the room rule. Equal to the same part of a full load as long as
    nothing it depends on has changed."""
    inputs, _in_rooms, _rooms = _load_inputs(
        session, clinic, [therapist], first_day, last_day, now, with_rooms=False
    )
    return inputs[therapist.id]


def without_room_use(inputs: ScheduleInputs) -> ScheduleInputs:
    """`inputs` as `load_own_inputs` gives them, to compare with its answer."""
    return replace(inputs, room_sessions=())


def _load_inputs(
    session: Session,
    clinic: Clinic,
    therapists: Sequence[Therapist | TherapistRow],
    first_day: date,
    last_day: date,
    now: datetime,
    *,
    with_rooms: bool,
) -> tuple[dict[int, ScheduleInputs], list[RoomUse], list[RoomInfo]]:
    connection = session.connection()  # Core rows: no ORM bookkeeping on the hot path
    zone = clinic.zone
    range_start = day_start_utc(first_day, zone)
    range_end = day_start_utc(last_day + timedelta(days=1), zone)
    ids = [therapist.id for therapist in therapists]
    scan_start, scan_end = range_start - REACH, range_end + REACH
    first, last = first_day - timedelta(days=1), last_day + timedelta(days=1)
    scan = {
        "therapists": ids,
        "scan_start": scan_start,
        "scan_end": scan_end,
        "range_start": range_start,
        "rooms_until": range_end + LONGEST_SESSION,
        "first_day": first,
        "last_day": last,
        "now": now,
    }
    setup = clinic.setup
    exceptions = {
        i: {d: hours for d, hours in setup.exceptions.get(i, {}).items() if first <= d <= last}
        for i in ids
    }
    blocks = {
        i: [
            block
            for block in setup.blocks.get(i, ())
            if block.starts_at < scan_end and (block.ends_at > scan_start or block.rrule)
        ]
        for i in ids
    }
    external: dict[int, list[tuple[datetime, datetime]]] = {}
    for i in ids:
        starts, spans = setup.external.get(i, ([], []))
        external[i] = spans[bisect_left(starts, scan_start) : bisect_left(starts, scan_end)]
    features = setup.features
    no_features: frozenset[str] = frozenset()
    own: dict[int, list[Occupancy]] = {i: [] for i in ids}
    in_rooms: list[RoomUse] = []
    # Plain DB-API tuples: no per-row result processing for thousands of rows.
    holds: dict[int, list[HoldSpan]] = {i: [] for i in ids}
    statement = _SESSIONS if with_rooms else _OWN_SESSIONS
    for row in connection.execute(statement, scan).cursor.fetchall():
        session_id, therapist_id, room_id, start, end, busy_from, busy_until, service_id, hold = row
        if hold:
            holds[therapist_id].append(HoldSpan(session_id, instant(start), instant(end)))
            continue
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
    rooms = setup.rooms
    return (
        {
            therapist.id: ScheduleInputs(
                zone=zone,
                slot_minutes=clinic.settings.slot_interval_minutes,
                therapist=therapist_rules(therapist),
                weekly_hours=setup.hours.get(therapist.id, {}),
                exceptions=exceptions[therapist.id],
                blocks=blocks[therapist.id],
                external_busy=external[therapist.id],
                sessions=own[therapist.id],
                holds=holds[therapist.id],
                rooms=rooms,
                room_sessions=in_rooms if with_rooms else (),
            )
            for therapist in therapists
        },
        in_rooms,
        rooms,
    )
