"""The clients list (docs/desk.md, Clients): search as you type, archived clients on request,
sort by any column, open a profile, export the rows shown as CSV.

A window of its own beside the schedule (Clinic ▸ Clients…, `Ctrl+L` from anywhere brings it
up with the cursor in its search). Every search runs off the UI thread and only the answer
to the latest text is shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clients.finding import ClientMatch, find_clients
from app.clients.listing import FIRST_PAGE, clients_by_name
from app.files import csv_bytes, write_whole
from db.engine import Database
from ui.feedback import describe_error, say
from ui.operations import CLIENTS, CLINIC, changes, run_in_background

CLIENT_ROLE = Qt.ItemDataRole.UserRole
# The table's columns: header, and what of a client it shows.
COLUMNS = (
    str(QT_TRANSLATE_NOOP("ClientsWindow", "Name")),
    str(QT_TRANSLATE_NOOP("ClientsWindow", "Phone")),
    str(QT_TRANSLATE_NOOP("ClientsWindow", "Email")),
    str(QT_TRANSLATE_NOOP("ClientsWindow", "Key")),
    str(QT_TRANSLATE_NOOP("ClientsWindow", "Archived")),
)
# The export's columns (docs/desk.md, Clients), in this order whatever the table shows.
CSV_HEADER = ("key", "name", "phone", "email", "archived")
SHOWN_KINDS = frozenset({CLIENTS, CLINIC})


def table_cells(match: ClientMatch) -> tuple[str, ...]:
    return (
        match.name,
        match.phone or "",
        match.email or "",
        match.key,
        "Archived" if match.archived else "",
    )


def csv_row(match: ClientMatch) -> tuple[str, ...]:
    return (
        match.key,
        match.name,
        match.phone or "",
        match.email or "",
        "yes" if match.archived else "no",
    )


class ClientsWindow(QDialog):
    loaded = Signal()  # the rows of the latest search are shown
    profile_requested = Signal(int)  # a client's id: open their profile
    exported = Signal(object)  # the Path written

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.matches: list[ClientMatch] = []
        self._asked = 0  # searches started; only the latest one's answer is shown
        self.setWindowTitle(self.tr("Clients"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, phone, email, key or booking reference"))
        self.search.setAccessibleName(self.tr("Find client"))
        self.search.setClearButtonEnabled(True)
        find_label = QLabel(self.tr("&Find"), self)
        find_label.setBuddy(self.search)
        top.addWidget(find_label)
        top.addWidget(self.search, 1)
        self.show_archived = QCheckBox(self.tr("Show &archived"), self)
        self.show_archived.setAccessibleName(self.tr("Show archived clients"))
        top.addWidget(self.show_archived)
        layout.addLayout(top)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(self.tr("Clients"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((230, 130, 270, 90)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open profile"), self)
        self.export_button = QPushButton(self.tr("&Export CSV…"), self)
        self.export_button.setToolTip(self.tr("The rows shown, in the order shown"))
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # a pause in typing, not every key
        self._timer.timeout.connect(self.load)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.open_current)
        self.search.installEventFilter(self)
        self.show_archived.toggled.connect(lambda _on: self.load())
        self.table.itemActivated.connect(lambda _item: self.open_current())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.open_button.clicked.connect(self.open_current)
        self.export_button.clicked.connect(self.choose_export_file)
        for button in (self.open_button, self.export_button):
            button.setAutoDefault(False)
        self._selection_changed()
        changes().changed.connect(self._data_changed)
        self.load()

    def focus_search(self) -> None:
        """Ctrl+L: the window up front, its search selected to type over."""
        if not self.isVisible():
            self.load()  # hidden, it followed no change
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Enter opens a profile (the search's or the list's own), never a default button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """↓ in the search goes down into the list, as in the booking dialog's picker."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.table.rowCount()
        ):
            self.table.setFocus()
            if not self.table.selectedItems():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- loading -------------------------------------------------------------------------

    def _data_changed(self, kinds: frozenset[str], _days: object) -> None:
        if kinds & SHOWN_KINDS and self.isVisible():
            self.load()

    def load(self) -> None:
        """Search for the text as it is now; an answer to older text is dropped."""
        self._timer.stop()
        text = self.search.text().strip()
        archived = self.show_archived.isChecked()
        self._asked += 1
        asked = self._asked

        def work() -> list[ClientMatch]:
            if not text:
                return clients_by_name(self.database, FIRST_PAGE, include_archived=archived)
            return find_clients(self.database, text, FIRST_PAGE, include_archived=archived)

        run_in_background(work, lambda found: self._found(asked, text, found), self._failed, self)

    def _found(self, asked: int, text: str, found: list[ClientMatch]) -> None:
        if asked != self._asked:
            return  # typed on meanwhile: a newer search is on its way
        selected = self.selected()
        self.matches = found
        self.table.setSortingEnabled(False)  # filled unsorted, then sorted once
        self.table.setRowCount(len(found))
        for row, match in enumerate(found):
            for column, cell in enumerate(table_cells(match)):
                item = QTableWidgetItem(cell)
                item.setData(CLIENT_ROLE, match)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)  # sorts by the column and order the user chose
        if selected is not None:
            self._select(selected.id)
        self._say_summary(text, len(found))
        self.loaded.emit()

    def _say_summary(self, text: str, count: int) -> None:
        if not text:
            if count >= FIRST_PAGE:
                line = self.tr("The first %d clients by name; type to find others.") % count
            else:
                line = self.tr("%n client(s).", "", count)
        elif not count:
            line = self.tr("No client found.")
        elif count >= FIRST_PAGE:
            line = self.tr("The first %d matches; type more to narrow them.") % count
        else:
            line = self.tr("%n match(es).", "", count)
        self.summary.setStyleSheet("")
        self.summary.setText(line)

    def _select(self, client_id: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(CLIENT_ROLE).id == client_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def _failed(self, error: Exception) -> None:
        say(self.summary, describe_error(error), error=True)

    # -- what is shown -------------------------------------------------------------------

    def visible_matches(self) -> list[ClientMatch]:
        """The rows as the table shows them now: its sort, top to bottom."""
        vertical = self.table.verticalHeader()
        shown = []
        for visual in range(self.table.rowCount()):
            row = vertical.logicalIndex(visual)
            item = self.table.item(row, 0)
            if item is not None and not self.table.isRowHidden(row):
                shown.append(item.data(CLIENT_ROLE))
        return shown

    def selected(self) -> ClientMatch | None:
        items = self.table.selectedItems()
        return items[0].data(CLIENT_ROLE) if items else None

    def open_current(self) -> None:
        """The selected client's profile (from the search box: the top row's)."""
        match = self.selected()
        if match is None:
            shown = self.visible_matches()
            match = shown[0] if shown else None
        if match is not None:
            self.profile_requested.emit(match.id)

    # -- export --------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export clients"), "clients.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        """Write the rows shown, in the order shown, off the UI thread."""
        content = csv_bytes(CSV_HEADER, [csv_row(m) for m in self.visible_matches()])
        count = len(self.visible_matches())

        def written(_result: None) -> None:
            say(self.summary, self.tr("Exported %n client(s) to %s.", "", count) % path.name)
            self.exported.emit(path)

        run_in_background(lambda: write_whole(path, content), written, self._failed, self)

    def done(self, result: int) -> None:  # Qt override: closing either way
        self._timer.stop()
        super().done(result)
