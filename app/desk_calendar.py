"""What the week and day views show, loaded once per range (docs/desk.md, Views).

The window asks for a date range once; every item it draws and every drag-move check it
makes is answered from this object in memory, without a query per mouse move. A check is the
booking turn's own placement rule (`app.scheduling.placement.check_start`) over the loaded
week, with the client's other sessions as loaded here. The transaction re-checks against the
database on drop, so a stale answer here can only ever refuse late, never double-book.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.loader import load_clinic, load_schedules
from app.booking.wording import not_movable, refusal_sentence
from app.i18n import desk_formats, translate
from app.money.accounts import payment_marker
from app.money.ledger import clinic_currency, session_charges
from app.scheduling import DaySlots, RoomBook, RoomInfo, RoomUse, Schedule, ServiceNeeds
from app.scheduling.blocks import block_occurrences
from app.scheduling.placement import check_start
from app.timezones import day_start_utc, wall_to_instant
from db.engine import Database
from db.enums import SessionStatus, TherapistStatus
from db.models import Client, Room, Service, Therapist, TherapySession

# Colours for "colour by service" (services carry no colour of their own); chosen to stay
# readable under dark text and distinct from each other.
SERVICE_PALETTE = (
    "#8cb4e0",
    "#f2b36f",
    "#9fd49a",
    "#e79a9a",
    "#c5a8e0",
    "#f0d77a",
    "#8fd3cc",
    "#d9a7c7",
)


@dataclass(frozen=True, slots=True)
class TherapistColumn:
    id: int
    key: str
    name: str
    colour: str
    cap: int
    on_leave: bool


@dataclass(frozen=True, slots=True)
class RoomColumn:
    id: int
    key: str
    name: str
    features: frozenset[str]


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    id: int
    key: str
    name: str
    duration_minutes: int
    required_features: frozenset[str]
    colour: str
    active: bool = True

    @property
    def needs(self) -> ServiceNeeds:
        return ServiceNeeds(self.duration_minutes, self.required_features)


@dataclass(frozen=True, slots=True)
class SessionCard:
    """One non-cancelled session as the views draw it (times in the clinic's zone)."""

    id: int
    reference: str
    therapist_id: int
    client_id: int
    client_name: str
    service_id: int
    room_id: int | None
    starts_at: datetime
    ends_at: datetime
    status: str
    session_type: str
    overridden: bool
    revision: int
    payment: str = ""  # "Paid", "40.00 due", or nothing (app.money.accounts.payment_marker)

    @property
    def movable(self) -> bool:
        return self.status in (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)


@dataclass(frozen=True, slots=True)
class BlockCard:
    therapist_id: int
    starts_at: datetime
    ends_at: datetime
    block_type: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class HoldCard:
    therapist_id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class MoveCheck:
    """Whether a session (or a new booking) may go to a target, and why not."""

    allowed: bool
    reason: str | None = None  # a SlotStatus value, or client_busy / room_busy / not_permitted
    message: str = ""
    overridable: bool = False  # fails only rules a supervisor may override


ALLOWED = MoveCheck(True)


class DeskCalendar:
    """Every therapist's and room's sessions, blocks, holds and hours over a date range,
    with the engine's schedules for checking moves."""

    def __init__(
        self,
        *,
        first_day: date,
        last_day: date,
        zone: ZoneInfo,
        slot_minutes: int,
        now: datetime,
        therapists: list[TherapistColumn],
        rooms: list[RoomColumn],
        services: dict[int, ServiceInfo],
        sessions: list[SessionCard],
        schedules: dict[int, Schedule],
        setup_stamp: int | None = None,
    ) -> None:
        self.first_day, self.last_day = first_day, last_day
        self.setup_stamp = setup_stamp  # the setup it was read under (`reload_days` compares)
        self.zone, self.slot_minutes, self.now = zone, slot_minutes, now
        self.therapists, self.rooms, self.services = therapists, rooms, services
        self.sessions = sessions
        self.schedules = schedules
        self.therapist_by_id = {t.id: t for t in therapists}
        self.room_by_id = {r.id: r for r in rooms}
        self._per_day = Counter((s.therapist_id, s.starts_at.date()) for s in sessions)
        self._by_client: dict[int, list[SessionCard]] = {}
        for card in sessions:
            self._by_client.setdefault(card.client_id, []).append(card)
        range_start = day_start_utc(first_day, zone)
        range_end = day_start_utc(last_day + timedelta(days=1), zone)
        self.blocks = [
            BlockCard(
                therapist_id,
                start.astimezone(zone),
                end.astimezone(zone),
                rule.block_type,
                rule.reason,
            )
            for therapist_id, schedule in schedules.items()
            for rule in schedule.inputs.blocks
            for start, end in block_occurrences(rule, zone, range_start, range_end)
        ]
        self.blocks += [
            BlockCard(therapist_id, start.astimezone(zone), end.astimezone(zone), "busy", None)
            for therapist_id, schedule in schedules.items()
            for start, end in schedule.inputs.external_busy
        ]
        self.holds = [
            HoldCard(therapist_id, hold.starts_at.astimezone(zone), hold.ends_at.astimezone(zone))
            for therapist_id, schedule in schedules.items()
            for hold in schedule.inputs.holds
        ]

    # -- days read again ----------------------------------------------------------------

    def spliced(self, part: DeskCalendar, days: frozenset[date]) -> DeskCalendar:
        """This range with `days` taken from `part` (read later, under the same setup): the
        sessions and holds starting on those days are `part`'s, every other one is kept as it
        is (the very same card objects, so the view keeps their items untouched)."""
        zone = self.zone

        def fresh_day(moment: datetime) -> bool:
            return moment.astimezone(zone).date() in days

        cards = sorted(
            [c for c in self.sessions if c.starts_at.date() not in days]
            + [c for c in part.sessions if c.starts_at.date() in days],
            key=lambda c: (c.starts_at, c.id),
        )
        room_uses = _spliced_room_uses(self.schedules, part.schedules, zone, days)
        now = part.now
        rooms = RoomBook(self.rooms_info(), room_uses, int(now.timestamp()))
        schedules = {}
        for therapist_id, schedule in self.schedules.items():
            kept, read = schedule.inputs, part.schedules[therapist_id].inputs
            inputs = replace(
                kept,
                sessions=sorted(
                    [s for s in kept.sessions if not fresh_day(s.starts_at)]
                    + [s for s in read.sessions if fresh_day(s.starts_at)],
                    key=lambda s: (s.starts_at, s.id),
                ),
                holds=sorted(
                    [h for h in kept.holds if not fresh_day(h.starts_at)]
                    + [h for h in read.holds if fresh_day(h.starts_at)],
                    key=lambda h: (h.starts_at, h.id),
                ),
                room_sessions=room_uses,
            )
            schedules[therapist_id] = Schedule(inputs, self.first_day, self.last_day, now, rooms)
        return DeskCalendar(
            first_day=self.first_day,
            last_day=self.last_day,
            zone=zone,
            slot_minutes=self.slot_minutes,
            now=now,
            therapists=self.therapists,
            rooms=self.rooms,
            services=self.services,
            sessions=cards,
            schedules=schedules,
            setup_stamp=self.setup_stamp,
        )

    def rooms_info(self) -> list[RoomInfo]:
        """The active rooms as the engine knows them (from any schedule: they share them)."""
        for schedule in self.schedules.values():
            return list(schedule.inputs.rooms)
        return []

    # -- what the views draw ----------------------------------------------------------

    @property
    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=i) for i in range(count)]

    def working_windows(self, therapist_id: int, day: date) -> list[tuple[datetime, datetime]]:
        """That day's working blocks as local datetimes (the exception's hours if any)."""
        schedule = self.schedules.get(therapist_id)
        if schedule is None:
            return []
        midnight = datetime.combine(day, time())
        return [
            (
                wall_to_instant(midnight + timedelta(minutes=first), self.zone).astimezone(
                    self.zone
                ),
                wall_to_instant(midnight + timedelta(minutes=last), self.zone).astimezone(
                    self.zone
                ),
            )
            for first, last in schedule.windows(day)
        ]

    def day_load(self, therapist_id: int, day: date) -> tuple[int, int]:
        """(sessions booked, the therapist's daily cap) — the `6/8` of a column header."""
        therapist = self.therapist_by_id[therapist_id]
        return self._per_day.get((therapist_id, day), 0), therapist.cap

    def day_slots(
        self, therapist_id: int, service_id: int, day: date, *, override: bool = False
    ) -> DaySlots:
        """Every candidate start of that day with its status (the booking dialog's list);
        with `override`, which failing starts a supervisor could still book."""
        return self.schedules[therapist_id].day_slots(
            day, self.services[service_id].needs, override=override
        )

    def room_for(self, therapist_id: int, service_id: int, start: datetime) -> RoomColumn | None:
        """The room a booking at `start` would get now (preferred, else smallest free)."""
        schedule = self.schedules[therapist_id]
        needs = self.services[service_id].needs
        begin = int(start.timestamp())
        choice = schedule.room_for(
            begin, begin + needs.duration_minutes * 60, start.astimezone(self.zone).date(), needs
        )
        return self.room_by_id.get(choice.room_id) if choice else None

    # -- drag feedback ----------------------------------------------------------------

    def check_move(
        self,
        card: SessionCard,
        start: datetime,
        therapist_id: int | None = None,
        room_id: int | None = None,
    ) -> MoveCheck:
        """May `card` move to `start` (with another therapist or into a given room)?"""
        if not card.movable:
            return MoveCheck(
                False, "not_permitted", not_movable(card.reference, SessionStatus(card.status))
            )
        target = therapist_id if therapist_id is not None else card.therapist_id
        service = self.services[card.service_id]
        return self._check(target, service, start, card.client_id, card.id, room_id)

    def _check(
        self,
        therapist_id: int,
        service: ServiceInfo,
        start: datetime,
        client_id: int | None,
        ignore: int | None,
        room_id: int | None,
    ) -> MoveCheck:
        schedule = self.schedules.get(therapist_id)
        therapist = self.therapist_by_id.get(therapist_id)
        if schedule is None or therapist is None:
            return MoveCheck(
                False,
                "not_permitted",
                translate("BookingRefusal", "that therapist is not shown here"),
            )
        if not (self.first_day <= start.astimezone(self.zone).date() <= self.last_day):
            return MoveCheck(
                False,
                "not_permitted",
                translate("BookingRefusal", "that day is not loaded; change the view"),
            )
        room = None
        if room_id is not None:
            column = self.room_by_id.get(room_id)
            if column is None:
                return MoveCheck(
                    False, "room_busy", translate("BookingRefusal", "that room is not in use")
                )
            room = RoomInfo(column.id, 0, column.features, column.name)
        others = None
        if client_id is not None:
            others = [(c.id, c.starts_at, c.ends_at) for c in self._by_client.get(client_id, ())]
        check = check_start(schedule, start, service.needs, ignore_session=ignore, room=room,
                            client_sessions=others, unliftable_first=True)  # fmt: skip
        if check.allowed:
            return ALLOWED
        sentence = refusal_sentence(
            check,
            therapist_name=therapist.name,
            start_text=desk_formats().moment(start.astimezone(self.zone)),
            service_name=service.name,
            room_name=room.name if room is not None else "",
        )
        return MoveCheck(False, check.reason, sentence, check.overridable)


def _spliced_room_uses(
    kept: dict[int, Schedule], read: dict[int, Schedule], zone: ZoneInfo, days: frozenset[date]
) -> list[RoomUse]:
    """Every session holding a room (one list the schedules of a load share), with those
    starting on `days` taken from `read`, in start order as the loader gives them."""

    def uses(schedules: dict[int, Schedule]) -> list[RoomUse]:
        for schedule in schedules.values():
            return [u for u in schedule.inputs.room_sessions if isinstance(u, RoomUse)]
        return []

    def on_days(use: RoomUse) -> bool:
        return datetime.fromtimestamp(use.start, zone).date() in days

    return sorted(
        [u for u in uses(kept) if not on_days(u)] + [u for u in uses(read) if on_days(u)],
        key=lambda u: (u.start, u.id),
    )


def load_desk_calendar(
    database: Database, first_day: date, last_day: date, now: datetime
) -> DeskCalendar:
    """Everything the views show for `[first_day, last_day]`: one read transaction, a fixed
    number of queries whatever the number of therapists or sessions."""
    with database.read() as session:
        return _load(session, first_day, last_day, now)


def reload_days(
    database: Database, calendar: DeskCalendar, days: Iterable[date], now: datetime
) -> DeskCalendar:
    """`calendar` with only `days` read again (a change at another desk named them): each
    run of consecutive days is one small load, spliced in; the other days' cards stay the
    same objects. A setup changed meanwhile (or unknown) reads the whole range instead, since
    hours, blocks and columns of every day may differ. Days outside the range are ignored."""
    wanted = sorted({d for d in days if calendar.first_day <= d <= calendar.last_day})
    if not wanted:
        return calendar
    runs: list[list[date]] = []
    for day in wanted:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    with database.read() as session:
        parts = [_load(session, run[0], run[-1], now) for run in runs]
        if calendar.setup_stamp is None or any(
            part.setup_stamp != calendar.setup_stamp for part in parts
        ):
            return _load(session, calendar.first_day, calendar.last_day, now)
    for part, run in zip(parts, runs, strict=True):
        calendar = calendar.spliced(part, frozenset(run))
    return calendar


def _load(session: Session, first_day: date, last_day: date, now: datetime) -> DeskCalendar:
    clinic = load_clinic(session)
    zone = clinic.zone
    therapists = list(
        session.scalars(
            select(Therapist).where(Therapist.active.is_(True)).order_by(Therapist.name)
        )
    )
    schedules = load_schedules(session, clinic, therapists, first_day, last_day, now)
    services = {
        row.id: ServiceInfo(
            row.id,
            row.key,
            row.name,
            row.duration_minutes,
            frozenset(row.required_features or ()),
            SERVICE_PALETTE[position % len(SERVICE_PALETTE)],
            row.active,
        )
        for position, row in enumerate(session.scalars(select(Service).order_by(Service.id)))
    }
    rooms = [
        RoomColumn(row.id, row.key, row.name, frozenset(row.features or ()))
        for row in session.scalars(select(Room).where(Room.active.is_(True)).order_by(Room.name))
    ]
    start, end = day_start_utc(first_day, zone), day_start_utc(last_day + timedelta(days=1), zone)
    rows = session.execute(
        select(
            TherapySession.id,
            TherapySession.reference,
            TherapySession.therapist_id,
            TherapySession.client_id,
            Client.name,
            TherapySession.service_id,
            TherapySession.room_id,
            TherapySession.starts_at,
            TherapySession.ends_at,
            TherapySession.status,
            TherapySession.session_type,
            TherapySession.overridden,
            TherapySession.revision,
        )
        .join(Client, Client.id == TherapySession.client_id)
        .where(
            TherapySession.starts_at >= start,
            TherapySession.starts_at < end,
            TherapySession.status != SessionStatus.CANCELLED,
        )
        .order_by(TherapySession.starts_at, TherapySession.id)
    ).all()
    charges = session_charges(session, [r[0] for r in rows])  # one query for the range
    currency = clinic_currency(session)
    cards = [
        SessionCard(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7].astimezone(zone),
            r[8].astimezone(zone),
            r[9].value,
            r[10].value,
            r[11],
            r[12],
            payment_marker(charges[r[0]], currency),
        )
        for r in rows
    ]
    columns = [
        TherapistColumn(
            t.id,
            t.key,
            t.name,
            t.colour,
            t.max_clients_per_day,
            t.status == TherapistStatus.ON_LEAVE,
        )
        for t in therapists
    ]
    return DeskCalendar(
        first_day=first_day,
        last_day=last_day,
        zone=zone,
        slot_minutes=clinic.settings.slot_interval_minutes,
        now=now,
        therapists=columns,
        rooms=rooms,
        services=services,
        sessions=cards,
        schedules=schedules,
        setup_stamp=clinic.setup.stamp,
    )
