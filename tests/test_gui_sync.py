"""Email delivery from the window: the status line, the Sync panel, Retry and Discard."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.booking import BookingRequest, book
from app.clinic_file import import_clinic
from app.config import load_config
from app.jobs import JobRunner
from app.outbox import DELIVERY_INTERVAL_SECONDS
from db.engine import Database
from db.models import AuditEntry, OutboxItem
from sync.worker import OutboxWorker
from tests.booking_support import FRONT_DESK_PASSWORD, SUPERVISOR_PASSWORD, at, booking_clinic
from tests.sync_support import smtp_environment
from ui.main_window import MainWindow

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def clinic(sqlite_database: Database) -> Database:
    data = booking_clinic()
    data["clients"][0]["email"] = "ana@mail.example.com"
    data["therapists"][0]["email"] = "carter@clinic.example.com"
    import_clinic(sqlite_database, data, actor="test")
    return sqlite_database


def booked(database: Database) -> str:
    request = BookingRequest(therapist="carter", client="c1", service="individual",
                             start=at("2025-01-13T09:00"))  # fmt: skip
    return book(database, request, actor="alex", now=NOW).reference


def window_for(qtbot, database: Database, port: int) -> MainWindow:  # type: ignore[no-untyped-def]
    config = load_config(database.url, smtp_environment(port))
    shown = MainWindow(database, delivery=OutboxWorker(config))
    qtbot.addWidget(shown)  # no job runner here: the test drives the passes
    shown.show()
    return shown


def test_the_window_delivers_and_says_so(qtbot, clinic: Database, inbox) -> None:  # type: ignore[no-untyped-def]
    handler, port = inbox
    booked(clinic)
    window = window_for(qtbot, clinic, port)
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: 2 pending")
    window.deliver_outbox()
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: All delivered")
    assert len(handler.received) == 2


def test_the_leading_desks_job_runner_delivers_and_the_window_shows_it(
    qtbot, clinic: Database, inbox
) -> None:  # type: ignore[no-untyped-def]
    # Given a desk whose job runner hands out the window's delivery, as `frontdesk gui` does,
    handler, port = inbox
    booked(clinic)
    window = window_for(qtbot, clinic, port)
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: 2 pending")
    assert window.delivery_passes is not None
    config = load_config(clinic.url, smtp_environment(port))
    runner = JobRunner(
        config, clinic, also_every=[(window.delivery_passes, DELIVERY_INTERVAL_SECONDS)]
    )
    # when it leads, it delivers on its own thread and the Sync button says so.
    runner.start()
    try:
        qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: All delivered", timeout=15_000)
    finally:
        runner.stop()
    assert len(handler.received) == 2


def test_failed_rows_are_shown_and_a_supervisor_retries_or_discards(
    qtbot, clinic: Database, inbox, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    handler, port = inbox
    handler.refused_recipients.add("ana@mail.example.com")
    reference = booked(clinic)
    window = window_for(qtbot, clinic, port)
    window.deliver_outbox()
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: 1 failed, 0 pending")
    assert "b00020" in window.sync_button.styleSheet()

    window.open_sync_panel()
    panel = window.sync_panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    assert panel.table.item(0, 0).text() == reference
    assert panel.table.item(0, 1).text() == "Email to client"
    assert "550" in panel.table.item(0, 5).text()
    panel.table.selectRow(0)
    panel.retry_button.click()
    assert "supervisor's username and password" in panel.message.text()
    panel.username.setText("alex")
    panel.password.setText(FRONT_DESK_PASSWORD)
    panel.retry_button.click()
    qtbot.waitUntil(lambda: "supervisor's or admin's credentials" in panel.message.text())
    panel.username.setText("maria")
    panel.password.setText(SUPERVISOR_PASSWORD)
    panel.retry_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Will try again: 1.")
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text() == "pending")
    shots = Path(os.environ.get("FRONTDESK_TEST_SCREENSHOT_DIR", tmp_path))
    panel.grab().save(str(shots / "sync_panel.png"))

    panel.table.selectRow(0)
    panel.discard_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Discarded: 1.")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 0)
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: All delivered")
    with clinic.read() as session:
        assert session.scalars(select(OutboxItem.status)).all() == ["delivered"]
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_type == "outbox")
        ).all()
    assert actions == ["outbox.retry", "outbox.discard"]


def test_bad_smtp_settings_are_shown_not_hidden(qtbot, clinic: Database) -> None:  # type: ignore[no-untyped-def]
    booked(clinic)
    config = load_config(clinic.url, {**smtp_environment(25), "FRONTDESK_SMTP_SECURITY": "owl"})
    window = MainWindow(clinic, delivery=OutboxWorker(config))
    qtbot.addWidget(window)
    window.deliver_outbox()
    qtbot.waitUntil(lambda: "smtp_security must be one of" in window.sync_button.text())


def test_connect_google_from_the_window_resumes_a_paused_google(
    qtbot, clinic: Database, warnings: list[str], memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    import requests

    from app.outbox import GOOGLE_PAUSE, pause
    from sync.google_oauth import OAuthClient, connect_google
    from tests.google_fake import FakeGoogle

    google = FakeGoogle().start()
    try:
        client = OAuthClient("desk-client", None, f"{google.base}/auth", f"{google.base}/token")
        connector = lambda: connect_google(  # noqa: E731
            client, lambda url: requests.get(url, timeout=10), wait_seconds=10
        )
        pause(clinic, NOW, "Google access was revoked: reconnect Google", GOOGLE_PAUSE)
        window = MainWindow(clinic, connect_google=connector)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.sync_button.text() != "Sync: …")
        assert window.sync_button.text() == "Sync: Google paused: reconnect Google"
        assert "b00020" in window.sync_button.styleSheet()  # shown as a problem
        window.google_action.trigger()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Google connected.")
        qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: All delivered")
        assert ("frontdesk", "google:refresh_token") in memory_keyring.store

        google.consent_answer = "deny"
        window.google_action.trigger()
        qtbot.waitUntil(lambda: bool(warnings))
        assert "did not grant access" in warnings[0]
    finally:
        google.stop()
