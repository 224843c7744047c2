"""Texts that give up width rather than overlap their neighbours: cut with "…" to the width
the layout gives them, the whole text in the tooltip. `text()` stays whole, for screen
readers and for whoever reads the widget."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

SHORTEST = "Abcde…"  # what a cut text keeps at the least: enough to tell two items apart


class ElidedLabel(QLabel):
    """A one-line label; `mode` says where a cut goes (a path is best cut in the middle)."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(text, parent)
        self.mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._tell_whole()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        least = self.fontMetrics().horizontalAdvance(SHORTEST) + margins.left() + margins.right()
        return QSize(min(hint.width(), least), hint.height())

    def displayed_text(self) -> str:
        """What the label shows at its present width."""
        return self.fontMetrics().elidedText(self.text(), self.mode, self.contentsRect().width())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.displayed_text(),
            self.foregroundRole(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._tell_whole()

    def _tell_whole(self) -> None:
        self.setToolTip(self.text() if self.displayed_text() != self.text() else "")


class ElidedButton(QPushButton):
    """A flat status button whose text is cut like `ElidedLabel`'s; its own tooltip (what a
    click does) stays, under the whole text when that is cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose = ""  # the tooltip when nothing is cut

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._tell_whole()

    def set_purpose(self, purpose: str) -> None:
        self.purpose = purpose
        self._tell_whole()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        least = self._frame_width() + self.fontMetrics().horizontalAdvance(SHORTEST)
        return QSize(min(hint.width(), least), hint.height())

    def _frame_width(self) -> int:
        """What the style adds around the text (frame, padding), as its size hint says."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())

    def _text_room(self) -> int:
        """Pixels the text may take at the button's width: all of it at its size hint."""
        return self.width() - self._frame_width()

    def displayed_text(self) -> str:
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self._text_room()
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self.displayed_text()
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, option)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._tell_whole()

    def _tell_whole(self) -> None:
        cut = self.displayed_text() != self.text()
        self.setToolTip("\n".join(filter(None, [self.text() if cut else "", self.purpose])))
