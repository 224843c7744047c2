"""The Sync panel: queued emails and calendar updates not yet delivered, with Retry and
Discard for supervisors, and Resume when a refused login paused email."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import shared_clock
from app.outbox import (
    OutboxRow,
    OutboxSummary,
    authorise_supervisor,
    discard,
    open_rows,
    outbox_summary,
    resume,
    retry_failed,
)
from db.engine import Database
from ui import words
from ui.operations import OUTBOX, run_in_background, run_write
from ui.staff_dialog import StaffDialog

TARGET_LABELS = {
    "email_client": str(QT_TRANSLATE_NOOP("SyncPanel", "Email to client")),
    "email_therapist": str(QT_TRANSLATE_NOOP("SyncPanel", "Email to therapist")),
    "google_calendar": str(QT_TRANSLATE_NOOP("SyncPanel", "Google Calendar")),
}


class SyncPanel(StaffDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Enter a supervisor's username and password first."), parent)
        self.database = database
        self.rows: list[OutboxRow] = []
        self.setWindowTitle(self.tr("Sync status"))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("syncSummary")
        self.summary.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Booking"), self.tr("To"), self.tr("What"), self.tr("State"),
             self.tr("Attempts"), self.tr("Last error")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Undelivered emails and calendar updates"))
        layout.addWidget(self.table)
        credentials = QHBoxLayout()
        self.username.setPlaceholderText(self.tr("supervisor username"))
        self.password.setPlaceholderText(self.tr("password"))
        credentials.addWidget(QLabel(self.tr("Supervisor"), self))
        credentials.addWidget(self.username)
        credentials.addWidget(self.password)
        layout.addLayout(credentials)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("&Retry selected"), self)
        self.discard_button = QPushButton(self.tr("&Discard selected"), self)
        self.resume_button = QPushButton(self.tr("Resume &email"), self)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.resume_button.clicked.connect(self.resume_email)
        self.refresh_button.clicked.connect(self.reload)
        for button in (self.retry_button, self.discard_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        self.message.setObjectName("syncMessage")
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        def work() -> tuple[OutboxSummary, list[OutboxRow]]:
            return outbox_summary(self.database), open_rows(self.database)

        run_in_background(work, self._loaded, self._failed, self)

    def _loaded(self, loaded: tuple[OutboxSummary, list[OutboxRow]]) -> None:
        summary, self.rows = loaded
        self.summary.setText(summary.describe())
        self.resume_button.setEnabled(summary.email_paused is not None)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            cells = [
                row.reference or "—",
                self.tr(TARGET_LABELS.get(row.target, row.target)),
                words.effect_word(row.kind),
                words.delivery_word(row.status),
                str(row.attempts),
                row.last_error or "",
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if row.status == "failed":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)

    def _selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r].id for r in rows if r < len(self.rows)]

    def _act(self, action: str) -> None:
        ids = self._selected_ids()
        if not ids:
            self._say(self.tr("Select the rows first."), error=True)
            return
        credentials = self._credentials()
        if credentials is None:
            return

        def work() -> int:
            actor = authorise_supervisor(self.database, *credentials)
            if action == "retry":
                now = shared_clock(self.database).now()
                return retry_failed(self.database, ids, actor=actor, now=now)
            return discard(self.database, ids, actor=actor)

        def done(count: int) -> None:
            if action == "retry":
                self._say(self.tr("Will try again: %d.") % count)
            else:
                self._say(self.tr("Discarded: %d.") % count)
            self.reload()

        run_write(work, done, self._failed, kinds={OUTBOX}, parent=self)

    def retry_selected(self) -> None:
        self._act("retry")

    def discard_selected(self) -> None:
        self._act("discard")

    def resume_email(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            return

        def work() -> bool:
            authorise_supervisor(self.database, *credentials)
            return resume(self.database)

        def done(resumed: bool) -> None:
            self._say(
                self.tr("Email delivery resumed.") if resumed else self.tr("Email was not paused.")
            )
            self.reload()

        run_write(work, done, self._failed, kinds={OUTBOX}, parent=self)
