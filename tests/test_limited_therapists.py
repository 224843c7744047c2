"""A `limited` therapist takes no new clients (docs/scheduling.md, Limited therapists): an
initial session, or any session of a client the therapist has never seen, is refused with
`not_taking_new_clients` unless a supervisor overrides; the starts listed do not change.
On SQLite and PostgreSQL, whose booking turns differ."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, update

from app.booking import (
    BookingRefusedError,
    BookingRequest,
    Override,
    available_slots,
    book,
    book_each,
    cancel,
    change_status,
    reschedule,
)
from app.booking.new_clients import new_client_warning
from db.engine import Database
from db.enums import SessionStatus, SessionType, TherapistStatus
from db.models import AuditEntry, Therapist, TherapySession
from tests.booking_support import SUPERVISOR_PASSWORD, at, snapshot

NOW = at("2025-01-10T08:00")
MARIA = Override("maria", SUPERVISOR_PASSWORD, "Referral from the GP, urgent")
SENTENCE = "Dr. Kim is not taking new clients"


@pytest.fixture
def clinic(booking_database: Database) -> Database:
    return booking_database


def limit(database: Database, key: str = "kim") -> None:
    with database.write() as session:
        session.execute(
            update(Therapist).where(Therapist.key == key).values(status=TherapistStatus.LIMITED)
        )


def make(database: Database, start: str, client: str, therapist: str = "kim", **kw: object):  # type: ignore[no-untyped-def]
    request = BookingRequest(therapist, client, "individual", at(start), **kw)  # type: ignore[arg-type]
    return book(database, request, actor="alex", now=NOW)


def refused(database: Database, action: Callable[[], object]) -> BookingRefusedError:
    before = snapshot(database)
    with pytest.raises(BookingRefusedError) as caught:
        action()
    assert snapshot(database) == before
    return caught.value


def test_a_client_the_therapist_never_saw_is_refused_without_alternatives(
    clinic: Database,
) -> None:
    limit(clinic)
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:00", "c1"))
    assert (error.reason, error.message) == ("not_taking_new_clients", SENTENCE)
    assert error.alternatives == []  # no other start changes it


def test_a_seen_client_books_but_not_an_initial_session(clinic: Database) -> None:
    make(clinic, "2025-01-13T09:00", "c1")  # taken on while Kim was available
    limit(clinic)
    assert make(clinic, "2025-01-14T09:00", "c1").reference
    error = refused(
        clinic, lambda: make(clinic, "2025-01-15T09:00", "c1", session_type=SessionType.INITIAL)
    )
    assert error.reason == "not_taking_new_clients"
    assert error.message == f"{SENTENCE} (this is an initial session)"


def test_a_no_show_makes_the_client_seen_a_cancelled_session_does_not(clinic: Database) -> None:
    no_show = make(clinic, "2025-01-13T09:00", "c1")
    cancelled = make(clinic, "2025-01-13T10:00", "c2")
    limit(clinic)
    change_status(clinic, no_show.reference, SessionStatus.NO_SHOW, actor="alex",
                  now=at("2025-01-13T09:30"))  # fmt: skip
    cancel(clinic, cancelled.reference, "Moved away", actor="alex", now=NOW)
    assert make(clinic, "2025-01-16T09:00", "c1").reference
    assert refused(clinic, lambda: make(clinic, "2025-01-16T11:00", "c2")).reason == (
        "not_taking_new_clients"
    )


def test_a_supervisor_overrides_and_the_audit_says_which_rule(clinic: Database) -> None:
    limit(clinic)
    result = book(clinic, BookingRequest("kim", "c1", "individual", at("2025-01-13T10:00")),
                  actor="alex", now=NOW, override=MARIA)  # fmt: skip
    assert result.overridden_rules == ("not_taking_new_clients",)
    with clinic.read() as session:
        row = session.get(TherapySession, result.session_id)
        assert row is not None and row.overridden and row.override_reason == MARIA.reason
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "session.book", AuditEntry.entity_id == result.session_id
            )
        )
        assert entry is not None and entry.after is not None
        assert entry.after["overridden_rules"] == ["not_taking_new_clients"]
        assert entry.after["authorised_by"] == "maria"
    # and with a rule a supervisor may override besides (outside hours): both are named
    late = book(clinic, BookingRequest("kim", "c2", "individual", at("2025-01-13T12:00")),
                actor="alex", now=NOW, override=MARIA)  # fmt: skip
    assert late.overridden_rules == ("not_taking_new_clients", "outside_hours")


def test_a_move_to_a_limited_therapist_is_refused_but_not_a_move_with_them(
    clinic: Database,
) -> None:
    with_carter = make(clinic, "2025-01-13T09:00", "c1", therapist="carter")
    with_kim = make(clinic, "2025-01-13T13:00", "c2")
    limit(clinic)
    error = refused(
        clinic,
        lambda: reschedule(
            clinic,
            with_carter.reference,
            at("2025-01-14T09:00"),
            actor="alex",
            now=NOW,
            therapist="kim",
        ),
    )
    assert error.reason == "not_taking_new_clients"
    # c2's only session with Kim is the one moving: still Kim's client
    moved = reschedule(clinic, with_kim.reference, at("2025-01-14T13:00"), actor="alex", now=NOW)
    assert moved.rescheduled_from == with_kim.reference


def test_the_recurring_job_is_refused_like_a_booking(clinic: Database) -> None:
    limit(clinic)
    requests = [BookingRequest("kim", "c1", "individual", at("2025-01-13T10:00"))]
    (result,) = book_each(clinic, requests, actor="recurring", now=NOW)
    assert isinstance(result, BookingRefusedError)
    assert result.reason == "not_taking_new_clients"


def test_the_starts_listed_do_not_change(clinic: Database) -> None:
    def listing() -> list[tuple[object, ...]]:
        days = available_slots(clinic, "kim", "individual", at("2025-01-13T00:00").date(), 3,
                               NOW).days  # fmt: skip
        return [(slot.start, slot.status) for day in days for slot in day.slots]

    before = listing()
    limit(clinic)
    assert listing() == before


def test_the_desk_is_warned_before_book(clinic: Database) -> None:
    make(clinic, "2025-01-13T09:00", "c1")
    assert new_client_warning(clinic, "kim", "c2", SessionType.FOLLOW_UP) is None
    limit(clinic)
    assert new_client_warning(clinic, "kim", "c1", SessionType.FOLLOW_UP) is None
    assert new_client_warning(clinic, "kim", "c2", SessionType.FOLLOW_UP) == SENTENCE
    assert new_client_warning(clinic, "kim", "c1", SessionType.INITIAL) == (
        f"{SENTENCE} (this is an initial session)"
    )
