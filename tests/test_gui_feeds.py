"""Calendar feeds from the window: export, and an admin managing subscription URLs."""

from __future__ import annotations

import http.client
import os
import threading
from pathlib import Path

import icalendar
import pytest
from PySide6.QtGui import QGuiApplication

from app.auth.staff import StaffUser
from app.feeds import FeedScope, list_tokens, load_feed_settings
from db.engine import Database
from db.enums import Role
from sync.feeds import FeedServer, Publisher
from ui.feeds_dialog import PublishPreference
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_database: Database):  # type: ignore[no-untyped-def]
    shown = MainWindow(demo_database, publisher=Publisher())
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.feed_server.stop()


def _get(url: str) -> int:
    address, path = url.removeprefix("http://").split("/", 1)
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_export_calendar_from_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "carter.ics"
    window.export_calendar(FeedScope("therapist", "carter"), out)
    qtbot.waitUntil(out.exists)
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert events
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage())
    assert f"Exported {len(events)} events" in window.statusBar().currentMessage()


def test_window_without_feeds_offers_none(qtbot, demo_database: Database) -> None:
    bare = MainWindow(demo_database)
    qtbot.addWidget(bare)
    assert not bare.feeds_action.isEnabled() and not bare.export_calendar_action.isEnabled()


def test_admin_makes_copies_serves_and_revokes_a_feed_url(
    qtbot, window: MainWindow, demo_database: Database
) -> None:
    window.open_feeds()
    dialog = window.feeds_dialog
    qtbot.waitUntil(lambda: dialog.scope_box.count() > 3)
    labels = [dialog.scope_box.itemText(i) for i in range(dialog.scope_box.count())]
    assert labels[0] == "Whole clinic" and any(t.startswith("Therapist: ") for t in labels)

    # Without credentials, and with a front-desk user's, nothing is created.
    dialog.create_button.click()
    assert "admin's username and password" in dialog.message.text()
    dialog.username.setText("frontdesk")
    dialog.password.setText("frontdesk-demo")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: "needs an active admin" in dialog.message.text())
    dialog.username.setText("admin")
    dialog.password.setText("wrong")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: "needs an active admin" in dialog.message.text())
    assert list_tokens(demo_database) == []

    # Start publishing on a free port, then make a URL for the first therapist.
    dialog.password.setText("admin-demo")
    dialog.port.setValue(_free_port())
    dialog.server_button.click()
    # Two background steps (the admin's password, then binding): generous under a busy CI.
    qtbot.waitUntil(lambda: "this computer only" in dialog.message.text(), timeout=20_000)
    assert dialog.server_state.text().startswith("Publishing at http://127.0.0.1:")
    therapist_row = next(i for i, t in enumerate(labels) if t.startswith("Therapist: "))
    dialog.scope_box.setCurrentIndex(therapist_row)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.url_field.text().startswith("http://127.0.0.1:"))
    url = dialog.url_field.text()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 3).text() == "live"
    assert dialog.table.item(0, 2).text() == "admin"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == url
    assert _get(url) == 200

    # Revoked in the app: the URL stops working at once.
    dialog.table.selectRow(0)
    dialog.revoke_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "revoked")
    assert _get(url) == 404

    shot = Path(os.environ.get("FRONTDESK_TEST_SCREENSHOT_DIR", "/nonexistent"))
    if shot.is_dir():
        dialog.grab().save(str(shot / "calendar_feeds.png"))
    dialog.server_button.click()
    qtbot.waitUntil(lambda: window.feed_server.server is None)
    assert dialog.server_state.text() == "Not publishing"


def test_admin_saves_what_feeds_show(qtbot, window: MainWindow, demo_database: Database) -> None:
    window.open_feeds()
    dialog = window.feeds_dialog
    qtbot.waitUntil(lambda: dialog.scope_box.count() > 0)
    assert dialog.days_ahead.value() == 180 and not dialog.full_names.isChecked()
    dialog.full_names.setChecked(True)
    dialog.cancelled_days.setValue(5)
    dialog.days_ahead.setValue(99999)  # beyond the range: the box holds it at the limit
    assert dialog.days_ahead.value() == 3650
    dialog.save_button.click()
    assert "admin's username and password" in dialog.message.text()
    dialog.username.setText("admin")
    dialog.password.setText("admin-demo")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "Settings saved.")
    saved = load_feed_settings(demo_database)
    assert saved.full_names and saved.cancelled_days == 5 and saved.days_ahead == 3650


def test_a_port_in_use_is_reported_and_nothing_runs(qtbot, window: MainWindow) -> None:
    import socket

    window.open_feeds()
    dialog = window.feeds_dialog
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        dialog.username.setText("admin")
        dialog.password.setText("admin-demo")
        dialog.port.setValue(taken.getsockname()[1])
        dialog.server_button.click()
        qtbot.waitUntil(lambda: "Cannot listen on 127.0.0.1" in dialog.message.text())
        assert "already in use" in dialog.message.text()
        assert window.feed_server.server is None
        assert dialog.server_button.isEnabled() and dialog.server_state.text() == "Not publishing"
    finally:
        taken.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_publishing_on_start_is_remembered_for_this_computer(
    qtbot, window: MainWindow, demo_database: Database
) -> None:
    import socket

    window.open_feeds()
    dialog = window.feeds_dialog
    port = _free_port()
    dialog.port.setValue(port)
    dialog.username.setText("admin")
    dialog.password.setText("admin-demo")
    dialog.publish_on_start.setChecked(True)
    qtbot.waitUntil(lambda: PublishPreference().load() == (True, "127.0.0.1", port))
    dialog.close()

    later = MainWindow(demo_database, publisher=Publisher())
    qtbot.addWidget(later)
    try:
        qtbot.waitUntil(lambda: later.feed_server.server is not None)
        assert later.feed_server.server.address == ("127.0.0.1", port)
    finally:
        later.feed_server.stop()

    taken = socket.socket()
    taken.bind(("127.0.0.1", port))
    taken.listen()
    try:
        blocked = MainWindow(demo_database, publisher=Publisher())
        qtbot.addWidget(blocked)
        qtbot.waitUntil(
            lambda: "cannot listen on 127.0.0.1" in blocked.statusBar().currentMessage()
        )
        assert blocked.feed_server.server is None
    finally:
        taken.close()

    window.open_feeds()
    window.feeds_dialog.username.setText("admin")
    window.feeds_dialog.password.setText("admin-demo")
    window.feeds_dialog.publish_on_start.setChecked(False)
    qtbot.waitUntil(lambda: not PublishPreference().load()[0])
    quiet = MainWindow(demo_database, publisher=Publisher())
    qtbot.addWidget(quiet)
    assert quiet.feed_server.server is None


class ThreadNoting(Publisher):
    """The real publisher, noting which thread starts (binds) each server."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def start_server(self, database: Database, host: str, port: int) -> FeedServer:
        self.threads.append(threading.current_thread())
        return super().start_server(database, host, port)


def test_the_feed_server_is_bound_off_the_ui_thread(qtbot, demo_database: Database) -> None:
    publisher = ThreadNoting()
    shown = MainWindow(demo_database, publisher=publisher)
    qtbot.addWidget(shown)
    try:
        shown.open_feeds()
        dialog = shown.feeds_dialog
        dialog.username.setText("admin")
        dialog.password.setText("admin-demo")
        dialog.port.setValue(_free_port())
        dialog.server_button.click()
        qtbot.waitUntil(lambda: shown.feed_server.server is not None)
        assert publisher.threads and threading.main_thread() not in publisher.threads
    finally:
        shown.feed_server.stop()


def test_only_an_admin_may_publish(qtbot, window: MainWindow) -> None:
    window.open_feeds()
    dialog = window.feeds_dialog
    dialog.port.setValue(_free_port())

    dialog.server_button.click()  # no credentials
    assert "admin's username and password" in dialog.message.text()
    dialog.publish_on_start.setChecked(True)
    assert not dialog.publish_on_start.isChecked()
    dialog.username.setText("frontdesk")
    dialog.password.setText("frontdesk-demo")
    dialog.server_button.click()
    qtbot.waitUntil(lambda: "needs an active admin" in dialog.message.text())
    dialog.message.clear()
    dialog.publish_on_start.setChecked(True)
    qtbot.waitUntil(lambda: "needs an active admin" in dialog.message.text())
    assert not dialog.publish_on_start.isChecked()
    qtbot.wait(200)  # nothing on its way either
    assert window.feed_server.server is None and not PublishPreference().load()[0]

    dialog.username.setText("admin")
    dialog.password.setText("admin-demo")
    dialog.server_button.click()
    qtbot.waitUntil(lambda: window.feed_server.server is not None)
    dialog.password.clear()
    dialog.server_button.click()  # stopping is a change too
    assert "admin's username and password" in dialog.message.text()
    assert window.feed_server.server is not None


def test_a_signed_in_admin_publishes_without_typing_credentials(
    qtbot, demo_database: Database
) -> None:
    admin = StaffUser("admin", "Admin", Role.ADMIN)
    shown = MainWindow(demo_database, publisher=Publisher(), user=admin)
    qtbot.addWidget(shown)
    try:
        shown.open_feeds()
        dialog = shown.feeds_dialog
        dialog.port.setValue(_free_port())
        dialog.server_button.click()
        qtbot.waitUntil(lambda: shown.feed_server.server is not None)
        dialog.publish_on_start.setChecked(True)
        qtbot.waitUntil(lambda: PublishPreference().load()[0])
    finally:
        shown.feed_server.stop()
