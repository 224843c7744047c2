"""The week and day views (docs/desk.md, Views): a `QGraphicsView` over one loaded `DeskCalendar`.

Columns are the days of one therapist's week, the therapists of one day, or the rooms of one
day; rows are local wall-clock time. Everything drawn and every drag check comes from the
loaded calendar, so moving the mouse never touches the database. The view turns mouse and
keys into requests; where things go is `ui.calendar_layout`, what is painted behind the
cards `ui.calendar_scene`, and a card itself `ui.session_item`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QMenu,
    QWidget,
)

from app.desk_calendar import DeskCalendar, MoveCheck, SessionCard
from app.timezones import wall_to_instant
from ui import locale_format
from ui.calendar_layout import (
    DEFAULT_PIXELS_PER_MINUTE,
    GUTTER_WIDTH,
    HEADER_HEIGHT,
    Column,
    Grid,
    ViewMode,
    build_columns,
    card_boxes,
    cards_in,
    visible_minutes,
)
from ui.calendar_layout import column_of as _column_of
from ui.calendar_scene import CalendarScene
from ui.session_item import SessionItem, card_colour, describe, service_line

__all__ = [
    "CalendarView",
    "ColourBy",
    "Column",
    "DropTarget",
    "SessionItem",
    "ViewMode",
]

DRAG_THRESHOLD = 6
VALID_COLOUR = QColor(46, 160, 67, 110)
INVALID_COLOUR = QColor(200, 30, 45, 110)


class ColourBy(enum.Enum):
    THERAPIST = "therapist"
    SERVICE = "service"


@dataclass(frozen=True)
class DropTarget:
    column: Column
    start: datetime
    check: MoveCheck


def session_actions(status: str) -> list[tuple[str, str]]:
    """A session's context menu, for a card and a day list row alike: (label, action), "-"
    a separator. Open, cancel (while it may be), take a payment, and a supervisor's fee
    waiver (a no-show) and price change."""
    # Labels marked for the extractor; translated where the menu is built (CalendarView).
    actions = [(str(QT_TRANSLATE_NOOP("CalendarView", "&Open")), "open")]
    if status in ("scheduled", "confirmed"):
        actions.append((str(QT_TRANSLATE_NOOP("CalendarView", "&Cancel…")), "cancel"))
    actions += [
        (str(QT_TRANSLATE_NOOP("CalendarView", "Take &payment…")), "take_payment"),
        ("-", "-"),
    ]
    if status == "no_show":
        actions.append((str(QT_TRANSLATE_NOOP("CalendarView", "&Waive fee…")), "waive_fee"))
    actions.append((str(QT_TRANSLATE_NOOP("CalendarView", "Change &price…")), "change_price"))
    return actions


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
    # a session's context menu: (SessionCard, "waive_fee" | "change_price" | "take_payment")
    action_requested = Signal(object, str)
    selection_changed = Signal(object)  # a SessionCard or None
    # data that came during a drag is drawn now that the drag has ended
    drawn_after_drag = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(CalendarScene(self))
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
        self.grid = Grid(0)
        self.items_by_id: dict[int, SessionItem] = {}
        self._press: QPointF | None = None
        self._pressed_item: SessionItem | None = None
        self._grab_offset_minutes: float = 0
        self._dragging = False
        self._ghost: QGraphicsRectItem | None = None
        self._ghost_label: QGraphicsSimpleTextItem | None = None
        self.drop_target: DropTarget | None = None
        self._create_from: tuple[Column, datetime] | None = None
        self._drag_position: QPointF | None = None  # the pointer's last place while dragging
        # fresh data that came during a drag: drawn when it ends (calendar, mode, day, therapist)
        self._draw_after_drag: tuple[DeskCalendar, ViewMode, date, int | None] | None = None
        self.scene().selectionChanged.connect(self._selection_changed)

    def scene(self) -> CalendarScene:
        scene = super().scene()
        assert isinstance(scene, CalendarScene)  # set in __init__, never replaced
        return scene

    # -- feeding ---------------------------------------------------------------------

    def show_calendar(
        self,
        calendar: DeskCalendar,
        mode: ViewMode,
        day: date,
        therapist_id: int | None = None,
    ) -> bool:
        """Show `calendar` as `mode` around `day`; items whose session did not change are
        kept as they are (only changed ones are repainted). During a drag only the drag's
        checks take the fresh data at once (the ghost turns red if another desk just took
        its start) and the items are redrawn when it ends: returns whether it drew now."""
        dragged = self._pressed_item.card if self._pressed_item is not None else None
        if dragged is not None and not any(c.id == dragged.id for c in calendar.sessions):
            self.cancel_drag()  # its session was moved or cancelled elsewhere meanwhile
            self.hint.emit(self.tr("That session was changed at another desk"))
        if self._press is not None:
            self.calendar = calendar
            self._draw_after_drag = (calendar, mode, day, therapist_id)
            self._check_drag_again()
            return False
        self._draw_after_drag = None
        self.calendar, self.mode, self.day = calendar, mode, day
        ids = [t.id for t in calendar.therapists]
        self.therapist_id = therapist_id if therapist_id in ids else (ids[0] if ids else None)
        self.columns = build_columns(calendar, mode, day, self.therapist_id, self.tr("No room"))
        self._layout()
        return True

    def _check_drag_again(self) -> None:
        """The ghost where the pointer is, checked against the calendar now loaded."""
        item, position = self._pressed_item, self._drag_position
        if self._dragging and item is not None and position is not None and item.card.movable:
            self.drop_target = None  # so the same target is shown again, not skipped
            self.drag_to(item.card, position)

    def _draw_what_came_during_drag(self) -> None:
        pending = self._draw_after_drag
        if pending is not None and self._press is None and shiboken6.isValid(self):
            self.show_calendar(*pending)
            self.drawn_after_drag.emit()

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

    @property
    def first_minute(self) -> int:
        return self.grid.first_minute

    @property
    def last_minute(self) -> int:
        return self.grid.last_minute

    @property
    def column_width(self) -> float:
        return self.grid.column_width

    def _layout(self) -> None:
        self.grid = Grid.fitted(
            len(self.columns),
            self.viewport().width() - GUTTER_WIDTH - 2,
            visible_minutes(self.calendar, self.columns, self._cards()),
            self.pixels_per_minute,
        )
        self.scene().show_layout(self.calendar, self.columns, self.grid, self.mode)
        self._place_sessions()
        self.viewport().update()

    def x_of(self, column_index: int) -> float:
        return self.grid.x_of(column_index)

    def y_of(self, moment: datetime | time) -> float:
        return self.grid.y_of(moment)

    def _cards(self) -> list[SessionCard]:
        return cards_in(self.calendar, self.columns)

    def column_of(self, card: SessionCard) -> int | None:
        return _column_of(self.columns, card)

    def _place_sessions(self) -> None:
        cards = self._cards()
        boxes = card_boxes(cards, self.columns, self.grid)
        for card in cards:
            if card.id not in boxes:
                continue
            item = self.items_by_id.get(card.id)
            if item is None:
                item = SessionItem(card, self)
                self.scene().addItem(item)
                self.items_by_id[card.id] = item
            elif item.card != card:
                item.update_card(card)
            item.set_rect(QRectF(*boxes[card.id][1]))
        for gone in set(self.items_by_id) - set(boxes):
            item = self.items_by_id.pop(gone)
            if item is self._pressed_item:
                self.cancel_drag()  # its session changed elsewhere meanwhile
                self.hint.emit(self.tr("That session was changed at another desk"))
            shiboken6.delete(item)

    # -- what items show ---------------------------------------------------------------

    def colour_of(self, card: SessionCard) -> str:
        return card_colour(self.calendar, self.colour_by == ColourBy.SERVICE, card)

    def service_line(self, card: SessionCard) -> str:
        assert self.calendar is not None
        return service_line(self.calendar, card, with_therapist=self.mode == ViewMode.ROOMS)

    def describe(self, card: SessionCard) -> str:
        assert self.calendar is not None
        return describe(self.calendar, card, self.service_line(card))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        self.scene().paint_fixed_parts(painter, visible)

    # -- mouse: drag to move, drag on empty time to book ---------------------------------

    def start_at(self, column: Column, y: float) -> datetime:
        """The slot start under `y` in `column`, snapped to the clinic's interval."""
        calendar = self.calendar
        assert calendar is not None
        minutes = self.grid.minute_at(y)
        step = calendar.slot_minutes
        minutes = int(round(minutes / step) * step)
        minutes = max(self.first_minute, min(minutes, self.last_minute - step))
        naive = datetime.combine(column.day, time()) + timedelta(minutes=minutes)
        return wall_to_instant(naive, calendar.zone).astimezone(calendar.zone)

    def target_for(self, card: SessionCard, scene_pos: QPointF) -> DropTarget | None:
        """Where `card` would land with the pointer at `scene_pos`, and the engine's check."""
        calendar = self.calendar
        index = self.grid.column_at(scene_pos.x())
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
                self._press.y() - item.rect().top()
            ) / self.pixels_per_minute
        else:
            self.scene().clearSelection()
            index = self.grid.column_at(self._press.x())
            self._create_from = (
                (self.columns[index], self.start_at(self.columns[index], self._press.y()))
                if index is not None and self.calendar is not None
                else None
            )
        event.accept()

    def _item_at(self, point: QPoint) -> SessionItem | None:
        for item in self.items(point):
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
        self._drag_position = position
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
        box = self.grid.column_box(index, top, top + duration * self.pixels_per_minute, inset=2)
        self._ghost_at(QRectF(*box), target.check.allowed, locale_format.time_of_day(target.start))
        if target.check.allowed:
            self.hint.emit(
                self.tr("%s: free — drop to move here") % locale_format.weekday_time(target.start)
            )
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
            QRectF(*self.grid.column_box(index, top, bottom, inset=2)),
            True,
            self.tr("New booking %s") % locale_format.time_of_day(start),
        )
        self.hint.emit(self.tr("Release to book at %s") % locale_format.weekday_time(start))

    def _clear_ghost(self) -> None:
        if self._ghost is not None:
            shiboken6.delete(self._ghost)
            self._ghost = None
            self._ghost_label = None

    def cancel_drag(self) -> None:
        self._press, self._pressed_item, self._create_from = None, None, None
        self._dragging = False
        self.drop_target = None
        self._drag_position = None
        self._clear_ghost()
        self.hint.emit("")
        if self._draw_after_drag is not None:
            # After the release has been handled (it still reads the dragged item).
            QTimer.singleShot(0, self._draw_what_came_during_drag)

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
        index = self.grid.column_at(position.x())
        if index is not None and self.calendar is not None and position.y() > HEADER_HEIGHT:
            column = self.columns[index]
            self.create_requested.emit(
                column.therapist_id, column.room_id or None, self.start_at(column, position.y())
            )

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        item = self._item_at(event.pos())
        if item is None:
            super().contextMenuEvent(event)
            return
        self.scene().clearSelection()
        item.setSelected(True)
        self.session_menu(item.card).exec(event.globalPos())

    def session_menu(self, card: SessionCard) -> QMenu:
        """What a right click on a session offers (`session_actions`)."""
        menu = QMenu(self)
        for label, action in session_actions(card.status):
            if action == "-":
                menu.addSeparator()
            else:
                menu.addAction(self.tr(label), partial(self._menu_chosen, card, action))
        return menu

    def _menu_chosen(self, card: SessionCard, action: str) -> None:
        if action == "open":
            self.open_requested.emit(card)
        elif action == "cancel":
            self.cancel_requested.emit(card)
        else:
            self.action_requested.emit(card, action)

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
