"""Calendar feeds for an admin: subscription URLs (made, copied, revoked), what feeds show,
and publishing them from this computer. Every change asks for an admin's credentials;
publishing also takes a signed-in admin's word."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clock import shared_clock
from app.feeds import (
    FEED_SETTING_LIMITS,
    CreatedToken,
    FeedPublisher,
    FeedScope,
    FeedSettings,
    RunningFeedServer,
    TokenInfo,
    authorise_admin,
    create_token,
    feed_choices,
    list_tokens,
    load_feed_settings,
    revoke_token,
    save_feed_settings,
)
from db.engine import Database
from ui.desk_settings import desk_settings
from ui.feedback import describe_error
from ui.operations import FEEDS, run_in_background, run_write
from ui.staff_dialog import StaffDialog

log = logging.getLogger(__name__)

DEFAULT_PORT = 8470
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class PublishPreference:
    """Whether this computer publishes feeds whenever the app runs, and where: a choice of
    this desk, so it lives beside the desk's config file, not in the clinic's database."""

    def __init__(self) -> None:
        self._settings = desk_settings()

    def load(self) -> tuple[bool, str, int]:
        on = self._settings.value("feeds/publish_on_start", False, type=bool)
        host = str(self._settings.value("feeds/host", "127.0.0.1"))
        port = self._settings.value("feeds/port", DEFAULT_PORT, type=int)  # an int, by `type`
        if not isinstance(port, int) or not 1 <= port <= 65535:
            port = DEFAULT_PORT
        return bool(on), host, port

    def save(self, on: bool, host: str, port: int) -> None:
        self._settings.setValue("feeds/publish_on_start", on)
        self._settings.setValue("feeds/host", host)
        self._settings.setValue("feeds/port", port)
        self._settings.sync()


class FeedServerSlot(QObject):
    """The in-app feed server, owned by the main window so it outlives the dialog. It is
    started off the UI thread (binding a socket, and a busy port, must not freeze the
    window) and says how that went by its signals, whoever asked."""

    started = Signal(object)  # the RunningFeedServer
    failed = Signal(str, int, str)  # host, port, why (one line)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server: RunningFeedServer | None = None
        self.starting = False
        self._closed = False

    def start(self, publisher: FeedPublisher, database: Database, host: str, port: int) -> None:
        if self.server is not None or self.starting or self._closed:
            return
        self.starting = True

        def failed(error: Exception) -> None:
            self.starting = False
            why = error.strerror if isinstance(error, OSError) else None
            self.failed.emit(host, port, why or describe_error(error))

        run_in_background(
            lambda: publisher.start_server(database, host, port), self._started, failed, self
        )

    def _started(self, server: RunningFeedServer) -> None:
        self.starting = False
        if self._closed:  # the window closed while the server was on its way
            server.stop()
            return
        self.server = server
        self.started.emit(server)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def close(self) -> None:
        """Stop for good: a server still on its way is stopped when it arrives."""
        self._closed = True
        self.stop()


class CalendarFeedsDialog(StaffDialog):
    def __init__(
        self,
        database: Database,
        publisher: FeedPublisher,
        server_slot: FeedServerSlot,
        parent: QWidget | None = None,
        *,
        signed_in: StaffUser | None = None,
    ) -> None:
        super().__init__(self.tr("Enter an admin's username and password first."), parent)
        self.database = database
        self.publisher = publisher
        self.server_slot = server_slot
        self.signed_in = signed_in
        self.tokens: list[TokenInfo] = []
        self.last_created: CreatedToken | None = None
        self.setWindowTitle(self.tr("Calendar feeds"))
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(self._admin_box())
        layout.addWidget(self._subscriptions_box())
        layout.addWidget(self._settings_box())
        layout.addWidget(self._server_box())
        self.message.setObjectName("feedMessage")
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        server_slot.started.connect(self._server_started)
        server_slot.failed.connect(self._server_failed)
        self._show_server_state()
        self.reload()

    # --- layout -----------------------------------------------------------------------------
    def _admin_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Admin sign-in (needed for any change)"), self)
        row = QHBoxLayout(box)
        self.username.setParent(box)
        self.username.setPlaceholderText(self.tr("username"))
        self.username.setAccessibleName(self.tr("Admin username"))
        self.password.setParent(box)
        self.password.setPlaceholderText(self.tr("password"))
        self.password.setAccessibleName(self.tr("Admin password"))
        row.addWidget(QLabel(self.tr("Username"), box))
        row.addWidget(self.username)
        row.addWidget(QLabel(self.tr("Password"), box))
        row.addWidget(self.password)
        return box

    def _subscriptions_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Subscription URLs"), self)
        layout = QVBoxLayout(box)
        self.table = QTableWidget(0, 4, box)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Feed"), self.tr("Created"), self.tr("By"), self.tr("State")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Subscription URLs"))
        layout.addWidget(self.table)
        actions = QHBoxLayout()
        self.scope_box = QComboBox(box)
        self.scope_box.setAccessibleName(self.tr("Feed to publish"))
        self.create_button = QPushButton(self.tr("&New feed URL"), box)
        self.revoke_button = QPushButton(self.tr("&Revoke selected"), box)
        self.create_button.clicked.connect(self.create_url)
        self.revoke_button.clicked.connect(self.revoke_selected)
        actions.addWidget(self.scope_box, 1)
        actions.addWidget(self.create_button)
        actions.addWidget(self.revoke_button)
        layout.addLayout(actions)
        shown = QHBoxLayout()
        self.url_field = QLineEdit(box)
        self.url_field.setReadOnly(True)
        self.url_field.setPlaceholderText(self.tr("A new URL is shown here once"))
        self.url_field.setAccessibleName(self.tr("New feed URL"))
        self.copy_button = QPushButton(self.tr("&Copy URL"), box)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_url)
        shown.addWidget(self.url_field, 1)
        shown.addWidget(self.copy_button)
        layout.addLayout(shown)
        note = QLabel(
            self.tr(
                "Anyone holding a feed URL can read that calendar. It is shown only once; "
                "if it leaks, revoke it and make a new one."
            ),
            box,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        return box

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("What feeds show"), self)
        form = QFormLayout(box)
        self.full_names = QCheckBox(self.tr("Full client names (otherwise initials)"), box)
        self.show_blocks = QCheckBox(self.tr("Blocked times as busy (by type only)"), box)
        self.days_back, self.days_ahead, self.cancelled_days = (
            self._days_spin(box, *FEED_SETTING_LIMITS[name])
            for name in ("days_back", "days_ahead", "cancelled_days")
        )
        form.addRow(self.full_names)
        form.addRow(self.show_blocks)
        form.addRow(self.tr("Days back"), self.days_back)
        form.addRow(self.tr("Days ahead"), self.days_ahead)
        form.addRow(self.tr("Keep cancelled sessions (0 = drop at once)"), self.cancelled_days)
        self.save_button = QPushButton(self.tr("&Save settings"), box)
        self.save_button.clicked.connect(self.save_settings)
        form.addRow(self.save_button)
        return box

    @staticmethod
    def _days_spin(parent: QWidget, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(parent)
        spin.setRange(low, high)
        spin.setSuffix(QCoreApplication.translate("CalendarFeedsDialog", " days"))
        spin.setMaximumWidth(120)
        return spin

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Publishing from this computer"), self)
        row = QHBoxLayout()
        self.host = QLineEdit("127.0.0.1", box)
        self.host.setAccessibleName(self.tr("Address to listen on"))
        self.port = QSpinBox(box)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setAccessibleName(self.tr("Port"))
        self.server_button = QPushButton(box)
        self.server_button.clicked.connect(self.toggle_server)
        self.server_state = QLabel(box)
        self.server_state.setObjectName("serverState")
        self.publish_on_start = QCheckBox(
            self.tr("Publish whenever the app runs on this computer"), box
        )
        on, host, port = PublishPreference().load()
        self.publish_on_start.setChecked(on)
        if self.server_slot.server is None:
            self.host.setText(host)
            self.port.setValue(port)
        self.publish_on_start.toggled.connect(self._publish_on_start_toggled)
        row.addWidget(QLabel(self.tr("Address"), box))
        row.addWidget(self.host)
        row.addWidget(QLabel(self.tr("Port"), box))
        row.addWidget(self.port)
        row.addWidget(self.server_button)
        outer = QVBoxLayout()
        outer.addLayout(row)
        outer.addWidget(self.server_state)
        outer.addWidget(self.publish_on_start)
        box.setLayout(outer)
        return box

    def _remember_publishing(self) -> None:
        host = self.host.text().strip() or "127.0.0.1"
        PublishPreference().save(self.publish_on_start.isChecked(), host, self.port.value())

    def _publish_on_start_toggled(self, wanted: bool) -> None:
        """The box shows the choice only once an admin made it."""
        self._set_publish_on_start(not wanted)

        def apply(admin: str) -> None:
            self._set_publish_on_start(wanted)
            self._remember_publishing()
            log.info("publishing feeds when the app starts: %s, set by %s", wanted, admin)
            if wanted:
                self._say(self.tr("Feeds will be published whenever the app runs here."))
            else:
                self._say(self.tr("Feeds will not be published when the app starts."))

        self._as_admin(apply)

    def _set_publish_on_start(self, on: bool) -> None:
        blocked = self.publish_on_start.blockSignals(True)
        self.publish_on_start.setChecked(on)
        self.publish_on_start.blockSignals(blocked)

    def _as_admin(self, then: Callable[[str], None]) -> None:
        """`then(admin's username)` once an admin is known: the one signed in at this desk at
        once, else the credentials typed here, checked off the UI thread."""
        if self.signed_in is not None and self.signed_in.is_admin:
            then(self.signed_in.username)
            return
        credentials = self._credentials()
        if credentials is None:
            return
        run_in_background(
            lambda: authorise_admin(self.database, *credentials), then, self._failed, self
        )

    # --- data -------------------------------------------------------------------------------
    def reload(self) -> None:
        def work() -> tuple[list[TokenInfo], list[tuple[FeedScope, str]], FeedSettings]:
            return (
                list_tokens(self.database),
                feed_choices(self.database),
                load_feed_settings(self.database),
            )

        run_in_background(work, self._loaded, self._failed, self)

    def _loaded(
        self, loaded: tuple[list[TokenInfo], list[tuple[FeedScope, str]], FeedSettings]
    ) -> None:
        self.tokens, choices, settings = loaded
        labels = dict((scope, label) for scope, label in choices)
        chosen = self.scope_box.currentData()
        self.scope_box.clear()
        for scope, label in choices:
            self.scope_box.addItem(label, scope)
        if chosen is not None and chosen in labels:
            self.scope_box.setCurrentIndex(list(labels).index(chosen))
        self.table.setRowCount(len(self.tokens))
        for row, info in enumerate(self.tokens):
            cells = [
                labels.get(info.scope, info.scope.describe()),
                f"{info.created_at.astimezone():%Y-%m-%d %H:%M}",
                info.created_by,
                self.tr("revoked") if info.revoked_at else self.tr("live"),
            ]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.full_names.setChecked(settings.full_names)
        self.show_blocks.setChecked(settings.show_blocks)
        self.days_back.setValue(settings.days_back)
        self.days_ahead.setValue(settings.days_ahead)
        self.cancelled_days.setValue(settings.cancelled_days)

    # --- actions ----------------------------------------------------------------------------
    def create_url(self) -> None:
        credentials = self._credentials()
        scope = self.scope_box.currentData()
        if credentials is None or scope is None:
            return

        def work() -> CreatedToken:
            actor = authorise_admin(self.database, *credentials)
            return create_token(self.database, scope, actor=actor)

        run_write(work, self._created, self._failed, kinds={FEEDS}, parent=self)

    def _created(self, created: CreatedToken) -> None:
        self.last_created = created
        self.url_field.setText(self.url_for(created.path))
        self.copy_button.setEnabled(True)
        self._say(self.tr("New feed URL for %s. Copy it now: it is not shown again.")
                  % self.scope_box.currentText())  # fmt: skip
        self.reload()

    def url_for(self, path: str) -> str:
        server = self.server_slot.server
        if server is not None:
            return server.url(path)
        host = self.host.text().strip() or "127.0.0.1"
        return f"http://{host}:{self.port.value()}{path}"

    def copy_url(self) -> None:
        QGuiApplication.clipboard().setText(self.url_field.text())
        self._say(self.tr("URL copied."))

    def revoke_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.tokens):
            self._say(self.tr("Select the feed URL to revoke."), error=True)
            return
        credentials = self._credentials()
        if credentials is None:
            return
        token_id = self.tokens[row].id

        def work() -> TokenInfo:
            actor = authorise_admin(self.database, *credentials)
            return revoke_token(
                self.database, actor=actor, now=shared_clock(self.database).now(), token_id=token_id
            )

        run_write(work, self._revoked, self._failed, kinds={FEEDS}, parent=self)

    def _revoked(self, info: TokenInfo) -> None:
        if self.last_created is not None and self.last_created.id == info.id:
            self.last_created = None
            self.url_field.clear()
            self.copy_button.setEnabled(False)
        self._say(self.tr("Revoked: that URL stops working now."))
        self.reload()

    def save_settings(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            return
        settings = FeedSettings(
            full_names=self.full_names.isChecked(),
            days_back=self.days_back.value(),
            days_ahead=self.days_ahead.value(),
            cancelled_days=self.cancelled_days.value(),
            show_blocks=self.show_blocks.isChecked(),
        )

        def work() -> None:
            actor = authorise_admin(self.database, *credentials)
            save_feed_settings(self.database, settings, actor=actor)

        run_write(
            work,
            lambda _: self._say(self.tr("Settings saved.")),
            self._failed,
            kinds={FEEDS},
            parent=self,
        )

    def toggle_server(self) -> None:
        if self.server_slot.starting:
            return
        if self.server_slot.server is not None:
            self._as_admin(self._stop_server)
            return
        host, port = self.host.text().strip(), self.port.value()
        if not host:
            self._say(self.tr("Enter the address to listen on (127.0.0.1: this computer only)."),
                      error=True)  # fmt: skip
            return
        self._as_admin(lambda admin: self._start_server(admin, host, port))

    def _start_server(self, admin: str, host: str, port: int) -> None:
        log.info("publishing feeds on %s:%d, asked by %s", host, port, admin)
        self.server_slot.start(self.publisher, self.database, host, port)
        self._say(self.tr("Starting…"))
        self._show_server_state()

    def _stop_server(self, admin: str) -> None:
        self.server_slot.stop()
        log.info("feeds no longer published from this computer, asked by %s", admin)
        self._say(self.tr("Feeds are no longer published from this computer."))
        self._show_server_state()

    def _server_started(self, server: RunningFeedServer) -> None:
        self._remember_publishing()
        host = server.address[0]
        if host not in LOOPBACK:
            self._say(self.tr("Publishing on %s: other computers that can reach it and hold a "
                              "feed URL can read that feed.") % host, error=True)  # fmt: skip
        else:
            self._say(self.tr("Publishing feeds on this computer only."))
        self._show_server_state()

    def _server_failed(self, host: str, port: int, why: str) -> None:
        self._say(self.tr("Cannot listen on %s:%d: %s") % (host, port, why), error=True)
        self._show_server_state()

    def _show_server_state(self) -> None:
        server = self.server_slot.server
        running = server is not None
        self.server_button.setText(self.tr("S&top") if running else self.tr("S&tart"))
        self.server_button.setEnabled(not self.server_slot.starting)
        self.host.setEnabled(not running and not self.server_slot.starting)
        self.port.setEnabled(not running and not self.server_slot.starting)
        if server is None:
            self.server_state.setText(self.tr("Not publishing"))
        else:
            self.server_state.setText(self.tr("Publishing at %s") % server.url("/feeds/"))
