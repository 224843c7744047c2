"""Adding a client from the booking dialog, with the client who already has the phone number
or email address typed offered instead (docs/desk.md, Booking dialog).

The data refuses a second client with the same phone or email, so a duplicate is never
saved; the desk's part is to find her while the receptionist types, and to offer her at
once rather than a refusal after Add."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clients.adding import create_client
from app.clients.editing import DuplicateClientError, find_duplicate
from app.clients.finding import ClientMatch
from app.text_limits import limit_of
from db.engine import Database
from ui.operations import CLIENTS, run_in_background, run_write

PHONE, EMAIL = "phone", "email"  # the fields `find_duplicate` and DuplicateClientError name
CHECK_DELAY_MS = 300  # typing pauses this long before the duplicate check runs
OFFER_STYLE = (
    "DuplicateOffer { background: #fff4ce; border: 1px solid #e0b400; border-radius: 4px; }"
)


class DuplicateOffer(QFrame):
    """The client who already has what was typed, with the two ways on from there."""

    use_requested = Signal(object)  # the ClientMatch
    open_requested = Signal(int)  # the client's id

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.match: ClientMatch | None = None
        self.setObjectName(f"{field}_duplicate")
        self.setStyleSheet(OFFER_STYLE)
        self.setAccessibleName(
            self.tr("Client with this phone number")
            if field == PHONE
            else self.tr("Client with this email address")
        )
        # The sentence on a line of its own (a long name wraps, never cut), the buttons under it.
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 6, 6)
        layout.setSpacing(4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton(self.tr("&Use this client"), self)
        self.use_button.setToolTip(self.tr("Book for this client instead of adding a new one"))
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open this client's profile"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.open_button)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.use_button.clicked.connect(lambda: self.use_requested.emit(self.match))
        self.open_button.clicked.connect(
            lambda: self.open_requested.emit(self.match.id if self.match else 0)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_text()

    def _fit_text(self) -> None:
        """Room for every wrapped line: the form's layouts do not ask a wrapped label how
        tall it must be at its width, and a long name would be cut."""
        if not self.isVisible():
            return  # its width is not the form's yet; showing it resizes it
        margins = self._layout.contentsMargins()
        width = self.contentsRect().width() - margins.left() - margins.right()
        needed = self.text.heightForWidth(width) if width > 0 else -1
        if needed > 0 and needed != self.text.minimumHeight():
            self.text.setMinimumHeight(needed)

    def offer(self, match: ClientMatch | None, *, both: bool = False) -> None:
        """Show `match` (None: nothing to offer). `both`: she has the other field's value
        too, said once here rather than in a second offer."""
        self.match = match
        if match is None:
            self.text.clear()
            return
        if both:
            what = self.tr("this phone number and this email address")
        elif self.field == PHONE:
            what = self.tr("this phone number")
        else:
            what = self.tr("this email address")
        archived = self.tr(" (archived)") if match.archived else ""
        self.text.setText(
            self.tr("<b>%s</b>%s already has %s.") % (html.escape(match.name), archived, what)
        )
        self._fit_text()


class NewClientForm(QGroupBox):
    """Name, phone and email of a new client; Add is off while a duplicate is offered."""

    added = Signal(object)  # the ClientMatch of the client just added
    use_requested = Signal(object)  # the ClientMatch of the existing client to use instead
    open_profile_requested = Signal(int)  # the id of the existing client to open
    failed = Signal(object)  # an Exception of adding or of a duplicate check
    checked = Signal(str)  # the field whose duplicate check's answer is now shown

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.setTitle(self.tr("New client"))
        self.form = QFormLayout(self)
        self.new_name, self.new_phone, self.new_email = (QLineEdit(self) for _ in range(3))
        for edit, field in (
            (self.new_name, "clients.name"),
            (self.new_phone, "clients.phone"),
            (self.new_email, "clients.email"),
        ):
            edit.setMaxLength(limit_of(field))
        self.new_name.setAccessibleName(self.tr("New client's name"))
        self.new_phone.setAccessibleName(self.tr("New client's phone"))
        self.new_email.setAccessibleName(self.tr("New client's email"))
        self.offers = {PHONE: DuplicateOffer(PHONE, self), EMAIL: DuplicateOffer(EMAIL, self)}
        self.edits = {PHONE: self.new_phone, EMAIL: self.new_email}
        self.form.addRow(self.tr("Name"), self.new_name)
        self.form.addRow(self.tr("Phone"), self.new_phone)
        self.form.addRow(self.offers[PHONE])
        self.form.addRow(self.tr("Email"), self.new_email)
        self.form.addRow(self.offers[EMAIL])
        self.save_button = QPushButton(self.tr("Add client"), self)
        self.form.addRow(self.save_button)
        self.save_button.clicked.connect(self.save)

        # The latest answer per field, and a count per field so a late answer is dropped.
        self.duplicates: dict[str, ClientMatch | None] = {PHONE: None, EMAIL: None}
        self._asked = {PHONE: 0, EMAIL: 0}
        self._timers: dict[str, QTimer] = {}
        for field, edit in self.edits.items():
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(CHECK_DELAY_MS)
            timer.timeout.connect(lambda field=field: self.check(field))
            self._timers[field] = timer
            edit.textChanged.connect(lambda _text, field=field: self._typed(field))
            offer = self.offers[field]
            offer.use_requested.connect(self.use_requested)
            offer.open_requested.connect(self.open_profile_requested)
        self._show_offers()

    def _typed(self, field: str) -> None:
        if self.edits[field].text().strip():
            self._timers[field].start()
        else:  # nothing typed is nobody's: no need to ask
            self._timers[field].stop()
            self._asked[field] += 1
            self.duplicates[field] = None
            self._show_offers()

    def check(self, field: str) -> None:
        """Ask, off the UI thread, whose the typed phone or email is; the offer stays as it
        was until the answer is in (no flicker while typing on)."""
        text = self.edits[field].text()
        self._asked[field] += 1
        asked = self._asked[field]
        database = self.database

        def whose() -> tuple[ClientMatch, str] | None:
            if field == PHONE:
                return find_duplicate(database, phone=text)
            return find_duplicate(database, email=text)

        run_in_background(
            whose,
            lambda found: self._checked(field, asked, found),
            self.failed.emit,
            self,
        )

    def _checked(self, field: str, asked: int, found: tuple[ClientMatch, str] | None) -> None:
        if asked != self._asked[field]:
            return  # typed on meanwhile
        self.duplicates[field] = found[0] if found else None
        self._show_offers()
        self.checked.emit(field)

    def _show_offers(self) -> None:
        phone, email = self.duplicates[PHONE], self.duplicates[EMAIL]
        same = phone is not None and email is not None and phone.id == email.id
        self.offers[PHONE].offer(phone, both=same)
        self.offers[EMAIL].offer(None if same else email)
        for offer in self.offers.values():
            self.form.setRowVisible(offer, offer.match is not None)
        offered = self.offered()
        self.save_button.setEnabled(not offered)
        self.save_button.setToolTip(
            self.tr("Use the client offered above, or change what was typed") if offered else ""
        )

    def offered(self) -> list[ClientMatch]:
        """The existing clients offered instead, phone's first."""
        return [offer.match for offer in self.offers.values() if offer.match is not None]

    def save(self) -> None:
        if self.offered():
            return  # Add is off: a duplicate is never saved
        name, phone, email = self.new_name.text(), self.new_phone.text(), self.new_email.text()
        database, actor, now = self.database, self.user.username, self.clock()
        run_write(
            lambda: create_client(database, name, phone, email, actor=actor, now=now),
            self._added,
            self._refused,
            kinds={CLIENTS},
            parent=self,
        )

    def _added(self, match: ClientMatch) -> None:
        self.clear()
        self.added.emit(match)

    def _refused(self, error: Exception) -> None:
        if isinstance(error, DuplicateClientError):
            # Typed at another desk between the check and Add: the same offer, not a refusal.
            field = error.field if error.field in self.offers else PHONE
            self._timers[field].stop()
            self._asked[field] += 1
            self.duplicates[field] = error.existing
            self._show_offers()
            return
        self.failed.emit(error)

    def start(self, name: str = "") -> None:
        """Show the form, with `name` when the search typed one."""
        self.setVisible(True)
        if name and not self.new_name.text():
            self.new_name.setText(name)
        self.new_name.setFocus()

    def clear(self) -> None:
        """Close the form and forget what was typed (the next client starts afresh)."""
        for edit in (self.new_name, self.new_phone, self.new_email):
            edit.clear()  # clears the offers too, through `_typed`
        self.setVisible(False)
