"""Every booking change queues its side effects in its own transaction (docs/sync.md, Outbox)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.booking import (
    BookingRefusedError,
    BookingRequest,
    book,
    cancel,
    change_status,
    reschedule,
)
from app.clinic_file import import_clinic
from db.engine import Database
from db.enums import SessionStatus
from tests.booking_support import at, booking_clinic

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def clinic(database: Database) -> Database:
    data = booking_clinic()
    data["clients"][0]["email"] = "ana@mail.example.com"  # c1: email, no preference
    data["clients"][1].update(email="ben@mail.example.com", preferred_channel="phone")  # c2
    data["therapists"][0].update(
        email="carter@clinic.example.com", google_calendar_id="carter@group.calendar.google.com"
    )
    data["therapists"][1]["email"] = "kim@clinic.example.com"  # no Google calendar
    import_clinic(database, data, actor="test")  # fmt: skip
    return database


def outbox(database: Database) -> list[tuple[str, str, str, int]]:
    """(reference, target, kind, revision) of every queued effect, straight from SQL."""
    with database.read() as session:
        rows = session.execute(
            text(
                "SELECT s.reference, o.target, o.kind, o.revision, o.status FROM outbox AS o"
                " JOIN sessions AS s ON s.id = o.session_id ORDER BY o.id"
            )
        ).all()
    assert {row[4] for row in rows} <= {"pending"}
    return sorted((row[0], row[1], row[2], row[3]) for row in rows)


def make(database: Database, start: str, client: str = "c1", therapist: str = "carter") -> str:
    request = BookingRequest(therapist=therapist, client=client, service="individual",
                             start=at(start))  # fmt: skip
    return book(database, request, actor="alex", now=NOW).reference


def test_a_booking_queues_confirmations_for_whoever_can_receive_them(clinic: Database) -> None:
    first = make(clinic, "2025-01-13T09:00")
    phone_only = make(clinic, "2025-01-13T10:00", client="c2")
    no_email = make(clinic, "2025-01-13T10:00", client="c3", therapist="kim")
    assert outbox(clinic) == sorted([
        (first, "email_client", "confirmation", 1),
        (first, "email_therapist", "confirmation", 1),
        (first, "google_calendar", "confirmation", 1),
        (phone_only, "email_therapist", "confirmation", 1),  # the client prefers the phone
        (phone_only, "google_calendar", "confirmation", 1),
        (no_email, "email_therapist", "confirmation", 1),  # Kim has no Google calendar
    ])  # fmt: skip


def test_a_move_a_cancellation_and_a_status_queue_their_effects(clinic: Database) -> None:
    first = make(clinic, "2025-01-13T09:00")
    moved = reschedule(clinic, first, at("2025-01-14T09:00"), actor="alex", now=NOW).reference
    status = change_status(clinic, moved, SessionStatus.CONFIRMED, actor="alex", now=NOW)
    assert status == SessionStatus.CONFIRMED
    cancel(clinic, moved, reason="client ill", actor="alex", now=NOW)
    queued = [row for row in outbox(clinic) if row[0] == moved]
    assert queued == sorted([
        (moved, "email_client", "change", 3),  # the old session went to 2, the move to 3
        (moved, "email_therapist", "change", 3),
        (moved, "google_calendar", "change", 3),
        (moved, "google_calendar", "status", 4),  # confirmed: the calendar only
        (moved, "email_client", "cancellation", 5),
        (moved, "email_therapist", "cancellation", 5),
        (moved, "google_calendar", "cancellation", 5),
    ])  # fmt: skip
    # The old session is not cancelled to anyone: it lives on as the moved one.
    assert [row[2] for row in outbox(clinic) if row[0] == first] == ["confirmation"] * 3


def test_moving_to_another_therapist_tells_the_first_one(clinic: Database) -> None:
    first = make(clinic, "2025-01-13T09:00")
    moved = reschedule(
        clinic, first, at("2025-01-14T09:00"), therapist="kim", actor="alex", now=NOW
    ).reference
    assert [row for row in outbox(clinic) if row[2] != "confirmation"] == sorted([
        (first, "email_therapist", "cancellation", 2),
        (first, "google_calendar", "cancellation", 2),
        (moved, "email_client", "change", 3),
        (moved, "email_therapist", "change", 3),
    ])  # fmt: skip


def test_a_refused_booking_queues_nothing(clinic: Database) -> None:
    make(clinic, "2025-01-13T09:00")
    before = outbox(clinic)
    with pytest.raises(BookingRefusedError):
        make(clinic, "2025-01-13T09:30", client="c3")
    with pytest.raises(BookingRefusedError):
        make(clinic, "2025-01-13T12:30", client="c3")  # outside hours
    assert outbox(clinic) == before


def test_retry_touches_and_audits_only_failed_rows(clinic: Database) -> None:
    from sqlalchemy import select, update

    from app.outbox import retry_failed
    from db.enums import OutboxStatus
    from db.models import AuditEntry, OutboxItem

    make(clinic, "2025-01-13T09:00")
    with clinic.write() as session:
        ids = list(session.scalars(select(OutboxItem.id).order_by(OutboxItem.id)))
        session.execute(update(OutboxItem).where(OutboxItem.id == ids[0])
                        .values(status=OutboxStatus.FAILED, attempts=8))  # fmt: skip
    assert retry_failed(clinic, ids, actor="maria", now=NOW) == 1
    with clinic.read() as session:
        audited = session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.action == "outbox.retry")
        ).all()
        attempts = session.scalars(select(OutboxItem.attempts).order_by(OutboxItem.id)).all()
    assert audited == [ids[0]]
    assert set(attempts) == {0}  # the failed row starts afresh (it had 8)
