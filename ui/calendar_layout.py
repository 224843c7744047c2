"""Where things go on the schedule: its columns, minutes → y, column → x, and the sub-columns
that put overlapping sessions side by side.

Plain geometry over a loaded `DeskCalendar`, without Qt, so it can be tested on its own and
reused by the scene (backdrop), the session items and the view (pointer → time).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple, TypeVar

from app.desk_calendar import DeskCalendar, SessionCard
from ui import locale_format

HEADER_HEIGHT = 46
CONTENT_TOP = HEADER_HEIGHT + 10  # room for the first hour's label below the headers
GUTTER_WIDTH = 56
MIN_COLUMN_WIDTH = 120
DEFAULT_PIXELS_PER_MINUTE = 1.2
CARD_MARGIN = 2  # between a session card and its column's edges
MIN_CARD_HEIGHT = 14  # a very short session stays big enough to grab

Moment = TypeVar("Moment", datetime, float)


class ViewMode(enum.Enum):
    WEEK = "week"  # one therapist, Monday to Sunday
    THERAPISTS = "therapists"  # one day, a column per therapist
    ROOMS = "rooms"  # one day, a column per room


@dataclass(frozen=True)
class Column:
    day: date
    therapist_id: int | None  # None in the room view
    room_id: int | None  # set in the room view only (0: sessions without a room)
    title: str
    load: tuple[int, int] | None = None  # (booked, cap)


class Box(NamedTuple):
    left: float
    top: float
    width: float
    height: float


def week_of(day: date) -> tuple[date, date]:
    """The Monday and Sunday of `day`'s week (what the schedule loads and the week view shows)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def build_columns(
    calendar: DeskCalendar,
    mode: ViewMode,
    day: date,
    therapist_id: int | None,
    no_room_title: str,
) -> list[Column]:
    """The columns of `mode` around `day`; the room view gets a "No room" column only when
    that day has a session without a room."""
    if mode == ViewMode.WEEK:
        if therapist_id is None:
            return []
        monday = week_of(day)[0]
        days = [monday + timedelta(days=i) for i in range(7)]
        return [
            Column(
                d,
                therapist_id,
                None,
                locale_format.column_day(d),
                calendar.day_load(therapist_id, d),
            )
            for d in days
        ]
    if mode == ViewMode.THERAPISTS:
        return [
            Column(day, t.id, None, t.name, calendar.day_load(t.id, day))
            for t in calendar.therapists
        ]
    columns = [Column(day, None, r.id, r.name) for r in calendar.rooms]
    if any(c.room_id is None and c.starts_at.date() == day for c in calendar.sessions):
        columns.append(Column(day, None, 0, no_room_title))
    return columns


def cards_in(calendar: DeskCalendar | None, columns: Sequence[Column]) -> list[SessionCard]:
    """The loaded sessions that start on a day the columns show."""
    if calendar is None:
        return []
    days = {column.day for column in columns}
    return [card for card in calendar.sessions if card.starts_at.date() in days]


def column_of(columns: Sequence[Column], card: SessionCard) -> int | None:
    for index, column in enumerate(columns):
        if column.day != card.starts_at.date():
            continue
        if column.therapist_id is not None and column.therapist_id == card.therapist_id:
            return index
        if column.room_id is not None and column.room_id == (card.room_id or 0):
            return index
    return None


def visible_minutes(
    calendar: DeskCalendar | None, columns: Sequence[Column], cards: Sequence[SessionCard]
) -> tuple[int, int]:
    """From the earliest working hour or session to the latest, whole hours, at least
    08:00–18:00 so an empty day still looks like a day."""
    first, last = 8 * 60, 18 * 60
    if calendar is None:
        return first, last
    for column in columns:
        if column.therapist_id is not None:
            for start, end in calendar.working_windows(column.therapist_id, column.day):
                first = min(first, start.hour * 60 + start.minute)
                last = max(last, end.hour * 60 + end.minute + (end.date() > column.day) * 1440)
    for card in cards:
        first = min(first, card.starts_at.hour * 60 + card.starts_at.minute)
        last = max(last, card.ends_at.hour * 60 + card.ends_at.minute)
    return first // 60 * 60, min(24 * 60, -(-last // 60) * 60)


@dataclass(frozen=True, slots=True)
class Grid:
    """One layout's scale: the columns' width and the minutes shown, at a zoom."""

    column_count: int
    column_width: float = float(MIN_COLUMN_WIDTH)
    first_minute: int = 7 * 60
    last_minute: int = 20 * 60
    pixels_per_minute: float = DEFAULT_PIXELS_PER_MINUTE

    @classmethod
    def fitted(
        cls,
        column_count: int,
        available_width: float,
        minutes: tuple[int, int],
        pixels_per_minute: float,
    ) -> Grid:
        """Columns share `available_width` but never get narrower than the minimum."""
        width = max(float(MIN_COLUMN_WIDTH), available_width / max(1, column_count))
        return cls(column_count, width, minutes[0], minutes[1], pixels_per_minute)

    @property
    def bottom(self) -> float:
        return CONTENT_TOP + (self.last_minute - self.first_minute) * self.pixels_per_minute

    @property
    def right(self) -> float:
        return self.x_of(self.column_count)

    @property
    def scene_size(self) -> tuple[float, float]:
        return GUTTER_WIDTH + max(1, self.column_count) * self.column_width, self.bottom + 8

    def x_of(self, column_index: int) -> float:
        return GUTTER_WIDTH + column_index * self.column_width

    def y_of(self, moment: datetime | time) -> float:
        return self.y_of_minute(moment.hour * 60 + moment.minute)

    def y_of_minute(self, minute: float) -> float:
        return CONTENT_TOP + (minute - self.first_minute) * self.pixels_per_minute

    def minute_at(self, y: float) -> float:
        return self.first_minute + (y - CONTENT_TOP) / self.pixels_per_minute

    def column_at(self, x: float) -> int | None:
        index = int((x - GUTTER_WIDTH) // self.column_width)
        return index if 0 <= index < self.column_count and x >= GUTTER_WIDTH else None

    def span_y(self, start: datetime, end: datetime, day: date) -> tuple[float, float]:
        """Top and bottom of `[start, end)` clipped to `day` (a span may cross midnight)."""
        top = self.y_of(start) if start.date() == day else CONTENT_TOP
        bottom = self.y_of(end) if end.date() == day else self.y_of(time(23, 59)) + 1
        return max(top, CONTENT_TOP), min(bottom, self.bottom)

    def column_box(self, index: int, top: float, bottom: float, inset: float = 0) -> Box:
        """The part of column `index` from `top` to `bottom`, `inset` in from both sides."""
        return Box(self.x_of(index) + inset, top, self.column_width - 2 * inset, bottom - top)


def sub_columns(spans: Sequence[tuple[Moment, Moment]]) -> list[tuple[int, int]]:
    """(sub-column, sub-columns of its cluster) for each half-open `[start, end)` span.

    As KDE's agenda does it: spans that overlap, directly or through others, form a cluster;
    in start order each takes the first sub-column whose last span has ended, and every span
    of a cluster shares the column in as many equal parts as the cluster needed. A span that
    overlaps nothing keeps the whole column: (0, 1).
    """
    sub = [0] * len(spans)
    # each cluster: its spans, and when each of its sub-columns is free again
    clusters: list[tuple[list[int], list[Moment]]] = []
    cluster_end: Moment | None = None
    # at one start the longer span first, so it keeps the left of the column
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][0] - spans[i][1], i))
    for index in order:
        start, end = spans[index]
        if cluster_end is None or start >= cluster_end:
            clusters.append(([], []))
            cluster_end = end
        members, free_from = clusters[-1]
        free = next((n for n, ended in enumerate(free_from) if ended <= start), len(free_from))
        if free == len(free_from):
            free_from.append(end)
        else:
            free_from[free] = end
        sub[index] = free
        members.append(index)
        cluster_end = max(cluster_end, end)
    count = [1] * len(spans)
    for members, free_from in clusters:
        for member in members:
            count[member] = len(free_from)
    return list(zip(sub, count, strict=True))


def card_boxes(
    cards: Sequence[SessionCard], columns: Sequence[Column], grid: Grid
) -> dict[int, tuple[int, Box]]:
    """Session id → (column index, its card's box); overlapping sessions of one column sit
    side by side, each in its own sub-column."""
    by_column: dict[int, list[SessionCard]] = {}
    for card in cards:
        index = column_of(columns, card)
        if index is not None:
            by_column.setdefault(index, []).append(card)
    boxes: dict[int, tuple[int, Box]] = {}
    inner = grid.column_width - 2 * CARD_MARGIN
    for index, members in by_column.items():
        places = sub_columns([(card.starts_at, card.ends_at) for card in members])
        for card, (sub, count) in zip(members, places, strict=True):
            top, bottom = grid.span_y(card.starts_at, card.ends_at, card.starts_at.date())
            width = inner / count
            left = grid.x_of(index) + CARD_MARGIN + sub * width
            boxes[card.id] = (index, Box(left, top, width, max(bottom - top, MIN_CARD_HEIGHT)))
    return boxes
