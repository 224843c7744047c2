"""Email through the outbox to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text

from app.booking import BookingRequest, book, cancel, reschedule
from app.clinic_file import import_clinic
from app.config import load_config
from app.feeds import FeedScope
from app.outbox import resume
from db.engine import Database
from db.enums import OutboxStatus
from db.models import OutboxItem
from sync.delivery import LEASE, PassReport, claim_due, run_once
from sync.feeds import build_feed
from sync.mail.smtp import SmtpMailer, SmtpSettings
from tests.booking_support import at, booking_clinic
from tests.sync_support import SENDER, Inbox, MemoryKeyring, free_port, smtp_environment

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


def mailer_for(port: int, **extra: str) -> Any:
    environ = smtp_environment(port, **extra)
    settings = SmtpSettings.from_config(load_config(None, environ), environ)
    assert settings is not None
    return lambda: (SmtpMailer(settings), settings.sender)


@pytest.fixture
def clinic(database: Database) -> Database:
    data = booking_clinic()
    data["clients"][0]["email"] = "ana@mail.example.com"
    data["clients"][1]["email"] = "ben@mail.example.com"
    data["clients"][2].update(email="cy@mail.example.com", language="es-ES")
    data["therapists"][0]["email"] = "carter@clinic.example.com"
    import_clinic(database, data, actor="test")
    return database


def make(database: Database, start: str, client: str = "c1") -> str:
    request = BookingRequest(therapist="carter", client=client, service="individual",
                             start=at(start))  # fmt: skip
    return book(database, request, actor="alex", now=NOW).reference


def outbox_states(database: Database) -> list[tuple[str, str, str, int]]:
    with database.read() as session:
        rows = session.execute(
            text("SELECT target, kind, status, attempts FROM outbox ORDER BY id")
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def parts(message: EmailMessage) -> dict[str, str]:
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found[part.get_content_subtype()] = part.get_content()
    return found


def invite(message: EmailMessage) -> icalendar.Event:
    [calendar_part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert b"END:VEVENT\r\n" in calendar_part.get_payload(decode=True)  # RFC 5545 CRLF
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    [event] = calendar.walk("VEVENT")
    event.method = str(calendar["METHOD"])  # type: ignore[attr-defined]
    event.method_param = calendar_part.get_param("method")  # type: ignore[attr-defined]
    return event


def test_invites_share_the_feed_uid_and_a_cancel_raises_the_sequence(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    reference = make(clinic, "2025-01-13T09:00")
    report = run_once(clinic, NOW, mailer_for(port))
    assert report == PassReport(delivered=2)
    to_client = next(m for m in handler.messages() if "ana@" in m["To"])
    to_therapist = next(m for m in handler.messages() if "carter@" in m["To"])
    assert to_client["Subject"] == "Your appointment on Monday 13 January 2025 at 09:00 is booked"
    assert to_client["From"] == f"Test Clinic <{SENDER}>"
    body = parts(to_client)
    assert "Ana One" in body["plain"] and reference in body["plain"] and "Room 2" in body["plain"]
    assert "<p" in body["html"] and "Ana One" in body["html"]
    requested = invite(to_client)
    assert requested.method == requested.method_param == "REQUEST"
    [feed_event] = icalendar.Calendar.from_ical(
        build_feed(clinic, FeedScope("therapist", "carter"), NOW).body
    ).walk("VEVENT")
    assert str(requested["UID"]) == str(feed_event["UID"])
    assert requested.decoded("DTSTART") == datetime(2025, 1, 13, 14, 0, tzinfo=UTC)
    assert "New session" in parts(to_therapist)["plain"]

    cancel(clinic, reference, reason="client ill", actor="alex", now=NOW)
    assert run_once(clinic, NOW, mailer_for(port)) == PassReport(delivered=2)
    cancelled = invite(next(m for m in handler.messages()[2:] if "ana@" in m["To"]))
    assert cancelled.method == cancelled.method_param == "CANCEL"
    assert str(cancelled["UID"]) == str(requested["UID"])
    assert int(cancelled["SEQUENCE"]) > int(requested["SEQUENCE"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert run_once(clinic, NOW, mailer_for(port)) == PassReport()  # nothing twice
    ids = [m["Message-ID"] for m in handler.messages()]
    assert len(set(ids)) == 4


def test_no_client_data_reaches_another_client(clinic: Database, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    make(clinic, "2025-01-13T09:00", client="c1")
    make(clinic, "2025-01-13T10:00", client="c2")
    run_once(clinic, NOW, mailer_for(port))
    people = {"ana@mail.example.com": "Ana One", "ben@mail.example.com": "Ben Two"}
    for recipients, raw in handler.received:
        if recipients[0] not in people:
            continue
        assert len(recipients) == 1
        others = [(a, n) for a, n in people.items() if a != recipients[0]]
        for address, name in others:
            assert address.encode() not in raw and name.encode() not in raw


def test_a_spanish_speaking_client_reads_spanish(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    make(clinic, "2025-01-13T09:00", client="c3")
    run_once(clinic, NOW, mailer_for(port))
    message = next(m for m in handler.messages() if "cy@" in m["To"])
    assert message["Subject"] == "Su cita del lunes 13 de enero de 2025 a las 09:00 está reservada"
    assert "Hola Cy Three" in parts(message)["plain"]


def test_only_the_latest_change_is_sent(clinic: Database, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    first = make(clinic, "2025-01-13T09:00")
    reschedule(clinic, first, at("2025-01-14T10:00"), actor="alex", now=NOW)
    assert run_once(clinic, NOW, mailer_for(port)) == PassReport(delivered=2, superseded=2)
    client_mail = [m for m in handler.messages() if "ana@" in m["To"]]
    assert len(client_mail) == 1
    assert client_mail[0]["Subject"].startswith("Your appointment has moved to Tuesday 14")
    assert int(invite(client_mail[0])["SEQUENCE"]) == 2


def test_an_hour_offline_loses_nothing_and_sends_each_once(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    make(clinic, "2025-01-13T09:00", client="c1")
    make(clinic, "2025-01-13T10:00", client="c2")
    closed_port = free_port()  # nothing listens there: the server is "down"
    moment = NOW
    while moment < NOW + timedelta(hours=1):
        report = run_once(clinic, moment, mailer_for(closed_port))
        assert report.failed == 0 and report.delivered == 0
        moment += timedelta(minutes=2)
    assert {state for _t, _k, state, _a in outbox_states(clinic)} == {"pending"}
    assert {attempts for *_rest, attempts in outbox_states(clinic)} == {0}
    report = run_once(clinic, moment + timedelta(minutes=1), mailer_for(port))
    assert report == PassReport(delivered=4)
    assert sorted(to[0] for to, _raw in handler.received) == sorted([
        "ana@mail.example.com", "ben@mail.example.com",
        "carter@clinic.example.com", "carter@clinic.example.com",
    ])  # fmt: skip


def test_a_refused_recipient_fails_for_good_without_naming_them(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    handler.refused_recipients.add("ana@mail.example.com")
    make(clinic, "2025-01-13T09:00")
    assert run_once(clinic, NOW, mailer_for(port)) == PassReport(delivered=1, failed=1)
    with clinic.read() as session:
        error = session.execute(
            text("SELECT last_error FROM outbox WHERE status = 'failed'")
        ).scalar_one()
    assert "550" in error and "ana" not in error


def test_a_busy_server_is_retried_with_backoff(clinic: Database, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    handler.busy_answers = 1
    make(clinic, "2025-01-13T09:00", client="c2")
    report = run_once(clinic, NOW, mailer_for(port))
    assert report.retrying == 1 and report.delivered == 1
    with clinic.read() as session:
        attempts, due = session.execute(
            select(OutboxItem.attempts, OutboxItem.next_attempt_at).where(
                OutboxItem.status == OutboxStatus.PENDING
            )
        ).one()
    assert attempts == 1 and NOW + timedelta(seconds=15) <= due <= NOW + timedelta(seconds=30)
    assert run_once(clinic, NOW + timedelta(seconds=10), mailer_for(port)) == PassReport()
    assert run_once(clinic, NOW + timedelta(minutes=1), mailer_for(port)) == PassReport(delivered=1)


def test_a_refused_login_pauses_email_until_resumed(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    make(clinic, "2025-01-13T09:00")
    wrong = mailer_for(port, FRONTDESK_SMTP_USERNAME="desk", FRONTDESK_SMTP_PASSWORD="wrong")
    report = run_once(clinic, NOW, wrong)
    assert report.paused and report.delivered == 0
    assert run_once(clinic, NOW + timedelta(minutes=5), wrong).paused
    assert {attempts for *_rest, attempts in outbox_states(clinic)} == {0}  # nothing burnt
    assert resume(clinic)
    right = mailer_for(port, FRONTDESK_SMTP_USERNAME="desk", FRONTDESK_SMTP_PASSWORD="right")
    assert run_once(clinic, NOW + timedelta(minutes=6), right) == PassReport(delivered=2)
    assert handler.received


def test_rows_of_a_worker_killed_mid_pass_are_delivered_after_the_lease(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    make(clinic, "2025-01-13T09:00")
    assert len(claim_due(clinic, NOW, 50)) == 2  # claimed, then the worker "dies"
    assert run_once(clinic, NOW + timedelta(minutes=1), mailer_for(port)) == PassReport()
    later = NOW + LEASE + timedelta(seconds=1)
    assert run_once(clinic, later, mailer_for(port)) == PassReport(delivered=2)
    assert len(handler.received) == 2


def test_without_smtp_settings_email_waits(clinic: Database) -> None:
    make(clinic, "2025-01-13T09:00")
    report = run_once(clinic, NOW, None)
    assert report == PassReport(waiting=2)
    assert "2 emails wait for SMTP settings" in report.describe()


def test_frontdesk_sync_run_once(clinic: Database, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    make(clinic, "2025-01-13T09:00")
    env = {**os.environ, **smtp_environment(port)}
    command = [sys.executable, "-m", "app.cli", "sync", "run", "--once", "--db", clinic.url,
               "--now", "2025-01-10T03:00"]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("email: 2 delivered")
    assert len(handler.received) == 2
    bad = subprocess.run(
        command, env={**env, "FRONTDESK_SMTP_SECURITY": "carrier-pigeon"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "smtp_security must be one of" in bad.stderr


def test_a_reminder_reaches_the_client_only(clinic: Database, inbox: tuple[Inbox, int]) -> None:
    from app.outbox import EffectKind, enqueue_effects
    from db.models import Client, Therapist, TherapySession

    handler, port = inbox
    reference = make(clinic, "2025-01-13T09:00", client="c3")  # Cy reads Spanish
    run_once(clinic, NOW, mailer_for(port))
    handler.received.clear()
    with clinic.write() as session:
        record = session.scalars(select(TherapySession).where(
            TherapySession.reference == reference)).one()  # fmt: skip
        targets = enqueue_effects(
            session, session_id=record.id, revision=record.revision, kind=EffectKind.REMINDER,
            client=session.get(Client, record.client_id),
            therapist=session.get(Therapist, record.therapist_id), now=NOW,
        )  # fmt: skip
    assert [t.value for t in targets] == ["email_client"]
    assert run_once(clinic, NOW, mailer_for(port)) == PassReport(delivered=1)
    [message] = handler.messages()
    assert message["Subject"] == "Recordatorio: su cita del lunes 13 de enero de 2025 a las 09:00"
    assert invite(message).method == "REQUEST"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A throw-away certificate for 127.0.0.1, made with the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_email_goes_over_starttls_or_implicit_tls_with_a_verified_certificate(
    sqlite_database: Database, certificate: tuple[str, str], security: str
) -> None:
    import ssl

    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    handler = Inbox()
    port = free_port()
    tls = {"tls_context": server_context, "require_starttls": True} if security == "starttls" else {
        "ssl_context": server_context}  # fmt: skip
    controller = Controller(handler, hostname="127.0.0.1", port=port, **tls)
    controller.start()
    try:
        data = booking_clinic()
        data["clients"][0]["email"] = "ana@mail.example.com"
        import_clinic(sqlite_database, data, actor="test")
        make(sqlite_database, "2025-01-13T09:00")
        untrusted = mailer_for(port, FRONTDESK_SMTP_SECURITY=security)
        report = run_once(sqlite_database, NOW, untrusted)  # the self-signed cert is refused
        assert report.delivered == 0 and report.waiting == 1 and handler.received == []
        trusted = mailer_for(port, FRONTDESK_SMTP_SECURITY=security, FRONTDESK_SMTP_CA_FILE=cert)
        later = NOW + timedelta(minutes=5)
        assert run_once(sqlite_database, later, trusted) == PassReport(delivered=1)
        assert len(handler.received) == 1
    finally:
        controller.stop()


def test_the_smtp_password_kept_in_the_keyring_logs_in(
    clinic: Database,
    inbox: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    from sync.mail.smtp import SmtpSettingsError, store_smtp_password

    _handler, port = inbox
    monkeypatch.delenv("FRONTDESK_SMTP_PASSWORD", raising=False)
    environ = smtp_environment(port, FRONTDESK_SMTP_USERNAME="desk")
    config = load_config(None, environ)
    with pytest.raises(SmtpSettingsError, match="empty"):
        store_smtp_password(config, "")
    assert store_smtp_password(config, "right") == "smtp:desk@127.0.0.1"
    assert memory_keyring.store == {("frontdesk", "smtp:desk@127.0.0.1"): "right"}
    settings = SmtpSettings.from_config(config, environ)
    assert settings is not None and settings.password == "right"
    make(clinic, "2025-01-13T09:00")
    report = run_once(clinic, NOW, lambda: (SmtpMailer(settings), settings.sender))
    assert report == PassReport(delivered=2)
    with pytest.raises(SmtpSettingsError, match="smtp_host and smtp_username"):
        store_smtp_password(load_config(None, {}), "x")


def test_a_message_that_keeps_failing_ends_failed_after_the_last_attempt(
    clinic: Database, inbox: tuple[Inbox, int]
) -> None:
    from sync.delivery import MAX_ATTEMPTS

    handler, port = inbox
    handler.busy_answers = 1000  # the server says "try later" to every message
    make(clinic, "2025-01-13T09:00", client="c2")  # Ben: one client email, one therapist one
    moment, reports = NOW, []
    for _ in range(MAX_ATTEMPTS + 2):
        reports.append(run_once(clinic, moment, mailer_for(port)))
        moment += timedelta(hours=2)  # past any backoff
    assert [r.retrying for r in reports[: MAX_ATTEMPTS - 1]] == [2] * (MAX_ATTEMPTS - 1)
    assert reports[MAX_ATTEMPTS - 1] == PassReport(failed=2)
    assert reports[MAX_ATTEMPTS] == PassReport()  # nothing left to try
    with clinic.read() as session:
        rows = session.execute(select(OutboxItem.status, OutboxItem.attempts)).all()
    assert rows == [(OutboxStatus.FAILED, MAX_ATTEMPTS)] * 2
    assert handler.received == []
