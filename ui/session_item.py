"""One session on the schedule: the card item, and what a card says (colour, service line,
tooltip) for whichever view mode and colouring the view has chosen.

The item asks the view (`CardLook`) rather than deciding itself, so switching the colouring
or the mode is one change in the view that every card follows.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from app.desk_calendar import DeskCalendar, SessionCard
from ui import locale_format, words
from ui.agenda_model import DUE_COLOUR, PAID_COLOUR

# The badge's colour per status; its word is `words.status_badge`.
BADGE_COLOURS = {
    "scheduled": "#546e7a",
    "confirmed": "#2e7d32",
    "in_progress": "#1565c0",
    "completed": "#6d4c41",
    "no_show": "#b00020",
}


class CardLook(Protocol):
    """What a session card shows, decided by the view for every card alike."""

    def colour_of(self, card: SessionCard) -> str: ...

    def service_line(self, card: SessionCard) -> str: ...

    def describe(self, card: SessionCard) -> str: ...


def card_colour(calendar: DeskCalendar | None, by_service: bool, card: SessionCard) -> str:
    """The therapist's colour, or the service's; grey before anything is loaded."""
    if calendar is None:
        return "#90a4ae"
    if by_service:
        return calendar.services[card.service_id].colour
    therapist = calendar.therapist_by_id.get(card.therapist_id)
    return therapist.colour if therapist else "#90a4ae"


def service_line(calendar: DeskCalendar, card: SessionCard, with_therapist: bool) -> str:
    """Service and room; in the room view the therapist first, as the column says the room."""
    parts = [calendar.services[card.service_id].name]
    room = calendar.room_by_id.get(card.room_id or 0)
    parts.append(room.name if room else QCoreApplication.translate("CalendarView", "no room"))
    if with_therapist:
        therapist = calendar.therapist_by_id.get(card.therapist_id)
        parts.insert(0, therapist.name if therapist else "")
    return " · ".join(p for p in parts if p)


def describe(calendar: DeskCalendar, card: SessionCard, service: str) -> str:
    """A card's tooltip: everything about the session, whatever fits on the card."""
    therapist = calendar.therapist_by_id.get(card.therapist_id)
    lines = [
        f"{card.reference} · {locale_format.moment(card.starts_at)}–"
        f"{locale_format.time_of_day(card.ends_at)}",
        card.client_name,
        service,
        f"{therapist.name if therapist else ''} · {words.status_word(card.status)}",
    ]
    if card.overridden:
        lines.append(QCoreApplication.translate("CalendarView", "Booked by override"))
    if card.payment:
        lines.append(payment_text(card.payment))
    return "\n".join(lines)


def payment_text(marker: str) -> str:
    """A card's payment marker as shown: "✓ Paid", or the amount due as it is."""
    return "✓ " + QCoreApplication.translate("CalendarView", "Paid") if marker == "Paid" else marker


def _lighter(colour: str, factor: int = 165) -> QColor:
    return QColor(colour).lighter(factor)


class SessionItem(QGraphicsObject):
    """One session: a rounded card with time, client, service, room and a status badge."""

    def __init__(self, card: SessionCard, look: CardLook) -> None:
        super().__init__()
        self.card = card
        self._look = look
        self._rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(
            Qt.CursorShape.OpenHandCursor if card.movable else Qt.CursorShape.ArrowCursor
        )
        self.setZValue(10)
        self.update_card(card)

    def update_card(self, card: SessionCard) -> None:
        self.card = card
        self.setToolTip(self._look.describe(card))
        self.update()

    def rect(self) -> QRectF:
        """The card's place in the scene (its sub-column when sessions overlap)."""
        return QRectF(self._rect)

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
        colour = self._look.colour_of(card)
        fill = _lighter(colour, 150 if not faded else 185)
        border = QColor(colour).darker(130)
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
        badge_text = words.status_badge(card.status)
        badge_colour = BADGE_COLOURS.get(card.status, "#546e7a")
        metrics = painter.fontMetrics()
        badge_width = metrics.horizontalAdvance(badge_text) + 8
        text_rect = rect.adjusted(7, 2, -3, -2)
        line = metrics.height()
        lines = [
            f"{locale_format.time_of_day(card.starts_at)}–{locale_format.time_of_day(card.ends_at)}",
            card.client_name,
            self._look.service_line(card),
        ]
        if card.overridden:
            lines.append(QCoreApplication.translate("CalendarView", "⚑ overridden"))
        show_badge = rect.width() > badge_width + 60 and rect.height() >= line + 4
        first_width = text_rect.width() - (badge_width + 4 if show_badge else 0)
        # Paid / due at the right of the client's line: seen whenever the name is.
        font.setBold(True)
        painter.setFont(font)
        marker = payment_text(card.payment) if card.payment else ""
        marker_width = painter.fontMetrics().horizontalAdvance(marker) + 6 if marker else 0
        if marker_width > text_rect.width() / 2:
            marker, marker_width = "", 0  # too narrow a card: the tooltip says it
        y = text_rect.top()
        for number, text in enumerate(lines):
            if y + line > text_rect.bottom() + 2:
                break
            width = first_width if number == 0 else text_rect.width()
            if number == 1 and marker:
                width -= marker_width
                painter.save()
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(QColor(PAID_COLOUR if card.payment == "Paid" else DUE_COLOUR))
                marker_rect = QRectF(text_rect.right() - marker_width, y, marker_width, line)
                painter.drawText(marker_rect, Qt.AlignmentFlag.AlignRight, marker)
                painter.restore()
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
