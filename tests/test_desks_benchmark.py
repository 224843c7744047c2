"""benchmarks/desks.py's own arithmetic and checks: change events matched to the commits
that caused them, the invariants it checks in SQL (each shown to catch what it is for, with
the schema's guards taken away), and a desk's mix run against the real use cases."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from desk_checks import (
    Heard,
    Write,
    gaps,
    invariant_checks,
    match_changes,
    outbox_check,
    overlap_checks,
    percentile,
    receipt_check,
    reference_check,
)
from desk_day import MIX, Desk, rss_kib
from sqlalchemy import text

from app.booking import BookingRequest, book
from app.clinic_file import import_clinic
from app.demo import build_demo_clinic
from app.money.payments import PaymentRequest, take_payment
from db.engine import Database
from db.enums import OutboxStatus, OutboxTarget, PaymentMethod
from db.models import OutboxItem
from tests.booking_support import at, load_booking_clinic

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


def heard(at_: float, kinds: str = "session", days: str = "2026-12-01") -> Heard:
    return Heard(at_, tuple(kinds.split()), tuple(days.split()), missed=False)


def test_each_other_desk_is_matched_to_its_first_event_covering_the_write() -> None:
    write = Write(desk=1, began=100.0, committed=100.2, kind="session", day="2026-12-01")
    events = {
        1: [heard(100.21)],  # the writer's own desk: not a latency
        2: [
            heard(99.0),  # before the write began: another change
            heard(100.25, kinds="hold"),  # another kind
            heard(100.26, days="2026-12-02"),  # another day
            heard(100.30, kinds="hold session", days="2026-12-01 2026-12-02"),
            heard(100.50),
        ],
        3: [heard(100.15)],  # before the writer's call returned: zero, not negative
        4: [Heard(101.0, (), (), missed=True)],  # a full refresh covers every change
    }
    result = match_changes([write], events, dict.fromkeys(events, 200.0))
    assert [round(v) for v in result.latencies_ms] == [100, 0, 800]
    assert (result.unheard, result.unjudged) == (0, 0)


def test_a_write_never_heard_is_counted_and_one_at_the_end_is_not_judged() -> None:
    early = Write(desk=1, began=10.0, committed=10.1, kind="session", day="2026-12-01")
    late = Write(desk=1, began=49.5, committed=49.6, kind="session", day="2026-12-01")
    events = {1: [], 2: [heard(5.0)], 3: [heard(10.2)]}
    result = match_changes([early, late], events, {1: 50.0, 2: 50.0, 3: 50.0})
    assert result.unheard == 1  # desk 2 heard nothing after the early write
    assert result.unjudged == 2  # the late write, at desks 2 and 3
    assert [round(v) for v in result.latencies_ms] == [100]


def test_percentiles_and_gaps() -> None:
    assert percentile([], 0.95) == 0.0
    assert percentile([float(v) for v in range(1, 101)], 0.5) == 51.0
    assert percentile([float(v) for v in range(1, 101)], 0.95) == 95.0
    assert gaps({"2026": [1, 2, 3]}, {"2026": 3}) == 0
    assert gaps({"2026": [1, 3, 3]}, {"2026": 3}) == 2  # 2 missing, 3 twice
    assert gaps({"2026": [1, 2]}, {"2026": 3, "2027": 1}) == 2  # the counters went further
    assert gaps({"R": [1, 2, 7]}, {}) == 4  # no counter: 1..7, four missing


def test_a_clean_day_passes_every_invariant(database: Database) -> None:
    load_booking_clinic(database)
    for therapist, client in (("carter", "c1"), ("kim", "c2")):
        request = BookingRequest(therapist=therapist, client=client, service="individual",
                                 start=at("2025-01-13T09:00"))  # fmt: skip
        book(database, request, actor="desk1", now=NOW)
    outcomes = {c.name: c.outcome for c in invariant_checks(database, datetime.now(UTC))}
    assert outcomes == {
        "no therapist overlap": "PASS",
        "no room overlap": "PASS",
        "no client overlap": "PASS",
        "booking references gapless per year": "PASS",
        "receipts gapless": "PASS",
        "nothing stuck in the outbox": "PASS",
    }


def _drop_guards(database: Database) -> None:
    with database.write() as session:
        for name in ("therapist", "room", "client"):
            if database.dialect == "postgresql":
                guard = f"ex_sessions_{name}_overlap"
                session.execute(text(f"ALTER TABLE sessions DROP CONSTRAINT {guard}"))
            else:
                for event in ("insert", "update"):
                    session.execute(text(f"DROP TRIGGER trg_sessions_{name}_overlap_{event}"))


def test_overlaps_and_reference_gaps_are_found_once_the_guards_are_gone(
    database: Database,
) -> None:
    load_booking_clinic(database)
    references = []
    for therapist, client, start in (
        ("carter", "c1", "2025-01-13T09:00"),
        ("kim", "c2", "2025-01-13T09:00"),
        ("kim", "c3", "2025-01-13T11:00"),
    ):
        request = BookingRequest(therapist=therapist, client=client, service="individual",
                                 start=at(start))  # fmt: skip
        references.append(book(database, request, actor="desk1", now=NOW).reference)
    _drop_guards(database)
    with database.write() as session:
        # kim's 11:00 session moves to 09:00 in carter's room, with carter's client
        session.execute(
            text(
                "UPDATE sessions SET starts_at = first.starts_at, ends_at = first.ends_at,"
                " busy_from = first.busy_from, busy_until = first.busy_until,"
                " room_id = first.room_id, client_id = first.client_id"
                " FROM (SELECT * FROM sessions WHERE reference = :first) AS first"
                " WHERE sessions.reference = :third"
            ),
            {"first": references[0], "third": references[2]},
        )
        session.execute(
            text("UPDATE sessions SET reference = :gap WHERE reference = :second"),
            {"gap": references[1][:-1] + "9", "second": references[1]},
        )
    found = {c.name: (c.outcome, c.detail) for c in overlap_checks(database)}
    assert found == {
        "no therapist overlap": ("FAIL", "1 overlapping pairs"),  # kim at 09:00 twice
        "no room overlap": ("FAIL", "1 overlapping pairs"),
        "no client overlap": ("FAIL", "1 overlapping pairs"),
    }
    references_found = reference_check(database)
    assert references_found.outcome == "FAIL"
    # number 2 missing, 9 beyond the year's counter of 3
    assert references_found.detail.startswith("2 missing, repeated or malformed")


def test_receipts_are_checked_against_their_counter(database: Database) -> None:
    load_booking_clinic(database)
    assert receipt_check(database).outcome == "PASS"
    for _ in range(2):
        take_payment(database, PaymentRequest("c1", 5000, PaymentMethod.CASH),
                     actor="alex", now=NOW)  # fmt: skip
    assert receipt_check(database).outcome == "PASS"
    with database.write() as session:  # a number handed out and never written
        session.execute(text("UPDATE receipt_counters SET last_number = last_number + 1"))
    found = receipt_check(database)
    assert (found.outcome, found.detail) == ("FAIL", "1 missing or repeated of 2")


def test_an_outbox_row_due_before_the_final_pass_is_stuck(database: Database) -> None:
    due = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with database.write() as session:
        session.add(OutboxItem(target=OutboxTarget.EMAIL_CLIENT, kind="booking",
                               status=OutboxStatus.PENDING, next_attempt_at=due))  # fmt: skip
    before = outbox_check(database, due - timedelta(seconds=1))
    assert before.outcome == "PASS" and "1 not yet due" in before.detail
    after = outbox_check(database, due + timedelta(seconds=1))
    assert after.outcome == "FAIL" and after.detail.startswith("1 due but undelivered")


def test_a_desk_works_its_whole_mix_against_the_real_use_cases(sqlite_database: Database) -> None:
    """Each operation once on the demo clinic as of now: no unexpected error, and every
    write it logs is one the database holds."""
    import_clinic(sqlite_database, build_demo_clinic(seed=7, now=datetime.now(UTC)),
                  actor="demo", demo=True)  # fmt: skip
    desk = Desk(sqlite_database, index=1, seed=5)
    for _ in range(3):
        for operation in MIX:
            getattr(desk, f"do_{operation}")(time.time() + 1.0)
    report = desk.report
    assert not report.errors
    assert {"open_week", "open_day", "hold", "book", "move", "cancel"} <= set(report.latencies)
    with sqlite_database.read() as session:
        audited = session.execute(
            text("SELECT count(*) FROM audit_log WHERE actor = 'desk1'")
        ).scalar_one()
    sessions_written = sum(1 for w in report.writes if w.kind == "session")
    assert sessions_written >= 1
    # a reschedule is audited twice (the old session cancelled as moved, the new one booked)
    assert sessions_written <= audited
    assert rss_kib() > 0
