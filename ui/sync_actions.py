"""The window's commands about email and calendar sync: connect Google (its consent page in
the browser), read Google busy times now, and one delivery pass on demand. Regular delivery
is not here: the job runner makes it while this desk leads (`ui.launch`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.outbox import GOOGLE_PAUSE, resume
from ui.feedback import describe_error
from ui.operations import OUTBOX, SETUP, run_in_background, run_write

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SyncActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def deliver_outbox(self) -> None:
        """One pass of the job runner's delivery now, off the UI thread (the Sync button says
        how it went)."""
        passes, database = self.window.delivery_passes, self.window.database
        clock = self.window.clock
        if passes is not None:
            run_in_background(
                lambda: passes(database, clock()),
                lambda _none: None,
                lambda _error: None,  # a pass keeps its own problem for the Sync button
                self,
            )

    def start_google_connection(self) -> None:
        """Google's consent page opens in the browser; the window stays usable meanwhile."""
        window = self.window
        connect, database = window.connect_google, window.database
        if connect is None:
            return
        window.statusBar().showMessage(self.tr("Waiting for Google's consent in your browser…"))

        def work() -> bool:
            connect()
            return resume(database, GOOGLE_PAUSE)

        def failed(error: Exception) -> None:
            window.statusBar().clearMessage()
            window.last_error = describe_error(error)
            window.warn(window.last_error)

        run_write(
            work,
            lambda _resumed: window.statusBar().showMessage(self.tr("Google connected."), 10_000),
            failed,
            kinds={OUTBOX},
            parent=self,
        )

    def refresh_busy_times(self) -> None:
        window = self.window
        delivery, database, clock = window.delivery, window.database, window.clock
        if delivery is None:
            return
        window.statusBar().showMessage(self.tr("Reading Google busy times…"))
        run_write(
            lambda: delivery.refresh_busy_times_now(database, clock()),
            lambda text: window.statusBar().showMessage(text, 15_000),
            window.show_error,
            kinds={SETUP},  # external busy times block starts like the clinic's own blocks
            parent=self,
        )
