"""The booking dialog (SPEC F3, F8): find or add the client, pick service, therapist and day,
choose one of the engine's starts, book with Enter.

The day's starts come from one loaded `DeskCalendar` (the same engine the views use), each
shown with its status: available ones selectable, the rest greyed with the reason. A
refusal from the booking transaction shows the reason and the nearest free starts as
buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.booking import (
    BookingRefusedError,
    BookingRequest,
    BookingResult,
    HoldResult,
    Override,
    book,
    hold,
    release_hold,
)
from app.clients import ClientMatch, create_client, find_clients
from app.desk_calendar import DeskCalendar, load_desk_calendar
from app.scheduling import SlotStatus
from db.engine import Database
from db.enums import SessionType
from ui.feedback import describe_error, say
from ui.operations import run_in_background
from ui.override_dialog import SupervisorDialog
from ui.series_dialog import SeriesDialog

START_ROLE = Qt.ItemDataRole.UserRole
CLIENT_ROLE = Qt.ItemDataRole.UserRole
STATUS_WORDS = {
    "on_leave": "on leave",
    "too_soon": "too soon",
    "too_far": "too far ahead",
    "cap_reached": "day is full",
    "blocked": "blocked",
    "external_busy": "busy (own calendar)",
    "booked": "booked",
    "held": "held",
    "no_room": "no room free",
}
SESSION_TYPES = (
    (SessionType.FOLLOW_UP, "Follow-up"),
    (SessionType.INITIAL, "Initial"),
    (SessionType.EMERGENCY, "Emergency"),
)


def part_of_day(moment: datetime) -> str:
    if moment.hour < 12:
        return "Morning"
    if moment.hour < 17:
        return "Afternoon"
    return "Evening"


class BookingDialog(QDialog):
    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        day: date,
        therapist_id: int | None = None,
        start: datetime | None = None,
        room_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.calendar: DeskCalendar | None = None
        self.result_booking: BookingResult | None = None
        self.client: ClientMatch | None = None
        self._wanted_start = start
        self._wanted_therapist = therapist_id
        self._wanted_room = room_id
        self._wanted_service: str | None = None
        self._held: tuple[int, str, str, datetime] | None = None  # hold id, what it holds
        self._holding = 0  # hold requests on their way
        self._submit_waiting = False  # Enter was pressed while a hold was on its way
        self._search_serial = 0
        self.setWindowTitle(self.tr("New booking"))
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        outer.addLayout(columns)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        # client
        client_box = QGroupBox(self.tr("Client"), self)
        client_layout = QVBoxLayout(client_box)
        self.client_search = QLineEdit(client_box)
        self.client_search.setPlaceholderText(self.tr("Name, phone, email or booking reference"))
        self.client_search.setAccessibleName(self.tr("Find client"))
        self.client_search.setClearButtonEnabled(True)
        self.client_list = QListWidget(client_box)
        self.client_list.setAccessibleName(self.tr("Matching clients"))
        self.client_list.setMaximumHeight(120)
        self.chosen_client = QLabel(self.tr("No client chosen"), client_box)
        self.new_client_button = QPushButton(self.tr("&New client…"), client_box)
        self.series_button = QPushButton(self.tr("Recurring sessions…"), client_box)
        self.series_button.setToolTip(self.tr("The chosen client's recurring series"))
        self.series_button.setEnabled(False)
        self.series_button.clicked.connect(self.open_series)
        self.new_client_box = QGroupBox(self.tr("New client"), client_box)
        new_form = QFormLayout(self.new_client_box)
        self.new_name, self.new_phone, self.new_email = (QLineEdit(self) for _ in range(3))
        self.new_name.setAccessibleName(self.tr("New client's name"))
        self.new_phone.setAccessibleName(self.tr("New client's phone"))
        self.new_email.setAccessibleName(self.tr("New client's email"))
        new_form.addRow(self.tr("Name"), self.new_name)
        new_form.addRow(self.tr("Phone"), self.new_phone)
        new_form.addRow(self.tr("Email"), self.new_email)
        self.save_client_button = QPushButton(self.tr("Add client"), self.new_client_box)
        new_form.addRow(self.save_client_button)
        self.new_client_box.setVisible(False)
        for widget in (
            self.client_search,
            self.client_list,
            self.chosen_client,
            self.new_client_button,
            self.series_button,
            self.new_client_box,
        ):
            client_layout.addWidget(widget)
        left.addWidget(client_box)

        # what and when
        form = QFormLayout()
        self.service = QComboBox(self)
        self.service.setAccessibleName(self.tr("Service"))
        self.therapist = QComboBox(self)
        self.therapist.setAccessibleName(self.tr("Therapist"))
        self.date = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName(self.tr("Date"))
        self.session_type = QComboBox(self)
        self.session_type.setAccessibleName(self.tr("Type"))
        for value, label in SESSION_TYPES:
            self.session_type.addItem(self.tr(label), value)
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Administrative notes (never clinical)"))
        self.requests = QLineEdit(self)
        self.requests.setAccessibleName(self.tr("Special requests"))
        form.addRow(self.tr("&Service"), self.service)
        form.addRow(self.tr("&Therapist"), self.therapist)
        form.addRow(self.tr("&Date"), self.date)
        form.addRow(self.tr("T&ype"), self.session_type)
        form.addRow(self.tr("N&otes"), self.notes)
        form.addRow(self.tr("Special re&quests"), self.requests)
        left.addLayout(form)
        left.addStretch(1)

        # starts and room
        right.addWidget(QLabel(self.tr("Available starts"), self))
        self.starts = QListWidget(self)
        self.starts.setAccessibleName(self.tr("Starts of the day"))
        right.addWidget(self.starts, 1)
        room_row = QFormLayout()
        self.room = QComboBox(self)
        self.room.setAccessibleName(self.tr("Room"))
        room_row.addRow(self.tr("&Room"), self.room)
        right.addLayout(room_row)
        self.hold_label = QLabel(self)
        self.hold_label.setStyleSheet("color: #8a5300;")
        right.addWidget(self.hold_label)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)
        self.alternatives = QHBoxLayout()
        outer.addLayout(self.alternatives)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.book_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.book_button.setText(self.tr("&Book"))
        self.book_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._search)
        self.client_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.client_search.returnPressed.connect(self._take_first_match)
        self.client_list.itemActivated.connect(self._client_chosen)
        self.client_list.itemClicked.connect(self._client_chosen)
        self.new_client_button.clicked.connect(self._show_new_client)
        self.save_client_button.clicked.connect(self.save_new_client)
        self.service.currentIndexChanged.connect(lambda _i: self._fill_starts())
        self.therapist.currentIndexChanged.connect(lambda _i: self._fill_starts())
        self.date.dateChanged.connect(lambda _d: self.load_day())
        self.starts.currentItemChanged.connect(lambda _a, _b: self._start_chosen())
        self.client_search.setFocus()
        self.load_day()

    # -- loading -------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return self.date.date().toPython()

    def load_day(self) -> None:
        day = self.day
        self.starts.clear()
        self.starts.addItem(self.tr("Loading…"))
        run_in_background(
            lambda: load_desk_calendar(self.database, day, day, self.clock()),
            lambda calendar, shown=day: self._day_loaded(shown, calendar),
            self._failed,
            self,
        )

    def _day_loaded(self, day: date, calendar: DeskCalendar) -> None:
        if day != self.day:
            return
        first = self.calendar is None
        self.calendar = calendar
        if first:
            self._fill_choices(calendar)
        self._fill_starts()

    def _fill_choices(self, calendar: DeskCalendar) -> None:
        for combo in (self.service, self.therapist, self.room):
            combo.blockSignals(True)
        for service in calendar.services.values():
            if service.active:
                self.service.addItem(f"{service.name} ({service.duration_minutes} min)", service.id)
        for therapist in calendar.therapists:
            self.therapist.addItem(therapist.name, therapist.id)
        if self._wanted_therapist is not None:
            self.therapist.setCurrentIndex(max(0, self.therapist.findData(self._wanted_therapist)))
        self.room.addItem(self.tr("Automatic"), None)
        for room in calendar.rooms:
            self.room.addItem(room.name, room.id)
        if self._wanted_room is not None:
            self.room.setCurrentIndex(max(0, self.room.findData(self._wanted_room)))
        for combo in (self.service, self.therapist, self.room):
            combo.blockSignals(False)
        self._select_wanted_service()

    def _fill_starts(self) -> None:
        calendar = self.calendar
        therapist_id, service_id = self.therapist.currentData(), self.service.currentData()
        self.starts.clear()
        if calendar is None or therapist_id is None or service_id is None:
            return
        slots = calendar.day_slots(
            therapist_id, service_id, self.day, override=self.user.may_override
        )
        if not slots.slots:
            self.starts.addItem(self.tr("No working hours on this day."))
            return
        heading = None
        wanted = None
        for slot in slots.slots:
            start = slot.start.astimezone(calendar.zone)
            part = part_of_day(start)
            if part != heading:
                heading = part
                header = QListWidgetItem(self.tr(part))
                font = QFont(header.font())
                font.setBold(True)
                header.setFont(font)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                self.starts.addItem(header)
            free = slot.status == SlotStatus.AVAILABLE
            label = f"  {start:%H:%M}"
            if not free:
                words = STATUS_WORDS.get(slot.status.value, slot.status.value)
                if slot.detail:
                    words += f": {slot.detail.replace('_', ' ')}"
                label += f"   — {self.tr(words)}"
                if slot.override:
                    label += self.tr(" (supervisor may override)")
            item = QListWidgetItem(label)
            item.setData(START_ROLE, (start, free, slot.override))
            if not free and not slot.override:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setForeground(QColor("#8a8a8a"))
            elif not free:
                item.setForeground(QColor("#9a5b00"))
            self.starts.addItem(item)
            if self._wanted_start is not None and start == self._wanted_start:
                wanted = item
        if wanted is not None:
            self.starts.setCurrentItem(wanted)
            self._wanted_start = None

    def _start_chosen(self) -> None:
        chosen = self.chosen_start()
        calendar = self.calendar
        if chosen is None or calendar is None:
            self.room.setItemText(0, self.tr("Automatic"))
            self.release_hold()
            return
        room = calendar.room_for(self.therapist.currentData(), self.service.currentData(), chosen)
        self.room.setItemText(
            0, self.tr("Automatic — %s") % (room.name if room else self.tr("no room free"))
        )
        item = self.starts.currentItem()
        if item is not None and item.data(START_ROLE)[1]:  # free: keep it aside meanwhile
            self.hold_start(chosen)
        else:
            self.release_hold()

    # -- holding the chosen start while the call goes on (SPEC F3) -----------------------

    def hold_start(self, start: datetime) -> None:
        """Keep the chosen start aside for the clinic's hold time, so another desk sees it
        held and cannot book it under us; the previous hold is given back."""
        calendar = self.calendar
        assert calendar is not None
        therapist = calendar.therapist_by_id[self.therapist.currentData()].key
        service = calendar.services[self.service.currentData()].key
        wanted = (therapist, service, start)
        if self._held is not None and self._held[1:] == wanted:
            return
        self.release_hold()
        self._holding += 1  # a booking asked for meanwhile waits for it (see submit)
        client = self.client.key if self.client else None
        run_in_background(
            lambda: hold(
                self.database,
                therapist,
                service,
                start,
                actor=self.user.username,
                now=self.clock(),
                client_key=client,
            ),
            lambda result: self._held_now(wanted, result),
            self._hold_refused,
            self,
        )

    def _held_now(self, wanted: tuple[str, str, datetime], result: HoldResult) -> None:
        self._holding -= 1
        current = self.calendar
        still = (
            current is not None
            and self.chosen_start() == wanted[2]
            and current.therapist_by_id[self.therapist.currentData()].key == wanted[0]
        )
        if not still or self.result_booking is not None:
            _give_back(self.database, result.hold_id)  # the choice moved on meanwhile
            return
        self._held = (result.hold_id, *wanted)
        expires = result.expires_at.astimezone(current.zone)  # type: ignore[union-attr]
        self.hold_label.setText(self.tr("Held for you until %s") % f"{expires:%H:%M}")
        self._submit_if_waiting()

    def _hold_refused(self, error: Exception) -> None:
        self._holding -= 1
        self._submit_waiting = False  # the start is gone: nothing to book
        if isinstance(error, BookingRefusedError):
            self._say(self.tr("That start was just taken: %s.") % error.message, error=True)
            self.load_day()
        else:
            self._failed(error)

    def release_hold(self) -> None:
        if self._held is not None:
            _give_back(self.database, self._held[0])
            self._held = None
        self.hold_label.clear()

    def done(self, result: int) -> None:  # Qt override: closing either way
        if self.result_booking is None:
            self.release_hold()  # not booked: the start goes back at once, not in 10 min
        super().done(result)

    def chosen_start(self) -> datetime | None:
        item = self.starts.currentItem()
        data = item.data(START_ROLE) if item is not None else None
        return data[0] if data else None

    def select_start(self, start: datetime) -> bool:
        for row in range(self.starts.count()):
            data = self.starts.item(row).data(START_ROLE)
            if data and data[0] == start:
                self.starts.setCurrentRow(row)
                return True
        return False

    # -- clients -------------------------------------------------------------------------

    def _search(self) -> None:
        text = self.client_search.text()
        self._search_serial += 1
        serial = self._search_serial
        run_in_background(
            lambda: find_clients(self.database, text),
            lambda found: self._found(serial, found),
            self._failed,
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
            self._client_chosen(first)

    def _client_chosen(self, item: QListWidgetItem) -> None:
        match = item.data(CLIENT_ROLE)
        if match:
            self.choose_client(match)

    def choose_client(self, match: ClientMatch) -> None:
        self.client = match
        self.series_button.setEnabled(True)
        self.chosen_client.setText(self.tr("Client: <b>%s</b>") % match.label)
        self.starts.setFocus()

    def choose_client_key(self, key: str, service: str | None = None) -> None:
        """Preselect a known client (and service), e.g. when booking from the inbox."""

        def found(matches: list[ClientMatch]) -> None:
            match = next((m for m in matches if m.key == key), None)
            if match is not None:
                self.client_search.blockSignals(True)
                self.client_search.setText(match.name)
                self.client_search.blockSignals(False)
                self.choose_client(match)

        if service is not None:
            self._wanted_service = service
            self._select_wanted_service()
        run_in_background(lambda: find_clients(self.database, key), found, self._failed, self)

    def _select_wanted_service(self) -> None:
        if self._wanted_service is None or self.calendar is None:
            return
        for index in range(self.service.count()):
            if self.calendar.services[self.service.itemData(index)].key == self._wanted_service:
                self.service.setCurrentIndex(index)
                self._wanted_service = None
                return

    def open_series(self) -> SeriesDialog | None:
        if self.client is None:
            return None
        dialog = SeriesDialog(
            self.database, self.user, self.clock, self.client.key, self.client.name, self
        )
        self.series_dialog = dialog
        dialog.open()
        return dialog

    def _show_new_client(self) -> None:
        self.new_client_box.setVisible(True)
        if not self.new_name.text():
            text = self.client_search.text().strip()
            if text and not any(ch.isdigit() or ch == "@" for ch in text):
                self.new_name.setText(text)
        self.new_name.setFocus()

    def save_new_client(self) -> None:
        name, phone, email = self.new_name.text(), self.new_phone.text(), self.new_email.text()
        run_in_background(
            lambda: create_client(
                self.database, name, phone, email, actor=self.user.username, now=self.clock()
            ),
            self._client_added,
            self._failed,
            self,
        )

    def _client_added(self, match: ClientMatch) -> None:
        self.new_client_box.setVisible(False)
        self._say(self.tr("Client added."))
        self.choose_client(match)

    # -- booking ---------------------------------------------------------------------------

    def _submit_if_waiting(self) -> None:
        if self._submit_waiting and self._holding == 0:
            self._submit_waiting = False
            self.submit()

    def submit(self) -> None:
        if self._holding:
            # Booking while our own hold is on its way would be refused by that hold.
            self._submit_waiting = True
            self._say(self.tr("Holding the start…"))
            return
        start = self.chosen_start()
        if self.client is None:
            self._say(self.tr("Choose the client first (search, or New client…)."), error=True)
            self.client_search.setFocus()
            return
        if start is None:
            self._say(self.tr("Choose one of the available starts."), error=True)
            self.starts.setFocus()
            return
        item = self.starts.currentItem()
        _start, free, overridable = item.data(START_ROLE)
        override = None
        if not free:
            if not (overridable and self.user.may_override):
                self._say(self.tr("That start is not available."), error=True)
                return
            dialog = SupervisorDialog(
                self.tr("Override"),
                self.tr("This start breaks the rules shown. Book it anyway as an emergency?"),
                self,
                username=self.user.username,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.override is None:
                return
            override = dialog.override
        self.book_at(start, override)

    def book_at(self, start: datetime, override: Override | None = None) -> None:
        calendar = self.calendar
        assert calendar is not None and self.client is not None
        therapist = calendar.therapist_by_id[self.therapist.currentData()]
        service = calendar.services[self.service.currentData()]
        room_id = self.room.currentData()
        request = BookingRequest(
            therapist=therapist.key,
            client=self.client.key,
            service=service.key,
            start=start,
            room=calendar.room_by_id[room_id].key if room_id else None,
            session_type=SessionType(self.session_type.currentData()),
            notes=self.notes.text().strip() or None,
            special_requests=self.requests.text().strip() or None,
            hold_id=self._held[0] if self._held and self._held[3] == start else None,
        )
        self.book_button.setEnabled(False)
        self._say(self.tr("Booking…"))
        run_in_background(
            lambda: book(
                self.database,
                request,
                actor=self.user.username,
                now=self.clock(),
                override=override,
            ),
            self._booked,
            self._refused,
            self,
        )

    def _booked(self, result: BookingResult) -> None:
        self.result_booking = result
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.book_button.setEnabled(True)
        self._clear_alternatives()
        if isinstance(error, BookingRefusedError):
            self._say(self.tr("Not booked: %s.") % error.message, error=True)
            zone = self.calendar.zone if self.calendar else None
            for alternative in error.alternatives:
                local = alternative.astimezone(zone) if zone else alternative
                button = QPushButton(f"{local:%a %d %b %H:%M}", self)
                button.setAccessibleName(self.tr("Book at %s instead") % f"{local:%H:%M}")
                button.clicked.connect(lambda _c=False, at=local: self.use_alternative(at))
                self.alternatives.addWidget(button)
            self.load_day()  # the day changed under us: show it as it is now
        else:
            self._failed(error)

    def use_alternative(self, start: datetime) -> None:
        self._clear_alternatives()
        self._wanted_start = start
        if start.date() != self.day:
            self.date.setDate(QDate(start.year, start.month, start.day))
        else:
            self._fill_starts()

    def _clear_alternatives(self) -> None:
        while self.alternatives.count():
            widget = self.alternatives.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def alternative_buttons(self) -> list[QPushButton]:
        return [
            self.alternatives.itemAt(i).widget()  # type: ignore[misc]
            for i in range(self.alternatives.count())
        ]

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)

    def _failed(self, error: Exception) -> None:
        self.book_button.setEnabled(True)
        self._say(describe_error(error), error=True)


def _give_back(database: Database, hold_id: int) -> None:
    """Release a hold off the UI thread; nobody waits for the answer (an expired or
    already used hold is simply gone)."""
    run_in_background(lambda: release_hold(database, hold_id), lambda _r: None, lambda _e: None)
