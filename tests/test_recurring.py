"""Recurring series (docs/scheduling.md, Recurring series) with a controlled clock: which dates are
booked, what a conflict leaves behind, pause/resume/change/stop, and idempotency — run twice, and
killed halfway in a real OS process and run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.booking import BookingRequest, book
from app.booking.recurring import generate_recurring
from app.booking.series import (
    SeriesInputError,
    SeriesSpec,
    change_series,
    create_series,
    pause_series,
    resume_series,
    stop_series,
)
from app.booking.series_views import series_views
from app.clinic_file import import_clinic
from app.inbox import RECURRING_CONFLICT, inbox, mark_done
from app.money.payments import PaymentRequest, take_payment
from app.scheduling.recurrence import MonthlyMode
from db.engine import Database
from db.enums import Frequency, PaymentMethod, SessionStatus
from db.models import Notice, RecurringSeries, TherapySession
from tests.booking_support import ZONE, at, booking_clinic

ALL_WEEK = [
    {"weekday": day, "start": "08:00", "end": "20:00"}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
]


def clinic(clients: int = 3) -> dict[str, Any]:
    data = booking_clinic()
    kim = data["therapists"][1]
    kim["working_hours"] = ALL_WEEK
    kim["max_advance_days"] = 400
    kim["min_notice_minutes"] = 0
    data["therapists"][0]["blocks"] = []
    data["clients"] += [
        {"key": f"x{n}", "name": f"Extra {n}", "phone": f"+1555987{n:04d}"} for n in range(clients)
    ]
    return data


@pytest.fixture
def recurring_db(database: Database) -> Database:
    import_clinic(database, clinic(), actor="test")
    return database


def utc(text_: str) -> datetime:
    return at(text_).astimezone(UTC)


def spec(**values: Any) -> SeriesSpec:
    base: dict[str, Any] = {
        "therapist": "kim",
        "client": "c1",
        "service": "individual",
        "frequency": Frequency.WEEKLY,
        "start_date": date(2026, 10, 26),
        "start_minute": 9 * 60,
    }
    return SeriesSpec(**{**base, **values})


def generated(database: Database, key: str) -> list[datetime]:
    """The series' booked (non-cancelled) starts, local time."""
    with database.read() as session:
        return [
            s.astimezone(ZONE)
            for s in session.scalars(
                select(TherapySession.starts_at)
                .join(RecurringSeries, RecurringSeries.id == TherapySession.series_id)
                .where(RecurringSeries.key == key, TherapySession.status != SessionStatus.CANCELLED)
                .order_by(TherapySession.starts_at)
            )
        ]


def notices(database: Database) -> dict[date, str]:
    with database.read() as session:
        rows = session.execute(
            select(Notice.occurrence_date, Notice.reason).where(Notice.kind == RECURRING_CONFLICT)
        ).all()
    found: dict[date, str] = {}
    for day, reason in rows:
        assert day not in found, f"two notices for {day}"
        found[day] = reason
    return found


def test_weekly_keeps_its_wall_time_across_the_fall_back_change(recurring_db: Database) -> None:
    key = create_series(recurring_db, spec(), actor="alex", now=utc("2026-10-20T08:00"))
    summary = generate_recurring(recurring_db, utc("2026-10-20T08:00"), days_ahead=14)
    assert (summary.processed, summary.generated, summary.skipped) == (1, 2, 0)
    starts = generated(recurring_db, key)
    assert [(s.date(), s.hour, s.minute) for s in starts] == [
        (date(2026, 10, 26), 9, 0),
        (date(2026, 11, 2), 9, 0),  # the Sunday before, clocks fell back
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [13, 14]
    with recurring_db.read() as session:
        row = session.scalars(select(TherapySession).order_by(TherapySession.id)).first()
        assert row is not None and row.price_cents == 15000 and row.occurrence_date


@pytest.mark.parametrize(
    ("values", "now", "ahead", "expected"),
    [
        (  # biweekly keeps the first week's parity, across spring forward (14 Mar 2027)
            {"frequency": Frequency.BIWEEKLY, "start_date": date(2027, 2, 1)},
            "2027-01-31T08:00",
            60,
            [
                date(2027, 2, 1),
                date(2027, 2, 15),
                date(2027, 3, 1),
                date(2027, 3, 15),
                date(2027, 3, 29),
            ],
        ),
        (  # the 31st falls on the last day of shorter months
            {"frequency": Frequency.MONTHLY, "start_date": date(2027, 1, 31)},
            "2027-01-30T08:00",
            60,
            [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)],
        ),
        (  # a fifth Friday means the last Friday
            {
                "frequency": Frequency.MONTHLY,
                "start_date": date(2027, 1, 29),
                "monthly_mode": MonthlyMode.WEEKDAY,
            },
            "2027-01-28T08:00",
            60,
            [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)],
        ),
        (
            {
                "frequency": Frequency.EVERY_N_DAYS,
                "interval_days": 10,
                "start_date": date(2027, 3, 4),
            },
            "2027-03-03T08:00",
            30,
            [date(2027, 3, 4), date(2027, 3, 14), date(2027, 3, 24)],
        ),
    ],
)
def test_frequencies(
    recurring_db: Database, values: dict[str, Any], now: str, ahead: int, expected: list[date]
) -> None:
    key = create_series(recurring_db, spec(**values), actor="alex", now=utc(now))
    generate_recurring(recurring_db, utc(now), days_ahead=ahead)
    starts = generated(recurring_db, key)
    assert [s.date() for s in starts] == expected
    assert {(s.hour, s.minute) for s in starts} == {(9, 0)}
    assert notices(recurring_db) == {}


def test_each_conflict_skips_exactly_its_occurrence_with_a_notice(
    recurring_db: Database,
) -> None:
    now = utc("2026-10-05T08:00")  # a Monday; the series is on Wednesdays at 14:00
    weeks = [date(2026, 10, 7) + timedelta(weeks=n) for n in range(7)]
    # week 2: the therapist already has a session then
    book(
        recurring_db,
        BookingRequest("carter", "c2", "individual", at("2026-10-14T14:00")),
        actor="t",
        now=now,
    )
    # week 3: a blocked afternoon
    import_clinic(
        recurring_db,
        {
            "therapists": [
                {
                    **clinic()["therapists"][0],
                    "blocks": [
                        {"start": "2026-10-21T13:00", "end": "2026-10-21T17:00", "type": "training"}
                    ],
                    "exceptions": [{"date": "2026-10-28", "available": False, "reason": "day off"}],
                }
            ]
        },
        actor="t",
    )  # week 4: a day off
    # week 5: the day is at the cap (3)
    for client, clock in (("c2", "09:00"), ("c3", "10:00"), ("c2", "11:00")):
        book(
            recurring_db,
            BookingRequest("carter", client, "individual", at(f"2026-11-04T{clock}")),
            actor="t",
            now=now,
        )
    # week 6: the only family room is taken by another therapist's family session
    book(
        recurring_db,
        BookingRequest("kim", "c2", "family", at("2026-11-11T14:00")),
        actor="t",
        now=now,
    )
    key = create_series(
        recurring_db,
        spec(therapist="carter", service="family", start_date=weeks[0], start_minute=14 * 60),
        actor="alex",
        now=now,
    )
    summary = generate_recurring(recurring_db, now, days_ahead=49)
    assert [s.date() for s in generated(recurring_db, key)] == [weeks[0], weeks[6]]
    assert notices(recurring_db) == {
        weeks[1]: "booked",
        weeks[2]: "blocked",
        weeks[3]: "outside_hours",
        weeks[4]: "cap_reached",
        weeks[5]: "no_room",
    }
    assert (summary.generated, summary.skipped, summary.errors) == (2, 5, 0)
    items = inbox(recurring_db, now)
    assert len(items) == 5 and all("Ana One" in item.title for item in items)
    # Run again: nothing new anywhere.
    with recurring_db.read() as session:
        before = session.scalar(select(func.count()).select_from(TherapySession))
    again = generate_recurring(recurring_db, now, days_ahead=49)
    assert (again.generated, again.skipped, again.already) == (0, 0, 7)
    with recurring_db.read() as session:
        assert session.scalar(select(func.count()).select_from(TherapySession)) == before
        assert session.scalar(select(func.count()).select_from(Notice)) == 5
    # Marking one done takes it out of the inbox, for good.
    assert mark_done(recurring_db, [items[0].id or 0], actor="alex", now=now) == 1
    assert len(inbox(recurring_db, now)) == 4
    generate_recurring(recurring_db, now, days_ahead=49)
    assert len(inbox(recurring_db, now)) == 4


def test_a_start_skipped_by_dst_is_a_notice(recurring_db: Database) -> None:
    now = utc("2027-03-06T08:00")
    import_clinic(
        recurring_db,
        {
            "therapists": [
                {
                    **clinic()["therapists"][1],
                    "working_hours": [{"weekday": "sunday", "start": "00:00", "end": "23:59"}],
                }
            ]
        },
        actor="t",
    )
    create_series(
        recurring_db,
        spec(start_date=date(2027, 3, 7), start_minute=2 * 60 + 30),
        actor="alex",
        now=now,
    )
    generate_recurring(recurring_db, now, days_ahead=14)
    assert notices(recurring_db) == {date(2027, 3, 14): "dst_gap"}


def test_pause_resume_change_and_stop(recurring_db: Database) -> None:
    first = utc("2026-10-20T08:00")
    key = create_series(recurring_db, spec(start_minute=10 * 60), actor="alex", now=first)
    generate_recurring(recurring_db, first, days_ahead=14)  # 26 Oct, 2 Nov
    assert len(generated(recurring_db, key)) == 2
    pause_series(recurring_db, key, actor="alex", now=utc("2026-10-21T08:00"))
    assert series_views(recurring_db, first)[0].state == "paused"
    generate_recurring(recurring_db, utc("2026-11-05T08:00"), days_ahead=14)
    assert len(generated(recurring_db, key)) == 2  # paused: nothing new; booked ones stay
    resume_series(recurring_db, key, actor="alex", now=utc("2026-11-20T08:00"))
    generate_recurring(recurring_db, utc("2026-11-20T08:00"), days_ahead=14)
    # 9 and 16 Nov were missed while paused and are not backfilled
    assert [s.date() for s in generated(recurring_db, key)] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    # Change the time; generated future ones move unless paid.
    with recurring_db.read() as session:
        paid = session.scalar(
            select(TherapySession).where(TherapySession.occurrence_date == date(2026, 11, 30))
        )
        assert paid is not None
        paid_in_advance = PaymentRequest(
            paid.client.key, paid.price_cents, PaymentMethod.CASH, sessions=(paid.reference,)
        )
    take_payment(recurring_db, paid_in_advance, actor="alex", now=utc("2026-11-21T07:00"))
    result = change_series(
        recurring_db,
        key,
        spec(start_minute=11 * 60),
        actor="alex",
        now=utc("2026-11-21T08:00"),
        update_generated=True,
    )
    assert len(result.updated) == 1 and len(result.left) == 1
    starts = {s.date(): (s.hour, s.minute) for s in generated(recurring_db, key)}
    assert starts[date(2026, 11, 23)] == (11, 0)  # moved (a new reference, same series date)
    assert starts[date(2026, 11, 30)] == (10, 0)  # paid: left
    generate_recurring(recurring_db, utc("2026-11-21T08:00"), days_ahead=21)
    assert generated(recurring_db, key)[-1].date() == date(2026, 12, 7)
    assert (generated(recurring_db, key)[-1].hour) == 11  # new ones follow the new time
    with pytest.raises(SeriesInputError):
        change_series(recurring_db, key, spec(client="c2"), actor="a", now=utc("2026-11-21T08:00"))
    # Stop, cancelling what is booked ahead.
    cancelled = stop_series(
        recurring_db, key, actor="alex", now=utc("2026-11-22T08:00"), cancel_future=True
    )
    assert len(cancelled) == 3
    assert [s.date() for s in generated(recurring_db, key)][-1] < date(2026, 11, 22)
    assert generate_recurring(recurring_db, utc("2026-11-22T08:00"), days_ahead=30).processed == 0
    assert series_views(recurring_db, utc("2026-11-22T08:00"))[0].state == "ended"


def test_moving_the_booked_ones_leaves_a_session_without_a_series_date(
    recurring_db: Database,
) -> None:
    """A clinic file may name a session's series without its date in it; changing the rule
    with `update_generated` leaves that one and says so (it used to stop with a TypeError
    after the rule had changed, before the others moved)."""
    now = utc("2026-10-20T08:00")
    key = create_series(recurring_db, spec(), actor="alex", now=now)
    generate_recurring(recurring_db, now, days_ahead=14)  # 26 Oct, 2 Nov at 09:00
    imported = {"reference": "BK-2026-000900", "therapist": "kim", "client": "c1",
                "service": "individual", "start": "2026-11-09T09:00", "series": key}  # fmt: skip
    import_clinic(recurring_db, {"sessions": [imported]}, actor="t")
    result = change_series(
        recurring_db, key, spec(start_minute=11 * 60), actor="alex", now=now, update_generated=True
    )
    assert len(result.updated) == 2
    assert result.left == ["BK-2026-000900"]
    assert result.messages == ["BK-2026-000900 has no date in the series; left"]
    starts = [(s.date(), s.hour) for s in generated(recurring_db, key)]
    assert starts == [(date(2026, 10, 26), 11), (date(2026, 11, 2), 11), (date(2026, 11, 9), 9)]


def test_series_input_is_checked(recurring_db: Database) -> None:
    now = utc("2026-10-20T08:00")
    with pytest.raises(SeriesInputError, match="every N days needs N"):
        create_series(recurring_db, spec(frequency=Frequency.EVERY_N_DAYS), actor="a", now=now)
    with pytest.raises(SeriesInputError, match="end date is before"):
        create_series(recurring_db, spec(end_date=date(2026, 1, 1)), actor="a", now=now)
    with pytest.raises(SeriesInputError, match="no client"):
        create_series(recurring_db, spec(client="nobody"), actor="a", now=now)
    with recurring_db.read() as session:
        assert session.scalar(select(func.count()).select_from(RecurringSeries)) == 0


KILLED_RUN = """
import sys, time
from datetime import datetime
import app.booking.recurring as recurring
from db.engine import Database

real = recurring.book_each
def slow(*args, **kwargs):
    results = real(*args, **kwargs)
    print("batch", flush=True)
    time.sleep(0.5)  # the test kills the process in here, between two batches' commits
    return results
recurring.book_each = slow
recurring.BATCH = 40
recurring.generate_recurring(Database(sys.argv[1]), datetime.fromisoformat(sys.argv[2]),
                             days_ahead=28)
"""


def test_a_run_killed_halfway_then_run_again_books_everything_exactly_once(
    tmp_path: Path, sqlite_url: str
) -> None:
    database = Database(sqlite_url)
    import_clinic(database, clinic(clients=60), actor="test")
    now = utc("2026-10-04T08:00")
    for n in range(60):  # 60 weekly series, every day of the week, 4 weeks: 240 occurrences
        create_series(
            database,
            spec(
                client=f"x{n}",
                start_date=date(2026, 10, 5 + n % 7),
                start_minute=8 * 60 + (n // 7) * 60,
            ),
            actor="t",
            now=now,
        )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, sqlite_url, now.isoformat()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "batch", process.stderr.read()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    with database.read() as session:
        halfway = session.scalar(select(func.count()).select_from(TherapySession))
    assert 0 < halfway < 240
    summary = generate_recurring(database, now, days_ahead=28)
    with database.read() as session:
        booked = session.scalar(select(func.count()).select_from(TherapySession))
        filed = session.scalar(select(func.count()).select_from(Notice))
        duplicates = session.execute(
            text(
                "SELECT series_id, occurrence_date, COUNT(*) FROM sessions"
                " GROUP BY series_id, occurrence_date HAVING COUNT(*) > 1"
            )
        ).all()
    assert duplicates == []
    assert booked + filed == 240 and summary.already == halfway
    assert generate_recurring(database, now, days_ahead=28).generated == 0
    database.dispose()


def test_the_inbox_lists_starts_held_at_a_desk_until_they_expire(recurring_db: Database) -> None:
    from app.booking import hold

    now = utc("2026-10-05T08:00")
    hold(recurring_db, "carter", "individual", at("2026-10-07T14:00"), actor="alex", now=now)
    items = inbox(recurring_db, now)
    assert [(i.id, i.kind, i.title) for i in items] == [
        (None, "hold", "Held: Dr. Carter, Wed 07 Oct 14:00")
    ]
    assert items[0].detail == "by alex, expires in 10 min (08:10) unless booked"
    assert inbox(recurring_db, utc("2026-10-05T08:11")) == []  # lapsed: gone


def test_a_generation_refused_by_a_busy_database_is_tried_again_in_minutes(
    sqlite_url: str,
) -> None:
    """Behind a desk stalled mid-write the leader's generation fails; it is tried again a
    few minutes later, not at the next daily run, and nothing was noted as a conflict."""
    from app.config import load_config
    from app.jobs import GENERATION_RETRY_JOB, GENERATION_RETRY_MINUTES, JobRunner
    from tests.test_stalled_desks import end_the_stall, stall_a_writer

    setup = Database(sqlite_url)
    import_clinic(setup, clinic(), actor="test")
    create_series(setup, spec(), actor="alex", now=utc("2026-10-20T08:00"))
    setup.dispose()
    database = Database(sqlite_url, lock_wait=0.3)
    runner = JobRunner(load_config(), database, clock=lambda: utc("2026-10-20T08:00"))
    writer = stall_a_writer(sqlite_url)
    try:
        runner._lead()  # leads at once: the first generation runs now, behind the stall
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while runner.scheduler.get_job(GENERATION_RETRY_JOB) is None:  # type: ignore[union-attr]
            assert datetime.now(UTC) < deadline, "no retry was scheduled"
            time.sleep(0.05)
        retry = runner.scheduler.get_job(GENERATION_RETRY_JOB)  # type: ignore[union-attr]
        wait = retry.next_run_time - datetime.now(UTC)
        assert timedelta(minutes=GENERATION_RETRY_MINUTES - 1) < wait
        assert wait <= timedelta(minutes=GENERATION_RETRY_MINUTES)
    finally:
        runner.stop()
        end_the_stall(writer)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Notice)) == 0
        assert session.scalar(select(func.count()).select_from(TherapySession)) == 0
    database.dispose()
