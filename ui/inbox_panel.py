"""The front desk's inbox (docs/desk.md, Inbox): recurring occurrences that could not be booked
(with why, and a button to book one by hand) and failed deliveries; mark notices as done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
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
from app.inbox import InboxItem, inbox, mark_done
from db.engine import Database
from ui.operations import INBOX, run_in_background, run_write

ITEM_ROLE = Qt.ItemDataRole.UserRole


class InboxPanel(QDialog):
    loaded = Signal()
    book_requested = Signal(object)  # an InboxItem with a start to book by hand

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
        self.setWindowTitle(self.tr("Inbox"))
        self.resize(860, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Notices"))
        self.tree.setHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Why")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(lambda _i, _c: self.book_selected())
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.book_button = QPushButton(self.tr("&Book by hand…"), self)
        self.book_button.clicked.connect(self.book_selected)
        self.done_button = QPushButton(self.tr("Mark as &done"), self)
        self.done_button.clicked.connect(self.mark_selected_done)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._selection_changed()
        self.load()

    def load(self) -> None:
        run_in_background(
            lambda: inbox(self.database, self.clock()),
            self._loaded,
            lambda error: self.summary.setText(str(error)),
            self,
        )

    def _loaded(self, items: list[InboxItem]) -> None:
        self.items = items
        self.tree.clear()
        for item in items:
            row = QTreeWidgetItem([f"{item.created_at:%d %b %H:%M}", item.title, item.detail])
            row.setData(0, ITEM_ROLE, item)
            row.setToolTip(2, item.detail)
            self.tree.addTopLevelItem(row)
        self.summary.setText(
            self.tr("%d open item(s)") % len(items) if items else self.tr("Nothing to do.")
        )
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> list[InboxItem]:
        return [row.data(0, ITEM_ROLE) for row in self.tree.selectedItems()]

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.done_button.setEnabled(any(item.id is not None for item in chosen))
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
            lambda _count: self.load(),
            lambda error: self.summary.setText(str(error)),
            kinds={INBOX},
            parent=self,
        )
