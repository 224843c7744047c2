"""The front desk's inbox (docs/desk.md, Inbox): starts found for clients on the waitlist
(book one, or take the client off the list), recurring occurrences that could not be booked
(with why, and a button to book one by hand), failed deliveries and held starts; mark
notices as done. It follows the changes the desk hears while it is open."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, datetime

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.inbox import WAITLIST_MATCH, InboxItem, inbox, mark_done
from app.waitlist import remove_entry
from db.engine import Database
from ui import locale_format
from ui.feedback import describe_error, say
from ui.operations import (
    HOLDS,
    INBOX,
    OUTBOX,
    SESSIONS,
    WAITLIST,
    changes,
    follow_changes_while_open,
    run_in_background,
    run_write,
)

ITEM_ROLE = Qt.ItemDataRole.UserRole
# What the inbox lists changes with: its notices, the waitlist's matches (and the sessions
# that free or take their starts), held starts and deliveries.
SHOWN_KINDS = frozenset({INBOX, WAITLIST, SESSIONS, HOLDS, OUTBOX})


def item_key(item: InboxItem) -> Hashable:
    """The same item across reads, so a reload keeps what was selected."""
    return (item.kind, item.id, item.waitlist_id, item.therapist, item.start, item.title)


class InboxPanel(QDialog):
    loaded = Signal()
    book_requested = Signal(object)  # an InboxItem with a start to book

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.items: list[InboxItem] = []
        self._reading = False  # one read on its way at a time
        self._read_again = False  # a change heard meanwhile: its answer alone is shown
        self.setWindowTitle(self.tr("Inbox"))
        self.resize(980, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Inbox summary"))
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Notices"))
        self.tree.setHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Details")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(lambda _i, _c: self.book_selected())
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.book_button = QPushButton(self.tr("&Book…"), self)
        self.book_button.setAccessibleName(self.tr("Book the selected start"))
        self.book_button.clicked.connect(self.book_selected)
        self.remove_button = QPushButton(self.tr("&Remove from waitlist"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the client from the waitlist"))
        self.remove_button.clicked.connect(self.remove_selected_from_waitlist)
        self.done_button = QPushButton(self.tr("Mark as &done"), self)
        self.done_button.clicked.connect(self.mark_selected_done)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel(self)  # what became of the last action
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._selection_changed()
        follow_changes_while_open(self, self._data_changed)
        self.load()

    # -- reading -----------------------------------------------------------------------------

    def load(self) -> None:
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        run_in_background(
            lambda: inbox(self.database, self.clock()), self._read, self._read_failed, self
        )

    def _data_changed(self, kinds: frozenset[str], _days: frozenset[date]) -> None:
        if kinds & SHOWN_KINDS:
            self.load()

    def _read(self, items: list[InboxItem]) -> None:
        self._reading = False
        if self._read_again:  # this answer may predate a change: read once more
            self._read_again = False
            self.load()
            return
        self._show(items)

    def _read_failed(self, error: Exception) -> None:
        self._reading = False
        say(self.message, describe_error(error), error=True)
        if self._read_again:
            self._read_again = False
            self.load()

    def _show(self, items: list[InboxItem]) -> None:
        chosen = {item_key(item) for item in self.selected()}
        current = self.tree.currentItem()
        current_key = item_key(current.data(0, ITEM_ROLE)) if current is not None else None
        self.items = items
        self.tree.blockSignals(True)
        self.tree.clear()
        for item in items:
            row = QTreeWidgetItem(self._columns(item))
            row.setData(0, ITEM_ROLE, item)
            row.setToolTip(1, row.text(1))
            row.setToolTip(2, row.text(2))
            self.tree.addTopLevelItem(row)
            key = item_key(item)
            if key == current_key:
                self.tree.setCurrentItem(row, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
            row.setSelected(key in chosen)
        self.tree.blockSignals(False)
        self.summary.setText(
            self.tr("%n open item(s)", "", len(items)) if items else self.tr("Nothing to do.")
        )
        self._selection_changed()
        self.loaded.emit()

    def _columns(self, item: InboxItem) -> list[str]:
        if item.kind == WAITLIST_MATCH:  # its moment is when the client joined the list
            since = self.tr("Waiting since %s") % locale_format.padded_day_month(item.created_at)
            return [since, item.title, item.detail]
        return [locale_format.padded_day_month_time(item.created_at), item.title, item.detail]

    # -- acting on the selection --------------------------------------------------------------

    def selected(self) -> list[InboxItem]:
        return [row.data(0, ITEM_ROLE) for row in self.tree.selectedItems()]

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.done_button.setEnabled(any(item.id is not None for item in chosen))
        self.remove_button.setEnabled(any(item.waitlist_id is not None for item in chosen))
        self.book_button.setEnabled(len(chosen) == 1 and chosen[0].start is not None)

    def book_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1 and chosen[0].start is not None:
            self.book_requested.emit(chosen[0])

    def mark_selected_done(self) -> None:
        ids = [item.id for item in self.selected() if item.id is not None]
        if not ids:
            return
        run_write(
            lambda: mark_done(self.database, ids, actor=self.user.username, now=self.clock()),
            lambda _count: None,  # the panel hears the change and reads again
            self._write_failed,
            kinds={INBOX},
            parent=self,
        )

    def remove_selected_from_waitlist(self) -> None:
        """The selected matches' clients wait no longer: their entries close as removed
        (a client offered several starts is removed once)."""
        entries = sorted({item.waitlist_id for item in self.selected() if item.waitlist_id})
        if not entries:
            return

        def remove() -> int:
            now = self.clock()
            for entry in entries:
                remove_entry(self.database, entry, actor=self.user.username, now=now)
            return len(entries)

        run_write(
            remove,
            lambda count: say(self.message, self.tr("Removed %d from the waitlist.") % count),
            self._remove_failed,
            kinds={WAITLIST, INBOX},
            parent=self,
        )

    def _remove_failed(self, error: Exception) -> None:
        """Each entry is removed in a write of its own: those before the failure are gone,
        so every view reads the waitlist again."""
        self._write_failed(error)
        changes().announce({WAITLIST, INBOX})

    def _write_failed(self, error: Exception) -> None:
        say(self.message, describe_error(error), error=True)
