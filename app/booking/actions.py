"""Booking use cases (SPEC F3): book, hold, reschedule, cancel, status changes, override.

Each runs in one transaction that re-checks every rule against the database as it is now
and then writes, with its audit entries; a refusal raises before anything is written and
the transaction rolls back, so a refused action changes nothing. The database guards
(exclusion constraints / triggers) are the last line: if another workstation won a race,
the guard refuses, the transaction is retried and the re-check gives the real reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Update, bindparam, case, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.audit import change_entry, record_change, record_changes
from app.auth.staff import authenticate, may_override
from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.loader import (
    LONGEST_SESSION,
    Clinic,
    ServiceRow,
    TherapistRow,
    known_zone,
    load_clinic,
    load_own_inputs,
    load_schedule,
    service_needs,
    without_room_use,
)
from app.booking.references import (
    allocate_reference,
    finish_with_reference,
    stand_in_reference,
    takes_reference_last,
)
from app.outbox import (
    EffectKind,
    effect_rows,
    effect_targets,
    enqueue_effects,
    queue_effect_rows,
)
from app.scheduling import (
    RoomChoice,
    RoomMove,
    RoomUse,
    Schedule,
    ScheduleInputs,
    ServiceNeeds,
    SlotStatus,
    Verdict,
)
from app.scheduling.intervals import instant
from app.timezones import day_start_utc, format_local
from db.engine import Database
from db.enums import ContactChannel, SessionStatus, SessionType
from db.guards import guard_in
from db.models import (
    BookingHold,
    ChangeStamp,
    Client,
    Room,
    Service,
    Therapist,
    TherapySession,
    occupancy_bounds,
)
from db.sql import epoch_seconds

log = logging.getLogger("frontdesk.booking")

Result = TypeVar("Result")
ATTEMPTS = 4  # a lost race is retried; the re-check then names the real reason
ALTERNATIVE_DAYS = 7  # how far either side of a refused start alternatives are sought

LIVE_STATUSES = (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)
TRANSITIONS: dict[SessionStatus, frozenset[SessionStatus]] = {
    SessionStatus.SCHEDULED: frozenset(
        {SessionStatus.CONFIRMED, SessionStatus.IN_PROGRESS, SessionStatus.NO_SHOW}
    ),
    SessionStatus.CONFIRMED: frozenset({SessionStatus.IN_PROGRESS, SessionStatus.NO_SHOW}),
    SessionStatus.IN_PROGRESS: frozenset({SessionStatus.COMPLETED}),
    SessionStatus.COMPLETED: frozenset(),
    SessionStatus.CANCELLED: frozenset(),
    SessionStatus.NO_SHOW: frozenset(),
}

# Which database guard refused (db/guards.py) → the reason given.
GUARD_REASONS = {
    "ex_sessions_therapist_overlap": SlotStatus.BOOKED.value,
    "ex_sessions_room_overlap": "room_busy",
    "ex_sessions_client_overlap": "client_busy",
}

REASON_SENTENCES = {
    SlotStatus.ON_LEAVE: "{therapist} is on leave",
    SlotStatus.OUTSIDE_HOURS: "{therapist} does not work at {start}",
    SlotStatus.TOO_SOON: "{start} is inside {therapist}'s minimum notice",
    SlotStatus.TOO_FAR: "{start} is further ahead than {therapist} takes bookings",
    SlotStatus.CAP_REACHED: "{therapist} already has the most sessions allowed that day",
    SlotStatus.BLOCKED: "{therapist} is blocked at {start} ({detail})",
    SlotStatus.EXTERNAL_BUSY: "{therapist}'s own calendar is busy at {start}",
    SlotStatus.BOOKED: "{therapist} already has a session at {start} (buffers included)",
    SlotStatus.HELD: "{start} is being held for another booking",
    SlotStatus.NO_ROOM: "no suitable room is free at {start}, even after moving other sessions",
}


@dataclass(frozen=True)
class Override:
    """A supervisor's or admin's credentials, given at that moment, and why."""

    username: str
    password: str
    reason: str


@dataclass(frozen=True)
class BookingRequest:
    therapist: str
    client: str
    service: str
    start: datetime
    room: str | None = None
    session_type: SessionType = SessionType.FOLLOW_UP
    notes: str | None = None
    special_requests: str | None = None
    hold_id: int | None = None  # the hold this booking turns into (not a conflict)
    series_id: int | None = None  # an occurrence of a recurring series (SPEC F4) …
    occurrence_date: date | None = None  # … on this date of the series
    amount_cents: int | None = None  # the series' price; None: the service's


@dataclass(frozen=True)
class MovedSession:
    reference: str
    from_room: str | None
    to_room: str


@dataclass(frozen=True)
class BookingResult:
    session_id: int
    reference: str
    starts_at: datetime
    ends_at: datetime
    room: str | None
    moved: tuple[MovedSession, ...] = ()
    overridden_rules: tuple[str, ...] = ()
    rescheduled_from: str | None = None


@dataclass(frozen=True)
class HoldResult:
    hold_id: int
    starts_at: datetime
    ends_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class CancelResult:
    reference: str
    late: bool
    cancelled_at: datetime


@dataclass(frozen=True)
class _Placement:
    """What the re-check decided for one start: room, moves, overridden rules."""

    room_id: int | None
    room_key: str | None
    moves: tuple[RoomMove, ...] = ()
    overridden: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Prepared:
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
_INSERT_SESSION = insert(TherapySession).returning(TherapySession.id)
_DELETE_HOLD = delete(BookingHold).where(BookingHold.id == bindparam("hold"))
_THERAPIST_BY_KEY = select(Therapist).where(Therapist.key == bindparam("key"))
# FOR NO KEY UPDATE: it serializes one therapist's bookings without blocking the foreign-key
# checks (FOR KEY SHARE) that writing any session of that therapist makes. A plain FOR
# UPDATE did: a desk re-seating another therapist's session waited for that therapist's
# booking at another desk, which could be re-seating one of the first desk's (a deadlock).
_THERAPIST_LOCKED = _THERAPIST_BY_KEY.with_for_update(key_share=True)


# -- transactions -----------------------------------------------------------------------


def _in_transaction(database: Database, work: Callable[[Session], Result]) -> Result:
    """Run `work` in one write transaction; a lost race against another workstation is
    retried (the re-check then sees the winner and refuses with the real reason)."""
    guard = None
    for _attempt in range(ATTEMPTS):
        try:
            with database.write() as session:
                return work(session)
        except BookingRefusedError as refusal:
            if refusal.find_alternatives is not None:
                with database.read() as reader:
                    refusal.alternatives = refusal.find_alternatives(reader)
                refusal.find_alternatives = None
            raise
        except IntegrityError as error:
            guard = _guard_name(error)
            if guard is None:
                raise
            log.info("booking lost a race (%s); re-checking", guard)
        except OperationalError as error:
            if "deadlock" not in str(error.orig).lower():
                raise
            log.info("booking deadlocked with another workstation; re-checking")
    reason = GUARD_REASONS.get(guard or "", SlotStatus.BOOKED.value)
    raise BookingRefusedError(reason, "another workstation booked that time first; try again")


def _guard_name(error: IntegrityError) -> str | None:
    return guard_in(str(error.orig))


# -- lookups ----------------------------------------------------------------------------


def _lock_therapist(session: Session, key: str) -> Therapist:
    """The therapist row, locked on PostgreSQL so that one therapist's bookings (and so the
    daily cap) are decided one at a time; SQLite's BEGIN IMMEDIATE already serializes."""
    locking = session.get_bind().dialect.name == "postgresql"
    therapist = session.scalar(_THERAPIST_LOCKED if locking else _THERAPIST_BY_KEY, {"key": key})
    if therapist is None:
        raise BookingInputError(f"no therapist with key {key!r}")
    if not therapist.active:
        raise BookingInputError(f"therapist {key!r} is inactive")
    return therapist


def by_key(session: Session, model: type, key: str, what: str) -> object:
    """The active row of `model` with this key, or BookingInputError naming what is missing."""
    obj = session.scalar(select(model).where(model.key == key))  # type: ignore[attr-defined]
    if obj is None:
        raise BookingInputError(f"no {what} with key {key!r}")
    _must_be_active(obj, what, key)
    return obj


def _must_be_active(obj: object, what: str, key: str) -> None:
    if not getattr(obj, "active", True):
        raise BookingInputError(f"{what} {key!r} is inactive")


_CLIENT_COLUMNS = (Client.id, Client.key, Client.name, Client.email, Client.preferred_channel)
# The setup's stamp and the client in one round trip (no row: no stamp row, so no setup).
_STAMP_AND_CLIENT = (
    select(ChangeStamp.stamp, *_CLIENT_COLUMNS)
    .select_from(ChangeStamp)
    .outerjoin(Client, Client.key == bindparam("key"))
    .where(ChangeStamp.scope == "setup")
)


class _ClientRow(NamedTuple):
    """The client columns a booking reads (named as on `Client`)."""

    id: int
    key: str
    name: str
    email: str | None
    preferred_channel: ContactChannel | None


TherapistLike = Therapist | TherapistRow
ServiceLike = Service | ServiceRow
ClientLike = Client | _ClientRow


def _booking_parties(
    session: Session, clinic: Clinic | None, request: BookingRequest
) -> tuple[Clinic, TherapistRow, _ClientRow, ServiceRow]:
    """The clinic (unless given), therapist and service from the setup as this transaction
    reads it, and the client, which staff add and edit all day, from its row."""
    row = session.connection().execute(_STAMP_AND_CLIENT, {"key": request.client}).first()
    clinic = clinic or load_clinic(session, row.stamp if row is not None else None)
    therapist, service = _setup_parties(clinic, request)
    if row is None or row.id is None:
        raise BookingInputError(f"no client with key {request.client!r}")
    return clinic, therapist, _ClientRow(*row[1:]), service


def _setup_parties(clinic: Clinic, request: BookingRequest) -> tuple[TherapistRow, ServiceRow]:
    therapist = clinic.setup.therapists.get(request.therapist)
    if therapist is None:
        raise BookingInputError(f"no therapist with key {request.therapist!r}")
    _must_be_active(therapist, "therapist", request.therapist)
    service = clinic.setup.services.get(request.service)
    if service is None:
        raise BookingInputError(f"no service with key {request.service!r}")
    _must_be_active(service, "service", request.service)
    return therapist, service


# pg_advisory_xact_lock(BOOKING_DAY_LOCK, day ordinal): one booking at a time per clinic day.
BOOKING_DAY_LOCK = 0x46440001
# One round trip: the day's lock is taken as the therapist's row is found (the filter runs
# before the row is locked), so the order is always day, then therapist.
_LOCK_DAY_AND_THERAPIST = (
    select(Therapist.id)
    .where(
        Therapist.key == bindparam("key"),
        func.pg_advisory_xact_lock(BOOKING_DAY_LOCK, bindparam("day")).is_not(None),
    )
    .with_for_update(of=Therapist, key_share=True)  # as _THERAPIST_LOCKED
)


def _lock_day_and_therapist(session: Session, request: BookingRequest) -> None:
    """On PostgreSQL, bookings of one clinic day are decided one at a time, and so are one
    therapist's (their daily cap): both locks last until commit. A day's rooms are shared
    by all its sessions and a booking may re-seat other therapists' sessions; without the
    day lock two desks re-seating the same day wait on each other's rows (a deadlock, found
    only after a second) or one is refused by the room guard and starts over. SQLite's
    BEGIN IMMEDIATE already serializes everything."""
    if session.get_bind().dialect.name != "postgresql":
        return
    day = _day_to_lock(session, request.start) or date.min.toordinal()
    session.connection().execute(_LOCK_DAY_AND_THERAPIST, {"key": request.therapist, "day": day})


def _day_to_lock(session: Session, start: datetime) -> int | None:
    """The clinic day of `start` as the advisory lock's key; None for a start the booking
    itself will refuse (not on a whole minute, no offset)."""
    try:
        return _on_the_minute(start).astimezone(known_zone(session)).date().toordinal()
    except BookingInputError:
        return None


_LOCK_DAY = select(func.pg_advisory_xact_lock(BOOKING_DAY_LOCK, bindparam("day")))


def _lock_day(session: Session, start: datetime) -> None:
    """The day lock of `_lock_day_and_therapist` alone, taken before any other (reschedule:
    then the session, then the therapist)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    day = _day_to_lock(session, start)
    if day is not None:  # else the reschedule itself reports the bad start
        session.connection().execute(_LOCK_DAY, {"day": day})


def _session_by_reference(session: Session, reference: str, *, lock: bool) -> TherapySession:
    query = select(TherapySession).where(TherapySession.reference == reference.strip().upper())
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(key_share=True)  # see _THERAPIST_LOCKED
    found = session.scalar(query)
    if found is None:
        raise BookingInputError(f"no session with reference {reference!r}")
    return found


def _authorise(session: Session, override: Override) -> str:
    """The supervisor's username if the credentials allow an override, else a refusal."""
    if not override.reason or not override.reason.strip():
        raise BookingInputError("an override needs a reason")
    user = authenticate(session, override.username, override.password)
    if not may_override(user):
        raise BookingRefusedError(
            "not_permitted",
            "override needs the valid credentials of an active supervisor or admin",
        )
    return override.username


# -- the re-check -----------------------------------------------------------------------


def _schedule_around(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    start: datetime,
    now: datetime,
    days: int,
) -> Schedule:
    day = start.astimezone(clinic.zone).date()
    return load_schedule(
        session, clinic, therapist, day - timedelta(days=days), day + timedelta(days=days), now
    )


def _refuse(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    needs: ServiceNeeds,
    start: datetime,
    now: datetime,
    reason: str,
    message: str,
    **ignore: int | None,
) -> BookingRefusedError:
    """A refusal whose alternatives are looked up after the write transaction has ended, so
    other workstations never wait on the search for them."""
    key = therapist.key

    def alternatives(reader: Session) -> list[datetime]:
        return nearest_starts(reader, key, needs, start, now, **ignore)

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
        plan = _schedule_around(session, clinic, therapist, start, now, reach)
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


def reason_sentence(verdict: Verdict, therapist_name: str, start_text: str) -> str:
    """The refusal in the desk's words (the booking transaction and the drag feedback)."""
    return REASON_SENTENCES[verdict.status].format(
        therapist=therapist_name, start=start_text, detail=(verdict.detail or "").replace("_", " ")
    )


CLIENT_BUSY = "the client already has a session at that time"
CLIENT_GUARD = "ex_sessions_client_overlap"


def room_unfit(room_name: str, service_name: str, missing: Iterable[str]) -> str:
    return f"{room_name} lacks what {service_name} needs: {', '.join(sorted(missing))}"


def room_taken(room_name: str) -> str:
    return f"{room_name} is taken at that time"


def _sentence(verdict: Verdict, therapist: TherapistLike, start: datetime, clinic: Clinic) -> str:
    start_text = format_local(start, clinic.zone).replace("T", " ")
    return reason_sentence(verdict, therapist.name, start_text)


def _place(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    service: ServiceLike,
    client: ClientLike,
    start: datetime,
    now: datetime,
    *,
    room_key: str | None,
    override: Override | None,
    ignore_session: int | None = None,
    ignore_hold: int | None = None,
    schedules: dict[tuple[str, date], Schedule] | None = None,
    prepared: _Prepared | None = None,
) -> _Placement:
    """Re-check every rule for `start` against the database; decide the room. `schedules`
    keeps a therapist's day loaded between the requests of one `book_each`; `prepared` is
    the decision taken before the transaction, kept if nothing it relied on has changed.
    The client's other sessions are the database's client guard's, at the insert
    (`_insert_for_client`): no query of its own here."""
    needs = service_needs(service)
    end = start + timedelta(minutes=needs.duration_minutes)
    if prepared is not None and _still_holds(session, clinic, therapist, start, end, now, prepared):
        return _placed(clinic, prepared.choice, ())
    day_key = (therapist.key, start.astimezone(clinic.zone).date())
    schedule = schedules.get(day_key) if schedules is not None else None
    if schedule is None:
        schedule = _schedule_around(session, clinic, therapist, start, now, 0)
        if schedules is not None:
            schedules[day_key] = schedule
    verdict = schedule.check(start, needs, ignore_session=ignore_session, ignore_hold=ignore_hold)
    ignore = {"ignore_session": ignore_session, "ignore_hold": ignore_hold}

    def refuse(reason: str, message: str) -> BookingRefusedError:
        return _refuse(session, clinic, therapist, needs, start, now, reason, message, **ignore)

    overridden: tuple[str, ...] = ()
    if verdict.failures:
        if override is not None:
            verdict = verdict.unliftable_first()
        if override is None or not verdict.overridable:
            raise refuse(verdict.status.value, _sentence(verdict, therapist, start, clinic))
        _authorise(session, override)
        overridden = tuple(f.value for f in verdict.failures)
    elif override is not None:
        _authorise(session, override)
    begin, finish = int(start.timestamp()), int(end.timestamp())
    if room_key:
        room = by_key(session, Room, room_key, "room")
        assert isinstance(room, Room)
        if not needs.required_features <= set(room.features or ()):
            missing = needs.required_features - set(room.features or ())
            raise BookingRefusedError("room_busy", room_unfit(room.name, service.name, missing))
        if not schedule.rooms.is_free(room.id, begin, finish, ignore_session):
            raise refuse("room_busy", room_taken(room.name))
        return _Placement(room.id, room.key, (), overridden)
    day = start.astimezone(clinic.zone).date()
    choice = schedule.room_for(begin, finish, day, needs, ignore_session=ignore_session)
    if choice is None:  # the verdict already said so unless rules were overridden
        raise refuse(
            SlotStatus.NO_ROOM.value,
            REASON_SENTENCES[SlotStatus.NO_ROOM].format(start=format_local(start, clinic.zone)),
        )
    return _placed(clinic, choice, overridden)


def _placed(clinic: Clinic, choice: RoomChoice, overridden: tuple[str, ...]) -> _Placement:
    key = clinic.setup.room_keys[choice.room_id]
    return _Placement(choice.room_id, key, choice.moves, overridden)


def _insert_for_client(
    insert_session: Callable[[], Result], refusal: Callable[[], BookingRefusedError]
) -> Result:
    """Write the session; the client guard refusing it (the client already has a session
    then, committed or another desk's just now) is the booking's refusal: "the client
    already has a session at that time". Checked by the database rather than by a query
    first: one round trip less on every booking, and it is the same rule."""
    try:
        return insert_session()
    except IntegrityError as error:
        if _guard_name(error) != CLIENT_GUARD:
            raise
        raise refusal() from None


def _still_holds(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    start: datetime,
    end: datetime,
    now: datetime,
    prepared: _Prepared,
) -> bool:
    """Whether the decision taken before the transaction stands: the setup is unchanged;
    every rule but the room's reads only the therapist's side (hours, blocks, own sessions,
    holds, rooms…), and that is unchanged; and the room chosen is still free, or, when
    sessions move to make room, the rooms involved hold exactly what they held (another
    desk may have booked since)."""
    day = start.astimezone(clinic.zone).date()
    if clinic.setup.stamp is None or clinic.setup.stamp != prepared.setup_stamp:
        return False  # e.g. a service another session moves for needs a new feature
    if load_own_inputs(session, clinic, therapist, day, day, now) != prepared.inputs:
        return False
    connection = session.connection()
    if not prepared.choice.moves:
        values = {"room": prepared.choice.room_id, "start": start, "end": end,
                  "earliest": start - LONGEST_SESSION}  # fmt: skip
        return connection.execute(_ROOM_IN_USE, values).first() is None
    rooms, window_start, window_end = _rooms_involved(prepared.choice, clinic, day)
    values = {"rooms": sorted(rooms), "start": instant(window_start), "end": instant(window_end),
              "earliest": instant(window_start) - LONGEST_SESSION}  # fmt: skip
    now_held = {RoomUse(*row) for row in connection.execute(_ROOM_USES, values)}
    return {(u.id, u.room_id, u.start, u.end) for u in prepared.room_uses} == {
        (u.id, u.room_id, u.start, u.end) for u in now_held
    }


def _rooms_involved(choice: RoomChoice, clinic: Clinic, day: date) -> tuple[set[int], int, int]:
    """The rooms a re-seating touches, and the stretch of time whose use of them it read
    (the day, and sessions reaching into it from either side)."""
    rooms = {choice.room_id} | {m.to_room for m in choice.moves}
    rooms |= {m.from_room for m in choice.moves if m.from_room is not None}
    window_start = int(day_start_utc(day, clinic.zone).timestamp())
    window_end = int(day_start_utc(day + timedelta(days=1), clinic.zone).timestamp())
    return rooms, window_start, window_end + int(LONGEST_SESSION.total_seconds())


# Emptying the moved sessions' rooms also reads what the moves need of them.
_VACATE = (
    update(TherapySession)
    .where(TherapySession.id.in_(bindparam("moved", expanding=True)))
    .values(room_id=None)
    .returning(
        TherapySession.id,
        TherapySession.reference,
        TherapySession.revision,
        TherapySession.therapist_id,
    )
)


def _reseat(moves: Sequence[RoomMove]) -> Update:
    """One UPDATE giving every moved session its new room (a CASE on the id)."""
    return (
        update(TherapySession)
        .where(TherapySession.id.in_([move.session_id for move in moves]))
        .values(
            room_id=case(
                {move.session_id: move.to_room for move in moves}, value=TherapySession.id
            ),
            revision=TherapySession.revision + 1,
        )
    )


def _apply_moves(
    session: Session, clinic: Clinic, moves: Sequence[RoomMove], actor: str, now: datetime
) -> list[MovedSession]:
    """Re-seat other sessions; rooms are emptied first so a swap never trips the guards.
    A few plain statements whatever the number of moves (empty and read, re-seat, audit,
    outbox): a booking re-seats inside its turn, where the unit of work's loading and
    bookkeeping, or a round trip per move, would cost several times more."""
    if not moves:
        return []
    connection = session.connection()
    ids = [move.session_id for move in moves]
    moved = {row.id: row for row in connection.execute(_VACATE, {"moved": ids})}
    connection.execute(_reseat(moves))
    keys = clinic.setup.room_keys
    therapists = {t.id: t for t in clinic.setup.therapists.values()}
    result, entries, effects = [], [], []
    for move in moves:
        old = keys.get(move.from_room) if move.from_room is not None else None
        entries.append(
            change_entry(
                actor,
                "session.room_change",
                "session",
                move.session_id,
                before={"room": old},
                after={"room": keys[move.to_room]},
                reason="re-arranged to make room for a booking",
            )
        )
        result.append(MovedSession(moved[move.session_id].reference, old, keys[move.to_room]))
        # the therapist and calendars hear; the client is told on arrival
        row = moved[move.session_id]
        targets = effect_targets(
            EffectKind.CHANGE, None, therapists[row.therapist_id], tell_client=False
        )
        revision = row.revision + 1
        effects += effect_rows(move.session_id, revision, EffectKind.CHANGE.value, targets, now)
    record_changes(session, entries)
    queue_effect_rows(session, effects)
    return result


def _booking_year(now: datetime, clinic: Clinic) -> int:
    return now.astimezone(clinic.zone).year


def _snapshot(record: TherapySession) -> dict[str, object]:
    return {
        "reference": record.reference,
        "therapist": record.therapist.key,
        "client": record.client.key,
        "service": record.service.key,
        "start": record.starts_at.isoformat(),
        "end": record.ends_at.isoformat(),
        "room": record.room.key if record.room else None,
        "status": record.status.value,
    }


# -- use cases --------------------------------------------------------------------------


def book(
    database: Database,
    request: BookingRequest,
    *,
    actor: str,
    now: datetime,
    override: Override | None = None,
) -> BookingResult:
    """Book a session after re-checking every rule; refuse with the reason and the three
    nearest available starts otherwise."""
    prepared = _prepare(database, request, now) if override is None else None

    def work(session: Session) -> BookingResult:
        nonlocal prepared
        plan, prepared = prepared, None  # a retry after a lost race re-checks in full
        return _book_in(session, request, actor, now, override, prepared=plan)

    return _in_transaction(database, work)


def _prepare(database: Database, request: BookingRequest, now: datetime) -> _Prepared | None:
    """Where writers take turns (SQLite), decide the booking before taking the write lock,
    from a snapshot, so the turn itself is short: the transaction then confirms that
    nothing the decision relied on has changed (`_still_holds`) and re-checks everything in
    full only if something has. None when there is nothing to gain (a refusal: its reason
    and alternatives come from the full check; a named room)."""
    if not database.writers_take_turns or request.room:
        return None
    with database.read() as session:
        clinic = load_clinic(session)
        try:
            therapist, service = _setup_parties(clinic, request)
            start = _on_the_minute(request.start)
        except BookingInputError:
            return None  # the transaction says what is wrong
        needs = service_needs(service)
        schedule = _schedule_around(session, clinic, therapist, start, now, 0)
        if schedule.check(start, needs, ignore_hold=request.hold_id).failures:
            return None
        begin = int(start.timestamp())
        finish = begin + needs.duration_minutes * 60
        day = start.astimezone(clinic.zone).date()
        choice = schedule.room_for(begin, finish, day, needs)
        if choice is None:
            return None
        uses: frozenset[RoomUse] = frozenset()
        if choice.moves:
            rooms, window_start, window_end = _rooms_involved(choice, clinic, day)
            uses = frozenset(schedule.rooms.uses_in(rooms, window_start, window_end))
        return _Prepared(clinic.setup.stamp, without_room_use(schedule.inputs), choice, uses)


def book_each(
    database: Database, requests: Sequence[BookingRequest], *, actor: str, now: datetime
) -> list[BookingResult | BookingRefusedError]:
    """Book several requests in one write transaction, each in a savepoint of its own, with
    exactly the checks of `book` (the recurring job: thousands of occurrences without a
    transaction each). A refusal only skips its request and carries no alternatives. A
    therapist's day is loaded once and again only after a booking changed it."""
    results: list[BookingResult | BookingRefusedError] = []
    with database.write() as session:
        clinic = load_clinic(session)
        schedules: dict[tuple[str, date], Schedule] = {}
        for request in requests:
            day_key = (request.therapist, request.start.astimezone(clinic.zone).date())
            try:
                with session.begin_nested():
                    result = _book_in(
                        session, request, actor, now, None, clinic=clinic, schedules=schedules
                    )
            except BookingRefusedError as refusal:
                refusal.find_alternatives = None
                results.append(refusal)
                continue
            except IntegrityError as error:
                _forget_day(schedules, day_key[1])
                results.append(_refusal_from_guard(error))
                continue
            _forget_day(schedules, day_key[1])  # one more session, one more room taken
            results.append(result)
    return results


def _forget_day(schedules: dict[tuple[str, date], Schedule], day: date) -> None:
    for key in [key for key in schedules if key[1] == day]:
        del schedules[key]


def _refusal_from_guard(error: IntegrityError) -> BookingRefusedError:
    """A database guard or unique key refused the insert: say which in the desk's words."""
    text = str(error.orig)
    if "series_id" in text or "uq_sessions_series" in text:
        return BookingRefusedError("already_booked", "that occurrence is booked already")
    guard = _guard_name(error)
    if guard is None:
        raise error
    return BookingRefusedError(
        GUARD_REASONS.get(guard, SlotStatus.BOOKED.value),
        "another workstation booked that time first",
    )


def _book_in(
    session: Session,
    request: BookingRequest,
    actor: str,
    now: datetime,
    override: Override | None,
    *,
    clinic: Clinic | None = None,
    schedules: dict[tuple[str, date], Schedule] | None = None,
    prepared: _Prepared | None = None,
) -> BookingResult:
    """The booking itself, inside the caller's transaction (see `book`, `book_each`)."""
    _lock_day_and_therapist(session, request)  # first: the setup is then read after them
    clinic, therapist, client, service = _booking_parties(session, clinic, request)
    start = _on_the_minute(request.start)
    placement = _place(
        session,
        clinic,
        therapist,
        service,
        client,
        start,
        now,
        room_key=request.room,
        override=override,
        ignore_hold=request.hold_id,
        schedules=schedules,
        prepared=prepared,
    )
    moved = _apply_moves(session, clinic, placement.moves, actor, now)
    ends_at = start + timedelta(minutes=service.duration_minutes)
    busy_from, busy_until = occupancy_bounds(
        start, ends_at, therapist.buffer_before_minutes, therapist.buffer_after_minutes
    )
    year = _booking_year(now, clinic)
    reference_last = takes_reference_last(session)
    values = {
        "reference": stand_in_reference() if reference_last else allocate_reference(session, year),
        "therapist_id": therapist.id,
        "client_id": client.id,
        "service_id": service.id,
        "room_id": placement.room_id,
        "starts_at": start,
        "ends_at": ends_at,
        "busy_from": busy_from,
        "busy_until": busy_until,
        "status": SessionStatus.SCHEDULED,
        "session_type": request.session_type,
        "amount_cents": (
            service.price_cents if request.amount_cents is None else request.amount_cents
        ),
        "series_id": request.series_id,
        "occurrence_date": request.occurrence_date,
        "notes": request.notes,
        "special_requests": request.special_requests,
        "overridden": bool(placement.overridden),
        "override_reason": (override.reason.strip() if placement.overridden and override else None),
        "created_at": now,  # booked "now" by the use case's clock (reminders rely on it)
    }
    # A plain INSERT: the unit of work's bookkeeping costs more than the row itself on
    # this, the busiest write of the product.
    session_id = _insert_for_client(
        lambda: session.connection().execute(_INSERT_SESSION, values).scalar_one(),
        lambda: _refuse(session, clinic, therapist, service_needs(service), start, now,
                        "client_busy", CLIENT_BUSY, ignore_hold=request.hold_id),
    )  # fmt: skip
    if request.hold_id is not None:
        session.connection().execute(_DELETE_HOLD, {"hold": request.hold_id})
    if not reference_last:
        enqueue_effects(
            session,
            session_id=session_id,
            revision=1,
            kind=EffectKind.CONFIRMATION,
            client=client,
            therapist=therapist,
            now=now,
        )
    reference = str(values["reference"])
    room_key = placement.room_key
    snapshot = {
        "reference": reference,
        "therapist": therapist.key,
        "client": client.key,
        "service": service.key,
        "start": start.isoformat(),
        "end": ends_at.isoformat(),
        "room": room_key,
        "status": SessionStatus.SCHEDULED.value,
    }
    audit = _booking_audit(session_id, snapshot, actor, "session.book", placement, override)
    if reference_last:  # the year's counter row is then locked only until the commit
        targets = effect_targets(EffectKind.CONFIRMATION, client, therapist)
        confirmation = (EffectKind.CONFIRMATION.value, [t.value for t in targets], now)
        reference = finish_with_reference(session, session_id, year, reference, audit, confirmation)
    else:
        record_changes(session, [audit])
    return BookingResult(
        session_id=session_id,
        reference=reference,
        starts_at=start,
        ends_at=ends_at,
        room=room_key,
        moved=tuple(moved),
        overridden_rules=placement.overridden,
    )


def reschedule(
    database: Database,
    reference: str,
    new_start: datetime,
    *,
    actor: str,
    now: datetime,
    therapist: str | None = None,
    room: str | None = None,
    override: Override | None = None,
) -> BookingResult:
    """Move a session (same checks as booking). The moved session gets a new reference that
    points back to the old one (`rescheduled_from`); the old one is cancelled as moved."""

    def work(session: Session) -> BookingResult:
        _lock_day(session, new_start)  # first, as a booking's (it may re-seat that day)
        clinic = load_clinic(session)
        old = _session_by_reference(session, reference, lock=True)
        if old.status not in LIVE_STATUSES:
            raise BookingRefusedError(
                "not_permitted", f"{old.reference} is {old.status.value} and cannot be moved"
            )
        target = _lock_therapist(session, therapist or old.therapist.key)
        start = _on_the_minute(new_start)
        placement = _place(
            session,
            clinic,
            target,
            old.service,
            old.client,
            start,
            now,
            room_key=room,
            override=override,
            ignore_session=old.id,
        )
        series, occurrence, was = old.series, old.occurrence_date, old.status.value
        old.status = SessionStatus.CANCELLED
        old.cancelled_at = now
        old.series, old.occurrence_date = None, None
        old.revision += 1
        session.flush()
        moved = _apply_moves(session, clinic, placement.moves, actor, now)
        record = TherapySession(
            reference=allocate_reference(session, _booking_year(now, clinic)),
            therapist=target,
            client=old.client,
            service=old.service,
            room_id=placement.room_id,
            starts_at=start,
            ends_at=start + (old.ends_at - old.starts_at),
            status=SessionStatus.SCHEDULED,
            session_type=old.session_type,
            amount_cents=old.amount_cents,
            payment_status=old.payment_status,
            notes=old.notes,
            special_requests=old.special_requests,
            rescheduled_from=old,
            created_at=now,
            # Calendars see one event that moved: same identity, a higher SEQUENCE.
            calendar_uid=old.calendar_uid,
            revision=old.revision + 1,
            series=series,
            occurrence_date=occurrence,
            overridden=bool(placement.overridden),
            override_reason=override.reason.strip() if placement.overridden and override else None,
        )
        record.occupy_with_buffers(target.buffer_before_minutes, target.buffer_after_minutes)
        session.add(record)
        # made before the flush: a refused flush leaves the unit of work unusable
        client_busy = _refuse(session, clinic, target, service_needs(old.service), start, now,
                              "client_busy", CLIENT_BUSY, ignore_session=old.id)  # fmt: skip
        _insert_for_client(session.flush, lambda: client_busy)
        old.cancellation_reason = f"rescheduled to {record.reference}"
        record_change(
            session,
            actor=actor,
            action="session.reschedule_out",
            entity_type="session",
            entity_id=old.id,
            before={"status": was},
            after={"status": "cancelled", "rescheduled_to": record.reference},
        )
        _audit_booking(
            session, record.id, _snapshot(record), actor, "session.reschedule", placement, override
        )
        enqueue_effects(
            session,
            session_id=record.id,
            revision=record.revision,
            kind=EffectKind.CHANGE,
            client=record.client,
            therapist=target,
            now=now,
        )
        if target.id != old.therapist_id:  # the first therapist loses the session
            enqueue_effects(
                session,
                session_id=old.id,
                revision=old.revision,
                kind=EffectKind.CANCELLATION,
                client=old.client,
                therapist=old.therapist,
                now=now,
                tell_client=False,
            )
        return _result(record, moved, placement, rescheduled_from=old.reference)

    return _in_transaction(database, work)


def hold(
    database: Database,
    therapist_key: str,
    service_key: str,
    start: datetime,
    *,
    actor: str,
    now: datetime,
    client_key: str | None = None,
) -> HoldResult:
    """Keep a start aside for the clinic's hold time while staff are on the phone."""

    def work(session: Session) -> HoldResult:
        clinic = load_clinic(session)
        therapist = _lock_therapist(session, therapist_key)
        service = by_key(session, Service, service_key, "service")
        client = by_key(session, Client, client_key, "client") if client_key else None
        assert isinstance(service, Service)
        begin = _on_the_minute(start)
        needs = service_needs(service)
        schedule = _schedule_around(session, clinic, therapist, begin, now, 0)
        verdict = schedule.check(begin, needs)
        if verdict.failures:
            raise _refuse(
                session,
                clinic,
                therapist,
                needs,
                begin,
                now,
                verdict.status.value,
                _sentence(verdict, therapist, begin, clinic),
            )
        record = BookingHold(
            therapist_id=therapist.id,
            service_id=service.id,
            client_id=client.id if isinstance(client, Client) else None,
            starts_at=begin,
            ends_at=begin + timedelta(minutes=needs.duration_minutes),
            expires_at=now + timedelta(minutes=clinic.settings.hold_minutes),
            held_by=actor,
        )
        session.add(record)
        session.flush()
        return HoldResult(record.id, record.starts_at, record.ends_at, record.expires_at)

    return _in_transaction(database, work)


def release_hold(database: Database, hold_id: int) -> bool:
    """Give a held start back (the call ended without a booking)."""
    with database.write() as session:
        found = session.get(BookingHold, hold_id)
        if found is None:
            return False
        session.delete(found)
        return True


def expire_holds(database: Database, now: datetime) -> int:
    """Delete holds that have lapsed (they already stopped counting at `expires_at`)."""
    with database.write() as session:
        expired = list(session.scalars(select(BookingHold).where(BookingHold.expires_at <= now)))
        for item in expired:
            session.delete(item)
        return len(expired)


def cancel(
    database: Database,
    reference: str,
    reason: str,
    *,
    actor: str,
    now: datetime,
    supervisor: Override | None = None,
) -> CancelResult:
    """Cancel with a reason. Inside the clinic's cancellation notice the cancellation is
    marked late unless a supervisor (credentials given now) waives it."""
    if not reason or not reason.strip():
        raise BookingInputError("a cancellation needs a reason")

    def work(session: Session) -> CancelResult:
        clinic = load_clinic(session)
        record = _session_by_reference(session, reference, lock=True)
        if record.status not in LIVE_STATUSES:
            raise BookingRefusedError(
                "not_permitted",
                f"{record.reference} is {record.status.value}; only scheduled or confirmed "
                "sessions can be cancelled",
            )
        notice = timedelta(hours=clinic.settings.cancellation_notice_hours)
        late = record.starts_at - now < notice
        waived_by = None
        if late and supervisor is not None:
            waived_by = _authorise(session, supervisor)
            late = False
        was = record.status.value
        record.status = SessionStatus.CANCELLED
        record.cancelled_at = now
        record.cancellation_reason = reason.strip()
        record.late_cancellation = late
        record.revision += 1
        record_change(
            session,
            actor=actor,
            action="session.cancel",
            entity_type="session",
            entity_id=record.id,
            before={"status": was},
            after={"status": "cancelled", "late": late, "notice_waived_by": waived_by},
            reason=reason.strip(),
        )
        enqueue_effects(
            session,
            session_id=record.id,
            revision=record.revision,
            kind=EffectKind.CANCELLATION,
            client=record.client,
            therapist=record.therapist,
            now=now,
        )
        return CancelResult(record.reference, late, now)

    return _in_transaction(database, work)


def change_status(
    database: Database, reference: str, status: SessionStatus, *, actor: str, now: datetime
) -> SessionStatus:
    """Move a session along scheduled → confirmed → in_progress → completed (or no_show);
    anything else is refused with what is allowed from where it is."""
    if status == SessionStatus.CANCELLED:
        raise BookingInputError("cancel a session with its reason (frontdesk cancel)")

    def work(session: Session) -> SessionStatus:
        record = _session_by_reference(session, reference, lock=True)
        current = record.status
        allowed = TRANSITIONS[current]
        if status not in allowed:
            options = ", ".join(sorted(s.value for s in allowed)) or "nothing (it is final)"
            raise BookingRefusedError(
                "not_permitted",
                f"{record.reference} cannot go from {current.value} to {status.value}; "
                f"allowed: {options}",
            )
        if status in (SessionStatus.NO_SHOW, SessionStatus.COMPLETED) and now < record.starts_at:
            raise BookingRefusedError(
                "not_permitted", f"{record.reference} has not started yet ({status.value})"
            )
        record.status = status
        record.revision += 1
        record_change(
            session,
            actor=actor,
            action="session.status",
            entity_type="session",
            entity_id=record.id,
            before={"status": current.value},
            after={"status": status.value},
        )
        enqueue_effects(
            session,
            session_id=record.id,
            revision=record.revision,
            kind=EffectKind.STATUS,
            client=record.client,
            therapist=record.therapist,
            now=now,
        )
        return status

    return _in_transaction(database, work)


# -- helpers ----------------------------------------------------------------------------


def _on_the_minute(start: datetime) -> datetime:
    if start.tzinfo is None:
        raise BookingInputError("a start must carry its offset or be read in the clinic zone")
    if start.second or start.microsecond:
        raise BookingInputError("a start must be on a whole minute")
    return start


def _audit_booking(
    session: Session,
    session_id: int,
    snapshot: dict[str, object],
    actor: str,
    action: str,
    placement: _Placement,
    override: Override | None,
) -> None:
    record_changes(
        session, [_booking_audit(session_id, snapshot, actor, action, placement, override)]
    )


def _booking_audit(
    session_id: int,
    snapshot: dict[str, object],
    actor: str,
    action: str,
    placement: _Placement,
    override: Override | None,
) -> dict[str, Any]:
    after = dict(snapshot)
    if placement.overridden and override is not None:
        after["overridden_rules"] = list(placement.overridden)
        after["authorised_by"] = override.username
    reason = override.reason.strip() if placement.overridden and override else None
    return change_entry(actor, action, "session", session_id, after=after, reason=reason)


def _result(
    record: TherapySession,
    moved: list[MovedSession],
    placement: _Placement,
    rescheduled_from: str | None = None,
) -> BookingResult:
    return BookingResult(
        session_id=record.id,
        reference=record.reference,
        starts_at=record.starts_at,
        ends_at=record.ends_at,
        room=record.room.key if record.room else None,
        moved=tuple(moved),
        overridden_rules=placement.overridden,
        rescheduled_from=rescheduled_from,
    )
