"""Table model of one day's sessions."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.agenda import AgendaRow
from ui import locale_format, words

Index = QModelIndex | QPersistentModelIndex


# A session's payment marker: settled, or money due (app.money.accounts.payment_marker).
PAID_COLOUR = "#2e7d32"
DUE_COLOUR = "#b00020"


class AgendaModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = cast(
        tuple[str, ...],
        (
            QT_TRANSLATE_NOOP("AgendaModel", "Time"),
            QT_TRANSLATE_NOOP("AgendaModel", "Therapist"),
            QT_TRANSLATE_NOOP("AgendaModel", "Client"),
            QT_TRANSLATE_NOOP("AgendaModel", "Service"),
            QT_TRANSLATE_NOOP("AgendaModel", "Room"),
            QT_TRANSLATE_NOOP("AgendaModel", "Status"),
            QT_TRANSLATE_NOOP("AgendaModel", "Reference"),
            QT_TRANSLATE_NOOP("AgendaModel", "Payment"),
        ),
    )
    PAYMENT_COLUMN = 7

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AgendaRow] = []

    def set_rows(self, rows: list[AgendaRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AgendaRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{locale_format.time_of_day(row.starts_at)}–{locale_format.time_of_day(row.ends_at)}",
                row.therapist,
                row.client,
                row.service,
                row.room or "—",
                words.status_label(row.status),
                row.reference,
                self.tr("Paid") if row.payment == "Paid" else row.payment,
            )[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return QColor(row.therapist_colour)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.PAYMENT_COLUMN:
            return QColor(PAID_COLOUR if row.payment == "Paid" else DUE_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and row.status in ("cancelled", "no_show"):
            return QColor("#777777")
        if role == Qt.ItemDataRole.FontRole and row.status == "cancelled":
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None
