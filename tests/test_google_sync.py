"""Google Calendar sync against a local server speaking the Calendar v3 wire format."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.booking import BookingRequest, available_slots, book, cancel, reschedule
from app.clinic_file import import_clinic
from app.config import load_config
from app.outbox import resume
from db.engine import Database
from db.enums import OutboxStatus
from db.models import ExternalBusyTime, OutboxItem
from sync.delivery import LEASE, PassReport
from sync.google import (
    GoogleCalendar,
    GoogleError,
    GoogleSettings,
    event_id,
    refresh_busy_times,
    run_google_once,
)
from tests.booking_support import at, booking_clinic
from tests.google_fake import FakeGoogle

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
CARTER = "carter@group.calendar.google.com"
KIM = "kim@group.calendar.google.com"


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    fake = FakeGoogle().start()
    yield fake
    fake.stop()
    assert fake.problems == []  # every body matched Google's discovery schema


def google_environment(base: str, refresh_token: str = "refresh-ok") -> dict[str, str]:
    return {
        "FRONTDESK_GOOGLE_CLIENT_ID": "desk-client",
        "FRONTDESK_GOOGLE_API_BASE_URL": base,
        "FRONTDESK_GOOGLE_TOKEN_URL": f"{base}/token",
        "FRONTDESK_GOOGLE_REFRESH_TOKEN": refresh_token,
    }


def settings_for(fake: FakeGoogle, refresh_token: str = "refresh-ok") -> GoogleSettings:
    environ = {**google_environment(fake.base, refresh_token),
               "FRONTDESK_GOOGLE_CLIENT_SECRET": "shh"}  # fmt: skip
    settings = GoogleSettings.from_config(load_config(None, environ), environ)
    assert settings is not None
    return settings


def calendars(fake: FakeGoogle, refresh_token: str = "refresh-ok") -> Any:
    settings = settings_for(fake, refresh_token)
    return lambda: GoogleCalendar(settings)


@pytest.fixture
def clinic(database: Database) -> Database:
    data = booking_clinic()
    data["therapists"][0]["google_calendar_id"] = CARTER
    data["therapists"][1]["google_calendar_id"] = KIM
    import_clinic(database, data, actor="test")
    return database


def make(database: Database, start: str, client: str = "c1", therapist: str = "carter") -> str:
    request = BookingRequest(therapist=therapist, client=client, service="individual",
                             start=at(start))  # fmt: skip
    return book(database, request, actor="alex", now=NOW).reference


def statuses(database: Database) -> list[str]:
    with database.read() as session:
        return [s.value for s in session.scalars(select(OutboxItem.status).order_by(OutboxItem.id))]


def test_events_follow_bookings_created_moved_and_cancelled(
    clinic: Database, google: FakeGoogle
) -> None:
    reference = make(clinic, "2025-01-13T09:00")
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport(delivered=1)
    [(eid, event)] = google.events_in(CARTER).items()
    assert event["summary"] == "Individual · A.O."  # initials: the default privacy
    assert event["start"] == {"dateTime": "2025-01-13T14:00:00Z", "timeZone": "America/New_York"}
    assert event["status"] == "tentative" and "attendees" not in event
    assert set(event["extendedProperties"]["private"]) == {"frontdeskUid"}

    moved = reschedule(clinic, reference, at("2025-01-14T10:00"), actor="t", now=NOW).reference
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport(delivered=1)
    assert list(google.events_in(CARTER)) == [eid]  # the same event, moved
    assert google.events_in(CARTER)[eid]["start"]["dateTime"] == "2025-01-14T15:00:00Z"

    moved_again = reschedule(
        clinic, moved, at("2025-01-15T14:00"), therapist="kim", actor="t", now=NOW
    ).reference
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport(delivered=2)
    assert google.events_in(CARTER) == {} and len(google.events_in(KIM)) == 1

    cancel(clinic, moved_again, reason="client ill", actor="t", now=NOW)
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport(delivered=1)
    assert google.events_in(KIM) == {}
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport()


def test_an_event_deleted_at_google_is_written_again_under_a_new_id(
    clinic: Database, google: FakeGoogle
) -> None:
    reference = make(clinic, "2025-01-13T09:00")
    run_google_once(clinic, NOW, calendars(google))
    [first_id] = google.events_in(CARTER)
    google.events.pop((CARTER, first_id))
    google.deleted.add((CARTER, first_id))  # the therapist deleted it by hand
    reschedule(clinic, reference, at("2025-01-13T10:00"), actor="t", now=NOW)
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport(delivered=1)
    [second_id] = google.events_in(CARTER)
    assert second_id != first_id
    assert len(second_id) == 32 and set(second_id) <= set("0123456789abcdefghijklmnopqrstuv")


def test_an_expired_token_is_refreshed_once(clinic: Database, google: FakeGoogle) -> None:
    make(clinic, "2025-01-13T09:00")
    calendar = GoogleCalendar(settings_for(google))
    calendar._access = "stale"  # Google answers 401 to it
    assert run_google_once(clinic, NOW, lambda: calendar) == PassReport(delivered=1)
    assert google.access_tokens == ["access-1"]


def test_revoked_access_pauses_google_without_burning_attempts(
    clinic: Database, google: FakeGoogle
) -> None:
    make(clinic, "2025-01-13T09:00")
    report = run_google_once(clinic, NOW, calendars(google, refresh_token="revoked"))
    assert report.paused
    assert run_google_once(clinic, NOW + timedelta(minutes=5), calendars(google)).paused
    with clinic.read() as session:
        assert session.scalars(select(OutboxItem.attempts)).all() == [0]
    assert resume(clinic, "google")
    assert run_google_once(clinic, NOW, calendars(google)) == PassReport(delivered=1)


@pytest.mark.parametrize(
    ("status", "reason", "outcome"),
    [(429, "rateLimitExceeded", "retry"), (500, "backendError", "retry"),
     (503, "backendError", "retry"), (403, "userRateLimitExceeded", "retry"),
     (403, "forbiddenForNonOrganizer", "failed"), (400, "invalid", "failed")],
)  # fmt: skip
def test_google_errors_are_retried_or_failed_as_they_deserve(
    clinic: Database, google: FakeGoogle, status: int, reason: str, outcome: str
) -> None:
    make(clinic, "2025-01-13T09:00")
    google.script("POST", status, reason)
    report = run_google_once(clinic, NOW, calendars(google))
    if outcome == "retry":
        assert report == PassReport(retrying=1) and statuses(clinic) == ["pending"]
        assert run_google_once(clinic, NOW + timedelta(minutes=2), calendars(google)) == (
            PassReport(delivered=1)
        )
        assert len(google.events_in(CARTER)) == 1
    else:
        assert report == PassReport(failed=1) and statuses(clinic) == ["failed"]
        assert google.events_in(CARTER) == {}


def test_a_slow_google_costs_no_attempt(
    clinic: Database, google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sync.google

    monkeypatch.setattr(sync.google, "TIMEOUT_SECONDS", 0.3)
    make(clinic, "2025-01-13T09:00")
    google.delay_seconds = 1.0
    report = run_google_once(clinic, NOW, calendars(google))
    assert report.waiting == 1 and report.failed == 0
    with clinic.read() as session:
        assert session.scalars(select(OutboxItem.attempts)).all() == [0]
    google.delay_seconds = 0
    later = NOW + timedelta(minutes=1)
    assert run_google_once(clinic, later, calendars(google)) == PassReport(delivered=1)


def _die_after_sending(url: str, base: str) -> None:
    """A worker that delivers, then is killed before it can record the delivery."""
    import os

    import sync.google as google_sync

    environ = google_environment(base)
    settings = GoogleSettings.from_config(load_config(None, environ), environ)
    google_sync._remember = lambda *args, **kwargs: os._exit(9)  # type: ignore[assignment]
    google_sync.run_google_once(Database(url), NOW, lambda: GoogleCalendar(settings))


def test_no_duplicate_event_after_a_worker_dies_between_sending_and_recording(
    clinic: Database, google: FakeGoogle
) -> None:
    make(clinic, "2025-01-13T09:00")
    worker = multiprocessing.get_context("spawn").Process(
        target=_die_after_sending, args=(clinic.url, google.base)
    )
    worker.start()
    worker.join(60)
    assert worker.exitcode == 9
    assert len(google.events_in(CARTER)) == 1 and statuses(clinic) == ["in_progress"]
    after_lease = NOW + LEASE + timedelta(seconds=1)
    assert run_google_once(clinic, after_lease, calendars(google)) == PassReport(delivered=1)
    assert len(google.events_in(CARTER)) == 1  # the 409 was "already there", then updated
    assert [method for method, _path, _body in google.requests].count("POST") == 2


def test_busy_times_come_in_and_block_slots_and_a_failed_fetch_deletes_nothing(
    clinic: Database, google: FakeGoogle
) -> None:
    google.busy[CARTER] = [("2025-01-13T15:00:00Z", "2025-01-13T16:00:00Z")]
    google.unreadable.add(KIM)
    calendar = GoogleCalendar(settings_for(google))
    report = refresh_busy_times(clinic, NOW, calendar)
    assert (report.refreshed, report.kept) == (1, 1)
    listing = available_slots(clinic, "carter", "individual", date(2025, 1, 13), 1, NOW)
    by_start = {s.start: s.status.value for s in listing.days[0].slots}
    assert by_start[at("2025-01-13T10:00")] == "external_busy"
    assert by_start[at("2025-01-13T11:00")] == "available"

    def stored() -> int:
        with clinic.read() as session:
            return int(session.scalar(select(func.count()).select_from(ExternalBusyTime)))

    assert stored() == 1
    google.script("POST", 500, "backendError")
    with pytest.raises(GoogleError):
        refresh_busy_times(clinic, NOW, calendar)
    assert stored() == 1  # nothing deleted
    google.busy[CARTER] = []
    refresh_busy_times(clinic, NOW, calendar)
    assert stored() == 0  # a good answer replaces


def test_event_ids_are_base32hex_and_depend_on_generation() -> None:
    first, second = event_id("ab" * 16, CARTER, 0), event_id("ab" * 16, CARTER, 1)
    assert first != second and first == event_id("ab" * 16, CARTER, 0)
    assert all(set(e) <= set("0123456789abcdefghijklmnopqrstuv") for e in (first, second))


def test_without_google_settings_rows_wait(clinic: Database) -> None:
    make(clinic, "2025-01-13T09:00")
    assert run_google_once(clinic, NOW, None) == PassReport(waiting=1)
    assert statuses(clinic) == [OutboxStatus.PENDING.value]


def test_the_worker_pushes_events_and_reads_busy_times(
    clinic: Database, google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync.worker import OutboxWorker

    for name, value in google_environment(google.base).items():
        monkeypatch.setenv(name, value)
    google.busy[KIM] = [("2025-01-14T15:00:00Z", "2025-01-14T16:00:00Z")]
    make(clinic, "2025-01-13T09:00")
    worker = OutboxWorker(load_config(clinic.url))
    report = worker(clinic, NOW)
    assert report.google == PassReport(delivered=1)
    assert report.email == PassReport()  # no addresses in this clinic
    assert len(google.events_in(CARTER)) == 1
    with clinic.read() as session:
        assert session.scalar(select(func.count()).select_from(ExternalBusyTime)) == 1
    google.busy[KIM] = []
    worker(clinic, NOW + timedelta(minutes=5))  # too soon to read busy times again
    with clinic.read() as session:
        assert session.scalar(select(func.count()).select_from(ExternalBusyTime)) == 1
    worker(clinic, NOW + timedelta(minutes=16))
    with clinic.read() as session:
        assert session.scalar(select(func.count()).select_from(ExternalBusyTime)) == 0


def test_connecting_google_with_pkce_keeps_the_token_in_the_keyring(
    clinic: Database, google: FakeGoogle, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import requests

    from sync.google_oauth import OAuthClient, connect_google

    client = OAuthClient("desk-client", None, f"{google.base}/auth", f"{google.base}/token")
    opened: list[str] = []

    def browser(url: str) -> None:
        opened.append(url)
        requests.get(url, allow_redirects=True, timeout=10)  # consent, then back to the app

    token = connect_google(client, open_browser=browser, wait_seconds=10)
    assert token == google.refresh_token
    assert memory_keyring.store[("frontdesk", "google:refresh_token")] == token
    assert "code_challenge_method=S256" in opened[0] and "access_type=offline" in opened[0]

    monkeypatch.setenv("FRONTDESK_GOOGLE_CLIENT_ID", "desk-client")
    monkeypatch.setenv("FRONTDESK_GOOGLE_API_BASE_URL", google.base)
    monkeypatch.setenv("FRONTDESK_GOOGLE_TOKEN_URL", f"{google.base}/token")
    settings = GoogleSettings.from_config(load_config(clinic.url))  # the token: from the keyring
    assert settings is not None and settings.refresh_token == token
    make(clinic, "2025-01-13T09:00")
    assert run_google_once(clinic, NOW, lambda: GoogleCalendar(settings)) == PassReport(delivered=1)


def test_a_refused_consent_stores_nothing(google: FakeGoogle, memory_keyring: Any) -> None:
    import requests

    from sync.google_oauth import OAuthClient, OAuthError, connect_google

    google.consent_answer = "deny"
    client = OAuthClient("desk-client", None, f"{google.base}/auth", f"{google.base}/token")
    with pytest.raises(OAuthError, match="did not grant access"):
        connect_google(client, lambda url: requests.get(url, timeout=10), wait_seconds=10)
    assert memory_keyring.store == {}
    google.consent_answer = "allow"

    def forged(url: str) -> None:  # an answer to some other request
        requests.get(url.replace("state=", "state=forged"), timeout=10)

    with pytest.raises(OAuthError, match="did not come from this request"):
        connect_google(client, forged, wait_seconds=10)
    assert memory_keyring.store == {}


def test_google_down_for_an_hour_then_back_delivers_each_booking_once(
    clinic: Database, google: FakeGoogle
) -> None:
    import socket

    first = make(clinic, "2025-01-13T09:00")
    make(clinic, "2025-01-13T10:00", client="c2")
    reschedule(clinic, first, at("2025-01-13T13:00"), actor="t", now=NOW)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens there once the probe closes
    down = settings_for(google)._replace(api_base=f"http://127.0.0.1:{closed}",
                                         token_url=f"http://127.0.0.1:{closed}/token")  # fmt: skip
    moment = NOW
    while moment < NOW + timedelta(hours=1):
        report = run_google_once(clinic, moment, lambda: GoogleCalendar(down))
        assert report.failed == 0 and report.delivered == 0
        moment += timedelta(minutes=3)
    with clinic.read() as session:
        waiting = session.execute(select(OutboxItem.status, OutboxItem.attempts)).all()
    # The first booking's old time was superseded by its move (no network needed for that);
    # the rest waited without spending a single attempt.
    assert sorted((s.value, a) for s, a in waiting) == [
        ("pending", 0), ("pending", 0), ("superseded", 1)]  # fmt: skip
    report = run_google_once(clinic, moment + timedelta(minutes=1), calendars(google))
    assert report == PassReport(delivered=2)
    starts = sorted(e["start"]["dateTime"] for e in google.events_in(CARTER).values())
    assert starts == ["2025-01-13T15:00:00Z", "2025-01-13T18:00:00Z"]


def test_busy_times_on_demand_from_the_window(
    qtbot, clinic: Database, google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from sync.worker import OutboxWorker
    from ui.main_window import MainWindow

    for name, value in google_environment(google.base).items():
        monkeypatch.setenv(name, value)
    google.busy[CARTER] = [("2027-01-13T15:00:00Z", "2027-01-13T16:00:00Z")]
    google.unreadable.add(KIM)
    window = MainWindow(clinic, delivery=OutboxWorker(load_config(clinic.url)))
    qtbot.addWidget(window)
    window.busy_action.trigger()
    qtbot.waitUntil(lambda: "busy times read" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        "Google busy times read: 1 calendars; not readable, last busy times kept: 1"
    )
