"""When a recurring series falls (docs/scheduling.md, Recurring series): dates in a range, and each
date's start.

Pure date arithmetic for the generation job (the recurring-sessions work will call it):
- weekly / biweekly: the series' weekday, from the first such day on or after its start
  date (biweekly keeps that first week's parity);
- every N days: the start date, then every N days;
- monthly, in one of two modes, said explicitly because clinics mean both:
  `day_of_month` — the start date's day number, the last day of months too short for it
  (a series started on the 31st falls on 30 April and 28/29 February);
  `weekday` — the start date's weekday ordinal ("2nd Tuesday"); a series started on a
  5th weekday falls on the last such weekday of each month.
A start is local wall time on the date; a date whose start a DST change skips has none.
"""

from __future__ import annotations

import calendar
import enum
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from app.timezones import exists_locally, local_to_utc


class MonthlyMode(enum.StrEnum):
    DAY_OF_MONTH = "day_of_month"
    WEEKDAY = "weekday"


class Recurrence(NamedTuple):
    frequency: str  # weekly | biweekly | monthly | every_n_days (db.enums.Frequency)
    start_date: date
    weekday: int  # 0 = Monday; weekly and biweekly series
    end_date: date | None = None
    interval_days: int | None = None  # every_n_days
    monthly_mode: MonthlyMode = MonthlyMode.DAY_OF_MONTH


def occurrence_dates(rule: Recurrence, first: date, last: date) -> list[date]:
    """The series' dates within `[first, last]` (and its own start and end dates)."""
    low = max(first, rule.start_date)
    high = min(last, rule.end_date) if rule.end_date else last
    if low > high:
        return []
    if rule.frequency in ("weekly", "biweekly"):
        step = 7 if rule.frequency == "weekly" else 14
        anchor = rule.start_date + timedelta(days=(rule.weekday - rule.start_date.weekday()) % 7)
        return _stepped(anchor, step, low, high)
    if rule.frequency == "every_n_days":
        if not rule.interval_days or rule.interval_days < 1:
            raise ValueError("an every-N-days series needs N of at least 1")
        return _stepped(rule.start_date, rule.interval_days, low, high)
    if rule.frequency == "monthly":
        dates = []
        year, month = low.year, low.month
        while date(year, month, 1) <= high:
            day = _monthly_day(rule, year, month)
            if low <= day <= high:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates
    raise ValueError(f"unknown frequency {rule.frequency!r}")


def _stepped(anchor: date, step: int, low: date, high: date) -> list[date]:
    skip = max(0, -(-(low - anchor).days // step))  # first multiple at or after low
    day = anchor + timedelta(days=skip * step)
    dates = []
    while day <= high:
        dates.append(day)
        day += timedelta(days=step)
    return dates


def _monthly_day(rule: Recurrence, year: int, month: int) -> date:
    length = calendar.monthrange(year, month)[1]
    start = rule.start_date
    if rule.monthly_mode == MonthlyMode.DAY_OF_MONTH:
        return date(year, month, min(start.day, length))
    ordinal = (start.day - 1) // 7  # 0 = first … 4 = fifth, which means "last"
    first_weekday = (start.weekday() - date(year, month, 1).weekday()) % 7 + 1
    day = first_weekday + 7 * ordinal
    if ordinal == 4 or day > length:
        day = first_weekday + 7 * ((length - first_weekday) // 7)
    return date(year, month, day)


def occurrence_start(day: date, start_minute: int, zone: ZoneInfo) -> datetime | None:
    """The UTC start on `day` at the series' local time; None when a DST gap skips it
    (ambiguous times are their first occurrence, as everywhere in the engine)."""
    wall = datetime.combine(day, time()) + timedelta(minutes=start_minute)
    if not exists_locally(wall, zone):
        return None
    return local_to_utc(wall, zone)
