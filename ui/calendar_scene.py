"""The schedule's scene: everything behind the session cards, and the fixed headers.

Off-hours grey, working hours white, blocked times hatched with their type, holds dashed
yellow and the slot grid are worked out once per layout from the loaded `DeskCalendar` and
painted in `drawBackground` (only what the exposed area touches), instead of being hundreds
of scene items rebuilt on every load. Hovering a block or a hold still tells what it is:
`helpEvent` answers by position when no item there has a tooltip of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLineF, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneHelpEvent, QToolTip

from app.desk_calendar import DeskCalendar
from ui.calendar_layout import (
    CONTENT_TOP,
    GUTTER_WIDTH,
    HEADER_HEIGHT,
    Box,
    Column,
    Grid,
    ViewMode,
)

BLOCK_LABELS = {
    "vacation": str(QT_TRANSLATE_NOOP("CalendarScene", "Vacation")),
    "meeting": str(QT_TRANSLATE_NOOP("CalendarScene", "Meeting")),
    "sick_leave": str(QT_TRANSLATE_NOOP("CalendarScene", "Sick leave")),
    "personal": str(QT_TRANSLATE_NOOP("CalendarScene", "Personal")),
    "training": str(QT_TRANSLATE_NOOP("CalendarScene", "Training")),
    "other": str(QT_TRANSLATE_NOOP("CalendarScene", "Blocked")),
    "busy": str(QT_TRANSLATE_NOOP("CalendarScene", "Busy (own calendar)")),
}
OFF_HOURS = QColor("#e3e6e8")
WORKING = QColor("#ffffff")
BLOCK_FILL = QColor(120, 90, 160, 70)
BLOCK_EDGE = QColor(120, 90, 160, 140)
BLOCK_HATCH = QColor(120, 90, 160, 90)
BLOCK_TEXT = QColor("#4a3070")
HOLD_FILL = QColor(255, 193, 7, 60)
HOLD_EDGE = QColor("#b28704")
HOLD_TEXT = QColor("black")
SLOT_LINE = QColor("#d0d4d8")
HOUR_LINE = QColor("#b8bec4")
COLUMN_LINE = QColor("#9aa3ab")
FIXED_FILL = QColor("#f7f8f9")
NOW_LINE = QColor("#e53935")


def _rect(box: Box) -> QRectF:
    return QRectF(*box)


@dataclass(frozen=True, slots=True)
class Shade:
    """A marked stretch of one column: its rect, the word painted on it, its tooltip."""

    rect: QRectF
    label: str
    tooltip: str


@dataclass
class Backdrop:
    """What `drawBackground` paints, computed once per layout."""

    column_fills: list[tuple[QRectF, QColor]] = field(default_factory=list)
    working: list[QRectF] = field(default_factory=list)
    blocks: list[Shade] = field(default_factory=list)
    holds: list[Shade] = field(default_factory=list)
    slot_lines: list[tuple[float, QLineF]] = field(default_factory=list)
    hour_lines: list[tuple[float, QLineF]] = field(default_factory=list)
    column_lines: list[QLineF] = field(default_factory=list)


class CalendarScene(QGraphicsScene):
    """Paints the loaded calendar behind the session items and its fixed headers in front."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calendar: DeskCalendar | None = None
        self.columns: list[Column] = []
        self.grid = Grid(0)
        self.mode = ViewMode.THERAPISTS
        self.backdrop = Backdrop()
        self._slot_pen = QPen(SLOT_LINE, 0.6)
        self._hour_pen = QPen(HOUR_LINE, 1)
        self._column_pen = QPen(COLUMN_LINE, 1)
        self._block_edge = QPen(BLOCK_EDGE)
        self._block_hatch = QBrush(BLOCK_HATCH, Qt.BrushStyle.BDiagPattern)
        self._hold_edge = QPen(HOLD_EDGE, 1.5, Qt.PenStyle.DashLine)

    def show_layout(
        self,
        calendar: DeskCalendar | None,
        columns: list[Column],
        grid: Grid,
        mode: ViewMode,
    ) -> None:
        self.calendar, self.columns, self.grid, self.mode = calendar, columns, grid, mode
        width, height = grid.scene_size
        self.setSceneRect(0, 0, width, height)
        self.backdrop = self._backdrop() if calendar is not None else Backdrop()
        self.update()

    # -- computed once per layout ------------------------------------------------------

    def _backdrop(self) -> Backdrop:
        calendar, grid = self.calendar, self.grid
        assert calendar is not None
        backdrop = Backdrop()
        for index, column in enumerate(self.columns):
            room_view = column.therapist_id is None
            backdrop.column_fills.append(
                (
                    _rect(grid.column_box(index, HEADER_HEIGHT, grid.bottom)),
                    WORKING if room_view else OFF_HOURS,
                )
            )
            if room_view:
                continue
            therapist_id = column.therapist_id or 0
            for start, end in calendar.working_windows(therapist_id, column.day):
                top, bottom = grid.span_y(start, end, column.day)
                backdrop.working.append(_rect(grid.column_box(index, top, bottom)))
            day_start = datetime.combine(column.day, time(), calendar.zone)
            day_end = datetime.combine(column.day + timedelta(days=1), time(), calendar.zone)
            for block in calendar.blocks:
                if block.therapist_id != column.therapist_id:
                    continue
                if not (block.starts_at < day_end and day_start < block.ends_at):
                    continue
                top, bottom = grid.span_y(block.starts_at, block.ends_at, column.day)
                if bottom <= top:
                    continue
                label = self.tr(BLOCK_LABELS.get(block.block_type, block.block_type))
                tooltip = f"{label}: {block.reason}" if block.reason else label
                box = grid.column_box(index, top, bottom, inset=1)
                backdrop.blocks.append(Shade(_rect(box), label, tooltip))
            for hold in calendar.holds:
                if hold.therapist_id != column.therapist_id or hold.starts_at.date() != column.day:
                    continue
                top, bottom = grid.span_y(hold.starts_at, hold.ends_at, column.day)
                box = grid.column_box(index, top, bottom, inset=3)
                backdrop.holds.append(
                    Shade(_rect(box), self.tr("Held"), self.tr("Held for a booking in progress"))
                )
        step = max(calendar.slot_minutes, 15)
        for minute in range(grid.first_minute, grid.last_minute + 1, step):
            y = grid.y_of_minute(minute)
            line = (y, QLineF(GUTTER_WIDTH, y, grid.right, y))
            (backdrop.hour_lines if minute % 60 == 0 else backdrop.slot_lines).append(line)
        for index in range(len(self.columns) + 1):
            x = grid.x_of(index)
            backdrop.column_lines.append(QLineF(x, HEADER_HEIGHT, x, grid.bottom))
        return backdrop

    # -- painting ------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        """Off hours, working hours, blocks, holds, then the grid — in that order, as each
        covers the one before."""
        backdrop = self.backdrop
        for fill, colour in backdrop.column_fills:
            if fill.intersects(rect):
                painter.fillRect(fill, colour)
        for window in backdrop.working:
            if window.intersects(rect):
                painter.fillRect(window, WORKING)
        blocks = [block for block in backdrop.blocks if block.rect.intersects(rect)]
        if blocks:
            painter.setFont(self.font())
            ascent = painter.fontMetrics().ascent()
            painter.setBrush(BLOCK_FILL)
            for block in blocks:
                painter.setPen(self._block_edge)
                painter.drawRect(block.rect)
                painter.setPen(BLOCK_TEXT)
                painter.drawText(
                    QPointF(block.rect.left() + 5, block.rect.top() + 2 + ascent), block.label
                )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._block_hatch)
            for block in blocks:
                painter.drawRect(block.rect)
        holds = [hold for hold in backdrop.holds if hold.rect.intersects(rect)]
        if holds:
            painter.setFont(self.font())
            ascent = painter.fontMetrics().ascent()
            for hold in holds:
                painter.setPen(self._hold_edge)
                painter.setBrush(HOLD_FILL)
                painter.drawRect(hold.rect)
                painter.setPen(HOLD_TEXT)
                painter.drawText(
                    QPointF(hold.rect.left() + 5, hold.rect.top() + 2 + ascent), hold.label
                )
        top, bottom = rect.top() - 1, rect.bottom() + 1
        painter.setPen(self._slot_pen)
        painter.drawLines([line for y, line in backdrop.slot_lines if top <= y <= bottom])
        painter.setPen(self._hour_pen)
        painter.drawLines([line for y, line in backdrop.hour_lines if top <= y <= bottom])
        painter.setPen(self._column_pen)
        painter.drawLines(backdrop.column_lines)

    def paint_fixed_parts(self, painter: QPainter, visible: QRectF) -> None:
        """The now-line, then the time gutter and the column headers pinned to the visible
        area, so they stay put while the schedule scrolls."""
        calendar, grid = self.calendar, self.grid
        if calendar is not None:
            now = calendar.now.astimezone(calendar.zone)
            minutes = now.hour * 60 + now.minute
            if grid.first_minute <= minutes <= grid.last_minute:
                y = grid.y_of(now)
                painter.setPen(QPen(NOW_LINE, 2))
                for index, column in enumerate(self.columns):
                    if column.day == now.date():
                        painter.drawLine(
                            QPointF(grid.x_of(index), y), QPointF(grid.x_of(index + 1), y)
                        )
        gutter = QRectF(visible.left(), visible.top(), GUTTER_WIDTH, visible.height())
        painter.fillRect(gutter, FIXED_FILL)
        painter.setPen(QColor("#455a64"))
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        minute = grid.first_minute
        while minute <= grid.last_minute:
            y = CONTENT_TOP + (minute - grid.first_minute) * grid.pixels_per_minute
            painter.drawText(
                QRectF(visible.left(), y - 7, GUTTER_WIDTH - 6, 14),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{minute // 60:02d}:{minute % 60:02d}",
            )
            minute += 60
        header = QRectF(visible.left(), visible.top(), visible.width(), HEADER_HEIGHT)
        painter.fillRect(header, FIXED_FILL)
        painter.setPen(QPen(COLUMN_LINE))
        painter.drawLine(header.bottomLeft(), header.bottomRight())
        today = calendar.now.astimezone(calendar.zone).date() if calendar else None
        for index, column in enumerate(self.columns):
            x = grid.x_of(index)
            cell = QRectF(x + 4, visible.top() + 3, grid.column_width - 8, HEADER_HEIGHT - 6)
            font.setBold(column.day == today and self.mode == ViewMode.WEEK)
            font.setPointSizeF(9.5)
            painter.setFont(font)
            painter.setPen(QColor("#1b1b1b"))
            title = painter.fontMetrics().elidedText(
                column.title, Qt.TextElideMode.ElideRight, int(cell.width())
            )
            painter.drawText(cell, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
            if column.load is not None:
                booked, cap = column.load
                font.setBold(booked >= cap)
                font.setPointSizeF(8.5)
                painter.setFont(font)
                painter.setPen(QColor("#b00020") if booked >= cap else QColor("#455a64"))
                painter.drawText(
                    cell,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                    self.tr("%d/%d booked") % (booked, cap),
                )
        painter.fillRect(
            QRectF(visible.left(), visible.top(), GUTTER_WIDTH, HEADER_HEIGHT), FIXED_FILL
        )

    # -- hover -------------------------------------------------------------------------

    def tooltip_at(self, position: QPointF) -> str:
        """What the backdrop says at `position`: a hold over a block, the later drawn of two
        blocks; empty where it says nothing."""
        for shade in [*reversed(self.backdrop.holds), *reversed(self.backdrop.blocks)]:
            if shade.rect.contains(position):
                return shade.tooltip
        return ""

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802
        if any(item.toolTip() for item in self.items(event.scenePos())):
            super().helpEvent(event)  # a session card answers for itself
            return
        text = self.tooltip_at(event.scenePos())
        if not text:
            super().helpEvent(event)  # hides a tooltip left from elsewhere
            return
        QToolTip.showText(event.screenPos(), text, event.widget())
        event.setAccepted(True)
