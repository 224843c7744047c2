"""`frontdesk waitlist add|list|remove` and `frontdesk inbox --json` as docs/interfaces.md says,
on SQLite and PostgreSQL: in-process (`main`, as the script runs it), and through real
processes where the process itself matters (the password from the environment)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.booking import hold
from app.booking.series import SeriesSpec, create_series
from db.engine import Database
from db.enums import Frequency
from tests.booking_support import FRONT_DESK_PASSWORD, SUPERVISOR_PASSWORD, at
from tests.test_cli import run, run_in_process
from tests.test_waitlist import waitlist_clinic

NOW = ["--now", "2025-01-10T08:00"]
LATER = ["--now", "2025-01-10T09:00"]
TUESDAY_MORNING = ["--weekdays", "tue", "--between", "09:00-12:00"]
THIS_WEEK = ["--from", "2025-01-13", "--to", "2025-01-17"]


def cli_clinic() -> dict[str, Any]:
    """The waitlist tests' clinic with Dr. Carter's Tuesday full (his cap is 3)."""
    data = waitlist_clinic()
    data["clients"][0]["email"] = "ana@mail.example.com"
    data["sessions"] = [
        {"reference": f"BK-2025-00000{n}", "therapist": "carter", "client": client,
         "service": "individual", "start": f"2025-01-14T{hour}:00", "status": "scheduled"}
        for n, (client, hour) in enumerate((("c2", "09"), ("c3", "10"), ("c4", "11")), 1)
    ]  # fmt: skip
    return data


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database with the clinic imported through the command line."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(cli_clinic()))
    imported = run_in_process("--db", url, "import", str(path))
    assert imported.returncode == 0, imported.stderr
    yield url


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_url: str) -> str:
    url = sqlite_url
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(cli_clinic()))
    assert run_in_process("--db", url, "import", str(path)).returncode == 0
    return url


def frontdesk(db: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run a command (in-process); its JSON output when it succeeds."""
    result = run_in_process("--db", db, *args, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if "--json" in args else result.stdout


def add(
    db: str, *args: str, env: dict[str, str] | None = None, runner: Any = run_in_process
) -> subprocess.CompletedProcess[str]:
    return runner("--db", db, "waitlist", "add", "--service", "individual", *args, env=env)


def matches(db: str, *now: str) -> list[dict[str, Any]]:
    items = frontdesk(db, "inbox", *(now or NOW), "--json")
    return [item for item in items if item["kind"] == "waitlist_match"]


def test_the_waitlist_from_a_cancellation_to_a_booking(db: str) -> None:
    added = add(db, "--client", "c1", "--therapist", "carter", *TUESDAY_MORNING, *THIS_WEEK,
                *NOW, "--json")  # fmt: skip
    assert added.returncode == 0, added.stderr
    entry = json.loads(added.stdout)["id"]
    assert matches(db) == []  # the day is full

    frontdesk(db, "cancel", "BK-2025-000002", "--reason", "ill", *NOW)

    offered = {
        "kind": "waitlist_match",
        "waitlist_id": entry,
        "client": "c1",
        "therapist": "carter",
        "service": "individual",
        "start": "2025-01-14T10:00:00-05:00",
        "waiting_since": "2025-01-10T08:00:00-05:00",
    }
    assert matches(db) == [offered]
    taken = frontdesk(db, "book", "--therapist", "carter", "--client", "c2", "--service",
                      "individual", "--start", "2025-01-14T10:00", *NOW, "--json")  # fmt: skip
    assert matches(db) == []  # someone else took it: never offered

    frontdesk(db, "cancel", taken["reference"], "--reason", "moved away", *NOW)
    assert matches(db) == [offered]
    frontdesk(db, "book", "--therapist", "carter", "--client", "c1", "--service",
              "individual", "--start", "2025-01-14T10:00", *LATER, "--json")  # fmt: skip
    ran = frontdesk(db, "jobs", "run-once", *LATER)
    assert "waitlist: 0 expired, 1 closed as booked" in ran
    listed = frontdesk(db, "waitlist", "list", "--all", "--json")
    assert [(e["id"], e["closed_reason"]) for e in listed] == [(entry, "booked")]
    assert frontdesk(db, "waitlist", "list", "--json") == []


def test_entries_past_their_range_expire_and_removed_ones_close(db: str) -> None:
    short = json.loads(
        add(db, "--client", "c5", "--from", "2025-01-13", "--to", "2025-01-13", *NOW,
            "--json").stdout
    )["id"]  # fmt: skip
    other = json.loads(add(db, "--client", "c6", *THIS_WEEK, *NOW, "--json").stdout)["id"]
    assert "removed waitlist entry" in frontdesk(db, "waitlist", "remove", str(other))
    ran = frontdesk(db, "jobs", "run-once", "--now", "2025-01-14T00:30")
    assert "waitlist: 1 expired" in ran
    listed = frontdesk(db, "waitlist", "list", "--all", "--json")
    assert [(e["id"], e["closed_reason"]) for e in listed] == [
        (short, "expired"),
        (other, "removed"),
    ]
    again = run_in_process("--db", db, "waitlist", "remove", str(other))
    assert again.returncode == 2 and "closed already (removed)" in again.stderr
    unknown = run_in_process("--db", db, "waitlist", "remove", "999")
    assert unknown.returncode == 2 and "no waitlist entry 999" in unknown.stderr


def test_the_list_follows_the_contract(sqlite_db: str) -> None:
    with Database(sqlite_db).engine.begin() as connection:  # c1 absorbed "ana-old" in a merge
        connection.execute(
            text("INSERT INTO client_aliases (key, client_id) SELECT 'ana-old', id"
                 " FROM clients WHERE key = 'c1'")
        )  # fmt: skip
    first = add(sqlite_db, "--client", "ana-old", "--weekdays", "mon,wed", "--between",
                "13:00-17:00", "--from", "2025-02-03", "--to", "2025-02-28", *NOW)  # fmt: skip
    assert first.returncode == 0, first.stderr
    add(sqlite_db, "--client", "c2", "--therapist", "kim", *THIS_WEEK, *LATER)
    listed = frontdesk(sqlite_db, "waitlist", "list", "--json")
    assert listed == [
        {"id": 1, "client": "c1", "service": "individual", "therapist": None,
         "weekdays": ["mon", "wed"], "between": "13:00-17:00", "from": "2025-02-03",
         "to": "2025-02-28", "created_at": "2025-01-10T08:00:00-05:00", "closed_reason": None},
        {"id": 2, "client": "c2", "service": "individual", "therapist": "kim",
         "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "between": None,
         "from": "2025-01-13", "to": "2025-01-17", "created_at": "2025-01-10T09:00:00-05:00",
         "closed_reason": None},
    ]  # fmt: skip
    text_list = frontdesk(sqlite_db, "waitlist", "list")
    assert "Any therapist · Mon, Wed · 13:00–17:00 · 3–28 Feb" in text_list


def test_the_inbox_lists_every_kind_with_keys_not_names(sqlite_db: str) -> None:
    database = Database(sqlite_db)
    hold(database, "kim", "individual", at("2025-01-13T09:00"), actor="alex",
         now=at("2025-01-10T08:00"))  # fmt: skip
    frontdesk(sqlite_db, "book", "--therapist", "kim", "--client", "c1", "--service",
              "individual", "--start", "2025-01-15T09:00", *NOW, "--json")  # fmt: skip
    with database.engine.begin() as connection:  # its confirmation email failed for good
        connection.execute(text("UPDATE outbox SET status = 'failed'"))
    add(sqlite_db, "--client", "c1", "--therapist", "kim", *TUESDAY_MORNING, *THIS_WEEK, *NOW)
    series = SeriesSpec("carter", "c5", "individual", Frequency.WEEKLY, date(2025, 1, 14), 600)
    create_series(database, series, actor="alex", now=at("2025-01-10T07:00"))
    database.dispose()
    frontdesk(sqlite_db, "jobs", "run-once", *NOW)  # Tuesday 14th: Dr. Carter's day is full
    items = frontdesk(sqlite_db, "inbox", *NOW, "--json")
    kinds = ["sync_failed", "hold", "waitlist_match", "recurring_conflict"]
    assert [item["kind"] for item in items] == kinds
    failed, held, match, conflict = items
    assert conflict == {
        "kind": "recurring_conflict",
        "id": conflict["id"],
        "series": "c5-carter",
        "therapist": "carter",
        "client": "c5",
        "service": "individual",
        "start": "2025-01-14T10:00:00-05:00",
        "reason": "cap_reached",
        "created_at": "2025-01-10T08:00:00-05:00",
    }
    assert failed == {"kind": "sync_failed", "count": 1}
    assert held == {
        "kind": "hold",
        "therapist": "kim",
        "start": "2025-01-13T09:00:00-05:00",
        "expires_at": "2025-01-10T08:10:00-05:00",
        "held_by": "alex",
    }
    assert match["start"] == "2025-01-14T09:00:00-05:00" and match["client"] == "c1"
    assert "Ana One" not in json.dumps(items)
    screen = frontdesk(sqlite_db, "inbox", *NOW)
    assert "waitlist_match: Waitlist: Ana One could have Dr. Kim, Tue 14 Jan 09:00" in screen


def test_who_adds_is_recorded_with_their_password(sqlite_db: str) -> None:
    """Real processes: the password comes from their environment."""
    good = add(sqlite_db, "--client", "c1", *THIS_WEEK, *NOW, "--as", "alex",
               env={"FRONTDESK_PASSWORD": FRONT_DESK_PASSWORD}, runner=run)  # fmt: skip
    assert good.returncode == 0, good.stderr
    wrong = add(sqlite_db, "--client", "c2", *THIS_WEEK, *NOW, "--as", "maria",
                env={"FRONTDESK_PASSWORD": FRONT_DESK_PASSWORD}, runner=run)  # fmt: skip
    assert wrong.returncode == 3 and "needs that user's password" in wrong.stderr
    removed = run("--db", sqlite_db, "waitlist", "remove", "1", "--as", "maria",
                  env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD})  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    with Database(sqlite_db).engine.connect() as connection:
        actors = connection.execute(
            text("SELECT action, actor FROM audit_log WHERE action LIKE 'waitlist.%' ORDER BY id")
        ).all()
    assert [tuple(row) for row in actors] == [
        ("waitlist.add", "alex"),
        ("waitlist.remove", "maria"),
    ]


def _tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return {
                table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]
                for table in ("waitlist_entries", "waitlist_matches", "audit_log")
            }
    finally:
        database.dispose()


BAD_ADDS = [
    (["--client", "nobody", *THIS_WEEK], "--client: no client has the key 'nobody'"),
    (["--client", "c1", "--therapist", "nobody", *THIS_WEEK], "no active therapist has the key"),
    (["--client", "c1", "--weekdays", "mon,xyz", *THIS_WEEK], "--weekdays: 'xyz' is not a weekday"),
    (["--client", "c1", "--between", "12:00-09:00", *THIS_WEEK], "must end after it starts"),
    (
        ["--client", "c1", "--between", "09:00-09:30", *THIS_WEEK],
        "shorter than the service (Individual: 50 minutes)",
    ),
    (["--client", "c1", "--from", "2025-01-17", "--to", "2025-01-13"], "ends (2025-01-13)"),
    (["--client", "c1", "--from", "2025-01-01", "--to", "2025-01-09"], "before today"),
    (["--client", "c1", "--from", "2025-13-01", "--to", "2025-01-17"], "--from: '2025-13-01'"),
]


def test_bad_input_exits_2_and_changes_nothing(sqlite_db: str) -> None:
    before = _tables(sqlite_db)
    for args, message in BAD_ADDS:
        result = add(sqlite_db, *args, *NOW, "--json")
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stdout == ""
    unknown_service = run_in_process("--db", sqlite_db, "waitlist", "add", "--client", "c1",
                                     "--service", "massage", *THIS_WEEK, *NOW)  # fmt: skip
    assert unknown_service.returncode == 2
    assert "--service: no active service has the key 'massage'" in unknown_service.stderr
    assert _tables(sqlite_db) == before
