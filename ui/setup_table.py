"""The table a setup page edits: one row per clinic-file object, one cell per field, typed
into as a person would (text, tick box or list to choose from)."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ui.setup_fields import Field, setup_word, to_text, to_value


class FragmentTable(QTableWidget):
    """Rows of clinic-file objects; values not shown as columns are kept as they were."""

    edited = Signal()

    def __init__(self, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(0, len(fields), parent)
        self.fields = fields
        self.originals: list[dict[str, Any]] = []
        self.setHorizontalHeaderLabels([setup_word(f.label) for f in fields])
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.itemChanged.connect(lambda _item: self.edited.emit())

    def load(self, rows: list[dict[str, Any]]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        self.originals = []
        for row in rows:
            self.add_row(row, emit=False)
        self.blockSignals(False)

    def add_row(self, values: dict[str, Any] | None = None, *, emit: bool = True) -> int:
        values = copy.deepcopy(values or {})
        was_blocked = self.blockSignals(True)  # a half-built row is not checked
        row = self.rowCount()
        self.insertRow(row)
        self.originals.append(values)
        for column, field in enumerate(self.fields):
            value = values.get(field.name)
            if field.kind in ("choice", "rrule"):
                combo = QComboBox(self)
                combo.setEditable(field.kind == "rrule")
                for data, label in field.choices:
                    combo.addItem(setup_word(label), data)
                if value is not None and combo.findData(value) < 0:
                    combo.addItem(str(value), value)
                combo.setCurrentIndex(max(0, combo.findData(value if value is not None else "")))
                combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
                combo.editTextChanged.connect(lambda _t: self.edited.emit())
                combo.setAccessibleName(setup_word(field.label))
                self.setCellWidget(row, column, combo)
                continue
            item = QTableWidgetItem()
            if field.kind == "bool":
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                default = field.name == "active" if value is None else bool(value)
                item.setCheckState(Qt.CheckState.Checked if default else Qt.CheckState.Unchecked)
            elif field.kind == "readonly":
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QColor("#37474f"))
            else:
                item.setText("" if field.kind == "password" else to_text(field, value))
            self.setItem(row, column, item)
        self.blockSignals(was_blocked)
        if emit:
            self.edited.emit()
        return row

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.selectedIndexes()}, reverse=True)
        for row in rows:
            self.removeRow(row)
            del self.originals[row]
        if rows:
            self.edited.emit()

    def set_cell(self, row: int, name: str, text: str) -> None:
        """Type into a cell (or choose in its list) as a person would."""
        column = self.column_of(name)
        field = self.fields[column]
        widget = self.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            index = widget.findData(text)
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setEditText(text)
            return
        item = self._cell_item(row, column)
        if field.kind == "bool":
            item.setCheckState(Qt.CheckState.Checked if text else Qt.CheckState.Unchecked)
        else:
            item.setText(text)

    def column_of(self, name: str) -> int:
        return next(i for i, f in enumerate(self.fields) if f.name == name)

    def _cell_item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None  # `add_row` gives every cell without a list an item
        return item

    def values(self) -> list[dict[str, Any]]:
        rows = []
        for row in range(self.rowCount()):
            values = copy.deepcopy(self.originals[row])
            for column, field in enumerate(self.fields):
                if field.kind == "readonly":
                    continue
                widget = self.cellWidget(row, column)
                if isinstance(widget, QComboBox):
                    data = widget.currentData()
                    text = widget.currentText().strip()
                    if field.kind == "rrule" and widget.itemText(widget.currentIndex()) != text:
                        data = text  # typed by hand
                    value = data if data not in ("", None) else None
                else:
                    item = self._cell_item(row, column)
                    if field.kind == "bool":
                        value = item.checkState() == Qt.CheckState.Checked
                    else:
                        value = to_value(field, item.text())
                if field.kind == "password" and not value:
                    values.pop(field.name, None)  # blank: the password stays as it is
                    continue
                if field.kind in ("list", "hours"):
                    values[field.name] = value or []
                elif value is None and field.name not in self.originals[row]:
                    values.pop(field.name, None)
                else:
                    values[field.name] = value  # None clears a value that was set
            rows.append(values)
        return rows
