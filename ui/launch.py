"""Starting the desktop application (the `frontdesk gui` command)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.auth.staff import StaffUser
from app.clock import DatabaseClock, shared_clock
from app.config import AppConfig
from app.feeds import FeedPublisher
from app.jobs import JobRunner
from app.outbox import DELIVERY_INTERVAL_SECONDS, OutboxDelivery
from app.startup import freeze_startup_objects, open_database
from db.engine import Database
from resources import APP_ICON
from ui.live import LiveChanges
from ui.login_dialog import LoginDialog
from ui.main_window import APP_TITLE, MainWindow
from ui.translations import install_language

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
    install_language()  # the desk's language, before anything is built (the CLI stays English)
    try:
        database, result = open_database(config)
    except Exception as error:  # shown to the user: the window cannot open without it
        log.exception("cannot open the database")
        QMessageBox.critical(
            None,
            APP_TITLE,
            QCoreApplication.translate(
                "Launch", "The clinic database could not be opened.\n\n%s: %s"
            )
            % (type(error).__name__, error),
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
    backup = result.backup if result else None
    user: StaffUser | None = login.user
    while user is not None:  # again when the desk's language changes: built anew in it
        status, user = _run_window(app, config, database, clock, user, backup,
                                   publisher, delivery, connect_google)  # fmt: skip
        install_language()
        backup = None
    clock.stop()
    database.dispose()
    return status


def _run_window(
    app: QApplication,
    config: AppConfig,
    database: Database,
    clock: DatabaseClock,
    user: StaffUser,
    backup: object,
    publisher: FeedPublisher | None,
    delivery: OutboxDelivery | None,
    connect_google: Callable[[], str] | None,
) -> tuple[int, StaffUser | None]:
    """The main window and the jobs beside it until the window closes: the exit status, and
    who is signed in when it closed to open again in the language just chosen (else None)."""
    window = MainWindow(
        database,
        publisher=publisher,
        delivery=delivery,
        connect_google=connect_google,
        user=user,
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
    if backup:
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "Launch", "Database upgraded; the previous version was backed up to %s"
            )
            % backup,
            15_000,
        )
    jobs.start()
    window.follow(LiveChanges(database))  # other desks' changes, as they are committed
    window.show_in_place()
    freeze_startup_objects()  # Qt and the window are loaded now
    status = app.exec()
    if window.live is not None:
        window.live.stop()  # closing the window stops it; a quit without a close too
    jobs.stop()
    return status, window.user if window.relaunch_requested else None
