"""How many statements a booking sends, pinned: every other desk waits while one books, so a
turn's round trips are part of the booking's contract (docs/architecture.md, "The booking
turn"). A change that adds one must change this test on purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event, update

from app.booking import BookingRequest, book, cancel, reschedule
from app.clinic_file import import_clinic
from db.engine import Database
from db.enums import TherapistStatus
from db.models import Therapist
from tests.booking_support import at, booking_clinic

NOW = at("2025-01-10T08:00")


@pytest.fixture
def clinic(database: Database) -> Database:
    """The booking tests' clinic with addresses, so every booking queues its emails."""
    data = booking_clinic()
    for therapist in data["therapists"]:
        therapist["email"] = f"{therapist['key']}@clinic.example"
    for client in data["clients"]:
        client["email"] = f"{client['key']}@example.com"
    import_clinic(database, data, actor="test")
    # A first booking: statements compiled, setup kept (a desk that has been open a while).
    book(database, BookingRequest("kim", "c3", "individual", at("2025-01-14T09:00")),
         actor="alex", now=NOW)  # fmt: skip
    return database


@pytest.fixture
def statements(clinic: Database) -> Iterator[list[str]]:
    """The first word of every statement sent to the database while the test runs."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2].split()[0].upper())

    engines = {clinic.engine, clinic._reader or clinic.engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    yield seen
    for engine in engines:
        event.remove(engine, "before_cursor_execute", record)


def sent(statements: list[str], action: Callable[[], object]) -> list[str]:
    statements.clear()
    action()
    return list(statements)


def booking(therapist: str, client: str, service: str, start: str) -> BookingRequest:
    return BookingRequest(therapist, client, service, at(start))


# SQLite: the decision before the turn (BEGIN, stamp and client, sessions) reads, then the
# turn: BEGIN IMMEDIATE, stamp and client, the therapist's side, the room still free, the
# session, its reference, its audit entry, its emails.
SQLITE_BOOKING = [
    "BEGIN",
    "SELECT",
    "SELECT",
    "BEGIN",
    "SELECT",
    "SELECT",
    "SELECT",
    "INSERT",
    "INSERT",
    "INSERT",
    "INSERT",
]
# PostgreSQL: day and therapist locks, stamp and client, sessions, the session, and one last
# statement taking the reference with the audit entry and the emails.
POSTGRES_BOOKING = ["SELECT", "SELECT", "SELECT", "INSERT", "WITH"]


def test_a_booking_sends_a_fixed_number_of_statements(
    clinic: Database, statements: list[str]
) -> None:
    expected = SQLITE_BOOKING if clinic.dialect == "sqlite" else POSTGRES_BOOKING
    request = booking("carter", "c1", "individual", "2025-01-13T10:00")
    assert sent(statements, lambda: book(clinic, request, actor="alex", now=NOW)) == expected


def test_a_limited_therapists_booking_adds_one_select_only_for_them(
    clinic: Database, statements: list[str]
) -> None:
    """Whether the client is new to a limited therapist is one query in the turn, sent only
    when the therapist is limited (docs/scheduling.md, Limited therapists)."""
    with clinic.write() as session:
        session.execute(update(Therapist).where(Therapist.key == "kim")
                        .values(status=TherapistStatus.LIMITED))  # fmt: skip
    book(clinic, booking("kim", "c3", "individual", "2025-01-14T13:00"), actor="alex", now=NOW)
    request = booking("kim", "c3", "individual", "2025-01-15T13:00")  # c3 is Kim's client
    seen = sent(statements, lambda: book(clinic, request, actor="alex", now=NOW))
    if clinic.dialect == "sqlite":
        assert seen == [*SQLITE_BOOKING[:5], "SELECT", *SQLITE_BOOKING[5:]]
    else:
        assert seen == [*POSTGRES_BOOKING[:2], "SELECT", *POSTGRES_BOOKING[2:]]


def test_a_re_seating_adds_four_statements_whatever_it_moves(
    clinic: Database, statements: list[str]
) -> None:
    """Rooms emptied and read, re-seated, audited, their therapists told."""
    first = book(clinic, booking("carter", "c1", "individual", "2025-01-13T10:00"),
                 actor="alex", now=NOW)  # fmt: skip
    book(clinic, booking("kim", "c2", "individual", "2025-01-13T10:00"), actor="alex", now=NOW)
    cancel(clinic, first.reference, "ill", actor="alex", now=NOW)  # the small room is free again
    family = booking("carter", "c3", "family", "2025-01-13T10:00")  # needs kim's room
    result: list[Any] = []
    seen = sent(statements, lambda: result.append(book(clinic, family, actor="alex", now=NOW)))
    assert [(m.from_room, m.to_room) for m in result[0].moved] == [("r1", "r2")]
    plain = SQLITE_BOOKING if clinic.dialect == "sqlite" else POSTGRES_BOOKING
    moves = ["UPDATE", "UPDATE", "INSERT", "INSERT"]
    if clinic.dialect == "sqlite":  # the turn re-reads the rooms involved, then re-seats
        assert seen == [*plain[:7], *moves, *plain[7:]]
    else:
        assert seen == [*plain[:3], *moves, *plain[3:]]


def test_a_reschedule_sends_a_fixed_number_of_statements(
    clinic: Database, statements: list[str]
) -> None:
    first = book(clinic, booking("carter", "c1", "individual", "2025-01-13T10:00"),
                 actor="alex", now=NOW)  # fmt: skip
    seen = sent(
        statements,
        lambda: reschedule(clinic, first.reference, at("2025-01-13T14:00"), actor="alex", now=NOW),
    )
    expected = SQLITE_RESCHEDULE if clinic.dialect == "sqlite" else POSTGRES_RESCHEDULE
    # Then, once the turn has committed and nobody waits, the waitlist looks at the day the
    # session left: one read while no entry is open (docs/clients.md, Waitlist).
    after = ["BEGIN", "SELECT"] if clinic.dialect == "sqlite" else ["SELECT"]
    assert seen == [*expected, *after]


# A reschedule reads the old session, its therapist, the target therapist (locked), its service
# and the day; cancels the old one; takes a reference; writes the new session; reads the old
# one's payments (on PostgreSQL after locking its client's row: docs/money.md, Receipts) to
# move them along (an INSERT more when it has any); writes the old one's audit entry; then the
# new one's audit entry and emails (reading the client on the way). PostgreSQL takes the day
# lock first; SQLite opens its turn. 16 statements before the booking module was split (the
# old session's series was read too); 15 since; 16 on SQLite and 17 on PostgreSQL since
# payments follow a moved session.
_RESCHEDULE_START = ["SELECT"] * 6 + ["UPDATE", "INSERT", "INSERT"]
_RESCHEDULE_END = ["INSERT", "UPDATE", "SELECT", "INSERT", "INSERT"]
SQLITE_RESCHEDULE = ["BEGIN", *_RESCHEDULE_START, "SELECT", *_RESCHEDULE_END]
POSTGRES_RESCHEDULE = ["SELECT", *_RESCHEDULE_START, "SELECT", "SELECT", *_RESCHEDULE_END]
