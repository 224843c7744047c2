"""Issue 19: each report against figures worked out independently (tests/reports_support.py:
a walk over every real minute for available time, plain SELECTs and Python loops for counts
and money) on random small clinics across both DST changes, on SQLite and PostgreSQL; and
`frontdesk report` against `run_report`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.reports import ReportInputError, ReportKind, run_report
from db.engine import Database
from tests.conftest import postgres_test_url
from tests.reports_support import (
    BOOKED,
    PERIODS,
    block_spans,
    build_clinic,
    days,
    minutes_walked,
    payment_rows,
    period_bounds,
    plan_of,
    session_rows,
    windows_of,
)
from tests.test_cli import run, run_in_process

SEEDS = (1, 6, 10)  # 6 and 10: an inactive therapist and the credit netting to 0
CREDIT = ""
Row = tuple[Any, ...]


class Clinics:
    """The random clinics, each built once per database kind for this module and then only
    read (reports write nothing): a copy of the migrated template per clinic."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self._request, self._folder = request, folder
        self._built: dict[tuple[int, str], tuple[Database, dict[str, Any]]] = {}
        self._copies: list[str] = []

    def get(self, seed: int, dialect: str) -> tuple[Database, dict[str, Any]]:
        if (seed, dialect) not in self._built:
            if dialect == "sqlite":
                path = self._folder / f"clinic-{seed}.sqlite3"
                shutil.copyfile(self._request.getfixturevalue("migrated_template"), path)
                database = Database(f"sqlite:///{path}")
            else:
                name = self._request.getfixturevalue("postgres_copies").take()
                self._copies.append(name)
                database = Database(postgres_test_url(name))
            self._built[(seed, dialect)] = database, build_clinic(database, seed)
        return self._built[(seed, dialect)]

    def close(self) -> None:
        for database, _document in self._built.values():
            database.dispose()
        if self._copies:
            copies = self._request.getfixturevalue("postgres_copies")
            for name in self._copies:
                copies.give_back(name)


@pytest.fixture(scope="module")
def clinics(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Clinics]:
    built = Clinics(request, tmp_path_factory.mktemp("report-clinics"))
    yield built
    built.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=SEEDS)
def clinic(
    request: pytest.FixtureRequest, dialect: str, clinics: Clinics
) -> tuple[Database, dict[str, Any]]:
    """A random clinic (its seed a parameter) on each database, and its clinic file."""
    return clinics.get(request.param, dialect)


def ratio(top: int, bottom: int, zero: float | None) -> float | None:
    return round(top / bottom, 3) if bottom else zero


def names(document: dict[str, Any], by: str) -> dict[str, tuple[str, bool]]:
    """key → (name, active) of the therapists, rooms or services."""
    section = {"therapist": "therapists", "room": "rooms", "service": "services"}[by]
    return {item["key"]: (item["name"], item.get("active", True)) for item in document[section]}


def shown(everyone: dict[str, tuple[str, bool]], figures: dict[str, list[int]]) -> list[str]:
    """Every active one, and inactive ones with a figure that is not zero."""
    return [
        key for key, (_name, active) in everyone.items() if active or any(figures.get(key, [0]))
    ]


def total_of(rows: list[Row], ratio_at: int | None, ratio_of: Callable[[Row], Any]) -> Row:
    sums = [sum(row[i] or 0 for row in rows) for i in range(2, len(rows[0]))]
    total: list[Any] = ["", "Total", *sums]
    if ratio_at is not None:
        total[ratio_at] = ratio_of(tuple(total))
    return tuple(total)


# --- utilisation ------------------------------------------------------------------------------


def expected_utilisation(
    document: dict[str, Any],
    sessions: list[dict[str, Any]],
    by: str,
    first: date,
    last: date,
    rows_of: list[str] | None = None,
) -> list[Row]:
    """`rows_of`: the keys whose rows to give (a week's line counts the period's rows)."""
    start, end = period_bounds(first, last)
    booked: dict[str, int] = {}
    for s in sessions:
        key = s[by]
        if start <= s["starts_at"] < end and s["status"] in BOOKED and key is not None:
            seconds = (s["ends_at"] - s["starts_at"]).total_seconds()
            booked[key] = booked.get(key, 0) + int(seconds) // 60
    working = [t for t in document["therapists"] if t.get("active", True)]
    plans = {t["key"]: plan_of(t) for t in working}
    available: dict[str, int] = {}
    if by == "therapist":  # an inactive therapist shown (for its sessions) has its hours too
        for key, plan in {t["key"]: plan_of(t) for t in document["therapists"]}.items():
            blocks = block_spans(plan, first, last)
            available[key] = sum(
                minutes_walked(day, windows_of(plan, day), blocks) for day in days(first, last)
            )
    else:
        union = sum(
            minutes_walked(day, [w for p in plans.values() for w in windows_of(p, day)], [])
            for day in days(first, last)
        )
        available = {r["key"]: union for r in document["rooms"] if r.get("active", True)}
    everyone = names(document, by)
    figures = {k: [available.get(k, 0), booked.get(k, 0)] for k in everyone}
    keys = (
        rows_of if rows_of is not None else shown(everyone, {k: [v[1]] for k, v in figures.items()})
    )
    return [
        (key, everyone[key][0], *figures[key], ratio(figures[key][1], figures[key][0], 0.0))
        for key in keys
    ]


@pytest.mark.parametrize("by", ["therapist", "room"])
def test_utilisation_is_the_minutes_walked_one_by_one(
    clinic: tuple[Database, dict[str, Any]], by: str
) -> None:
    database, document = clinic
    sessions = session_rows(database)
    for first, last in PERIODS:
        report = run_report(database, ReportKind.UTILISATION, by, first, last)
        expected = expected_utilisation(document, sessions, by, first, last)
        assert sorted(report.rows) == sorted(expected)
        assert report.total == total_of(expected, 4, lambda t: ratio(t[3], t[2], 0.0))
        # each week's line is the report of that week alone
        for week, series in report.weeks:
            rows_of = [str(row[0]) for row in expected]
            alone = expected_utilisation(document, sessions, by, week.first, week.last, rows_of)
            total = total_of(alone, 4, lambda t: ratio(t[3], t[2], 0.0))
            # a week nobody works is a gap in the line, not 0 %
            assert series == {"utilisation": total[4] if total[2] else None}, week


# --- attendance -------------------------------------------------------------------------------


def expected_attendance(
    document: dict[str, Any], sessions: list[dict[str, Any]], by: str, first: date, last: date
) -> list[Row]:
    start, end = period_bounds(first, last)
    counts: dict[str, list[int]] = {}
    for s in sessions:
        if not start <= s["starts_at"] < end:
            continue
        status = s["status"]
        row = counts.setdefault(s[by], [0] * 6)
        row[0] += 1
        row[1] += status == "completed"
        row[2] += status == "no_show"
        row[3] += status == "cancelled"
        row[4] += status == "cancelled" and bool(s["late"])
        row[5] += status in ("scheduled", "confirmed")
    everyone = names(document, by)
    rows = []
    for key in shown(everyone, counts):
        row = counts.get(key, [0] * 6)
        rows.append((key, everyone[key][0], *row, ratio(row[2], row[1] + row[2], None)))
    return rows


def attendance_total(rows: list[Row]) -> Row:
    return total_of(rows, 8, lambda t: ratio(t[4], t[3] + t[4], None))


@pytest.mark.parametrize("by", ["therapist", "service"])
def test_attendance_is_a_count_over_the_sessions_rows(
    clinic: tuple[Database, dict[str, Any]], by: str
) -> None:
    database, document = clinic
    sessions = session_rows(database)
    for first, last in PERIODS:
        report = run_report(database, ReportKind.ATTENDANCE, by, first, last)
        expected = expected_attendance(document, sessions, by, first, last)
        assert sorted(report.rows, key=str) == sorted(expected, key=str)
        assert report.total == attendance_total(expected)
        for week, series in report.weeks:
            total = attendance_total(
                expected_attendance(document, sessions, by, week.first, week.last)
            )
            assert series == {"completed": total[3], "no_show": total[4], "cancelled": total[5]}


# --- revenue ----------------------------------------------------------------------------------


SIGN = {"payment": 1, "refund": -1, "reversal": -1}
METHODS = {"card": "Card", "cash": "Cash", "other": "Other", "transfer": "Transfer"}


def expected_revenue(
    document: dict[str, Any],
    sessions: list[dict[str, Any]],
    money: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    by: str,
    first: date,
    last: date,
) -> list[Row]:
    start, end = period_bounds(first, last)
    payments, allocations = money
    paid = {p["id"]: p for p in payments if start <= p["taken_at"] < end}
    if by == "method":
        collected = dict.fromkeys(METHODS, 0)
        for p in paid.values():
            collected[p["method"]] += SIGN[p["kind"]] * p["cents"]
        return [(key, name, None, collected[key]) for key, name in METHODS.items()]
    figures: dict[str, list[int]] = {}
    for s in sessions:
        if start <= s["starts_at"] < end:
            price = s["price"] if s["status"] in ("completed", "no_show") else 0
            fee = s["fee"] if s["fee"] is not None and s["waived_by"] is None else 0
            figures.setdefault(s[by], [0, 0])[0] += price + fee
    on_sessions = 0
    for a in allocations:
        if a["payment"] in paid:
            figures.setdefault(a[by], [0, 0])[1] += a["cents"]
            on_sessions += a["cents"]
    everyone = names(document, by)
    rows: list[Row] = [
        (k, everyone[k][0], *figures.get(k, [0, 0])) for k in shown(everyone, figures)
    ]
    credit = sum(SIGN[p["kind"]] * p["cents"] for p in paid.values()) - on_sessions
    if credit:
        rows.append((CREDIT, "Credit (not on a session)", 0, credit))
    return rows


@pytest.mark.parametrize("by", ["therapist", "service", "method"])
def test_revenue_is_prices_fees_and_money_in_less_money_out(
    clinic: tuple[Database, dict[str, Any]], by: str
) -> None:
    database, document = clinic
    sessions, money = session_rows(database), payment_rows(database)
    for first, last in PERIODS:
        report = run_report(database, ReportKind.REVENUE, by, first, last)
        expected = expected_revenue(document, sessions, money, by, first, last)
        assert sorted(report.rows, key=str) == sorted(expected, key=str)
        if any(row[0] == CREDIT for row in expected):
            assert report.rows[-1][1] == "Credit (not on a session)"
        start, end = period_bounds(first, last)
        net = sum(SIGN[p["kind"]] * p["cents"] for p in money[0] if start <= p["taken_at"] < end)
        assert report.total[3] == net  # collected: Σ payments − Σ refunds − Σ reversals
        billed = None if by == "method" else sum(int(row[2]) for row in expected)
        assert report.total == ("", "Total", billed, net)
        for week, series in report.weeks:
            alone = expected_revenue(document, sessions, money, by, week.first, week.last)
            week_billed = None if by == "method" else float(sum(int(r[2]) for r in alone))
            assert series == {
                "billed_cents": week_billed,
                "collected_cents": float(sum(r[3] for r in alone)),
            }


# --- boundaries -------------------------------------------------------------------------------


def test_weeks_are_monday_first_and_clipped_to_a_period_not_starting_on_a_monday(
    clinic: tuple[Database, dict[str, Any]],
) -> None:
    database, _document = clinic
    first, last = PERIODS[0]  # Wednesday 4 March to Tuesday 17 March
    report = run_report(database, ReportKind.ATTENDANCE, "therapist", first, last)
    spans = [(week.first, week.last) for week, _series in report.weeks]
    assert spans == [
        (date(2026, 3, 4), date(2026, 3, 8)),
        (date(2026, 3, 9), date(2026, 3, 15)),
        (date(2026, 3, 16), date(2026, 3, 17)),
    ]
    week_starts = [week.starts_at for week, _ in report.weeks]
    assert [w.ends_at for w, _ in report.weeks][:-1] == week_starts[1:]
    assert week_starts[0] == period_bounds(first, last)[0]
    for column, position in (("completed", 3), ("no_show", 4), ("cancelled", 5)):
        assert sum(s[column] or 0 for _w, s in report.weeks) == report.total[position]


def test_to_is_inclusive_a_session_at_2330_counts_and_one_at_midnight_after_does_not(
    clinic: tuple[Database, dict[str, Any]],
) -> None:
    """The clinic file puts a completed session at 23:30 on each period's last day (Dr. Ames)
    and one at 00:00 the day after (Dr. Baker): a period of one day sees only its own."""
    database, document = clinic
    sessions = session_rows(database)
    for _first, last in PERIODS:
        day_after = last + timedelta(days=1)
        for day in (last, day_after):
            report = run_report(database, ReportKind.ATTENDANCE, "therapist", day, day)
            assert sorted(report.rows, key=str) == sorted(
                expected_attendance(document, sessions, "therapist", day, day), key=str
            )
            assert len(report.weeks) == 1
        late = run_report(database, ReportKind.ATTENDANCE, "therapist", last, last)
        ames = next(row for row in late.rows if row[0] == "ames")
        assert int(ames[2] or 0) >= 1 and int(ames[3] or 0) >= 1  # the 23:30 one, completed
        start, end = period_bounds(last, last)
        assert any(
            s["starts_at"] == end and s["therapist"] == "baker" for s in sessions
        )  # the one at midnight after, not in that day's figures:
        assert sum(1 for s in sessions if start <= s["starts_at"] < end) == late.total[2]


def test_money_at_local_midnight_belongs_to_the_day_it_begins(
    clinic: tuple[Database, dict[str, Any]],
) -> None:
    """Payments are taken at 00:00 on each period's first day and the day after its last
    (tests/reports_support.py `money_moments`): each one-day report by method has them."""
    database, document = clinic
    sessions, money = session_rows(database), payment_rows(database)
    for first, last in PERIODS:
        for day in (first - timedelta(days=1), first, last, last + timedelta(days=1)):
            report = run_report(database, ReportKind.REVENUE, "method", day, day)
            assert report.rows == tuple(
                expected_revenue(document, sessions, money, "method", day, day)
            )
        midnight = period_bounds(first, first)[0]
        assert any(p["taken_at"] == midnight for p in money[0])


# --- the command ------------------------------------------------------------------------------


REPORT_OPTIONS = [
    ("utilisation", "therapist"), ("utilisation", "room"), ("attendance", "therapist"),
    ("attendance", "service"), ("revenue", "therapist"), ("revenue", "service"),
    ("revenue", "method"),
]  # fmt: skip


def cli_cell(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@pytest.fixture
def seeded(dialect: str, clinics: Clinics) -> Database:
    return clinics.get(SEEDS[0], dialect)[0]


def test_the_command_prints_run_reports_rows_as_csv_and_json(seeded: Database) -> None:
    first, last = PERIODS[1]
    for kind, by in REPORT_OPTIONS:
        report = run_report(seeded, ReportKind(kind), by, first, last)
        common = ("--db", seeded.url, "report", kind, "--from", str(first), "--to", str(last),
                  "--by", by)  # fmt: skip
        as_csv = run_in_process(*common, "--csv")
        assert as_csv.returncode == 0, as_csv.stderr
        lines = list(csv.reader(io.StringIO(as_csv.stdout)))
        assert lines[0] == list(report.columns)
        assert lines[1:] == [[cli_cell(v) for v in row] for row in report.rows]
        as_json = run_in_process(*common, "--json")
        assert as_json.returncode == 0, as_json.stderr
        assert json.loads(as_json.stdout) == report.records()
    ratios = run_in_process("--db", seeded.url, "report", "attendance", "--from", str(first),
                            "--to", str(last), "--csv")  # fmt: skip
    for row in list(csv.DictReader(io.StringIO(ratios.stdout))):
        rate = row["no_show_rate"]
        assert rate == "" if row["completed"] == row["no_show"] == "0" else len(rate) == 5


def test_the_real_command_gives_the_same_json(seeded: Database) -> None:
    first, last = PERIODS[0]
    result = run("--db", seeded.url, "report", "revenue", "--from", str(first), "--to",
                 str(last), "--by", "method", "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert records == run_report(seeded, ReportKind.REVENUE, "method", first, last).records()
    assert all(record["billed_cents"] is None for record in records)


@pytest.mark.parametrize(
    "arguments",
    [
        ["utilisation", "--from", "2026-02-30", "--to", "2026-03-05", "--csv"],
        ["utilisation", "--from", "2026-03-05", "--to", "March", "--csv"],
        ["attendance", "--from", "2026-03-05", "--to", "2026-03-04", "--json"],
        ["attendance", "--from", "2026-03-04", "--to", "2026-03-05", "--by", "room", "--csv"],
        ["utilisation", "--from", "2026-03-04", "--to", "2026-03-05", "--by", "method", "--csv"],
        ["revenue", "--from", "2026-03-04", "--to", "2026-03-05"],
        ["revenue", "--from", "2026-03-04", "--to", "2026-03-05", "--csv", "--json"],
    ],
)
def test_bad_input_exits_2_printing_nothing(seeded: Database, arguments: list[str]) -> None:
    result = run_in_process("--db", seeded.url, "report", *arguments)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr


def test_no_clinic_exits_3(database: Database) -> None:
    for kind in ("utilisation", "attendance", "revenue"):
        result = run_in_process("--db", database.url, "report", kind, "--from", "2026-03-04",
                                "--to", "2026-03-05", "--json")  # fmt: skip
        assert result.returncode == 3 and result.stdout == ""
        assert "no clinic" in result.stderr


def test_the_brute_force_counts_real_minutes_on_both_change_nights() -> None:
    """The walk itself: 01:00–04:00 lasts 2 real hours on 8 March and 4 on 1 November, and a
    window ending at 02:30 on 8 March ends when the clocks jump (1 real hour from 01:00)."""
    for day, hours in ((date(2026, 3, 8), 120), (date(2026, 11, 1), 240)):
        night = [{"start": "01:00", "end": "04:00"}]
        exceptions = [{"date": str(day), "hours": night}]
        plan = plan_of({"working_hours": [], "blocks": [], "exceptions": exceptions})
        assert minutes_walked(day, windows_of(plan, day), []) == hours
    spring = date(2026, 3, 8)
    plan = plan_of({"working_hours": [{"weekday": "sunday", "start": "01:00", "end": "02:30"}],
                    "exceptions": [], "blocks": []})  # fmt: skip
    assert minutes_walked(spring, windows_of(plan, spring), []) == 60
    lunch = {
        "start": "2026-03-02T12:00",
        "end": "2026-03-02T13:00",
        "rrule": "FREQ=WEEKLY;BYDAY=MO",
    }
    plan = plan_of({"working_hours": [], "exceptions": [], "blocks": [lunch]})
    occurrences = block_spans(plan, date(2026, 3, 4), date(2026, 3, 17))
    assert [(e - s) // 60 for s, e in occurrences] == [60, 60, 60]  # 2, 9 and 16 March
    assert (occurrences[1][0] - occurrences[0][0]) // 3600 == 7 * 24 - 1  # 12:00 local both


# --- one moment ------------------------------------------------------------------------------


def test_a_report_reads_one_moment_while_another_desk_commits(database: Database) -> None:
    """A report's statements (the total of takings, then what is on sessions) must see the
    same committed state: a change committed between two of them is not half in it."""
    from sqlalchemy import func, select

    from db.models import ReceiptCounter

    count = select(func.count()).select_from(ReceiptCounter)
    with database.snapshot_read() as session:
        before = session.execute(count).scalar_one()
        with database.write() as other_desk:
            other_desk.add(ReceiptCounter(year=2099, last_number=0))
        after = session.execute(count).scalar_one()
    assert before == after == 0
    with database.read() as session:
        assert session.execute(count).scalar_one() == 1


def test_a_period_longer_than_ten_years_is_refused(clinic: tuple[Database, dict[str, Any]]) -> None:
    database, _document = clinic
    run_report(database, ReportKind.ATTENDANCE, "therapist", date(2020, 1, 1), date(2029, 12, 31))
    with pytest.raises(ReportInputError, match="at most 10 years"):
        run_report(database, ReportKind.ATTENDANCE, "therapist", date(2020, 1, 1), date(2030, 1, 1))
