"""What a supervisor or admin does to a client record from her profile: archive it, merge
another record into it, or erase it on request (docs/desk.md, Clients; docs/clients.md).

Archive takes the signed-in supervisor's or admin's word. Merge and erasure cannot be
undone, so they take an admin's password at that moment (as an override does) and a
reason, kept in the audit log; the use cases check the role again inside their
transaction."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser, authorise
from app.clients.editing import archive_client
from app.clients.erasure import ErasureResult, erase_client, tombstone_name
from app.clients.finding import ClientMatch, find_clients
from app.clients.merging import MergeRefusedError, MergeResult, merge_clients
from app.clients.profile import ClientDetails, load_profile
from app.waitlist import waitlist_entries
from db.engine import Database
from db.enums import Role
from ui.operations import CLIENTS, HOLDS, SERIES, SESSIONS, run_in_background, run_write
from ui.staff_dialog import StaffDialog

ADMIN = frozenset({Role.ADMIN})
REASON_LIMIT = 500  # the audit log's reason column
SEARCH_DELAY_MS = 150
REFUSAL_STYLE = (
    "QLabel { background: #fdecea; border: 1px solid #b00020; border-radius: 4px; padding: 6px; }"
)
CLIENT_ROLE = Qt.ItemDataRole.UserRole
# What a merge or an erasure touches, for the views that show it (any day: all of them).
MERGE_KINDS = frozenset({CLIENTS, SESSIONS, SERIES, HOLDS})
ERASE_KINDS = frozenset({CLIENTS, SESSIONS, SERIES, HOLDS})


@dataclass(frozen=True)
class ClientSide:
    """One client of a merge as the admin compares them: who, and what would move."""

    id: int
    key: str
    name: str
    phone: str | None
    email: str | None
    archived: bool
    sessions: int
    series: int
    waitlist_entries: int  # open ones


def client_side(database: Database, client_id: int, now: datetime) -> ClientSide:
    profile = load_profile(database, client_id, now)
    details = profile.details
    return ClientSide(
        details.id,
        details.key,
        details.name,
        details.phone,
        details.email,
        details.archived_at is not None,
        len(profile.history),
        len(profile.series),
        len(waitlist_entries(database, client_id=client_id)),
    )


class ClientAdminButtons(QObject):
    """Archive/Unarchive (supervisor, admin), Merge… and Erase… (admin) added to a profile's
    row of buttons; the roles without them never see them."""

    done = Signal(str)  # what was done, in a sentence for the profile's message line
    failed = Signal(object)  # the Exception of a write that did not happen
    merged = Signal(object)  # the MergeResult (the profile's client may be the one merged)
    erased = Signal(object)  # the ErasureResult

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        layout: QBoxLayout,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.parent_widget = parent
        self.details: ClientDetails | None = None
        self.confirmation: QMessageBox | None = None
        self.merge_dialog: MergeDialog | None = None
        self.erase_dialog: EraseDialog | None = None
        self.archive_button = QPushButton(self.tr("Archive…"), parent)
        self.archive_button.setToolTip(self.tr("Take the client out of search; history stays"))
        self.merge_button = QPushButton(self.tr("Merge…"), parent)
        self.merge_button.setToolTip(self.tr("Merge another record of this client into this one"))
        self.erase_button = QPushButton(self.tr("Erase…"), parent)
        self.erase_button.setToolTip(self.tr("Erase this client's personal data on request"))
        self.archive_button.setVisible(user.may_override)
        self.merge_button.setVisible(user.is_admin)
        self.erase_button.setVisible(user.is_admin)
        for button in self.buttons():
            button.setEnabled(False)  # until the client is loaded
            if button is self.erase_button:
                layout.addSpacing(12)  # the one that cannot be undone stands apart
            layout.addWidget(button)
        self.archive_button.clicked.connect(self.ask_archive)
        self.merge_button.clicked.connect(self.open_merge)
        self.erase_button.clicked.connect(self.open_erase)

    def buttons(self) -> list[QPushButton]:
        return [self.archive_button, self.merge_button, self.erase_button]

    def visible_buttons(self) -> list[QPushButton]:
        return [button for button in self.buttons() if not button.isHidden()]

    def show_client(self, details: ClientDetails) -> None:
        """Follow the profile's client as (re)loaded. An erased record is neither archived
        back nor merged; erasing it again clears what was written since (a clinic file
        naming its key) and the file's old pages, if the first time could not."""
        self.details = details
        live = details.erased_at is None
        self.archive_button.setText(
            self.tr("Unarchive") if details.archived_at is not None else self.tr("Archive…")
        )
        self.archive_button.setEnabled(live)
        self.merge_button.setEnabled(live)
        self.erase_button.setEnabled(True)
        self.erase_button.setText(self.tr("Erase…") if live else self.tr("Erase again…"))

    def forget(self) -> None:
        """The client is no longer in the database (merged into another): nothing to act on."""
        self.details = None
        for button in self.buttons():
            button.setEnabled(False)

    # -- archive ---------------------------------------------------------------------------

    def ask_archive(self) -> QMessageBox | None:
        details = self.details
        if details is None or not self.user.may_override:
            return None
        if details.archived_at is not None:
            self._archive(details, undo=True)  # nothing is lost by bringing her back
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Archive client"),
            self.tr(
                "Archive <b>%s</b>? The client leaves search and the clients list (unless "
                "archived ones are shown); sessions and history stay. Unarchive brings the "
                "client back."
            )
            % html.escape(details.name),
            QMessageBox.StandardButton.Cancel,
            self.parent_widget,
        )
        archive = box.addButton(self.tr("&Archive"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(archive)
        archive.clicked.connect(lambda: self._archive(details, undo=False))
        self.confirmation = box
        box.open()
        return box

    def _archive(self, details: ClientDetails, *, undo: bool) -> None:
        database, actor, now = self.database, self.user.username, self.clock()
        self.archive_button.setEnabled(False)  # once: the reload enables it again

        def archived(_result: object) -> None:
            self.archive_button.setEnabled(True)
            self.done.emit(self.tr("Unarchived.") if undo else self.tr("Archived."))

        def refused(error: Exception) -> None:
            self.archive_button.setEnabled(True)
            self.failed.emit(error)

        run_write(
            lambda: archive_client(
                database, details.id, actor=actor, now=now, undo=undo, key=details.key
            ),
            archived,
            refused,
            kinds={CLIENTS},
            parent=self,
        )

    # -- merge and erase -------------------------------------------------------------------

    def open_merge(self) -> MergeDialog | None:
        if self.details is None or not self.user.is_admin:
            return None
        dialog = MergeDialog(self.database, self.user, self.clock, self.details, self.parent_widget)
        dialog.merged.connect(self._merged)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _merged(self, result: MergeResult) -> None:
        moved = ", ".join(
            (
                counted(result.sessions, "session", "sessions"),
                counted(result.series, "series", "series"),
                counted(result.waitlist_entries, "waitlist entry", "waitlist entries"),
            )
        )
        self.done.emit(
            self.tr("Merged %s into %s: %s moved.") % (result.merged_key, result.kept_key, moved)
        )
        self.merged.emit(result)

    def open_erase(self) -> EraseDialog | None:
        if self.details is None or not self.user.is_admin:
            return None
        dialog = EraseDialog(self.database, self.user, self.clock, self.details, self.parent_widget)
        dialog.erased.connect(self._erased)
        self.erase_dialog = dialog
        dialog.open()
        return dialog

    def _erased(self, result: ErasureResult) -> None:
        if not result.file_cleaned:
            # Erased in the data; another desk's write kept the file's old pages from being
            # cleared now. Erasing again clears them.
            self.done.emit(
                self.tr(
                    "Erased, but the database file still holds old copies of the data "
                    "(another desk was writing). Erase again later to clear them."
                )
            )
            self.erased.emit(result)
            return
        self.done.emit(
            self.tr("Erased. %s kept without personal data; %s cleaned.")
            % (
                counted(result.sessions_kept, "session", "sessions"),
                counted(result.audit_entries_scrubbed, "audit entry", "audit entries"),
            )
        )
        self.erased.emit(result)


class AdminActionDialog(StaffDialog):
    """What merge and erase share: a reason, an admin's username and password, a message
    line, and one write at a time."""

    def __init__(self, user: StaffUser, parent: QWidget | None) -> None:
        super().__init__(self.tr("Enter an admin's username and password first."), parent)
        self.username.setText(user.username)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setMaxLength(REASON_LIMIT)
        self.reason.setPlaceholderText(self.tr("Kept in the audit log"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.rejected.connect(self.reject)  # each dialog connects `accepted` itself
        self._writing = False

    def credentials_form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("Admin &username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        return form

    def ready(self) -> tuple[str, str, str] | None:
        """Reason and credentials, or None with what is missing said."""
        reason = self.reason.text().strip()
        if not reason:
            self._say(self.tr("Say why (it is kept in the audit log)."), error=True)
            self.reason.setFocus()
            return None
        credentials = self._credentials()
        if credentials is None:
            return None
        return reason, credentials[0], credentials[1]

    def write(
        self,
        work: Callable[[], object],
        on_done: Callable[[object], object],
        on_error: Callable[[Exception], object],
        kinds: frozenset[str],
    ) -> None:
        if self._writing:
            return
        self._writing = True
        self.ok_button.setEnabled(False)
        self._say(self.tr("Working…"))

        def finished(result: object) -> None:
            self._writing = False
            self.ok_button.setEnabled(True)
            on_done(result)

        def failed(error: Exception) -> None:
            self._writing = False
            self.ok_button.setEnabled(True)
            self.password.clear()
            on_error(error)

        run_write(work, finished, failed, kinds=kinds, parent=self)


class MergeDialog(AdminActionDialog):
    """Merge another record of the same person into this profile's client (or, swapped,
    this one into the other): both side by side, what moves, then the admin's password."""

    merged = Signal(object)  # the MergeResult

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        kept: ClientDetails,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(user, parent)
        self.database, self.user, self.clock = database, user, clock
        self.setWindowTitle(self.tr("Merge clients"))
        self.kept: ClientSide | None = None
        self.other: ClientSide | None = None
        self.merge_result: MergeResult | None = None
        self._first_id = kept.id  # the profile's client, on whichever side
        self._swapped = False  # the other record is kept, the profile's client merged
        self._search_serial = 0
        self._loading = 0

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Merge two records of the same person. Everything of the merged record moves "
                "to the kept one, and its key keeps finding the kept client. This cannot be "
                "undone."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        # Side by side: the kept record on the left; on the right, finding the other one
        # above its details.
        compare = QGroupBox(self.tr("The two records"), self)
        self.grid = QGridLayout(compare)
        self.kept_heading = QLabel(self.tr("<b>Kept</b>"), compare)
        self.other_heading = QLabel(self.tr("<b>Merged into it</b>"), compare)
        self.grid.addWidget(self.kept_heading, 0, 1)
        self.grid.addWidget(self.other_heading, 0, 2)
        self.search = QLineEdit(compare)
        self.search.setPlaceholderText(self.tr("Find: name, phone, email, key"))
        self.search.setAccessibleName(self.tr("Find the other client (archived ones too)"))
        self.search.setClearButtonEnabled(True)
        self.matches = QListWidget(compare)
        self.matches.setAccessibleName(self.tr("Matching clients"))
        self.matches.setFixedHeight(76)
        self.grid.addWidget(self.search, 1, 2)
        self.grid.addWidget(self.matches, 2, 2)
        self.rows = (
            self.tr("Name"),
            self.tr("Key"),
            self.tr("Phone"),
            self.tr("Email"),
            self.tr("Sessions"),
            self.tr("Series"),
            self.tr("Waitlist entries"),
        )
        self.kept_cells: list[QLabel] = []
        self.other_cells: list[QLabel] = []
        for row, title in enumerate(self.rows, start=3):
            self.grid.addWidget(QLabel(title, compare), row, 0)
            for cells, column in ((self.kept_cells, 1), (self.other_cells, 2)):
                cell = QLabel(compare)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cells.append(cell)
                self.grid.addWidget(cell, row, column)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.swap_button = QPushButton(self.tr("&Keep the other one instead"), compare)
        self.swap_button.setEnabled(False)
        self.grid.addWidget(self.swap_button, len(self.rows) + 3, 1, 1, 2)
        layout.addWidget(compare)

        self.moves = QLabel(self)
        self.moves.setWordWrap(True)
        self.moves.setAccessibleName(self.tr("What moves"))
        layout.addWidget(self.moves)

        # A refusal: the use case's sentence (both sides of every overlapping pair), then
        # the references alone, selectable, to look them up.
        self.refusal = QLabel(self)
        self.refusal.setWordWrap(True)
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.setAccessibleName(self.tr("Why the merge was refused"))
        self.refusal.setStyleSheet(REFUSAL_STYLE)
        self.refusal.setVisible(False)
        self.overlapping: list[str] = []
        layout.addWidget(self.refusal)

        layout.addLayout(self.credentials_form())
        layout.addWidget(self.message)
        self.ok_button.setText(self.tr("&Merge"))
        self.buttons.accepted.connect(self.submit)
        self.ok_button.setEnabled(False)  # until the other record is chosen
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.matches.itemActivated.connect(self.take)
        self.matches.itemClicked.connect(self.take)
        self.swap_button.clicked.connect(self.swap)
        self.search.setFocus()
        self.resize(720, self.sizeHint().height())
        self._load(kept.id, None)

    # -- the two sides ---------------------------------------------------------------------

    def _search(self) -> None:
        text = self.search.text()
        self._search_serial += 1
        serial = self._search_serial
        database = self.database
        run_in_background(
            lambda: find_clients(database, text, include_archived=True),
            lambda found: self._found(serial, found),
            self._failed,
            self,
        )

    def _found(self, serial: int, found: list[ClientMatch]) -> None:
        if serial != self._search_serial:
            return  # typed on meanwhile
        self.matches.clear()
        for match in found:
            if match.id == self._first_id:
                continue  # a client is not merged with herself
            label = match.label + (self.tr(" (archived)") if match.archived else "")
            item = QListWidgetItem(f"{label} · {match.key}")
            item.setData(CLIENT_ROLE, match)
            self.matches.addItem(item)
        if self.search.text().strip() and self.matches.count() == 0:
            self.matches.addItem(self.tr("No other client found"))

    def take(self, item: QListWidgetItem) -> None:
        """The other record, from a row of matches (a note row takes nobody)."""
        match = item.data(CLIENT_ROLE)
        if match:
            self._load(self._first_id, match.id)

    def _load(self, kept_id: int, other_id: int | None) -> None:
        database, now = self.database, self.clock()
        self._loading += 1
        loading = self._loading

        def both() -> tuple[ClientSide, ClientSide | None]:
            kept = client_side(database, kept_id, now)
            return kept, client_side(database, other_id, now) if other_id else None

        self.ok_button.setEnabled(False)  # until this pair is shown

        run_in_background(both, lambda sides: self._loaded(loading, *sides), self._failed, self)

    def _loaded(self, loading: int, kept: ClientSide, other: ClientSide | None) -> None:
        if loading != self._loading:
            return  # another record was chosen meanwhile
        if self._swapped and other is not None:
            kept, other = other, kept
        self._show(kept, other)

    def _show(self, kept: ClientSide, other: ClientSide | None) -> None:
        self.kept, self.other = kept, other
        self.refusal.setVisible(False)
        for cells, side in ((self.kept_cells, kept), (self.other_cells, other)):
            values = _side_values(side)
            for cell, value in zip(cells, values, strict=True):
                cell.setText(value)
        self.swap_button.setEnabled(other is not None)
        self.ok_button.setEnabled(other is not None)
        self.moves.setText(self._what_moves())
        self._fit()
        if other is not None:
            self.reason.setFocus()

    def _fit(self) -> None:
        """Grow to show what just appeared (the sides, a refusal) without squeezing the
        comparison; never shrink under the person's hands."""
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _what_moves(self) -> str:
        kept, other = self.kept, self.other
        if kept is None or other is None:
            return self.tr("Find and choose the other record of this client above.")
        return self.tr(
            "<b>%(other)s</b> (%(other_key)s) is merged into <b>%(kept)s</b> (%(kept_key)s): "
            "%(sessions)s, %(series)s, %(waitlist)s and any held starts move to "
            "%(kept_key)s, and %(other_key)s becomes another key of it. The kept record's "
            "empty details are filled from the merged one, a phone or email it cannot take "
            "is added to its notes, and both records' notes are kept. The merged record is "
            "then removed."
        ) % {
            "other": html.escape(other.name),
            "other_key": html.escape(other.key),
            "kept": html.escape(kept.name),
            "kept_key": html.escape(kept.key),
            "sessions": counted(other.sessions, "session", "sessions"),
            "series": counted(other.series, "series", "series"),
            "waitlist": counted(
                other.waitlist_entries, "open waitlist entry", "open waitlist entries"
            ),
        }

    def swap(self) -> None:
        """Keep the other record and merge this one into it."""
        if self.kept is None or self.other is None:
            return
        self._swapped = not self._swapped
        self._show(self.other, self.kept)

    # -- the merge -------------------------------------------------------------------------

    def submit(self) -> None:
        kept, other = self.kept, self.other
        if kept is None or other is None:
            self._say(self.tr("Choose the other record first."), error=True)
            self.search.setFocus()
            return
        asked = self.ready()
        if asked is None:
            return
        reason, username, password = asked
        database, now = self.database, self.clock()

        def merge() -> MergeResult:
            actor = authorise(
                database, username, password, ADMIN, "merging clients needs an admin's password"
            )
            return merge_clients(database, kept.id, other.id, actor=actor, reason=reason, now=now)

        self.refusal.setVisible(False)
        self.write(merge, self._merged, self._refused, MERGE_KINDS)

    def _merged(self, result: object) -> None:
        assert isinstance(result, MergeResult)
        self.merge_result = result
        self.merged.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, MergeRefusedError):
            self._say(self.tr("The merge was refused; nothing was changed."), error=True)
            self.overlapping = list(error.overlapping)
            sentence = error.message[:1].upper() + error.message[1:]
            text = html.escape(sentence)
            if self.overlapping:
                text += self.tr("<br><b>Overlapping sessions:</b> %s") % ", ".join(
                    html.escape(reference) for reference in self.overlapping
                )
            self.refusal.setText(text)
            self.refusal.setVisible(True)
            self._fit()
            return
        self._failed(error)


class EraseDialog(AdminActionDialog):
    """Erasure on the client's request: says what goes and what stays, and asks for the
    client's key typed out, a reason and an admin's password."""

    erased = Signal(object)  # the ErasureResult

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        client: ClientDetails,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(user, parent)
        self.database, self.user, self.clock = database, user, clock
        self.client = client
        self.erasure_result: ErasureResult | None = None
        self.setWindowTitle(self.tr("Erase client's personal data"))
        layout = QVBoxLayout(self)
        again = (
            self.tr(
                "<p>This record was erased on %s. Erasing it again takes out anything "
                "written since that names the client, and clears old copies the database "
                "file may still hold.</p>"
            )
            % client.erased_at.date().isoformat()
            if client.erased_at is not None
            else ""
        )
        warning = QLabel(
            again
            + self.tr(
                "<p style='color:#b00020'><b>This erases %(name)s's personal data for good. "
                "It cannot be undone.</b></p>"
                "<p><b>Erased:</b> name, phone, email, date of birth, emergency contact, "
                "preferred channel and language, referral source, administrative notes and "
                "preferences; the notes and special requests of the client's sessions; these "
                "values wherever the audit log or a delivery error holds them; the client's "
                "other keys. Recurring series end, open waitlist entries are closed, held "
                "starts given back, emails not yet sent to the client discarded, and "
                "calendars updated.</p>"
                "<p><b>Kept:</b> the sessions, with their dates, therapists, services, "
                "rooms, statuses, prices and the reasons for cancellations and overrides, "
                "under <i>%(tombstone)s</i>; who did what when, and why, in the audit "
                "log.</p>"
            )
            % {"name": html.escape(client.name), "tombstone": tombstone_name(client.id)},
            self,
        )
        warning.setWordWrap(True)
        warning.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(warning)
        self.typed_key = QLineEdit(self)
        self.typed_key.setAccessibleName(self.tr("The client's key, typed to confirm"))
        confirm = QHBoxLayout()
        confirm_label = QLabel(
            self.tr("Type the client's key, <b>%s</b>, to confirm:") % html.escape(client.key),
            self,
        )
        confirm_label.setBuddy(self.typed_key)
        confirm.addWidget(confirm_label)
        confirm.addWidget(self.typed_key, 1)
        layout.addLayout(confirm)
        layout.addLayout(self.credentials_form())
        layout.addWidget(self.message)
        self.ok_button.setText(self.tr("&Erase"))
        self.buttons.accepted.connect(self.submit)
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout.addWidget(self.buttons)
        self.typed_key.textChanged.connect(self._confirm_typed)
        self.typed_key.setFocus()
        self.resize(560, self.sizeHint().height())

    def _confirm_typed(self) -> None:
        self.ok_button.setEnabled(not self._writing and self._key_typed())

    def _key_typed(self) -> bool:
        return self.typed_key.text().strip() == self.client.key

    def submit(self) -> None:
        if not self._key_typed():
            self._say(self.tr("Type the client's key exactly to confirm."), error=True)
            self.typed_key.setFocus()
            return
        asked = self.ready()
        if asked is None:
            return
        reason, username, password = asked
        database, client_id, now = self.database, self.client.id, self.clock()

        def erase() -> ErasureResult:
            actor = authorise(
                database, username, password, ADMIN, "erasing a client needs an admin's password"
            )
            return erase_client(database, client_id, actor=actor, reason=reason, now=now)

        self.write(erase, self._erased, self._failed, ERASE_KINDS)

    def _erased(self, result: object) -> None:
        assert isinstance(result, ErasureResult)
        self.erasure_result = result
        self.erased.emit(result)
        self.accept()


def _side_values(side: ClientSide | None) -> list[str]:
    if side is None:
        return [""] * 7
    name = side.name + (" (archived)" if side.archived else "")
    return [
        name,
        side.key,
        side.phone or "—",
        side.email or "—",
        str(side.sessions),
        str(side.series),
        str(side.waitlist_entries),
    ]


class Counts(QObject):
    """A count of things in the desk's language: Qt's numerus forms give Spanish its
    singular and plural. Each message is written out so the extractor sees it."""

    def of(self, many: str, number: int) -> str | None:
        """`number` `many` translated ("3 sesiones"), or None for a word not listed."""
        texts = {
            "sessions": lambda: self.tr("%n sessions", "", number),
            "series": lambda: self.tr("%n series", "", number),
            "waitlist entries": lambda: self.tr("%n waitlist entries", "", number),
            "open waitlist entries": lambda: self.tr("%n open waitlist entries", "", number),
            "audit entries": lambda: self.tr("%n audit entries", "", number),
        }
        text = texts.get(many)
        return text() if text is not None else None


def counted(number: int, one: str, many: str) -> str:
    """ "1 session", "3 sessions"; "1 sesión", "3 sesiones" in Spanish. Without a translation
    Qt keeps the source ("%n sessions"), so English picks its own form here."""
    english = f"{number} {one if number == 1 else many}"
    translated = Counts().of(many, number) or english
    untranslated = f"{number} {many}"
    return english if translated == untranslated else translated
