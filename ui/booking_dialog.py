"""The booking dialog (docs/desk.md, Booking dialog): find or add the client, pick service,
therapist and day, choose one of the engine's starts, book with Enter.

The day's starts come from one loaded `DeskCalendar` (the same engine the views use), listed
by `ui.start_list`; the client is found or added by `ui.client_picker`. The chosen start is
held while the call goes on, and a refusal from the booking transaction shows the reason and
the nearest free starts as buttons. A day with no free start, or a refusal, offers to put
the client on the waitlist instead (`ui.waitlist_dialog`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
    release_hold_patiently,
)
from app.booking.new_clients import new_client_warning
from app.booking.turns import BUSY
from app.clients.finding import ClientMatch
from app.desk_calendar import DeskCalendar, load_desk_calendar
from app.money.accounts import ClientAccount, balance_words, client_account
from app.scheduling import SlotStatus
from app.text_limits import limit_of
from db.engine import Database
from db.enums import SessionType
from ui import locale_format, words
from ui.client_picker import ClientPicker
from ui.feedback import balance_style, describe_error, say
from ui.operations import HOLDS, OUTBOX, SESSIONS, changes, run_in_background, run_write
from ui.override_dialog import SupervisorDialog
from ui.qt_values import python_date, within_years
from ui.start_list import StartList
from ui.waitlist_dialog import WaitlistDialog

log = logging.getLogger(__name__)

SESSION_TYPES = (
    SessionType.FOLLOW_UP,
    SessionType.INITIAL,
    SessionType.EMERGENCY,
)


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
        self._wanted_start = start
        self._wanted_therapist = therapist_id
        self._wanted_room = room_id
        self._wanted_service: str | None = None
        self._held: tuple[int, str, str, datetime] | None = None  # hold id, what it holds
        self._holding = 0  # hold requests on their way
        self._submit_waiting = False  # Enter was pressed while a hold was on its way
        self._closed = False  # a hold that arrives after closing is given back, never booked
        # A limited therapist's refusal of this client, warned of before Book; the asking
        # counts, so that only the latest question's answer is shown.
        self.new_client_warning: str | None = None
        self._warning_asked = 0
        self.waitlist_dialog: WaitlistDialog | None = None
        # The service, therapist and day of the last refusal: it offers the waitlist for them.
        self._refused_choice: tuple[object, object, date] | None = None
        self.setWindowTitle(self.tr("New booking"))
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        outer.addLayout(columns)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.client_picker = ClientPicker(database, user, clock, self)
        left.addWidget(self.client_picker)
        # What the chosen client owes or has in credit (SPEC F11: shown when booking).
        self.balance_label = QLabel(self)
        self.balance_label.setAccessibleName(self.tr("Client balance"))
        self.balance_label.hide()
        self._balance_asked = 0
        left.addWidget(self.balance_label)
        # The picker's fields under the names the desk's tests and screenshots reach for.
        self.client_search = self.client_picker.client_search
        self.client_list = self.client_picker.client_list
        self.new_client_button = self.client_picker.new_client_button
        self.new_name = self.client_picker.new_name
        self.new_phone = self.client_picker.new_phone
        self.new_email = self.client_picker.new_email

        # what and when
        form = QFormLayout()
        self.service = QComboBox(self)
        self.service.setAccessibleName(self.tr("Service"))
        self.therapist = QComboBox(self)
        self.therapist.setAccessibleName(self.tr("Therapist"))
        self.date = within_years(QDateEdit(QDate(day.year, day.month, day.day), self))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName(self.tr("Date"))
        self.session_type = QComboBox(self)
        self.session_type.setAccessibleName(self.tr("Type"))
        for value in SESSION_TYPES:
            self.session_type.addItem(words.session_type_label(value), value)
        self.notes = QLineEdit(self)
        self.notes.setMaxLength(limit_of("sessions.notes"))
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Administrative notes (never clinical)"))
        self.requests = QLineEdit(self)
        self.requests.setMaxLength(limit_of("sessions.special_requests"))
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
        self.starts = StartList(self)
        right.addWidget(self.starts, 1)
        room_row = QFormLayout()
        self.room = QComboBox(self)
        self.room.setAccessibleName(self.tr("Room"))
        room_row.addRow(self.tr("&Room"), self.room)
        right.addLayout(room_row)
        self.hold_label = QLabel(self)
        self.hold_label.setStyleSheet("color: #8a5300;")
        right.addWidget(self.hold_label)
        self.new_client_label = QLabel(self)
        self.new_client_label.setWordWrap(True)
        self.new_client_label.setStyleSheet("color: #a33;")
        self.new_client_label.setAccessibleName(self.tr("New client warning"))
        right.addWidget(self.new_client_label)
        self.waitlist_button = QPushButton(self.tr("Add to &waitlist…"), self)
        self.waitlist_button.setToolTip(
            self.tr("Put the client on the waitlist for this service and therapist")
        )
        self.waitlist_button.setVisible(False)
        self.waitlist_button.clicked.connect(self.add_to_waitlist)
        right.addWidget(self.waitlist_button)

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

        self.client_picker.chosen.connect(lambda _match: self.starts.setFocus())
        self.client_picker.chosen.connect(lambda _match: self.check_new_client())
        self.client_picker.chosen.connect(self.show_balance)
        self.client_picker.added.connect(lambda _match: self._say(self.tr("Client added.")))
        self.client_picker.added.connect(lambda _match: self.check_new_client())
        self.session_type.currentIndexChanged.connect(lambda _i: self.check_new_client())
        self.client_picker.failed.connect(self._failed)
        self.service.currentIndexChanged.connect(lambda _i: self._fill_starts())
        self.therapist.currentIndexChanged.connect(lambda _i: self._fill_starts())
        self.therapist.currentIndexChanged.connect(lambda _i: self.check_new_client())
        self.date.dateChanged.connect(lambda _d: self.load_day())
        self.starts.currentItemChanged.connect(lambda _a, _b: self._start_chosen())
        self.client_search.setFocus()
        self.load_day()

    # -- loading -------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return python_date(self.date.date())

    @property
    def client(self) -> ClientMatch | None:
        return self.client_picker.client

    def load_day(self) -> None:
        day = self.day
        self.starts.show_note(self.tr("Loading…"))
        run_in_background(
            lambda: load_desk_calendar(self.database, day, day, self.clock()),
            partial(self._day_loaded, day),
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
        self.check_new_client()

    def _fill_starts(self) -> None:
        calendar = self.calendar
        therapist_id, service_id = self.therapist.currentData(), self.service.currentData()
        if calendar is None or therapist_id is None or service_id is None:
            self.starts.clear()
            self.waitlist_button.setVisible(False)
            return
        slots = calendar.day_slots(
            therapist_id, service_id, self.day, override=self.user.may_override
        )
        if self.starts.show_slots(slots.slots, calendar.zone, self._wanted_start):
            self._wanted_start = None
        free = any(slot.status == SlotStatus.AVAILABLE for slot in slots.slots)
        self.waitlist_button.setVisible(not free or self._refused_choice == self._choice())

    def _start_chosen(self) -> None:
        chosen = self.starts.chosen()
        calendar = self.calendar
        if chosen is None or calendar is None:
            self.room.setItemText(0, self.tr("Automatic"))
            self.release_hold()
            return
        start, free, _overridable = chosen
        room = calendar.room_for(self.therapist.currentData(), self.service.currentData(), start)
        self.room.setItemText(
            0, self.tr("Automatic — %s") % (room.name if room else self.tr("no room free"))
        )
        if free:  # keep it aside meanwhile
            self.hold_start(start)
        else:
            self.release_hold()

    # -- a limited therapist and a new client (docs/scheduling.md, Limited therapists) --

    def check_new_client(self) -> None:
        """Ask, once therapist, client and type are chosen, whether the therapist would
        refuse this client as new, and say so before Book (the booking turn decides)."""
        self._warning_asked += 1
        asked = self._warning_asked
        self._show_new_client_warning(None)
        calendar, client = self.calendar, self.client
        therapist_id = self.therapist.currentData()
        if calendar is None or client is None or therapist_id is None:
            return
        therapist = calendar.therapist_by_id[therapist_id].key
        session_type = SessionType(self.session_type.currentData())
        run_in_background(
            lambda: new_client_warning(self.database, therapist, client.key, session_type),
            lambda warning: self._new_client_answer(asked, warning),
            self._failed,
            self,
        )

    def show_balance(self, client: ClientMatch) -> None:
        """Say what the chosen client owes or has in credit (read off the UI thread)."""
        self._balance_asked += 1
        asked = self._balance_asked
        self.balance_label.hide()
        run_in_background(
            lambda: client_account(self.database, client.key),
            lambda account: self._balance_read(asked, account),
            self._failed,
            self,
        )

    def _balance_read(self, asked: int, account: ClientAccount) -> None:
        if asked != self._balance_asked:
            return  # another client was chosen meanwhile
        cents = account.balance.balance_cents
        self.balance_label.setText(self.tr(balance_words(cents, account.currency)))
        self.balance_label.setStyleSheet(balance_style(cents))
        self.balance_label.setVisible(cents != 0)

    def _new_client_answer(self, asked: int, warning: str | None) -> None:
        if asked == self._warning_asked:  # else the choice has moved on meanwhile
            self._show_new_client_warning(warning)

    def _show_new_client_warning(self, warning: str | None) -> None:
        self.new_client_warning = warning
        if warning is None:
            self.new_client_label.clear()
        elif self.user.may_override:
            self.new_client_label.setText(self.tr("%s; Book asks for an override.") % warning)
        else:
            self.new_client_label.setText(self.tr("%s; a supervisor may override.") % warning)

    # -- holding the chosen start while the call goes on (docs/scheduling.md, Holds) ---------------

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
        run_write(
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
            kinds={HOLDS},
            days={start.astimezone(calendar.zone).date()},
            parent=self,
        )

    def _held_now(self, wanted: tuple[str, str, datetime], result: HoldResult) -> None:
        self._holding -= 1
        current = self.calendar
        still = (
            current is not None
            and self.chosen_start() == wanted[2]
            and current.therapist_by_id[self.therapist.currentData()].key == wanted[0]
        )
        if not still or self.result_booking is not None or self._closed:
            # the choice moved on meanwhile, or the dialog was closed
            _give_back(self.database, result.hold_id, self._day_of(result.starts_at))
            return
        assert current is not None  # as `still` says
        self._held = (result.hold_id, *wanted)
        expires = result.expires_at.astimezone(current.zone)
        self.hold_label.setText(
            self.tr("Held for you until %s") % locale_format.time_of_day(expires)
        )
        self._submit_if_waiting()

    def _hold_refused(self, error: Exception) -> None:
        self._holding -= 1
        self._submit_waiting = False  # the start is gone: nothing to book
        if isinstance(error, BookingRefusedError) and error.reason == BUSY:
            self._say(self.tr("Not held: %s.") % error.message, error=True)
        elif isinstance(error, BookingRefusedError):
            self._say(self.tr("That start was just taken: %s.") % error.message, error=True)
            self.load_day()
        else:
            self._failed(error)

    def release_hold(self) -> None:
        if self._held is not None:
            _give_back(self.database, self._held[0], self._day_of(self._held[3]))
            self._held = None
        self.hold_label.clear()

    def _day_of(self, start: datetime) -> date | None:
        """The clinic day of `start` (what a change of its hold touches), if known."""
        return start.astimezone(self.calendar.zone).date() if self.calendar else None

    def done(self, result: int) -> None:  # Qt override: closing either way
        self._closed = True
        self._submit_waiting = False
        if self.result_booking is None:
            self.release_hold()  # not booked: the start goes back at once, not in 10 min
        super().done(result)

    def chosen_start(self) -> datetime | None:
        return self.starts.chosen_start()

    # -- the client ------------------------------------------------------------------------

    def _client_chosen(self, item: QListWidgetItem) -> None:
        self.client_picker.take(item)

    def choose_client_key(self, key: str, service: str | None = None) -> None:
        """Preselect a known client (and service), e.g. when booking from the inbox."""
        if service is not None:
            self._wanted_service = service
            self._select_wanted_service()
        self.client_picker.choose_key(key)

    def _select_wanted_service(self) -> None:
        if self._wanted_service is None or self.calendar is None:
            return
        for index in range(self.service.count()):
            if self.calendar.services[self.service.itemData(index)].key == self._wanted_service:
                self.service.setCurrentIndex(index)
                self._wanted_service = None
                return

    def save_new_client(self) -> None:
        self.client_picker.save_new_client()

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
        chosen = self.starts.chosen()
        if self.client is None:
            self._say(self.tr("Choose the client first (search, or New client…)."), error=True)
            self.client_search.setFocus()
            return
        if chosen is None:
            self._say(self.tr("Choose one of the available starts."), error=True)
            self.starts.setFocus()
            return
        start, free, overridable = chosen
        override = None
        if not free and not (overridable and self.user.may_override):
            self._say(self.tr("That start is not available."), error=True)
            return
        # A front desk's Book goes to the turn, which refuses a new client with the reason.
        new_client = self.new_client_warning if self.user.may_override else None
        if not free or new_client:
            if not free:
                explanation = self.tr(
                    "This start breaks the rules shown. Book it anyway as an emergency?"
                )
            else:
                explanation = self.tr("%s. Book anyway?") % new_client
            dialog = SupervisorDialog(
                self.tr("Override"), explanation, self, username=self.user.username
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
        run_write(
            lambda: book(
                self.database,
                request,
                actor=self.user.username,
                now=self.clock(),
                override=override,
            ),
            self._booked,
            self._refused,
            kinds={SESSIONS, HOLDS, OUTBOX},  # re-seated sessions are of the same day
            days={start.astimezone(calendar.zone).date()},
            parent=self,
        )

    def _booked(self, result: BookingResult) -> None:
        self.result_booking = result
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.book_button.setEnabled(True)
        self._clear_alternatives()
        if isinstance(error, BookingRefusedError):
            self._say(self.tr("Not booked: %s.") % error.message, error=True)
            self._refused_choice = self._choice()
            self.waitlist_button.setVisible(True)
            zone = self.calendar.zone if self.calendar else None
            for alternative in error.alternatives:
                local = alternative.astimezone(zone) if zone else alternative
                button = QPushButton(locale_format.moment(local), self)
                button.setAccessibleName(
                    self.tr("Book at %s instead") % locale_format.time_of_day(local)
                )
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
        while (item := self.alternatives.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def alternative_buttons(self) -> list[QPushButton]:
        items = [self.alternatives.itemAt(i) for i in range(self.alternatives.count())]
        return [
            button
            for item in items
            if item is not None and isinstance(button := item.widget(), QPushButton)
        ]

    # -- the waitlist (docs/desk.md, Waitlist) ----------------------------------------------

    def _choice(self) -> tuple[object, object, date]:
        return self.service.currentData(), self.therapist.currentData(), self.day

    def add_to_waitlist(self) -> WaitlistDialog:
        """The waitlist dialog for what was asked for here: this client, service and
        therapist, this day's weekday, from this day on."""
        dialog = WaitlistDialog(
            self.database,
            self.user,
            self.clock,
            self,
            client=self.client,
            service_id=self.service.currentData(),
            therapist_id=self.therapist.currentData(),
            weekday=self.day.weekday(),
            from_day=self.day,
        )
        dialog.added.connect(lambda _entry: self._say(self.tr("Added to the waitlist.")))
        self.waitlist_dialog = dialog
        dialog.open()
        return dialog

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)

    def _failed(self, error: Exception) -> None:
        self.book_button.setEnabled(True)
        self._say(describe_error(error), error=True)


def _give_back(database: Database, hold_id: int, day: date | None) -> None:
    """Release a hold in the background, trying again while another desk keeps the
    database busy; nobody waits for the answer (an expired or already used hold is simply
    gone). A thread of its own, not the shared pool: its retries may sleep for seconds, and
    the pool's few threads are what every view reloads on."""
    days = {day} if day is not None else set()
    hub = changes()  # made here, on the UI thread; announcing is thread-safe

    def give_back() -> None:
        try:
            release_hold_patiently(database, hold_id)
        except Exception:  # the hold lapses by itself at its expiry
            log.warning("could not give a hold back; it lapses by itself", exc_info=True)
            return
        hub.announce({HOLDS}, days)

    threading.Thread(target=give_back, name="give-back-hold", daemon=True).start()
