"""Small builders for engine inputs, so each test states only what it is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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

NEW_YORK = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")

THERAPIST = TherapistRules(
    id=1,
    on_leave=False,
    default_minutes=50,
    max_per_day=8,
    buffer_before_minutes=0,
    buffer_after_minutes=10,
    min_notice_minutes=120,
    max_advance_days=60,
    preferred_room_id=None,
)
INDIVIDUAL = ServiceNeeds(50)
MONDAY_HOURS = {0: [(9 * 60, 12 * 60), (13 * 60, 17 * 60)]}


def local(text: str, zone: ZoneInfo = NEW_YORK) -> datetime:
    """A wall time as a UTC instant (first occurrence)."""
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def session(
    start: str,
    minutes: int = 50,
    *,
    id: int = 100,
    before: int = 0,
    after: int = 10,
    room: int | None = None,
    therapist: int = 1,
    features: frozenset[str] = frozenset(),
    zone: ZoneInfo = NEW_YORK,
) -> Occupancy:
    begin = local(start, zone)
    end = begin + timedelta(minutes=minutes)
    return Occupancy(
        id,
        therapist,
        begin,
        end,
        begin - timedelta(minutes=before),
        end + timedelta(minutes=after),
        room,
        features,
    )


def block(start: str, end: str, kind: str = "meeting", rrule: str | None = None) -> BlockRule:
    return BlockRule(local(start), local(end), kind, rrule)


def hold(start: str, minutes: int = 50, id: int = 1) -> HoldSpan:
    begin = local(start)
    return HoldSpan(id, begin, begin + timedelta(minutes=minutes))


def rooms(*specs: tuple[int, int, str]) -> list[RoomInfo]:
    """(id, capacity, "feature,feature")"""
    return [
        RoomInfo(room_id, capacity, frozenset(f for f in features.split(",") if f), f"R{room_id}")
        for room_id, capacity, features in specs
    ]


def schedule(
    day: date,
    now: str,
    *,
    last_day: date | None = None,
    zone: ZoneInfo = NEW_YORK,
    slot: int = 15,
    therapist: TherapistRules = THERAPIST,
    weekly: dict[int, list[tuple[int, int]]] | None = None,
    **inputs: Any,
) -> Schedule:
    inputs.setdefault("rooms", rooms((1, 1, "")))
    data = ScheduleInputs(
        zone=zone,
        slot_minutes=slot,
        therapist=therapist,
        weekly_hours=MONDAY_HOURS if weekly is None else weekly,
        exceptions=inputs.pop("exceptions", {}),
        **inputs,
    )
    return Schedule(data, day, last_day or day, local(now, zone))


def with_rules(**changes: Any) -> TherapistRules:
    return replace(THERAPIST, **changes)


def clock(moment: datetime, zone: ZoneInfo = NEW_YORK) -> str:
    return moment.astimezone(zone).strftime("%H:%M")
