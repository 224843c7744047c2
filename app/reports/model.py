"""What a report is: its kind and grouping, its period in weeks, its rows and totals, and
how it leaves the building (CSV and JSON with the columns of docs/interfaces.md, Reports).

The desk's window and `frontdesk report` read the same `Report`, so both give the same
numbers; only the presentation differs.
"""

from __future__ import annotations

import csv
import enum
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.timezones import day_start_utc

# A cell: a count, minutes or cents (int), a ratio (float, 3 decimals), a text, or nothing
# (a ratio of 0 / 0, billed by payment method).
Cell = int | float | str | None


class ReportKind(enum.StrEnum):
    UTILISATION = "utilisation"
    ATTENDANCE = "attendance"
    REVENUE = "revenue"


# What each report may be grouped by; the first is the default (CONTRACTS `--by`).
GROUPINGS: dict[ReportKind, tuple[str, ...]] = {
    ReportKind.UTILISATION: ("therapist", "room"),
    ReportKind.ATTENDANCE: ("therapist", "service"),
    ReportKind.REVENUE: ("therapist", "service", "method"),
}

COLUMNS: dict[ReportKind, tuple[str, ...]] = {
    ReportKind.UTILISATION: (
        "key",
        "name",
        "available_minutes",
        "booked_minutes",
        "utilisation",
    ),
    ReportKind.ATTENDANCE: (
        "key",
        "name",
        "sessions",
        "completed",
        "no_show",
        "cancelled",
        "late_cancelled",
        "upcoming",
        "no_show_rate",
    ),
    ReportKind.REVENUE: ("key", "name", "billed_cents", "collected_cents"),
}

# The columns a ratio column is computed from: (numerator, denominator parts).
RATIOS: dict[str, tuple[str, tuple[str, ...]]] = {
    "utilisation": ("booked_minutes", ("available_minutes",)),
    "no_show_rate": ("no_show", ("completed", "no_show")),
}

# What the bar chart shows per row, and the lines over the weeks.
BAR_COLUMN: dict[ReportKind, str] = {
    ReportKind.UTILISATION: "utilisation",
    ReportKind.ATTENDANCE: "sessions",
    ReportKind.REVENUE: "collected_cents",
}
WEEK_SERIES: dict[ReportKind, tuple[str, ...]] = {
    ReportKind.UTILISATION: ("utilisation",),
    ReportKind.ATTENDANCE: ("completed", "no_show", "cancelled"),
    ReportKind.REVENUE: ("billed_cents", "collected_cents"),
}


# A longer period would keep a desk's background thread busy for minutes.
LONGEST_YEARS = 10


def period_too_long(first: date, last: date) -> bool:
    """Whether `first`–`last` is more than `LONGEST_YEARS` years: ten years to the day (the
    day before the same date ten years on) is allowed; 29 February counts on to 1 March."""
    try:
        limit = first.replace(year=first.year + LONGEST_YEARS)
    except ValueError:  # 29 February, and ten years on is no leap year
        limit = date(first.year + LONGEST_YEARS, 3, 1)
    return last >= limit


class ReportInputError(ValueError):
    """A report asked for something that cannot be (an unknown grouping, a period ending
    before it starts); the message is for the person who asked."""


@dataclass(frozen=True)
class Week:
    """One week of a period (Monday to Sunday, clipped to the period), as local dates and as
    the UTC instants they begin and end at."""

    first: date
    last: date
    starts_at: datetime
    ends_at: datetime


def weeks_of(first: date, last: date, zone: ZoneInfo) -> list[Week]:
    """The period's weeks, Monday first, the first and last clipped to the period."""
    weeks: list[Week] = []
    day = first
    while day <= last:
        week_last = min(last, day + timedelta(days=6 - day.weekday()))
        weeks.append(
            Week(
                day,
                week_last,
                day_start_utc(day, zone),
                day_start_utc(week_last + timedelta(days=1), zone),
            )
        )
        day = week_last + timedelta(days=1)
    return weeks


def ratio(numerator: int, denominator: int, *, zero: float | None) -> float | None:
    """numerator / denominator to 3 decimals; `zero` when the denominator is 0."""
    return round(numerator / denominator, 3) if denominator else zero


@dataclass(frozen=True)
class Report:
    """One report's table: `rows` and `total` hold a value per column of `COLUMNS[kind]`;
    `weeks` hold the `WEEK_SERIES` values of each week (the line chart)."""

    kind: ReportKind
    by: str
    first: date
    last: date
    currency: str
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...]
    weeks: tuple[tuple[Week, dict[str, float | None]], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS[self.kind]

    def records(self) -> list[dict[str, Cell]]:
        """The rows as objects keyed by column (`--json`)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def csv_text(self) -> str:
        """The rows as CSV with a header line (`--csv` and the window's export): ratios with
        3 decimals, nothing for an empty cell."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([csv_cell(value) for value in row])
        return out.getvalue()


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
