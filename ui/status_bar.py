"""The window's status bar: which clinic, user and database this desk is on, how many
items wait in the inbox (notices, starts offered to waiting clients), how email and
calendar sync goes (the Sync button), and whether this PC's clock is off the database
server's. The counts are read again when a change of their kind is announced; the Sync
button also on a slow timer, for deliveries made by the desk that leads; the clock after
each of its measurements (`app.clock`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QStatusBar, QWidget

from app.agenda import ClinicInfo
from app.auth.staff import StaffUser
from app.clock import NOTICEABLE_OFFSET, DatabaseClock, shared_clock
from app.inbox import open_items
from app.outbox import OutboxSummary, outbox_summary
from app.waitlist import current_offers
from db.engine import Database, display_url
from ui import words
from ui.delivery import DeliveryPasses
from ui.elided import ElidedButton, ElidedLabel
from ui.operations import INBOX, OUTBOX, SESSIONS, WAITLIST, changes, run_in_background

SYNC_STATUS_INTERVAL_MS = 30_000  # another desk's deliveries: a status read, no delivery
# The most each item takes, in pixels, so one long text cannot crowd out the others; the
# whole text is in the tooltip. The database's URL also takes only the room the others leave.
CLINIC_WIDTH = 450
USER_WIDTH = 300
SYNC_WIDTH = 320
DATABASE_WIDTH = 420
CLOCK_WIDTH = 460
LABEL_MARGIN = 6  # pixels each side, so neighbouring texts never touch
# What the inbox count counts changes with: notices, and the waitlist's offers (a session
# booked or cancelled can take or free an offered start).
COUNTED_KINDS = frozenset({INBOX, WAITLIST, SESSIONS})


class DeskStatusBar(QStatusBar):
    _clock_measured = Signal(object)  # offset: timedelta, from the clock's measuring thread

    def __init__(
        self,
        database: Database,
        passes: DeliveryPasses | None,
        parent: QWidget | None = None,
        clock: DatabaseClock | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.clock = clock or shared_clock(database)  # the process's, measured by `ui.launch`
        self.now = now or self.clock.now  # the window's "now" (the rules' clock)
        self._counting = self._count_again = False  # one inbox count on its way at a time
        self.passes = passes  # None: this desk does not deliver (`frontdesk sync run` does)
        # Nothing here may push the window wider or run into its neighbour: every text is cut
        # to the width it gets, whole in its tooltip (a path in the middle, where paths differ).
        self.clinic_label = ElidedLabel(self.tr("Clinic: loading…"))
        self.clinic_label.setObjectName("clinicStatus")
        self.user_label = ElidedLabel(self.tr("Not signed in"))
        self.user_label.setObjectName("userStatus")
        self.database_label = ElidedLabel(
            self.tr("Database: %s") % display_url(database.url), mode=Qt.TextElideMode.ElideMiddle
        )
        self.database_label.setObjectName("databaseStatus")
        self.clinic_label.setMaximumWidth(CLINIC_WIDTH)
        self.user_label.setMaximumWidth(USER_WIDTH)
        self.clock_label = ElidedLabel()
        self.clock_label.setObjectName("clockStatus")
        self.clock_label.setStyleSheet("font-weight: 600; color: #8a5300;")
        self.clock_label.setMaximumWidth(CLOCK_WIDTH)
        self.clock_label.hide()
        labels = (self.clinic_label, self.clock_label, self.user_label, self.database_label)
        for label in labels:
            label.setContentsMargins(LABEL_MARGIN, 0, LABEL_MARGIN, 0)
        self.sync_button = ElidedButton(self)
        self.sync_button.setObjectName("syncStatus")
        self.sync_button.setFlat(True)
        # Wide enough for the usual states from the start, so the bar does not jump.
        typical = self.sync_button.fontMetrics().horizontalAdvance("Sync: 99 failed, 999 pending")
        self.sync_button.setMinimumWidth(typical + 24)
        self.sync_button.setMaximumWidth(SYNC_WIDTH)
        self.sync_button.setText(self.tr("Sync: …"))
        self.sync_button.set_purpose(self.tr("Emails and calendar updates (open the Sync panel)"))
        self.addWidget(self.clinic_label)
        self.addPermanentWidget(self.clock_label)  # permanent: a hint must not hide it
        self.addPermanentWidget(self.user_label)
        self.inbox_button = QPushButton(self.tr("Inbox"), self)
        self.inbox_button.setObjectName("inboxStatus")
        self.inbox_button.setFlat(True)
        self.inbox_button.setToolTip(
            self.tr("Starts for waiting clients, recurring sessions not booked, failed sync")
        )
        self.addPermanentWidget(self.inbox_button)
        self.addPermanentWidget(self.sync_button)
        self.addPermanentWidget(self.database_label)
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(SYNC_STATUS_INTERVAL_MS)
        self.sync_timer.timeout.connect(self.read_sync_status)
        self.sync_timer.start()
        changes().changed.connect(self._data_changed)
        # Queued: the clock is measured on a thread of its own.
        self._clock_measured.connect(self.show_clock_offset, Qt.ConnectionType.QueuedConnection)
        self.clock.listen(self._measured_elsewhere)
        if self.clock.measured:
            self.show_clock_offset(self.clock.offset)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_database()

    def _fit_database(self) -> None:
        """The database's URL gives up width first: it gets what the clinic, the user, Inbox
        and Sync leave at their full size (then all of them share what is short)."""
        label = self.database_label
        # The bar's own size hint is every item's plus margins, spacing and the size grip.
        wanted = min(label.sizeHint().width(), label.maximumWidth())
        room = self.width() - (self.sizeHint().width() - wanted)
        label.setMaximumWidth(max(label.minimumSizeHint().width(), min(DATABASE_WIDTH, room)))

    def stop(self) -> None:
        """The window closes: no more reads for a database about to be let go."""
        self.sync_timer.stop()
        changes().changed.disconnect(self._data_changed)
        self.clock.forget(self._measured_elsewhere)

    def _data_changed(self, kinds: frozenset[str], _days: frozenset[date]) -> None:
        if kinds & COUNTED_KINDS:
            self.count_inbox()
        if OUTBOX in kinds:
            self.read_sync_status()

    def show_clinic(self, info: ClinicInfo | None) -> None:
        if info is None:
            self.clinic_label.setText(self.tr("No clinic yet — File ▸ Import clinic file…"))
        else:
            self.clinic_label.setText(self.tr("Clinic: %s · %s") % (info.name, info.timezone))
        self._fit_database()

    def show_user(self, user: StaffUser) -> None:
        self.user_label.setText(
            self.tr("Signed in: %s (%s)") % (user.display_name, words.role_word(user.role.value))
        )
        self._fit_database()

    def count_inbox(self) -> None:
        """Count now, or once the count on its way is back: a burst of bookings elsewhere
        costs two counts, not one each (the offers are re-checked with the engine)."""
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        database, now = self.database, self.now()
        run_in_background(
            lambda: waiting_in_inbox(database, now),
            self._inbox_counted,
            lambda _e: self._inbox_counted(None),
            self,
        )

    def _inbox_counted(self, count: int | None) -> None:
        self._counting = False
        if self._count_again:  # counted before the latest change: count again
            self._count_again = False
            self.count_inbox()
            return
        if count is None:  # not counted this time (the next change or poll counts again)
            return
        self.inbox_button.setText(self.tr("Inbox (%d)") % count if count else self.tr("Inbox"))
        self.inbox_button.setStyleSheet("font-weight: 600; color: #8a5300;" if count else "")
        self._fit_database()

    def read_sync_status(self) -> None:
        run_in_background(
            lambda: outbox_summary(self.database), self._sync_status_read, lambda _e: None, self
        )

    def _sync_status_read(self, summary: OutboxSummary) -> None:
        text = summary.describe()
        problem = self.passes.problem if self.passes is not None else None
        if problem:
            text = f"{problem} ({text.lower()})"
        elif summary.pending and self.passes is None:
            text += self.tr(" (delivered by `frontdesk sync run`)")
        alarming = summary.failed or summary.email_paused or summary.google_paused or problem
        self.sync_button.setStyleSheet("color: #b00020; font-weight: 600;" if alarming else "")
        self.sync_button.setText(self.tr("Sync: %s") % text)  # in its font, for the cut
        self._fit_database()

    def _measured_elsewhere(self, offset: timedelta) -> None:
        self._clock_measured.emit(offset)

    def show_clock_offset(self, offset: timedelta) -> None:
        """Say so while this PC's clock is off the database server's by a minute or more:
        its rules follow the server's, but what the PC shows elsewhere (its taskbar) does not."""
        if abs(offset) < NOTICEABLE_OFFSET:
            self.clock_label.setText("")
            self.clock_label.hide()
        else:
            span = self._span_words(abs(offset))
            text = (
                self.tr(
                    "This PC's clock is %s behind the database server's; "
                    "the desk uses the server's time"
                )
                if offset > timedelta(0)
                else self.tr(
                    "This PC's clock is %s ahead of the database server's; "
                    "the desk uses the server's time"
                )
            )
            self.clock_label.setText(text % span)
            self.clock_label.show()
        self._fit_database()

    def _span_words(self, span: timedelta) -> str:
        """A clock's offset as a person reads it: whole minutes, hours and minutes, or days."""
        minutes = round(span.total_seconds() / 60)
        if minutes >= 48 * 60:
            return self.tr("%d days") % (minutes // (24 * 60))
        if minutes >= 24 * 60:
            return self.tr("1 day")
        if minutes >= 60:
            hours, rest = divmod(minutes, 60)
            return self.tr("%d h %d min") % (hours, rest) if rest else self.tr("%d h") % hours
        return self.tr("%d min") % minutes


def waiting_in_inbox(database: Database, now: datetime) -> int:
    """What the Inbox button counts: the open notices and the starts offered to waiting
    clients (the offers re-checked as the inbox shows them, so the two agree)."""
    return open_items(database) + len(current_offers(database, now))
