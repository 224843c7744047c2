"""Short write turns: the setup kept between reads, bookings decided before the write lock,
PostgreSQL's day lock. Each shortcut must give exactly the answer of a full re-check."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import app.booking.booking as booking_use_case
import app.booking.recheck as recheck
from app.booking import BookingRefusedError, BookingRequest, available_slots, book, reschedule
from app.booking.loader import load_clinic
from app.booking.turns import lock_day_and_therapist
from app.clinic_file import import_clinic
from db.engine import Database
from tests.booking_support import at, booking_clinic, load_booking_clinic, snapshot

NOW = datetime(2025, 1, 13, 8, 0, tzinfo=UTC)  # Monday 03:00 in New York
TEN = at("2025-01-14T10:00")  # Tuesday


def _stamp(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(
            text("SELECT stamp FROM change_stamps WHERE scope = 'setup'")
        ).scalar_one()


def _execute(database: Database, sql: str) -> None:
    with database.engine.begin() as connection:
        connection.execute(text(sql))


def _status_at(database: Database, therapist: str, start: datetime) -> str:
    listing = available_slots(database, therapist, "individual", start.date(), 1, NOW)
    return next(s.status.value for s in listing.days[0].slots if s.start == start)


SETUP_CHANGES = [
    "UPDATE clinic_settings SET hold_minutes = 12",
    "UPDATE therapists SET max_clients_per_day = 4 WHERE key = 'kim'",
    "UPDATE rooms SET capacity = 2 WHERE key = 'r2'",
    "UPDATE services SET price_cents = 16000 WHERE key = 'individual'",
    "DELETE FROM working_hours WHERE weekday = 5",  # none: a statement that changes nothing
    "UPDATE working_hours SET end_minute = 1010 WHERE end_minute = 1020",
    "INSERT INTO date_exceptions (therapist_id, on_date, available)"
    " SELECT id, '2025-01-20', true FROM therapists WHERE key = 'kim'",
    "INSERT INTO exception_hours (exception_id, start_minute, end_minute)"
    " SELECT id, 600, 720 FROM date_exceptions",
    "UPDATE blocked_times SET reason = 'Team'",
    "INSERT INTO external_busy_times (therapist_id, starts_at, ends_at, source)"
    " SELECT id, '2025-01-14 20:00:00+00:00', '2025-01-14 21:00:00+00:00', 'google'"
    " FROM therapists WHERE key = 'kim'",
    "DELETE FROM external_busy_times",
]


def test_every_setup_change_gives_a_new_stamp(database: Database) -> None:
    load_booking_clinic(database)
    for sql in SETUP_CHANGES:
        before = _stamp(database)
        _execute(database, sql)
        changed = "weekday = 5" not in sql or database.dialect == "postgresql"
        assert (_stamp(database) != before) is changed, sql
    before = _stamp(database)
    _execute(database, "UPDATE clients SET name = 'Ana Uno' WHERE key = 'c1'")
    _execute(database, "DELETE FROM booking_holds")
    assert _stamp(database) == before, "clients and holds are not setup"


def test_a_setup_change_made_elsewhere_is_seen_at_once(database: Database) -> None:
    load_booking_clinic(database)
    assert _status_at(database, "kim", TEN) == "available"  # the setup is now kept
    other = Database(database.url)  # another workstation, by hand-written SQL
    try:
        _execute(
            other,
            "INSERT INTO blocked_times (therapist_id, block_type, reason, starts_at, ends_at,"
            " all_day, active) SELECT id, 'training', 'Course', '2025-01-14 14:30:00+00:00',"
            " '2025-01-14 16:00:00+00:00', false, true FROM therapists WHERE key = 'kim'",
        )
    finally:
        other.dispose()
    assert _status_at(database, "kim", TEN) == "blocked"
    with pytest.raises(BookingRefusedError) as refusal:
        book(database, BookingRequest("kim", "c1", "individual", TEN), actor="alex", now=NOW)
    assert refusal.value.reason == "blocked"


def test_a_setup_read_inside_a_rolled_back_change_is_never_reused(database: Database) -> None:
    load_booking_clinic(database)

    def room_names() -> list[str]:
        with database.read() as session:
            return sorted(room.name for room in load_clinic(session).setup.rooms)

    room_names()
    with pytest.raises(RuntimeError), database.write() as session:
        session.execute(text("UPDATE rooms SET name = 'Rolled back' WHERE key = 'r2'"))
        assert "Rolled back" in [room.name for room in load_clinic(session).setup.rooms]
        raise RuntimeError("the change is given up")
    _execute(database, "UPDATE rooms SET name = 'Kept' WHERE key = 'r2'")
    assert room_names() == ["Family Room", "Kept"]


def _meanwhile(monkeypatch: pytest.MonkeyPatch, change: Any) -> dict[str, Any]:
    """Run `change` after the booking was decided outside the lock and before its turn;
    what the decision was, and whether the turn kept it, are recorded."""
    seen: dict[str, Any] = {}
    decide, still_holds = booking_use_case.decide, recheck.still_holds
    pending = [change]

    def deciding(*args: Any, **kwargs: Any) -> Any:
        prepared = decide(*args, **kwargs)
        seen.setdefault("prepared", prepared)
        if pending:  # once: the change may itself book
            pending.pop()()
            seen["after_change"] = snapshot(args[0])  # what a refusal must leave as it is
        return prepared

    def checking(*args: Any, **kwargs: Any) -> bool:
        seen["kept"] = still_holds(*args, **kwargs)
        return seen["kept"]

    monkeypatch.setattr(booking_use_case, "decide", deciding)
    monkeypatch.setattr(recheck, "still_holds", checking)
    return seen


def _overlapping_rooms(database: Database) -> list[Any]:
    with database.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT a.id, b.id FROM sessions a JOIN sessions b ON a.id < b.id"
                " AND a.room_id = b.room_id AND a.starts_at < b.ends_at"
                " AND b.starts_at < a.ends_at WHERE a.status <> 'cancelled'"
                " AND b.status <> 'cancelled'"
            )
        ).all()


def test_an_untouched_decision_is_kept(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_booking_clinic(sqlite_database)
    seen = _meanwhile(monkeypatch, lambda: None)
    result = book(sqlite_database, BookingRequest("carter", "c1", "individual", TEN),
                  actor="alex", now=NOW)  # fmt: skip
    assert seen["prepared"] is not None and seen["kept"] is True
    assert result.room == "r2"  # Dr. Carter's preferred room


def test_a_session_booked_meanwhile_is_caught(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_booking_clinic(sqlite_database)
    other = BookingRequest("carter", "c2", "individual", TEN + timedelta(minutes=30))
    seen = _meanwhile(monkeypatch, lambda: book(sqlite_database, other, actor="maria", now=NOW))
    with pytest.raises(BookingRefusedError) as refusal:
        book(sqlite_database, BookingRequest("carter", "c1", "individual", TEN),
             actor="alex", now=NOW)  # fmt: skip
    assert seen["prepared"] is not None and seen["kept"] is False
    assert refusal.value.reason == "booked"
    assert snapshot(sqlite_database) == seen["after_change"]


def test_a_block_added_meanwhile_is_caught(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_booking_clinic(sqlite_database)
    seen = _meanwhile(
        monkeypatch,
        lambda: _execute(
            sqlite_database,
            "INSERT INTO blocked_times (therapist_id, block_type, starts_at, ends_at, all_day,"
            " active) SELECT id, 'personal', '2025-01-14 15:30:00+00:00',"
            " '2025-01-14 15:45:00+00:00', false, true FROM therapists WHERE key = 'carter'",
        ),
    )
    with pytest.raises(BookingRefusedError) as refusal:
        book(sqlite_database, BookingRequest("carter", "c1", "individual", TEN),
             actor="alex", now=NOW)  # fmt: skip
    assert seen["kept"] is False and refusal.value.reason == "blocked"
    assert snapshot(sqlite_database) == seen["after_change"]


def test_a_setup_change_meanwhile_means_a_full_re_check(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_booking_clinic(sqlite_database)
    rename = "UPDATE rooms SET name = 'Blue Room' WHERE key = 'r1'"
    seen = _meanwhile(monkeypatch, lambda: _execute(sqlite_database, rename))
    result = book(sqlite_database, BookingRequest("carter", "c1", "individual", TEN),
                  actor="alex", now=NOW)  # fmt: skip
    assert seen["prepared"] is not None and seen["kept"] is False
    assert result.room == "r2"


def test_a_room_taken_meanwhile_gives_another_room(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_booking_clinic(sqlite_database)
    kim = BookingRequest("kim", "c2", "individual", TEN + timedelta(minutes=20), room="r2")
    seen = _meanwhile(monkeypatch, lambda: book(sqlite_database, kim, actor="maria", now=NOW))
    result = book(sqlite_database, BookingRequest("carter", "c1", "individual", TEN),
                  actor="alex", now=NOW)  # fmt: skip
    assert seen["prepared"].choice.room_id is not None and seen["kept"] is False
    assert result.room == "r1"
    assert _overlapping_rooms(sqlite_database) == []


def _three_therapists(database: Database) -> None:
    clinic = booking_clinic()
    third = dict(clinic["therapists"][1], key="lee", name="Dr. Lee")
    clinic["therapists"].append(third)
    import_clinic(database, clinic, actor="test")


def test_rooms_changed_under_a_re_seating_are_caught(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kim's individual session sits in the family room r1; a family session for Dr. Carter
    # can only have r1, so Kim's moves to r2. Meanwhile Dr. Lee takes r2: nothing can move.
    _three_therapists(sqlite_database)
    book(sqlite_database, BookingRequest("kim", "c2", "individual", TEN, room="r1"),
         actor="maria", now=NOW)  # fmt: skip
    lee = BookingRequest("lee", "c3", "individual", TEN, room="r2")
    seen = _meanwhile(monkeypatch, lambda: book(sqlite_database, lee, actor="maria", now=NOW))
    with pytest.raises(BookingRefusedError) as refusal:
        book(sqlite_database, BookingRequest("carter", "c1", "family", TEN),
             actor="alex", now=NOW)  # fmt: skip
    assert seen["prepared"].choice.moves and seen["kept"] is False
    assert refusal.value.reason == "no_room"
    assert snapshot(sqlite_database) == seen["after_change"]
    assert _overlapping_rooms(sqlite_database) == []


def test_a_re_seating_decided_before_the_turn_is_applied(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three_therapists(sqlite_database)
    book(sqlite_database, BookingRequest("kim", "c2", "individual", TEN, room="r1"),
         actor="maria", now=NOW)  # fmt: skip
    seen = _meanwhile(monkeypatch, lambda: None)
    result = book(sqlite_database, BookingRequest("carter", "c1", "family", TEN),
                  actor="alex", now=NOW)  # fmt: skip
    assert seen["prepared"].choice.moves and seen["kept"] is True
    assert result.room == "r1"
    assert [(m.from_room, m.to_room) for m in result.moved] == [("r1", "r2")]
    assert _overlapping_rooms(sqlite_database) == []
    with sqlite_database.engine.connect() as connection:
        moved = connection.execute(
            text(
                "SELECT s.revision, (SELECT count(*) FROM outbox o WHERE o.session_id = s.id"
                " AND o.kind = 'change'), (SELECT count(*) FROM audit_log a WHERE"
                " a.entity_id = s.id AND a.action = 'session.room_change')"
                " FROM sessions s WHERE s.reference = :ref"
            ),
            {"ref": result.moved[0].reference},
        ).one()
    assert moved[0] == 2 and moved[2] == 1  # one revision up, audited


def test_bookings_of_one_day_take_turns_on_postgresql(postgres_url: str) -> None:
    database = Database(postgres_url)
    try:
        load_booking_clinic(database)
        finished: dict[str, float] = {}

        def desk(name: str, request: BookingRequest) -> None:
            book(database, request, actor="alex", now=NOW)
            finished[name] = 1.0

        tuesday = BookingRequest("kim", "c2", "individual", TEN)
        wednesday = BookingRequest("kim", "c3", "individual", TEN + timedelta(days=1))
        with database.write() as session:  # one desk inside its turn for Tuesday
            lock_day_and_therapist(session, "carter", TEN)
            same_day = threading.Thread(target=desk, args=("tuesday", tuesday))
            other_day = threading.Thread(target=desk, args=("wednesday", wednesday))
            same_day.start()
            other_day.start()
            other_day.join(timeout=10)
            same_day.join(timeout=1.0)
            assert "wednesday" in finished, "another day does not wait"
            assert "tuesday" not in finished, "the same day waits for the turn to end"
        same_day.join(timeout=10)
        assert "tuesday" in finished
    finally:
        database.dispose()


def test_a_therapist_in_a_booking_turn_does_not_block_key_checks(postgres_url: str) -> None:
    # Re-seating writes a session twice in one transaction, so PostgreSQL checks its foreign
    # keys (FOR KEY SHARE on the therapist's row) even though they did not change. Another
    # desk's turn for that therapist must not block that check: with FOR UPDATE it did, and
    # two desks re-seating each other's sessions deadlocked.
    database = Database(postgres_url)
    try:
        load_booking_clinic(database)
        with database.write() as session:
            lock_day_and_therapist(session, "carter", TEN)
            with database.engine.connect() as other:
                other.execute(text("SET LOCAL lock_timeout = '2s'"))
                other.execute(
                    text("SELECT 1 FROM therapists WHERE key = 'carter' FOR KEY SHARE")
                ).one()
                with pytest.raises(OperationalError, match="lock timeout"):
                    other.execute(text("SET LOCAL lock_timeout = '200ms'"))
                    other.execute(text("SELECT 1 FROM therapists WHERE key = 'carter' FOR UPDATE"))
    finally:
        database.dispose()


def test_the_reference_taken_last_is_the_one_audited(database: Database) -> None:
    load_booking_clinic(database)
    first = book(database, BookingRequest("kim", "c1", "individual", TEN), actor="alex", now=NOW)
    second = book(database, BookingRequest("kim", "c2", "individual", TEN + timedelta(hours=1)),
                  actor="alex", now=NOW)  # fmt: skip
    assert (first.reference, second.reference) == ("BK-2025-000001", "BK-2025-000002")
    with database.read() as session:
        rows = session.execute(
            text(
                "SELECT s.reference, a.after FROM sessions s JOIN audit_log a"
                " ON a.entity_id = s.id AND a.action = 'session.book' ORDER BY s.id"
            )
        ).all()
    audited = [
        (reference, after if isinstance(after, dict) else json.loads(after))
        for reference, after in rows
    ]
    assert [(r, a["reference"], a["client"]) for r, a in audited] == [
        ("BK-2025-000001", "BK-2025-000001", "c1"),
        ("BK-2025-000002", "BK-2025-000002", "c2"),
    ]


def test_a_chain_of_moves_is_written_whole(database: Database) -> None:
    # Dr. Carter's family session can only have r1; Kim's sand-tray session there can only
    # go to r2, where Dr. Lee's session sits, which can go to r3: two sessions move.
    clinic = booking_clinic()
    clinic["rooms"] = [
        {"key": "r1", "name": "Family Room", "capacity": 4, "features": ["family", "sandtray"]},
        {"key": "r2", "name": "Sand Room", "capacity": 2, "features": ["sandtray"]},
        {"key": "r3", "name": "Room 3", "capacity": 1, "features": []},
    ]
    clinic["services"].append({"key": "sand", "name": "Sand tray", "duration_minutes": 50,
                               "price": "150.00", "required_features": ["sandtray"]})  # fmt: skip
    kim = dict(clinic["therapists"][1], email="kim@example.org")
    lee = dict(kim, key="lee", name="Dr. Lee", email="lee@example.org")
    clinic["therapists"][1:] = [kim, lee]
    import_clinic(database, clinic, actor="test")
    book(database, BookingRequest("kim", "c2", "sand", TEN, room="r1"), actor="maria", now=NOW)
    book(database, BookingRequest("lee", "c3", "individual", TEN, room="r2"),
         actor="maria", now=NOW)  # fmt: skip
    result = book(database, BookingRequest("carter", "c1", "family", TEN), actor="alex", now=NOW)
    assert result.room == "r1"
    assert sorted((m.from_room, m.to_room) for m in result.moved) == [("r1", "r2"), ("r2", "r3")]
    assert _overlapping_rooms(database) == []
    with database.read() as session:
        rows = session.execute(
            text(
                "SELECT s.reference, r.key, s.revision,"
                " (SELECT count(*) FROM audit_log a WHERE a.entity_id = s.id"
                "  AND a.action = 'session.room_change'),"
                " (SELECT count(*) FROM outbox o WHERE o.session_id = s.id AND o.kind = 'change'"
                "  AND o.revision = s.revision AND o.target = 'email_therapist')"
                " FROM sessions s JOIN rooms r ON r.id = s.room_id ORDER BY s.id"
            )
        ).all()
    assert [tuple(row[1:]) for row in rows] == [("r2", 2, 1, 1), ("r3", 2, 1, 1), ("r1", 1, 0, 0)]


def test_a_reschedule_into_a_day_waits_for_its_turn_on_postgresql(postgres_url: str) -> None:
    database = Database(postgres_url)
    try:
        load_booking_clinic(database)
        monday = book(database, BookingRequest("kim", "c2", "individual", TEN - timedelta(days=1)),
                      actor="alex", now=NOW)  # fmt: skip
        finished: list[str] = []

        def move() -> None:
            reschedule(database, monday.reference, TEN, actor="alex", now=NOW)
            finished.append("moved")

        with database.write() as session:  # a booking's turn for Tuesday
            lock_day_and_therapist(session, "carter", TEN)
            mover = threading.Thread(target=move)
            mover.start()
            mover.join(timeout=1.0)
            assert finished == [], "the reschedule waits for Tuesday's turn"
        mover.join(timeout=10)
        assert finished == ["moved"]
    finally:
        database.dispose()
