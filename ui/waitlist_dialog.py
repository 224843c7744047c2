"""Putting a client on the waitlist (docs/desk.md, Waitlist): the client, the service, a
therapist or any, preferred weekdays, a time of day and the dates the client can come; and
the buttons a client's profile offers for it (add, remove the selected entry).

The rules (a range the service fits in, dates in order, …) are `app.waitlist`'s: the dialog
hands over what was typed and shows the refusal, staying open so the entry can be mended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QObject, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.booking.loader import ServiceRow, TherapistRow, load_clinic
from app.clients.finding import ClientMatch
from app.clients.profile import ClientDetails
from app.waitlist import ANY_WEEKDAY, WaitlistLine, WaitlistRequest, add_entry, remove_entry
from db.engine import Database
from ui.client_picker import ClientPicker
from ui.feedback import describe_error, say
from ui.operations import INBOX, WAITLIST, run_in_background, run_write
from ui.qt_values import python_date, python_time, within_years

# How far ahead a new entry waits unless told otherwise.
DEFAULT_WAIT = timedelta(weeks=4)
WEEKDAY_LABELS = (
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Mon")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Monday")),
    ),
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Tue")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Tuesday")),
    ),
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Wed")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Wednesday")),
    ),
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Thu")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Thursday")),
    ),
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Fri")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Friday")),
    ),
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Sat")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Saturday")),
    ),
    (
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Sun")),
        str(QT_TRANSLATE_NOOP("WaitlistDialog", "Sunday")),
    ),
)
DEFAULT_EARLIEST = QTime(9, 0)
DEFAULT_LATEST = QTime(17, 0)


@dataclass(frozen=True)
class WaitlistChoices:
    """What the dialog offers: the active services and therapists, and the clinic's zone
    (its "today" is where the dates start)."""

    zone: ZoneInfo
    services: list[ServiceRow]
    therapists: list[TherapistRow]


def waitlist_choices(database: Database) -> WaitlistChoices:
    with database.read() as session:
        clinic = load_clinic(session)
    setup = clinic.setup
    return WaitlistChoices(
        clinic.zone,
        sorted((s for s in setup.services.values() if s.active), key=lambda s: s.name),
        sorted((t for t in setup.therapists.values() if t.active), key=lambda t: t.name),
    )


def weekday_mask(ticked: list[bool]) -> int:
    """The entry's weekdays (bit 0 = Monday); none ticked means any day."""
    mask = sum(1 << day for day, on in enumerate(ticked) if on)
    return mask or ANY_WEEKDAY


class WaitlistDialog(QDialog):
    added = Signal(int)  # the new entry's id
    loaded = Signal()

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        client: ClientMatch | None = None,
        service_id: int | None = None,
        therapist_id: int | None = None,
        weekday: int | None = None,
        from_day: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.choices: WaitlistChoices | None = None
        self.entry_id: int | None = None
        self._wanted_service, self._wanted_therapist = service_id, therapist_id
        self._from_day = from_day
        self.setWindowTitle(self.tr("Add to waitlist"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)

        self.client_picker = ClientPicker(database, user, clock, self)
        layout.addWidget(self.client_picker)

        form = QFormLayout()
        self.service = QComboBox(self)
        self.service.setAccessibleName(self.tr("Service"))
        self.therapist = QComboBox(self)
        self.therapist.setAccessibleName(self.tr("Therapist"))
        form.addRow(self.tr("&Service"), self.service)
        form.addRow(self.tr("&Therapist"), self.therapist)

        days_row = QHBoxLayout()
        self.weekdays: list[QCheckBox] = []
        for short, full in WEEKDAY_LABELS:
            box = QCheckBox(self.tr(short), self)
            box.setAccessibleName(self.tr(full))
            days_row.addWidget(box)
            self.weekdays.append(box)
        days_row.addWidget(QLabel(self.tr("(none ticked: any day)"), self))
        days_row.addStretch(1)
        days_label = QLabel(self.tr("Da&ys"), self)
        days_label.setBuddy(self.weekdays[0])
        form.addRow(days_label, days_row)

        times_row = QHBoxLayout()
        self.any_time = QCheckBox(self.tr("Any time"), self)
        self.any_time.setAccessibleName(self.tr("Any time of day"))
        self.any_time.setChecked(True)
        self.earliest = QTimeEdit(DEFAULT_EARLIEST, self)
        self.earliest.setDisplayFormat("HH:mm")
        self.earliest.setAccessibleName(self.tr("From time"))
        self.latest = QTimeEdit(DEFAULT_LATEST, self)
        self.latest.setDisplayFormat("HH:mm")
        self.latest.setAccessibleName(self.tr("To time"))
        times_row.addWidget(self.any_time)
        times_row.addWidget(QLabel(self.tr("from"), self))
        times_row.addWidget(self.earliest)
        times_row.addWidget(QLabel(self.tr("to"), self))
        times_row.addWidget(self.latest)
        times_row.addStretch(1)
        self.any_time.toggled.connect(self._any_time_toggled)
        self._any_time_toggled(True)
        times_label = QLabel(self.tr("T&ime"), self)
        times_label.setBuddy(self.any_time)
        form.addRow(times_label, times_row)

        dates_row = QHBoxLayout()
        start = from_day or self.clock().date()
        self.from_date = self._date_edit(start, self.tr("From date"))
        self.to_date = self._date_edit(start + DEFAULT_WAIT, self.tr("To date"))
        dates_row.addWidget(self.from_date)
        dates_row.addWidget(QLabel(self.tr("to"), self))
        dates_row.addWidget(self.to_date)
        dates_row.addStretch(1)
        dates_label = QLabel(self.tr("&Dates"), self)
        dates_label.setBuddy(self.from_date)
        form.addRow(dates_label, dates_row)
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(self.tr("&Add to waitlist"))
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if weekday is not None:
            self.weekdays[weekday].setChecked(True)
        self.client_picker.failed.connect(self._failed)
        if client is not None:
            self.client_picker.choose(client)
            self.service.setFocus()
        else:
            self.client_picker.client_search.setFocus()
        self.add_button.setEnabled(False)  # until the services are in
        run_in_background(
            lambda: waitlist_choices(database), self._choices_loaded, self._failed, self
        )

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        edit = within_years(QDateEdit(QDate(day.year, day.month, day.day), self))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    def _any_time_toggled(self, any_time: bool) -> None:
        self.earliest.setEnabled(not any_time)
        self.latest.setEnabled(not any_time)

    def _choices_loaded(self, choices: WaitlistChoices) -> None:
        self.choices = choices
        for service in choices.services:
            self.service.addItem(f"{service.name} ({service.duration_minutes} min)", service.id)
        self.therapist.addItem(self.tr("Any therapist"), None)
        for therapist in choices.therapists:
            self.therapist.addItem(therapist.name, therapist.id)
        if self._wanted_service is not None:
            self.service.setCurrentIndex(max(0, self.service.findData(self._wanted_service)))
        if self._wanted_therapist is not None:
            self.therapist.setCurrentIndex(max(0, self.therapist.findData(self._wanted_therapist)))
        if self._from_day is None:  # the clinic's today, not this PC's
            today = self.clock().astimezone(choices.zone).date()
            self.from_date.setDate(QDate(today.year, today.month, today.day))
            later = today + DEFAULT_WAIT
            self.to_date.setDate(QDate(later.year, later.month, later.day))
        self.add_button.setEnabled(True)
        self.loaded.emit()

    @property
    def client(self) -> ClientMatch | None:
        return self.client_picker.client

    def request(self) -> WaitlistRequest | None:
        """What the dialog says, or None (and why, in the message) when it is incomplete."""
        client, service_id = self.client, self.service.currentData()
        if client is None:
            self._say(self.tr("Choose the client first (search, or New client…)."), error=True)
            self.client_picker.client_search.setFocus()
            return None
        if service_id is None:
            self._say(self.tr("Choose the service."), error=True)
            return None
        earliest = latest = None
        if not self.any_time.isChecked():
            earliest = _minute_of(python_time(self.earliest.time()))
            latest = _minute_of(python_time(self.latest.time()))
        return WaitlistRequest(
            client_id=client.id,
            service_id=service_id,
            therapist_id=self.therapist.currentData(),
            weekdays=weekday_mask([box.isChecked() for box in self.weekdays]),
            earliest_minute=earliest,
            latest_minute=latest,
            from_date=python_date(self.from_date.date()),
            to_date=python_date(self.to_date.date()),
        )

    def submit(self) -> None:
        request = self.request()
        if request is None:
            return
        self.add_button.setEnabled(False)
        self._say(self.tr("Adding…"))
        run_write(
            lambda: add_entry(self.database, request, actor=self.user.username, now=self.clock()),
            self._added,
            self._failed,
            kinds={WAITLIST, INBOX},
            parent=self,
        )

    def _added(self, entry_id: int) -> None:
        self.entry_id = entry_id
        self.added.emit(entry_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        """A refusal (WaitlistInputError is a ValueError) is shown as written; the dialog
        stays open with what was typed."""
        self.add_button.setEnabled(self.choices is not None)
        self._say(describe_error(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)


def _minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


class ProfileWaitlistButtons(QObject):
    """**Add to waitlist…** for the profile's client and **Remove entry** for the open entry
    selected in its list (`entries`, whose rows carry the entry's id), added to the
    profile's row of waitlist buttons."""

    done = Signal(str)  # what was done, in a sentence for the profile's message line
    failed = Signal(object)  # the Exception of a write that did not happen

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        layout: QBoxLayout,
        entries: QListWidget,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.entries, self.parent_widget = entries, parent
        self.client: ClientMatch | None = None
        self.open_entries: set[int] = set()
        self.dialog: WaitlistDialog | None = None
        # Alt+A while the tab shows ("Show all" is the history tab's); the profile's fields
        # hold every letter of Remove, which Tab reaches.
        self.add_button = QPushButton(self.tr("&Add to waitlist…"), parent)
        self.add_button.setToolTip(self.tr("Put this client on the waitlist"))
        self.remove_button = QPushButton(self.tr("Remove entry"), parent)
        self.remove_button.setToolTip(self.tr("Take the selected entry off the waitlist"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected waitlist entry"))
        for button in (self.add_button, self.remove_button):
            button.setEnabled(False)  # until the client is loaded, an entry selected
            layout.addWidget(button)
        layout.addStretch(1)
        self.add_button.clicked.connect(self.open_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        entries.currentItemChanged.connect(lambda _now, _before: self._selection_changed())

    def show_client(self, details: ClientDetails, lines: list[WaitlistLine]) -> None:
        """Follow the profile as (re)read: an archived or erased client cannot wait."""
        self.client = ClientMatch(
            details.id, details.key, details.name, details.phone, details.email
        )
        self.open_entries = {line.id for line in lines if line.closed_at is None}
        waits = details.archived_at is None and details.erased_at is None
        self.add_button.setEnabled(waits)
        self.add_button.setToolTip(
            self.tr("Put this client on the waitlist")
            if waits
            else self.tr("Archived and erased clients do not wait")
        )
        self._selection_changed()

    def selected_entry(self) -> int | None:
        item: QListWidgetItem | None = self.entries.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return entry if entry in self.open_entries else None

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_entry() is not None)

    def open_dialog(self) -> WaitlistDialog | None:
        if self.client is None:
            return None
        dialog = WaitlistDialog(
            self.database, self.user, self.clock, self.parent_widget, client=self.client
        )
        dialog.added.connect(lambda _entry: self.done.emit(self.tr("Added to the waitlist.")))
        self.dialog = dialog
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        database, actor, now = self.database, self.user.username, self.clock()
        self.remove_button.setEnabled(False)  # once: the profile's read enables it again
        run_write(
            lambda: remove_entry(database, entry, actor=actor, now=now),
            lambda _none: self.done.emit(self.tr("Removed from the waitlist.")),
            self._remove_failed,
            kinds={WAITLIST, INBOX},
            parent=self,
        )

    def _remove_failed(self, error: Exception) -> None:
        self._selection_changed()
        self.failed.emit(error)
