"""Starting the desktop application (the `frontdesk gui` command)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.clock import shared_clock
from app.config import AppConfig
from app.feeds import FeedPublisher
from app.jobs import JobRunner
from app.outbox import DELIVERY_INTERVAL_SECONDS, OutboxDelivery
from app.startup import freeze_startup_objects, open_database
from resources import APP_ICON
from ui.live import LiveChanges
from ui.login_dialog import LoginDialog
from ui.main_window import APP_TITLE, MainWindow

log = logging.getLogger(__name__)


def run_gui(
    config: AppConfig,
    publisher: FeedPublisher | None = None,
    delivery: OutboxDelivery | None = None,
    connect_google: Callable[[], str] | None = None,
) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Clinic Front Desk")
    app.setOrganizationName("frontdesk")
    app.setWindowIcon(QIcon(str(APP_ICON)))
    try:
        database, result = open_database(config)
    except Exception as error:  # shown to the user: the window cannot open without it
        log.exception("cannot open the database")
        QMessageBox.critical(
            None,
            APP_TITLE,
            f"The clinic database could not be opened.\n\n{type(error).__name__}: {error}",
        )
        return 1
    # One clock for the process, kept measured off the UI thread (docs/architecture.md).
    clock = shared_clock(database)
    clock.keep_measuring()
    login = LoginDialog(database, clock.now)
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        clock.stop()
        database.dispose()
        return 0
    window = MainWindow(
        database,
        publisher=publisher,
        delivery=delivery,
        connect_google=connect_google,
        user=login.user,
        clock=clock.now,
    )
    # Like `frontdesk jobs run`: this desk leads if no other process does, else stands by;
    # the leader also delivers the outbox, on the runner's thread (the window only shows it).
    passes = window.delivery_passes
    jobs = JobRunner(
        config,
        database,
        clock=clock.now,
        also_every=[(passes, DELIVERY_INTERVAL_SECONDS)] if passes is not None else [],
    )
    if result and result.backup:
        window.statusBar().showMessage(
            f"Database upgraded; the previous version was backed up to {result.backup}", 15_000
        )
    jobs.start()
    window.follow(LiveChanges(database))  # other desks' changes, as they are committed
    window.show_in_place()
    freeze_startup_objects()  # Qt and the window are loaded now
    status = app.exec()
    if window.live is not None:
        window.live.stop()  # closing the window stops it; a quit without a close too
    jobs.stop()
    clock.stop()
    database.dispose()
    return status
