"""Finding the client for a booking as you type (name, phone, email or a booking reference),
or adding a new one; the chosen client's recurring series are a click away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clients.finding import ClientMatch, find_clients
from db.engine import Database
from ui.new_client_form import NewClientForm
from ui.operations import run_in_background
from ui.series_dialog import SeriesDialog

CLIENT_ROLE = Qt.ItemDataRole.UserRole


class ClientPicker(QGroupBox):
    chosen = Signal(object)  # the ClientMatch
    added = Signal(object)  # the ClientMatch of a client just added (chosen right after)
    failed = Signal(object)  # the Exception of a search or of adding a client
    # A client's id: open their profile (the chosen client's Profile…, or the client the
    # new client form offers instead of a duplicate). The window connects it.
    open_profile_requested = Signal(int)

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.client: ClientMatch | None = None
        self.series_dialog: SeriesDialog | None = None
        self._search_serial = 0
        self.setTitle(self.tr("Client"))
        layout = QVBoxLayout(self)
        self.client_search = QLineEdit(self)
        self.client_search.setPlaceholderText(self.tr("Name, phone, email or booking reference"))
        self.client_search.setAccessibleName(self.tr("Find client"))
        self.client_search.setClearButtonEnabled(True)
        self.client_list = QListWidget(self)
        self.client_list.setAccessibleName(self.tr("Matching clients"))
        self.client_list.setMaximumHeight(120)
        self.chosen_client = QLabel(self.tr("No client chosen"), self)
        self.new_client_button = QPushButton(self.tr("&New client…"), self)
        self.series_button = QPushButton(self.tr("Recurring sessions…"), self)
        self.series_button.setToolTip(self.tr("The chosen client's recurring series"))
        self.series_button.setEnabled(False)
        self.series_button.clicked.connect(self.open_series)
        self.profile_button = QPushButton(self.tr("&Profile…"), self)
        self.profile_button.setToolTip(self.tr("The chosen client's details and history"))
        self.profile_button.setEnabled(False)
        self.profile_button.clicked.connect(self.open_profile)
        self.new_client_box = NewClientForm(database, user, clock, self)
        self.new_name = self.new_client_box.new_name
        self.new_phone = self.new_client_box.new_phone
        self.new_email = self.new_client_box.new_email
        self.save_client_button = self.new_client_box.save_button
        self.new_client_box.setVisible(False)
        for widget in (
            self.client_search,
            self.client_list,
            self.chosen_client,
            self.new_client_button,
            self.series_button,
            self.new_client_box,
        ):
            layout.addWidget(widget)
        layout.insertWidget(layout.indexOf(self.series_button) + 1, self.profile_button)
        # Ctrl+L finds a client: in a booking, here (the desk's own Ctrl+L waits behind it).
        QShortcut(QKeySequence("Ctrl+L"), self, self.client_search.setFocus)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._search)
        self.client_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.client_search.returnPressed.connect(self._take_first_match)
        self.client_list.itemActivated.connect(self.take)
        self.client_list.itemClicked.connect(self.take)
        self.new_client_button.clicked.connect(self._show_new_client)
        self.new_client_box.added.connect(self._client_added)
        self.new_client_box.use_requested.connect(self.use_existing)
        self.new_client_box.open_profile_requested.connect(self.open_profile_requested)
        self.new_client_box.failed.connect(self.failed)

    def _search(self) -> None:
        text = self.client_search.text()
        self._search_serial += 1
        serial = self._search_serial
        run_in_background(
            lambda: find_clients(self.database, text),
            lambda found: self._found(serial, found),
            self.failed.emit,
            self,
        )

    def _found(self, serial: int, found: list[ClientMatch]) -> None:
        if serial != self._search_serial:
            return  # typed on meanwhile
        self.client_list.clear()
        for match in found:
            item = QListWidgetItem(match.label)
            item.setData(CLIENT_ROLE, match)
            self.client_list.addItem(item)
        if self.client_search.text().strip() and not found:
            self.client_list.addItem(self.tr("No client found — add one with New client…"))

    def _take_first_match(self) -> None:
        first = self.client_list.item(0)
        if first is not None and first.data(CLIENT_ROLE):
            self.take(first)

    def take(self, item: QListWidgetItem) -> None:
        """Choose the client of a row of matches (a note row chooses nobody)."""
        match = item.data(CLIENT_ROLE)
        if match:
            self.choose(match)

    def choose(self, match: ClientMatch) -> None:
        self.client = match
        self.series_button.setEnabled(True)
        self.profile_button.setEnabled(True)
        self.chosen_client.setText(self.tr("Client: <b>%s</b>") % match.label)
        self.chosen.emit(match)

    def choose_key(self, key: str) -> None:
        """Preselect a known client, e.g. when booking from the inbox."""

        def found(matches: list[ClientMatch]) -> None:
            match = next((m for m in matches if m.key == key), None)
            if match is not None:
                self._show_chosen_in_search(match)
                self.choose(match)

        run_in_background(lambda: find_clients(self.database, key), found, self.failed.emit, self)

    def open_series(self) -> SeriesDialog | None:
        if self.client is None:
            return None
        dialog = SeriesDialog(
            self.database, self.user, self.clock, self.client.key, self.client.name, self.window()
        )
        self.series_dialog = dialog
        dialog.open()
        return dialog

    def open_profile(self) -> None:
        if self.client is not None:
            self.open_profile_requested.emit(self.client.id)

    def _show_new_client(self) -> None:
        text = self.client_search.text().strip()
        looks_like_a_name = text and not any(ch.isdigit() or ch == "@" for ch in text)
        self.new_client_box.start(text if looks_like_a_name else "")

    def save_new_client(self) -> None:
        self.new_client_box.save()

    def _client_added(self, match: ClientMatch) -> None:
        self.added.emit(match)
        self.choose(match)

    def use_existing(self, match: ClientMatch) -> None:
        """The client offered instead of a new one: chosen, and the new client form closed."""
        self.new_client_box.clear()
        self._search_serial += 1  # a search still on its way would list others
        self.client_list.clear()
        self._show_chosen_in_search(match)
        self.choose(match)

    def _show_chosen_in_search(self, match: ClientMatch) -> None:
        self.client_search.blockSignals(True)
        self.client_search.setText(match.name)
        self.client_search.blockSignals(False)
