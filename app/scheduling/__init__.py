"""The scheduling engine (docs/scheduling.md: Availability rules, Rooms): pure functions over plain
data.

No database and no clock: the loader in `app.booking` gathers the inputs in a few queries
and passes `now`, so the same code answers the UI, the command line and the booking
re-check, and tests can drive it with any clinic and any moment.
"""

from app.scheduling.availability import Schedule
from app.scheduling.model import (
    OVERRIDABLE,
    BlockRule,
    DayReason,
    DaySlots,
    DaySummary,
    HoldSpan,
    MonthSummary,
    Occupancy,
    RoomInfo,
    RoomUse,
    ScheduleInputs,
    ServiceNeeds,
    Slot,
    SlotStatus,
    TherapistRules,
    Verdict,
)
from app.scheduling.rooms import RoomBook, RoomChoice, RoomMove, RoomNeed, solve_room_assignment

__all__ = [
    "OVERRIDABLE",
    "BlockRule",
    "DayReason",
    "DaySlots",
    "DaySummary",
    "HoldSpan",
    "MonthSummary",
    "Occupancy",
    "RoomBook",
    "RoomChoice",
    "RoomInfo",
    "RoomMove",
    "RoomNeed",
    "RoomUse",
    "Schedule",
    "ScheduleInputs",
    "ServiceNeeds",
    "Slot",
    "SlotStatus",
    "TherapistRules",
    "Verdict",
    "solve_room_assignment",
]
