"""The engine's inputs and outputs: plain frozen data, no database, no clock."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo


class SlotStatus(enum.StrEnum):
    """A candidate start's status; the order of docs/scheduling.md's availability rules (first
    failing rule wins)."""

    AVAILABLE = "available"
    ON_LEAVE = "on_leave"
    TOO_SOON = "too_soon"
    TOO_FAR = "too_far"
    CAP_REACHED = "cap_reached"
    BLOCKED = "blocked"
    EXTERNAL_BUSY = "external_busy"
    BOOKED = "booked"
    HELD = "held"
    NO_ROOM = "no_room"
    # Only for a start that is not a candidate at all (booking at an arbitrary time).
    OUTSIDE_HOURS = "outside_hours"


# Rules 1–4 (and hours): a supervisor may override them; never rules 5–6.
OVERRIDABLE = frozenset(
    {
        SlotStatus.ON_LEAVE,
        SlotStatus.TOO_SOON,
        SlotStatus.TOO_FAR,
        SlotStatus.CAP_REACHED,
        SlotStatus.BLOCKED,
        SlotStatus.EXTERNAL_BUSY,
        SlotStatus.OUTSIDE_HOURS,
    }
)


class DayReason(enum.StrEnum):
    """Why a day of the month summary offers no start."""

    NO_HOURS = "no_hours"
    ON_LEAVE = "on_leave"
    TOO_SOON = "too_soon"
    TOO_FAR = "too_far"
    CAP_REACHED = "cap_reached"
    BLOCKED = "blocked"
    FULLY_BOOKED = "fully_booked"


@dataclass(frozen=True, slots=True)
class TherapistRules:
    id: int
    on_leave: bool
    default_minutes: int
    max_per_day: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_minutes: int
    max_advance_days: int
    preferred_room_id: int | None = None


@dataclass(frozen=True, slots=True)
class BlockRule:
    """A blocked time: one occurrence in UTC, repeated by `rrule` in local wall time."""

    starts_at: datetime
    ends_at: datetime
    block_type: str
    rrule: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Occupancy:
    """A non-cancelled session as the engine needs it."""

    id: int
    therapist_id: int
    starts_at: datetime
    ends_at: datetime
    busy_from: datetime
    busy_until: datetime
    room_id: int | None = None
    required_features: frozenset[str] = frozenset()


class RoomUse(NamedTuple):
    """A non-cancelled session holding a room, in epoch seconds (thousands of these make a
    month, so they are light tuples read from plain integer columns)."""

    id: int
    room_id: int
    start: int
    end: int
    required_features: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class HoldSpan:
    id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class RoomInfo:
    id: int
    capacity: int
    features: frozenset[str]
    name: str = ""


@dataclass(frozen=True, slots=True)
class ServiceNeeds:
    duration_minutes: int
    required_features: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ScheduleInputs:
    """Everything one therapist's availability over a date range depends on."""

    zone: ZoneInfo
    slot_minutes: int
    therapist: TherapistRules
    # weekday (0 = Monday) → blocks of (start_minute, end_minute)
    weekly_hours: Mapping[int, Sequence[tuple[int, int]]]
    # date → its replacement hours; an empty sequence is a day off
    exceptions: Mapping[date, Sequence[tuple[int, int]]]
    blocks: Sequence[BlockRule] = ()
    external_busy: Sequence[tuple[datetime, datetime]] = ()
    sessions: Sequence[Occupancy] = ()  # the therapist's own
    holds: Sequence[HoldSpan] = ()
    rooms: Sequence[RoomInfo] = ()  # active rooms
    # every session that holds a room (Occupancy is accepted too, for convenience)
    room_sessions: Sequence[RoomUse | Occupancy] = ()


class Slot(NamedTuple):
    """One candidate start (a light tuple: a month lists about a thousand)."""

    start: datetime
    end: datetime
    status: SlotStatus
    detail: str | None = None  # the block type for `blocked`
    override: bool = False  # fails only rules 1–4: bookable by a supervisor


@dataclass(frozen=True, slots=True)
class DaySlots:
    day: date
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: date
    available: int
    booked: int  # the therapist's non-cancelled sessions that day
    cap: int
    reason: DayReason | None  # why nothing is available (None when something is)


@dataclass(frozen=True, slots=True)
class MonthSummary:
    days: tuple[DaySummary, ...]
    next_available: datetime | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The engine's answer for one start: its status and every failing rule."""

    status: SlotStatus
    detail: str | None = None
    failures: tuple[SlotStatus, ...] = field(default=())

    @property
    def overridable(self) -> bool:
        return bool(self.failures) and all(f in OVERRIDABLE for f in self.failures)

    def unliftable_first(self) -> Verdict:
        """This verdict naming the first rule no override lifts, when one fails: what a
        refusal must say to someone who could override the others."""
        if not self.failures or self.overridable:
            return self
        blocking = next(f for f in self.failures if f not in OVERRIDABLE)
        return Verdict(blocking, self.detail, self.failures)
