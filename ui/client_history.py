"""A client's sessions as the profile lists them: a table model over the loaded history, so a
client with hundreds of sessions is shown (and filtered again) without an item per cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTreeView, QWidget

from app.clients.profile import HistoryRow
from ui import locale_format, words

Index = QModelIndex | QPersistentModelIndex

HEADERS = (
    str(QT_TRANSLATE_NOOP("HistoryModel", "When")),
    str(QT_TRANSLATE_NOOP("HistoryModel", "Therapist")),
    str(QT_TRANSLATE_NOOP("HistoryModel", "Service")),
    str(QT_TRANSLATE_NOOP("HistoryModel", "Room")),
    str(QT_TRANSLATE_NOOP("HistoryModel", "Status")),
    str(QT_TRANSLATE_NOOP("HistoryModel", "Reference")),
)
# Columns as wide as their texts, measured on the few distinct texts they hold: Qt's own
# fitting (ResizeToContents) measures row by row and cost most of the time a 500-session
# history took to show.
FITTED = {0: ("Wed 30 Sep 2026 22:00",), 5: ("BK-0000-000000",)}
ROOM, STATUS = 3, 4
PADDING = 14  # the cell's margins and the gap to the next column


def status_text(row: HistoryRow) -> str:
    text = words.status_label(row.status)
    if row.late_cancellation:
        return QCoreApplication.translate("HistoryModel", "%s (late)") % text
    return text


def cells(row: HistoryRow) -> tuple[str, ...]:
    return (
        locale_format.moment_with_year(row.starts_at),
        row.therapist_name,
        row.service_name,
        row.room_name or "—",
        status_text(row),
        row.reference,
    )


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells(row)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.reference
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None


class HistoryView(QTreeView):
    """The table of sessions: the date, room, status and reference as wide as their texts;
    the therapist and service share the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history_model = HistoryModel(self)
        self.setModel(self.history_model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(False)
        for column in (*FITTED, ROOM, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        for stretched in (1, 2):  # the therapist and the service share what is left
            header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        self._fit([])

    def _fit(self, rows: list[HistoryRow]) -> None:
        metrics = QFontMetrics(self.font())
        texts = {
            **FITTED,
            ROOM: ("Room", *{row.room_name or "—" for row in rows}),
            STATUS: ("Status", *{status_text(row) for row in rows}),
        }
        for column, shown in texts.items():
            self.setColumnWidth(column, max(map(metrics.horizontalAdvance, shown)) + PADDING)

    def references(self) -> list[str]:
        return [row.reference for row in self.history_model.rows]

    def current_reference(self) -> str | None:
        index = self.currentIndex()
        return self.history_model.rows[index.row()].reference if index.isValid() else None

    def show_rows(self, rows: list[HistoryRow]) -> None:
        """Show `rows`, the current row kept when it is still among them."""
        chosen = self.current_reference()
        self._fit(rows)
        self.history_model.set_rows(rows)
        for number, row in enumerate(rows):
            if row.reference == chosen:
                self.setCurrentIndex(self.history_model.index(number, 0))
                break
