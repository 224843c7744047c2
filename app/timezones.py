"""Clinic local wall-clock time ↔ UTC instants, exact across DST changes.

Every local time the clinic types or stores (hours, blocks, a session start) goes through
here, so the rules live in one place: a local time inside a DST gap does not exist, and an
ambiguous one (DST overlap) means its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.i18n import translate

# The dates anyone types or a file gives: far enough either way for a clinic's records and
# plans, far from where date arithmetic (a day's end, a week, notice, a year of slots)
# would leave the range Python's datetime can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2999
Day = TypeVar("Day", bound=date)


def check_year(day: Day) -> Day:
    """`day` (or a datetime) if it lies in FIRST_YEAR–LAST_YEAR; ValueError saying so if not."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(
            translate("Times", "{day} is outside the years {first_year}–{last_year}").format(
                day=day.isoformat()[:16], first_year=FIRST_YEAR, last_year=LAST_YEAR
            )
        )
    return day


class NonexistentLocalTimeError(ValueError):
    """A wall-clock time skipped by a DST change (e.g. 02:30 on a spring-forward night)."""


def clinic_zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or ValueError with a message a person can act on."""
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name:
        raise ValueError(
            translate(
                "Times", "{name!r} is not an IANA timezone name (e.g. America/New_York)"
            ).format(name=name)
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            translate(
                "Times", "{name!r} is not an IANA timezone name (e.g. America/New_York)"
            ).format(name=name)
        ) from None


def exists_locally(naive: datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def local_to_utc(naive: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time; refuses times that a DST gap skips."""
    if naive.tzinfo is not None:
        raise ValueError("expected a local wall time without offset")
    if not exists_locally(naive, zone):
        raise NonexistentLocalTimeError(
            translate(
                "Times", "{naive:%Y-%m-%d %H:%M} does not exist in {key} (clocks move forward)"
            ).format(naive=naive, key=zone.key)
        )
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


def wall_to_instant(naive: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a wall-clock boundary stands for, never refusing: an ambiguous time is
    its first occurrence and a time inside a DST gap is the end of the gap (the moment the
    clocks jump), so "until 02:30" on a spring-forward night ends when 02:00 becomes 03:00."""
    earlier = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if exists_locally(naive, zone):
        return earlier
    # In a gap fold=0 lands after the jump and fold=1 before it; bisect for the jump itself.
    before = int(naive.replace(tzinfo=zone, fold=1).astimezone(UTC).timestamp())
    after = int(earlier.timestamp())
    later_offset = earlier.astimezone(zone).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == later_offset:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def day_start_utc(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local day (where midnight is skipped, the end of the gap)."""
    return wall_to_instant(datetime.combine(day, time()), zone)


def parse_datetime(text: str, zone: ZoneInfo) -> datetime:
    """`2025-01-15T14:00` (local) or `2025-01-15T14:00-05:00` → an aware UTC datetime."""
    if not isinstance(text, str):
        raise ValueError(
            translate(
                "Times", "expected a date and time like 2025-01-15T14:00, got {text!r}"
            ).format(text=text)
        )
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            translate(
                "Times",
                "{text!r} is not a date and time like 2025-01-15T14:00 (optionally with an offset)",
            ).format(text=text)
        ) from None
    check_year(parsed)
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    return local_to_utc(parsed, zone)


def format_local(instant: datetime, zone: ZoneInfo) -> str:
    """Local wall time for a person or the clinic file; the offset is added only when the
    wall time alone would name a different instant (the second pass of a DST overlap)."""
    local = instant.astimezone(zone)
    naive = local.replace(tzinfo=None, fold=0)
    spec = "minutes" if naive.second == 0 and naive.microsecond == 0 else "seconds"
    if local_to_utc(naive, zone) == instant.astimezone(UTC):
        return naive.isoformat(timespec=spec)
    return local.isoformat(timespec=spec)


def parse_clock(text: str, *, allow_end_of_day: bool = False) -> int:
    """`09:30` → minutes after midnight (`24:00` allowed as an end)."""
    if not isinstance(text, str) or len(text.strip()) != 5 or text.strip()[2] != ":":
        raise ValueError(translate("Times", "{text!r} is not a time like 09:30").format(text=text))
    hours_text, minutes_text = text.strip().split(":")
    if not (hours_text.isdigit() and minutes_text.isdigit()):
        raise ValueError(translate("Times", "{text!r} is not a time like 09:30").format(text=text))
    hours, minutes = int(hours_text), int(minutes_text)
    if allow_end_of_day and hours == 24 and minutes == 0:
        return 1440
    if hours > 23 or minutes > 59:
        raise ValueError(
            translate("Times", "{text!r} is not a time of day (00:00–23:59)").format(text=text)
        )
    return hours * 60 + minutes


def format_clock(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"
