"""`frontdesk slots / book / reschedule / cancel / status` exactly as docs/interfaces.md says.
In-process (`main`, as the script runs it) where a test is about what a command does; the
tests of booking, of failed passwords counted across runs, of bytes that are not UTF-8 and
of a closed pipe run real processes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from db.engine import Database
from tests.booking_support import SUPERVISOR_PASSWORD, booking_clinic, snapshot
from tests.test_cli import FRONTDESK, Runner, run, run_in_process

NOW = ["--now", "2025-01-10T08:00"]
STATUSES = {
    "available",
    "on_leave",
    "too_soon",
    "too_far",
    "cap_reached",
    "blocked",
    "external_busy",
    "booked",
    "held",
    "no_room",
}


@pytest.fixture
def db(tmp_path: Path, sqlite_url: str) -> str:
    """A migrated file with the booking clinic imported through the command line."""
    url = sqlite_url
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(booking_clinic()))
    assert run_in_process("--db", url, "import", str(path)).returncode == 0
    return url


def book(
    db: str, *args: str, env: dict[str, str] | None = None, runner: Runner = run_in_process
) -> subprocess.CompletedProcess[str]:
    return runner(
        "--db",
        db,
        "book",
        "--therapist",
        "carter",
        "--service",
        "individual",
        *NOW,
        "--json",
        *args,
        env=env,
    )


def slots(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`frontdesk slots` for carter's individual sessions from 2025-01-15."""
    return run_in_process(
        "--db",
        db,
        "slots",
        "--therapist",
        "carter",
        "--service",
        "individual",
        "--date",
        "2025-01-15",
        *args,
    )


def test_slots_json_follows_the_contract(db: str) -> None:
    result = slots(db, "--days", "2", *NOW, "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert listing["therapist"] == "carter" and listing["service"] == "individual"
    assert listing["duration_minutes"] == 50 and listing["timezone"] == "America/New_York"
    assert [d["date"] for d in listing["days"]] == ["2025-01-15", "2025-01-16"]
    first = listing["days"][0]["slots"]
    assert first[0] == {
        "start": "2025-01-15T09:00:00-05:00",
        "end": "2025-01-15T09:50:00-05:00",
        "status": "available",
    }
    blocked = next(s for s in first if s["start"] == "2025-01-15T10:00:00-05:00")
    assert blocked == {
        "start": "2025-01-15T10:00:00-05:00",
        "end": "2025-01-15T10:50:00-05:00",
        "status": "blocked",
        "detail": "meeting",
    }
    starts = [s["start"] for day in listing["days"] for s in day["slots"]]
    assert (
        starts == sorted(starts)
        and {s["status"] for d in listing["days"] for s in d["slots"]} <= STATUSES
    )
    assert not any("override" in s for s in first)
    over = slots(db, *NOW, "--override", "--json")
    marked = {
        s["start"][11:16]: s.get("override") for s in json.loads(over.stdout)["days"][0]["slots"]
    }
    assert marked["10:00"] is True and marked["09:00"] is None


def test_book_success_refusal_and_bad_input(db: str) -> None:
    """Real processes."""
    ok = book(db, "--client", "c1", "--start", "2025-01-13T10:00", runner=run)
    assert ok.returncode == 0, ok.stderr
    booked = json.loads(ok.stdout)
    assert booked == {
        "reference": "BK-2025-000001",
        "start": "2025-01-13T10:00:00-05:00",
        "end": "2025-01-13T10:50:00-05:00",
        "room": "r2",
        "moved": [],
    }
    database = Database(db)
    before = snapshot(database)
    clash = book(db, "--client", "c2", "--start", "2025-01-13T10:30", runner=run)
    assert clash.returncode == 3
    refusal = json.loads(clash.stdout)
    assert refusal["reason"] == "booked" and refusal["error"]
    assert refusal["alternatives"] == [
        "2025-01-13T09:00:00-05:00",
        "2025-01-13T11:00:00-05:00",
        "2025-01-13T13:00:00-05:00",
    ]
    for args, message in [
        (["--client", "nobody", "--start", "2025-01-13T13:00"], "no client with key 'nobody'"),
        (["--client", "c1", "--start", "13:00 tomorrow"], "--start"),
        (["--client", "c1", "--start", "2025-03-09T02:30"], "does not exist"),
    ]:
        bad = book(db, *args, runner=run)
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr
    assert snapshot(database) == before
    database.dispose()


def test_client_busy_alternatives_are_starts_the_client_is_free_at(db: str) -> None:
    """The refused start is never offered, nor any start overlapping the client's other
    session; a move refused the same way offers the same (docs/scheduling.md, Alternatives)."""
    kim = run_in_process("--db", db, "book", "--therapist", "kim", "--service", "individual",
                         *NOW, "--client", "c1", "--start", "2025-01-13T10:00",
                         "--json")  # fmt: skip
    assert kim.returncode == 0, kim.stderr
    free_then = ["2025-01-13T09:00:00-05:00", "2025-01-13T11:00:00-05:00",
                 "2025-01-13T13:00:00-05:00"]  # fmt: skip
    clash = book(db, "--client", "c1", "--start", "2025-01-13T10:00")
    assert clash.returncode == 3
    refusal = json.loads(clash.stdout)
    assert refusal["reason"] == "client_busy"
    assert refusal["alternatives"] == free_then
    carter = json.loads(book(db, "--client", "c1", "--start", "2025-01-13T13:00").stdout)
    move = run_in_process("--db", db, "reschedule", carter["reference"], "--start",
                          "2025-01-13T10:15", *NOW, "--json")  # fmt: skip
    assert move.returncode == 3
    assert json.loads(move.stdout)["reason"] == "client_busy"
    assert json.loads(move.stdout)["alternatives"] == free_then


def test_a_limited_therapist_refuses_a_new_client_with_exit_3(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'limited.sqlite3'}"
    data = booking_clinic()
    data["therapists"][1]["status"] = "limited"  # Dr. Kim
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(data))
    assert run_in_process("--db", url, "import", str(path)).returncode == 0
    args = ["--db", url, "book", "--therapist", "kim", "--service", "individual", "--client",
            "c1", "--start", "2025-01-13T10:00", *NOW, "--json"]  # fmt: skip
    refused = run_in_process(*args)
    assert refused.returncode == 3, refused.stderr
    assert json.loads(refused.stdout) == {
        "error": "Dr. Kim is not taking new clients",
        "reason": "not_taking_new_clients",
        "alternatives": [],
    }
    overridden = run_in_process(*args, "--override", "--as", "maria", "--reason", "GP referral",
                                env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD})  # fmt: skip
    assert overridden.returncode == 0, overridden.stderr
    assert json.loads(overridden.stdout)["overridden"] == ["not_taking_new_clients"]


def test_override_with_supervisor_credentials(db: str) -> None:
    args = ["--client", "c1", "--start", "2025-01-15T10:00"]
    assert book(db, *args).returncode == 3
    missing = book(db, *args, "--override", "--reason", "Crisis")
    assert missing.returncode == 2 and "--as" in missing.stderr
    wrong = book(
        db,
        *args,
        "--override",
        "--as",
        "maria",
        "--reason",
        "Crisis",
        env={"FRONTDESK_PASSWORD": "nope"},
    )
    assert wrong.returncode == 3 and json.loads(wrong.stdout)["reason"] == "not_permitted"
    right = book(
        db,
        *args,
        "--override",
        "--as",
        "maria",
        "--reason",
        "Crisis",
        env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD},
    )
    assert right.returncode == 0, right.stderr
    assert json.loads(right.stdout)["overridden"] == ["blocked"]


def test_failed_override_passwords_make_the_name_wait(db: str) -> None:
    """Failures are recorded in the database, so each run of the command counts: after five
    the next attempt waits a minute, whatever password it gives (exit 3, said plainly). Real
    processes: nothing but the database carries a failure from one run to the next."""
    args = ["--client", "c1", "--start", "2025-01-15T10:00", "--override", "--as", "maria",
            "--reason", "Crisis"]  # fmt: skip
    for _attempt in range(5):
        wrong = book(db, *args, env={"FRONTDESK_PASSWORD": "wrong-password"}, runner=run)
        assert wrong.returncode == 3 and json.loads(wrong.stdout)["reason"] == "not_permitted"
    waited = book(db, *args, env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD}, runner=run)
    assert waited.returncode == 3
    assert json.loads(waited.stdout) == {
        "error": "too many failed attempts for this name; try again in 60 seconds",
        "reason": "not_permitted",
        "alternatives": [],
    }
    later = book(db, *args, "--now", "2025-01-10T08:01",
                 env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD}, runner=run)  # fmt: skip
    assert later.returncode == 0, later.stderr


def test_reschedule_cancel_and_status(db: str) -> None:
    first = json.loads(book(db, "--client", "c1", "--start", "2025-01-13T10:00").stdout)
    moved = run_in_process(
        "--db", db, "reschedule", first["reference"], "--start", "2025-01-14T11:00", *NOW, "--json"
    )
    assert moved.returncode == 0, moved.stderr
    new = json.loads(moved.stdout)
    assert new["rescheduled_from"] == first["reference"]
    assert new["start"] == "2025-01-14T11:00:00-05:00"
    again = run_in_process(
        "--db", db, "reschedule", first["reference"], "--start", "2025-01-14T13:00", *NOW
    )
    assert again.returncode == 3 and "cannot be moved" in again.stderr
    late = run_in_process(
        "--db",
        db,
        "cancel",
        new["reference"],
        "--reason",
        "Ill",
        "--now",
        "2025-01-14T08:00",
        "--json",
    )
    assert late.returncode == 0 and json.loads(late.stdout)["late"] is True
    no_reason = run_in_process("--db", db, "cancel", new["reference"])
    assert no_reason.returncode == 2
    unknown = run_in_process("--db", db, "cancel", "BK-2025-000099", "--reason", "x")
    assert unknown.returncode == 2 and "no session" in unknown.stderr
    other = json.loads(book(db, "--client", "c2", "--start", "2025-01-13T13:00").stdout)
    confirmed = run_in_process("--db", db, "status", other["reference"], "confirmed", *NOW)
    assert confirmed.returncode == 0 and "confirmed" in confirmed.stdout
    illegal = run_in_process("--db", db, "status", other["reference"], "completed", *NOW)
    assert illegal.returncode == 3 and "cannot go from confirmed to completed" in illegal.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--therapist", "nobody", "--service", "individual", "--date", "2025-01-15"],
            "no therapist with key 'nobody'",
        ),
        (["--therapist", "carter", "--service", "individual", "--date", "15/01/2025"], "--date"),
        (
            [
                "--therapist",
                "carter",
                "--service",
                "individual",
                "--date",
                "2025-01-15",
                "--days",
                "0",
            ],
            "--days",
        ),
    ],
)
def test_slots_bad_input_exits_2(db: str, args: list[str], message: str) -> None:
    result = run_in_process("--db", db, "slots", *args, "--json")
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["book", "--client", "c1", "--start", "9999-12-31T23:59", *NOW],
         "--start: 9999-12-31T23:59 is outside the years 1900–2999"),
        (["book", "--client", "c1", "--start", "0001-01-01T00:00+05:00", *NOW],
         "--start: 0001-01-01T00:00 is outside the years 1900–2999"),
        (["book", "--client", "c1", "--start", "2025-01-13T10:00", "--now", "0001-01-01T00:00"],
         "--now: 0001-01-01T00:00 is outside the years 1900–2999"),
        (["slots", "--date", "9999-12-31"], "--date: 9999-12-31 is outside the years 1900–2999"),
        (["slots", "--date", "2025-01-15", "--now", "9999-12-31T23:59"], "--now: 9999-12-31"),
        (["slots", "--date", "2025-01-15", "--days", "-5"], "--days"),
        (["slots", "--date", "2025-01-15", "--days", "9" * 30], "--days"),
        (["reschedule", "BK-2025-000001", "--start", "9999-12-31T23:00", *NOW], "--start"),
        (["cancel", "BK-2025-000001", "--reason", "x", "--now", "9999-12-31T23:00"], "--now"),
        (["jobs", "run-once", "--now", "9999-12-31T23:00"], "--now"),
        (["feeds", "export", "--clinic", "-", "--now", "0001-01-01T00:00"], "--now"),
        (["demo", "--now", "9999-12-31T23:00"], ""),  # refused: the database holds a clinic
    ],
)  # fmt: skip
def test_dates_out_of_range_are_bad_input_not_a_crash(
    db: str, args: list[str], message: str
) -> None:
    """Issue 15, point 8: date arithmetic near datetime.min/max ended in exit 1."""
    command = args[0]
    if command in ("book", "slots"):
        args = [command, "--therapist", "carter", "--service", "individual", *args[1:]]
    result = run_in_process("--db", db, *args)
    assert result.returncode in (2, 3) if command == "demo" else result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_byte_that_is_not_utf8_in_an_argument_is_bad_input(db: str) -> None:
    """Issue 15, point 6: Python turns the byte into a lone surrogate, which was stored and
    broke every export after it."""
    before = snapshot(Database(db))
    command = [*FRONTDESK, "--db", db, "book", "--therapist", "carter", "--client", "c1",
               "--service", "individual", "--start", "2025-01-13T10:00", *NOW]  # fmt: skip
    result = subprocess.run([*command, "--notes", b"caf\xe9"], capture_output=True, timeout=120)
    assert result.returncode == 2
    message = "frontdesk: --notes: is not valid text (a byte that is not UTF-8)\n"
    assert result.stderr.decode() == message
    result = subprocess.run([*command, b"--notes=caf\xe9"], capture_output=True, timeout=120)
    assert result.returncode == 2 and b"--notes: is not valid text" in result.stderr
    assert snapshot(Database(db)) == before
    assert run("--db", db, "export", "-").returncode == 0


def test_a_reader_that_closes_the_pipe_early_ends_it_quietly(db: str) -> None:
    """Issue 15, point 13: `frontdesk slots … | head` ended with a BrokenPipeError
    traceback. The output (a year of starts) is far more than a pipe holds."""
    process = subprocess.Popen(
        [*FRONTDESK, "--db", db, "slots", "--therapist", "carter", "--service", "individual",
         "--date", "2025-01-15", "--days", "366", *NOW],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    status = process.wait(timeout=120)
    errors = process.stderr.read().decode()
    assert first.startswith(b"2025-01-15:")
    assert status == 141, errors
    assert errors == ""


HOSTILE_VALUES = [
    "", " ", "-1", "0", "9" * 40, "1e999", "nan", "2025-02-30", "2025-01-15T25:00",
    "9999-12-31", "0001-01-01", "9999-12-31T23:59", "0001-01-01T00:00+14:00",
    "2025-01-15T10:00+99:00", "BK-9999-999999", "x" * 20_000, "\udcff", "caf\ud800",
    "\x00", "../../etc/passwd", "--json",
]  # fmt: skip
FUZZED_COMMANDS = {
    "slots": (["slots", "--therapist", "carter", "--service", "individual",
               "--date", "2025-01-15", *NOW], ["--therapist", "--date", "--days", "--now"]),
    "book": (["book", "--therapist", "carter", "--client", "c1", "--service", "individual",
              "--start", "2025-01-13T10:00", *NOW],
             ["--client", "--start", "--now", "--room", "--notes", "--type"]),
    "reschedule": (["reschedule", "BK-2025-000001", "--start", "2025-01-14T10:00", *NOW],
                   ["--start", "--now", "--therapist"]),
    "cancel": (["cancel", "BK-2025-000001", "--reason", "ill", *NOW], ["--reason", "--now"]),
    "status": (["status", "BK-2025-000001", "confirmed", *NOW], ["--now"]),
    "jobs": (["jobs", "run-once", *NOW], ["--now"]),
    "feeds": (["feeds", "export", "--therapist", "carter", "-", *NOW], ["--therapist", "--now"]),
    "demo": (["demo", "--seed", "7", *NOW], ["--seed", "--now"]),
    "report": (["report", "cashup", "--date", "2025-01-15", "--json"], ["--date"]),
}  # fmt: skip


def test_hostile_values_in_every_option_end_in_a_clear_exit(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15, point 8: every command, every value option, a set of hostile values: the
    exit is 0, 2 or 3, with at most a one-line message; nothing escapes as a traceback.
    In-process (the same `main` the script runs) to keep the few hundred runs quick."""
    from app.cli import main

    assert book(db, "--client", "c1", "--start", "2025-01-13T10:00").returncode == 0
    surprises = []
    for name, (base, options) in FUZZED_COMMANDS.items():
        for option in options:
            for value in HOSTILE_VALUES:
                args = list(base)
                if option in args:
                    args[args.index(option) + 1] = value
                else:
                    args += [option, value]
                try:
                    status = main(["--db", db, *args])
                except SystemExit as stop:  # argparse's own refusals
                    status = stop.code if isinstance(stop.code, int) else 1
                captured = capsys.readouterr()
                errors = [line for line in captured.err.splitlines() if not line.startswith(
                    ("usage:", "  ", "backed up", "warning:", "nearest available")
                )]  # fmt: skip
                if status not in (0, 2, 3) or len(errors) > 1 or "Traceback" in captured.err:
                    surprises.append((name, option, value[:20], status, captured.err[-300:]))
    assert surprises == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--db", "garbage", "db", "upgrade"], "the database URL is not a URL like sqlite:///"),
        (["--db", "garbage", "db", "revision"], "the database URL is not a URL like sqlite:///"),
        (["--db", "mysql://secret@host/db", "export", "-"], "the database URL names mysql"),
        (["feeds", "serve", "--port", "99999"], "--port must be between 0 and 65535"),
        (["feeds", "serve", "--port", "-1"], "--port must be between 0 and 65535"),
        (["feeds", "serve", "--port", "0", "--host", "no.such.host.invalid"], "--host: "),
        (["feeds", "serve", "--port", "0", "--host", "a\x00b"], "--host: "),
    ],
)
def test_addresses_that_cannot_work_are_bad_input(
    db: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    status = main(args if args[0] == "--db" else ["--db", db, *args])
    errors = capsys.readouterr().err
    assert status == 2, errors
    assert errors.startswith(f"frontdesk: {message}") and len(errors.splitlines()) == 1
    assert "secret" not in errors
