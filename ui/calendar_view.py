"""The week and day views (SPEC F8): a `QGraphicsView` over one loaded `DeskCalendar`.

Columns are the days of one therapist's week, the therapists of one day, or the rooms of one
day; rows are local wall-clock time. Everything drawn and every drag check comes from the
loaded calendar, so moving the mouse never touches the database. Column headers and the
time gutter are painted in the foreground so they stay put while the schedule scrolls.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsObject,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.desk_calendar import DeskCalendar, MoveCheck, SessionCard
from app.timezones import wall_to_instant

HEADER_HEIGHT = 46
CONTENT_TOP = HEADER_HEIGHT + 10  # room for the first hour's label below the headers
GUTTER_WIDTH = 56
MIN_COLUMN_WIDTH = 120
DEFAULT_PIXELS_PER_MINUTE = 1.2
DRAG_THRESHOLD = 6

STATUS_BADGES = {
    "scheduled": ("Scheduled", "#546e7a"),
    "confirmed": ("Confirmed", "#2e7d32"),
    "in_progress": ("In session", "#1565c0"),
    "completed": ("Completed", "#6d4c41"),
    "no_show": ("No-show", "#b00020"),
}
BLOCK_LABELS = {
    "vacation": "Vacation",
    "meeting": "Meeting",
    "sick_leave": "Sick leave",
    "personal": "Personal",
    "training": "Training",
    "other": "Blocked",
    "busy": "Busy (own calendar)",
}
VALID_COLOUR = QColor(46, 160, 67, 110)
INVALID_COLOUR = QColor(200, 30, 45, 110)


class ViewMode(enum.Enum):
    WEEK = "week"  # one therapist, Monday to Sunday
    THERAPISTS = "therapists"  # one day, a column per therapist
    ROOMS = "rooms"  # one day, a column per room


class ColourBy(enum.Enum):
    THERAPIST = "therapist"
    SERVICE = "service"


@dataclass(frozen=True)
class Column:
    day: date
    therapist_id: int | None  # None in the room view
    room_id: int | None  # set in the room view only (0: sessions without a room)
    title: str
    load: tuple[int, int] | None = None  # (booked, cap)


@dataclass(frozen=True)
class DropTarget:
    column: Column
    start: datetime
    check: MoveCheck


def _lighter(colour: str, factor: int = 165) -> QColor:
    return QColor(colour).lighter(factor)


class SessionItem(QGraphicsObject):
    """One session: a rounded card with time, client, service, room and a status badge."""

    def __init__(self, card: SessionCard, view: CalendarView) -> None:
        super().__init__()
        self.card = card
        self._view = view
        self._rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(
            Qt.CursorShape.OpenHandCursor if card.movable else Qt.CursorShape.ArrowCursor
        )
        self.setZValue(10)
        self.update_card(card)

    def update_card(self, card: SessionCard) -> None:
        self.card = card
        self.setToolTip(self._view.describe(card))
        self.update()

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        card, rect = self.card, self._rect.adjusted(1, 1, -1, -1)
        faded = card.status in ("completed", "no_show")
        fill = _lighter(self._view.colour_of(card), 150 if not faded else 185)
        border = QColor(self._view.colour_of(card)).darker(130)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(border, 1.2)
        if card.overridden:
            pen = QPen(QColor("#c62828"), 2, Qt.PenStyle.DashLine)
        if self.isSelected():
            pen = QPen(QColor("#0d47a1"), 3)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), border)
        painter.setPen(QColor("#1b1b1b") if not faded else QColor("#555555"))
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        badge_text, badge_colour = STATUS_BADGES.get(card.status, (card.status, "#546e7a"))
        metrics = painter.fontMetrics()
        badge_width = metrics.horizontalAdvance(badge_text) + 8
        text_rect = rect.adjusted(7, 2, -3, -2)
        line = metrics.height()
        lines = [
            f"{card.starts_at:%H:%M}–{card.ends_at:%H:%M}",
            card.client_name,
            self._view.service_line(card),
        ]
        if card.overridden:
            lines.append("⚑ overridden")
        show_badge = rect.width() > badge_width + 60 and rect.height() >= line + 4
        first_width = text_rect.width() - (badge_width + 4 if show_badge else 0)
        y = text_rect.top()
        for number, text in enumerate(lines):
            if y + line > text_rect.bottom() + 2:
                break
            width = first_width if number == 0 else text_rect.width()
            font.setBold(number == 1)  # the client's name stands out
            painter.setFont(font)
            elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(text_rect.left(), y, width, line), elided)
            y += line
        if show_badge:
            font.setBold(True)
            font.setPointSizeF(7.5)
            painter.setFont(font)
            badge = QRectF(rect.right() - badge_width - 3, rect.top() + 3, badge_width, line - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(badge_colour))
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)


class CalendarView(QGraphicsView):
    """Draws the calendar and turns mouse and keys into requests for the window."""

    # status-bar text while dragging (the reason a target is invalid)
    hint = Signal(str)
    # a session dropped on a target: (card, DropTarget)
    move_requested = Signal(object, object)
    # a drag (or double-click) on empty time: (therapist id or None, room id or None, start)
    create_requested = Signal(object, object, object)
    open_requested = Signal(object)  # a SessionCard
    cancel_requested = Signal(object)  # a SessionCard
    selection_changed = Signal(object)  # a SessionCard or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setAccessibleName(self.tr("Schedule"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.calendar: DeskCalendar | None = None
        self.mode = ViewMode.THERAPISTS
        self.colour_by = ColourBy.THERAPIST
        self.day = date.today()
        self.therapist_id: int | None = None
        self.pixels_per_minute = DEFAULT_PIXELS_PER_MINUTE
        self.columns: list[Column] = []
        self.first_minute, self.last_minute = 7 * 60, 20 * 60
        self.column_width = float(MIN_COLUMN_WIDTH)
        self.items_by_id: dict[int, SessionItem] = {}
        self._background: QGraphicsRectItem | None = None  # parent of everything behind
        self._press: QPointF | None = None
        self._pressed_item: SessionItem | None = None
        self._grab_offset_minutes = 0
        self._dragging = False
        self._ghost: QGraphicsRectItem | None = None
        self._ghost_label: QGraphicsSimpleTextItem | None = None
        self.drop_target: DropTarget | None = None
        self._create_from: tuple[Column, datetime] | None = None
        self.scene().selectionChanged.connect(self._selection_changed)

    # -- feeding ---------------------------------------------------------------------

    def show_calendar(
        self,
        calendar: DeskCalendar,
        mode: ViewMode,
        day: date,
        therapist_id: int | None = None,
    ) -> None:
        """Show `calendar` as `mode` around `day`; items whose session did not change are
        kept as they are (only changed ones are repainted)."""
        self.calendar, self.mode, self.day = calendar, mode, day
        ids = [t.id for t in calendar.therapists]
        self.therapist_id = therapist_id if therapist_id in ids else (ids[0] if ids else None)
        self.columns = self._columns()
        self._layout()

    def forget_items(self) -> None:
        """Drop every session item (the next layout builds them afresh)."""
        for item in self.items_by_id.values():
            shiboken6.delete(item)
        self.items_by_id.clear()

    def set_colour_by(self, colour_by: ColourBy) -> None:
        self.colour_by = colour_by
        for item in self.items_by_id.values():
            item.update()

    def zoom(self, factor: float) -> None:
        self.pixels_per_minute = min(4.0, max(0.6, self.pixels_per_minute * factor))
        self._layout()

    # -- geometry ---------------------------------------------------------------------

    def _columns(self) -> list[Column]:
        calendar = self.calendar
        assert calendar is not None
        if self.mode == ViewMode.WEEK:
            if self.therapist_id is None:
                return []
            monday = self.day - timedelta(days=self.day.weekday())
            days = [monday + timedelta(days=i) for i in range(7)]
            return [
                Column(
                    d,
                    self.therapist_id,
                    None,
                    f"{d:%a} {d.day} {d:%b}",
                    calendar.day_load(self.therapist_id, d),
                )
                for d in days
            ]
        if self.mode == ViewMode.THERAPISTS:
            return [
                Column(self.day, t.id, None, t.name, calendar.day_load(t.id, self.day))
                for t in calendar.therapists
            ]
        columns = [Column(self.day, None, r.id, r.name) for r in calendar.rooms]
        if any(c.room_id is None and c.starts_at.date() == self.day for c in calendar.sessions):
            columns.append(Column(self.day, None, 0, self.tr("No room")))
        return columns

    def _visible_minutes(self) -> tuple[int, int]:
        """From the earliest working hour or session to the latest, whole hours, at least
        08:00–18:00 so an empty day still looks like a day."""
        calendar = self.calendar
        first, last = 8 * 60, 18 * 60
        if calendar is None:
            return first, last
        for column in self.columns:
            if column.therapist_id is not None:
                for start, end in calendar.working_windows(column.therapist_id, column.day):
                    first = min(first, start.hour * 60 + start.minute)
                    last = max(last, end.hour * 60 + end.minute + (end.date() > column.day) * 1440)
        for card in self._cards():
            first = min(first, card.starts_at.hour * 60 + card.starts_at.minute)
            last = max(last, card.ends_at.hour * 60 + card.ends_at.minute)
        return first // 60 * 60, min(24 * 60, -(-last // 60) * 60)

    def _layout(self) -> None:
        scene = self.scene()
        if self._background is not None:
            shiboken6.delete(self._background)  # and its children; PySide's removeItem leaks
        self._background = QGraphicsRectItem()
        self._background.setPen(QPen(Qt.PenStyle.NoPen))
        self._background.setZValue(-10)
        scene.addItem(self._background)
        self.first_minute, self.last_minute = self._visible_minutes()
        count = max(1, len(self.columns))
        available = self.viewport().width() - GUTTER_WIDTH - 2
        self.column_width = max(float(MIN_COLUMN_WIDTH), available / count)
        height = CONTENT_TOP + (self.last_minute - self.first_minute) * self.pixels_per_minute
        scene.setSceneRect(0, 0, GUTTER_WIDTH + count * self.column_width, height + 8)
        if self.calendar is not None:
            self._draw_backgrounds()
        self._place_sessions()
        self.viewport().update()

    def x_of(self, column_index: int) -> float:
        return GUTTER_WIDTH + column_index * self.column_width

    def y_of(self, moment: datetime | time) -> float:
        minutes = moment.hour * 60 + moment.minute
        return CONTENT_TOP + (minutes - self.first_minute) * self.pixels_per_minute

    def _span_y(self, start: datetime, end: datetime, day: date) -> tuple[float, float]:
        """Top and bottom of `[start, end)` clipped to `day` (a span may cross midnight)."""
        top = self.y_of(start) if start.date() == day else CONTENT_TOP
        bottom = self.y_of(end) if end.date() == day else self.y_of(time(23, 59)) + 1
        top = max(top, CONTENT_TOP)
        bottom = min(
            bottom, CONTENT_TOP + (self.last_minute - self.first_minute) * self.pixels_per_minute
        )
        return top, bottom

    def _add(self, item: QGraphicsItem) -> None:
        item.setParentItem(self._background)

    def _draw_backgrounds(self) -> None:
        calendar = self.calendar
        assert calendar is not None
        bottom = CONTENT_TOP + (self.last_minute - self.first_minute) * self.pixels_per_minute
        off_hours, working = QBrush(QColor("#e3e6e8")), QBrush(QColor("#ffffff"))
        no_pen = QPen(Qt.PenStyle.NoPen)
        for index, column in enumerate(self.columns):
            x = self.x_of(index)
            room_view = column.therapist_id is None
            base = QGraphicsRectItem(x, HEADER_HEIGHT, self.column_width, bottom - HEADER_HEIGHT)
            base.setBrush(working if room_view else off_hours)
            base.setPen(no_pen)
            base.setZValue(-10)
            self._add(base)
            if room_view:
                continue
            for start, end in calendar.working_windows(column.therapist_id or 0, column.day):
                top, low = self._span_y(start, end, column.day)
                window = QGraphicsRectItem(x, top, self.column_width, low - top)
                window.setBrush(working)
                window.setPen(no_pen)
                window.setZValue(-9)
                self._add(window)
            day_start = datetime.combine(column.day, time(), calendar.zone)
            day_end = datetime.combine(column.day + timedelta(days=1), time(), calendar.zone)
            for block in calendar.blocks:
                if block.therapist_id != column.therapist_id:
                    continue
                if not (block.starts_at < day_end and day_start < block.ends_at):
                    continue
                top, low = self._span_y(block.starts_at, block.ends_at, column.day)
                if low <= top:
                    continue
                shade = QGraphicsRectItem(x + 1, top, self.column_width - 2, low - top)
                shade.setBrush(QBrush(QColor(120, 90, 160, 70)))
                shade.setPen(QPen(QColor(120, 90, 160, 140)))
                label = self.tr(BLOCK_LABELS.get(block.block_type, block.block_type))
                shade.setToolTip(f"{label}: {block.reason}" if block.reason else label)
                shade.setZValue(-5)
                self._add(shade)
                hatch = QGraphicsRectItem(x + 1, top, self.column_width - 2, low - top)
                hatch.setBrush(QBrush(QColor(120, 90, 160, 90), Qt.BrushStyle.BDiagPattern))
                hatch.setPen(no_pen)
                hatch.setZValue(-4)
                hatch.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                self._add(hatch)
                text = QGraphicsSimpleTextItem(label, shade)
                text.setBrush(QColor("#4a3070"))
                text.setPos(x + 6, top + 2)
            for hold in calendar.holds:
                if hold.therapist_id != column.therapist_id or hold.starts_at.date() != column.day:
                    continue
                top, low = self._span_y(hold.starts_at, hold.ends_at, column.day)
                held = QGraphicsRectItem(x + 3, top, self.column_width - 6, low - top)
                held.setBrush(QBrush(QColor(255, 193, 7, 60)))
                held.setPen(QPen(QColor("#b28704"), 1.5, Qt.PenStyle.DashLine))
                held.setToolTip(self.tr("Held for a booking in progress"))
                held.setZValue(-3)
                self._add(held)
                QGraphicsSimpleTextItem(self.tr("Held"), held).setPos(x + 8, top + 2)
        grid = QPen(QColor("#d0d4d8"), 0.6)
        hour = QPen(QColor("#b8bec4"), 1)
        minute = self.first_minute
        step = max(calendar.slot_minutes, 15)
        right = self.x_of(len(self.columns))
        while minute <= self.last_minute:
            y = CONTENT_TOP + (minute - self.first_minute) * self.pixels_per_minute
            line = QGraphicsLineItem(GUTTER_WIDTH, y, right, y)
            line.setPen(hour if minute % 60 == 0 else grid)
            line.setZValue(-2)
            line.setParentItem(self._background)
            minute += step
        for index in range(len(self.columns) + 1):
            x = self.x_of(index)
            line = QGraphicsLineItem(x, HEADER_HEIGHT, x, bottom)
            line.setPen(QPen(QColor("#9aa3ab"), 1))
            line.setZValue(-1)
            line.setParentItem(self._background)

    def _cards(self) -> list[SessionCard]:
        if self.calendar is None:
            return []
        days = {column.day for column in self.columns}
        return [card for card in self.calendar.sessions if card.starts_at.date() in days]

    def column_of(self, card: SessionCard) -> int | None:
        for index, column in enumerate(self.columns):
            if column.day != card.starts_at.date():
                continue
            if column.therapist_id is not None and column.therapist_id == card.therapist_id:
                return index
            if column.room_id is not None and column.room_id == (card.room_id or 0):
                return index
        return None

    def _place_sessions(self) -> None:
        seen: set[int] = set()
        for card in self._cards():
            index = self.column_of(card)
            if index is None:
                continue
            seen.add(card.id)
            top, bottom = self._span_y(card.starts_at, card.ends_at, card.starts_at.date())
            rect = QRectF(self.x_of(index) + 2, top, self.column_width - 4, max(bottom - top, 14))
            item = self.items_by_id.get(card.id)
            if item is None:
                item = SessionItem(card, self)
                self.scene().addItem(item)
                self.items_by_id[card.id] = item
            elif item.card != card:
                item.update_card(card)
            item.set_rect(rect)
        for gone in set(self.items_by_id) - seen:
            item = self.items_by_id.pop(gone)
            if item is self._pressed_item:
                self.cancel_drag()  # its session changed elsewhere meanwhile
                self.hint.emit(self.tr("That session was changed at another desk"))
            shiboken6.delete(item)

    # -- what items show ---------------------------------------------------------------

    def colour_of(self, card: SessionCard) -> str:
        calendar = self.calendar
        if calendar is None:
            return "#90a4ae"
        if self.colour_by == ColourBy.SERVICE:
            return calendar.services[card.service_id].colour
        therapist = calendar.therapist_by_id.get(card.therapist_id)
        return therapist.colour if therapist else "#90a4ae"

    def service_line(self, card: SessionCard) -> str:
        calendar = self.calendar
        assert calendar is not None
        parts = [calendar.services[card.service_id].name]
        room = calendar.room_by_id.get(card.room_id or 0)
        parts.append(room.name if room else self.tr("no room"))
        if self.mode == ViewMode.ROOMS:
            therapist = calendar.therapist_by_id.get(card.therapist_id)
            parts.insert(0, therapist.name if therapist else "")
        return " · ".join(p for p in parts if p)

    def describe(self, card: SessionCard) -> str:
        calendar = self.calendar
        assert calendar is not None
        therapist = calendar.therapist_by_id.get(card.therapist_id)
        lines = [
            f"{card.reference} · {card.starts_at:%a %d %b %H:%M}–{card.ends_at:%H:%M}",
            card.client_name,
            self.service_line(card),
            f"{therapist.name if therapist else ''} · {card.status.replace('_', ' ')}",
        ]
        if card.overridden:
            lines.append(self.tr("Booked by override"))
        return "\n".join(lines)

    # -- painting the fixed parts -------------------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        calendar = self.calendar
        # now-line
        if calendar is not None:
            now = calendar.now.astimezone(calendar.zone)
            minutes = now.hour * 60 + now.minute
            if self.first_minute <= minutes <= self.last_minute:
                y = self.y_of(now)
                painter.setPen(QPen(QColor("#e53935"), 2))
                for index, column in enumerate(self.columns):
                    if column.day == now.date():
                        painter.drawLine(
                            QPointF(self.x_of(index), y), QPointF(self.x_of(index + 1), y)
                        )
        # time gutter
        gutter = QRectF(visible.left(), visible.top(), GUTTER_WIDTH, visible.height())
        painter.fillRect(gutter, QColor("#f7f8f9"))
        painter.setPen(QColor("#455a64"))
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        minute = self.first_minute
        while minute <= self.last_minute:
            y = CONTENT_TOP + (minute - self.first_minute) * self.pixels_per_minute
            painter.drawText(
                QRectF(visible.left(), y - 7, GUTTER_WIDTH - 6, 14),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{minute // 60:02d}:{minute % 60:02d}",
            )
            minute += 60
        # column headers
        header = QRectF(visible.left(), visible.top(), visible.width(), HEADER_HEIGHT)
        painter.fillRect(header, QColor("#f7f8f9"))
        painter.setPen(QPen(QColor("#9aa3ab")))
        painter.drawLine(header.bottomLeft(), header.bottomRight())
        today = calendar.now.astimezone(calendar.zone).date() if calendar else None
        for index, column in enumerate(self.columns):
            x = self.x_of(index)
            cell = QRectF(x + 4, visible.top() + 3, self.column_width - 8, HEADER_HEIGHT - 6)
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
            QRectF(visible.left(), visible.top(), GUTTER_WIDTH, HEADER_HEIGHT), QColor("#f7f8f9")
        )

    # -- mouse: drag to move, drag on empty time to book ---------------------------------

    def _column_at(self, x: float) -> int | None:
        index = int((x - GUTTER_WIDTH) // self.column_width)
        return index if 0 <= index < len(self.columns) and x >= GUTTER_WIDTH else None

    def start_at(self, column: Column, y: float) -> datetime:
        """The slot start under `y` in `column`, snapped to the clinic's interval."""
        calendar = self.calendar
        assert calendar is not None
        minutes = self.first_minute + (y - CONTENT_TOP) / self.pixels_per_minute
        step = calendar.slot_minutes
        minutes = int(round(minutes / step) * step)
        minutes = max(self.first_minute, min(minutes, self.last_minute - step))
        naive = datetime.combine(column.day, time()) + timedelta(minutes=minutes)
        return wall_to_instant(naive, calendar.zone).astimezone(calendar.zone)

    def target_for(self, card: SessionCard, scene_pos: QPointF) -> DropTarget | None:
        """Where `card` would land with the pointer at `scene_pos`, and the engine's check."""
        calendar = self.calendar
        index = self._column_at(scene_pos.x())
        if calendar is None or index is None:
            return None
        column = self.columns[index]
        top = scene_pos.y() - self._grab_offset_minutes * self.pixels_per_minute
        start = self.start_at(column, top)
        therapist = column.therapist_id if column.therapist_id is not None else card.therapist_id
        room = column.room_id if column.room_id else None
        if column.room_id == 0:  # "No room" is not a place to move to
            return DropTarget(
                column, start, MoveCheck(False, "room_busy", self.tr("Choose a room column"))
            )
        return DropTarget(column, start, calendar.check_move(card, start, therapist, room))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or event.position().y() < HEADER_HEIGHT:
            super().mousePressEvent(event)
            return
        self._press = self.mapToScene(event.position().toPoint())
        item = self._item_at(event.position().toPoint())
        self._pressed_item = item
        self._dragging = False
        if item is not None:
            self.scene().clearSelection()
            item.setSelected(True)
            self._grab_offset_minutes = (
                self._press.y() - item._rect.top()
            ) / self.pixels_per_minute
        else:
            self.scene().clearSelection()
            index = self._column_at(self._press.x())
            self._create_from = (
                (self.columns[index], self.start_at(self.columns[index], self._press.y()))
                if index is not None and self.calendar is not None
                else None
            )
        event.accept()

    def _item_at(self, point: object) -> SessionItem | None:
        for item in self.items(point):  # type: ignore[call-overload]
            if isinstance(item, SessionItem):
                return item
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        position = self.mapToScene(event.position().toPoint())
        if not self._dragging:
            if (position - self._press).manhattanLength() < DRAG_THRESHOLD:
                return
            self._dragging = True
        if self._pressed_item is not None:
            if self._pressed_item.card.movable:
                self.drag_to(self._pressed_item.card, position)
            else:
                self.hint.emit(
                    self.tr("%s is %s and cannot be moved")
                    % (self._pressed_item.card.reference, self._pressed_item.card.status)
                )
        elif self._create_from is not None:
            self._show_create_ghost(position)
        event.accept()

    def drag_to(self, card: SessionCard, position: QPointF) -> DropTarget | None:
        """Move the ghost of `card` to the target under `position` and say whether it is
        valid (green) or not (red, with the reason in the status bar)."""
        target = self.target_for(card, position)
        previous = self.drop_target
        self.drop_target = target
        if target is None:
            self._clear_ghost()
            self.hint.emit(self.tr("Drop on a column of the schedule"))
            return None
        if previous is not None and (previous.column, previous.start) == (
            target.column,
            target.start,
        ):
            return target
        index = self.columns.index(target.column)
        duration = (card.ends_at - card.starts_at).total_seconds() / 60
        top = self.y_of(target.start)
        rect = QRectF(
            self.x_of(index) + 2, top, self.column_width - 4, duration * self.pixels_per_minute
        )
        self._ghost_at(rect, target.check.allowed, f"{target.start:%H:%M}")
        if target.check.allowed:
            self.hint.emit(self.tr("%s: free — drop to move here") % f"{target.start:%a %H:%M}")
        else:
            extra = self.tr(" (a supervisor may override)") if target.check.overridable else ""
            self.hint.emit(target.check.message + extra)
        return target

    def _ghost_at(self, rect: QRectF, valid: bool, label: str) -> None:
        if self._ghost is None:
            self._ghost = QGraphicsRectItem()
            self._ghost.setZValue(50)
            self.scene().addItem(self._ghost)
            self._ghost_label = QGraphicsSimpleTextItem(self._ghost)
        colour = VALID_COLOUR if valid else INVALID_COLOUR
        self._ghost.setRect(rect)
        self._ghost.setBrush(colour)
        self._ghost.setPen(QPen(colour.darker(160), 2))
        assert self._ghost_label is not None
        self._ghost_label.setText(label)
        self._ghost_label.setPos(rect.left() + 6, rect.top() + 2)
        self._ghost.setData(0, "valid" if valid else "invalid")

    @property
    def dragging(self) -> bool:
        return self._press is not None

    @property
    def ghost_state(self) -> str | None:
        """'valid' / 'invalid' while a ghost is shown (what tests and screenshots look at)."""
        return None if self._ghost is None else self._ghost.data(0)

    def _show_create_ghost(self, position: QPointF) -> None:
        assert self._create_from is not None and self.calendar is not None
        column, start = self._create_from
        index = self.columns.index(column)
        top = self.y_of(start)
        bottom = max(position.y(), top + self.calendar.slot_minutes * self.pixels_per_minute)
        self._ghost_at(
            QRectF(self.x_of(index) + 2, top, self.column_width - 4, bottom - top),
            True,
            self.tr("New booking %s") % f"{start:%H:%M}",
        )
        self.hint.emit(self.tr("Release to book at %s") % f"{start:%a %H:%M}")

    def _clear_ghost(self) -> None:
        if self._ghost is not None:
            shiboken6.delete(self._ghost)
            self._ghost = None
            self._ghost_label = None

    def cancel_drag(self) -> None:
        self._press, self._pressed_item, self._create_from = None, None, None
        self._dragging = False
        self.drop_target = None
        self._clear_ghost()
        self.hint.emit("")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            super().mouseReleaseEvent(event)
            return
        item, dragging, create = self._pressed_item, self._dragging, self._create_from
        target = self.drop_target
        self.cancel_drag()
        if dragging and item is not None and target is not None and item.card.movable:
            if (target.column.day, target.start) != (
                item.card.starts_at.date(),
                item.card.starts_at,
            ) or (
                target.column.therapist_id not in (None, item.card.therapist_id)
                or (target.column.room_id or None) not in (None, item.card.room_id)
            ):
                self.move_requested.emit(item.card, target)
        elif dragging and item is None and create is not None:
            column, start = create
            self.create_requested.emit(column.therapist_id, column.room_id or None, start)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        item = self._item_at(event.position().toPoint())
        if item is not None:
            self.open_requested.emit(item.card)
            return
        position = self.mapToScene(event.position().toPoint())
        index = self._column_at(position.x())
        if index is not None and self.calendar is not None and position.y() > HEADER_HEIGHT:
            column = self.columns[index]
            self.create_requested.emit(
                column.therapist_id, column.room_id or None, self.start_at(column, position.y())
            )

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.calendar is not None:
            self._layout()

    # -- keyboard ------------------------------------------------------------------------

    def selected_card(self) -> SessionCard | None:
        chosen = [i for i in self.scene().selectedItems() if isinstance(i, SessionItem)]
        return chosen[0].card if chosen else None

    def select(self, session_id: int) -> bool:
        item = self.items_by_id.get(session_id)
        if item is None:
            return False
        self.scene().clearSelection()
        item.setSelected(True)
        self.ensureVisible(item, 20, 40)
        return True

    def _ordered_items(self) -> list[SessionItem]:
        return sorted(
            self.items_by_id.values(),
            key=lambda i: (self.column_of(i.card) or 0, i.card.starts_at, i.card.id),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape and (self._press is not None or self._ghost is not None):
            self.cancel_drag()
            self.hint.emit(self.tr("Move cancelled"))
            return
        card = self.selected_card()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and card is not None:
            self.open_requested.emit(card)
            return
        if key == Qt.Key.Key_Delete and card is not None:
            self.cancel_requested.emit(card)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._move_selection(key, card)
            return
        super().keyPressEvent(event)

    def _move_selection(self, key: int, card: SessionCard | None) -> None:
        ordered = self._ordered_items()
        if not ordered:
            return
        if card is None:
            self.select(ordered[0].card.id)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            position = next(i for i, item in enumerate(ordered) if item.card.id == card.id)
            step = 1 if key == Qt.Key.Key_Down else -1
            chosen = ordered[max(0, min(len(ordered) - 1, position + step))]
            self.select(chosen.card.id)
            return
        column = self.column_of(card) or 0
        wanted = column + (1 if key == Qt.Key.Key_Right else -1)
        candidates = [i for i in ordered if self.column_of(i.card) == wanted]
        if candidates:
            nearest = min(
                candidates,
                key=lambda i: abs(
                    (i.card.starts_at.hour * 60 + i.card.starts_at.minute)
                    - (card.starts_at.hour * 60 + card.starts_at.minute)
                ),
            )
            self.select(nearest.card.id)

    def _selection_changed(self) -> None:
        self.selection_changed.emit(self.selected_card())
