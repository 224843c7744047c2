"""The `frontdesk` command as scripts use it: real processes, exit codes, precedence; and
`run_in_process`, the same `main` in the test's process, for the tests of what a command does."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from app.config import load_config

FRONTDESK = [sys.executable, "-m", "app.cli"]


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    return subprocess.run(
        [*FRONTDESK, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=stdin,
        timeout=120,
    )


# `run` or `run_in_process`: a test's helpers take either.
Runner = Callable[..., subprocess.CompletedProcess[str]]


def run_in_process(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`run`, but the same `main` the script runs, called in this process: for tests of what
    a command does (a new interpreter costs half a second a command). Each command family
    keeps tests through `run`, the real process path. Gives back what `run` gives; the
    environment, standard streams and the root logger are as they were afterwards."""
    from app.cli import main

    streams = sys.stdin, sys.stdout, sys.stderr
    saved_environment = dict(os.environ)
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "sqlalchemy", "alembic")}
    handlers = list(root.handlers)
    out, err = io.BytesIO(), io.BytesIO()
    # kept here: a wrapper that goes away closes the bytes under it
    given = io.TextIOWrapper(io.BytesIO((stdin or "").encode()), encoding="utf-8")
    printed = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    complained = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    sys.stdin, sys.stdout, sys.stderr = given, printed, complained
    os.environ.update(env or {})
    connections: list[Any] = []

    def opened(connection: Any, _record: Any) -> None:
        connections.append(connection)

    event.listen(Pool, "connect", opened)
    try:
        status = main(list(args))
    except SystemExit as stop:  # argparse's own refusals
        status = stop.code if isinstance(stop.code, int) else 1
    finally:
        printed.flush()
        complained.flush()
        sys.stdin, sys.stdout, sys.stderr = streams
        os.environ.clear()
        os.environ.update(saved_environment)
        for handler in list(root.handlers):
            if handler not in handlers:  # the command's log file
                root.removeHandler(handler)
                handler.close()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        # A command leaves its engines to the exit of its process: their connections are
        # closed here, so the database (a SQLite file's locks, WAL and checkpoints) is as a
        # process that ended leaves it.
        event.remove(Pool, "connect", opened)
        for connection in connections:
            connection.close()
    return subprocess.CompletedProcess(
        ["frontdesk", *args], status, out.getvalue().decode(), err.getvalue().decode()
    )


@pytest.fixture
def clinic_file(tmp_path: Path, contract_clinic: dict) -> Path:
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(contract_clinic))
    return path


def test_import_then_export(tmp_path: Path, clinic_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    imported = run("--db", db, "import", str(clinic_file))
    assert imported.returncode == 0, imported.stderr
    assert "therapists: 1 new" in imported.stdout
    out = tmp_path / "out.json"
    exported = run("export", str(out), "--db", db)  # --db after the subcommand works too
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text())["therapists"][0]["key"] == "carter"
    to_stdout = run("--db", db, "export", "-")
    assert json.loads(to_stdout.stdout) == json.loads(out.read_text())


def test_import_from_stdin(tmp_path: Path, contract_clinic: dict) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    result = run("--db", db, "import", "-", stdin=json.dumps(contract_clinic))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ('{"rooms": [{"key": "r1"}]}', 'rooms[r1]: missing field "name"'),
        ("[" * 100_000 + "]" * 100_000, "nested far too deep to read"),
        ('{"clinic": {"name": "C", "timezone": "UTC", "hold_minutes": NaN}}', "NaN is not a"),
        ('{"clinic": {"hold_minutes": ' + "9" * 5000 + "}}", "not valid JSON: Exceeds"),
        (
            '{"clients": [{"key": "c1", "name": "A", "preferences": {"k\\ud800": 1}}]}',
            'clients[c1].preferences["k\\ud800"]: the name is not valid text',
        ),
        ('{"clinic": {"name": "C\\udfff"}}', "clinic.name: is not valid text"),
    ],
)
def test_bad_files_exit_2_and_change_nothing(
    sqlite_url: str, tmp_path: Path, clinic_file: Path, content: str, message: str
) -> None:
    """In-process: what the import makes of a file (test_exit_codes runs a bad one for real)."""
    db = sqlite_url
    assert run_in_process("--db", db, "import", str(clinic_file)).returncode == 0
    before = run_in_process("--db", db, "export", "-").stdout
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run_in_process("--db", db, "import", str(bad))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.splitlines()) <= 2, result.stderr
    assert run_in_process("--db", db, "export", "-").stdout == before


def test_exit_codes(tmp_path: Path, clinic_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    # 2: bad input — unknown command, missing file, malformed --now
    assert run("--db", db, "frobnicate").returncode == 2
    missing = run("--db", db, "import", str(tmp_path / "nope.json"))
    assert (missing.returncode, "no such file" in missing.stderr) == (2, True)
    bad_now = run("--db", db, "demo", "--now", "yesterday")
    assert (bad_now.returncode, "--now" in bad_now.stderr) == (2, True)
    # 3: refused by a rule — exporting a database without a clinic, a demo over a clinic
    no_clinic = run("--db", db, "export", "-")
    assert (no_clinic.returncode, "no clinic yet" in no_clinic.stderr) == (3, True)
    assert run("--db", db, "import", str(clinic_file)).returncode == 0
    over = run("--db", db, "demo")
    assert (over.returncode, "already holds a clinic" in over.stderr) == (3, True)
    assert run("--db", db, "demo", "--if-empty").returncode == 0
    # 1: anything else — a database that cannot be opened
    folder = tmp_path / "a-folder"
    folder.mkdir()
    broken = run("--db", f"sqlite:///{folder}", "db", "upgrade")
    assert broken.returncode == 1
    assert "cannot open the database" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_db_upgrade_and_revision(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    before = run("--db", db, "db", "revision")
    assert "database revision none" in before.stdout
    upgraded = run("--db", db, "db", "upgrade")
    assert upgraded.returncode == 0 and "(head)" in upgraded.stdout
    after = run("--db", db, "db", "revision")
    assert "database revision none" not in after.stdout


def test_cli_never_imports_qt(tmp_path: Path, clinic_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    code = (
        "import sys; from app.cli import main; "
        f"status = main(['--db', {db!r}, 'import', {str(clinic_file)!r}]); "
        f"main(['--db', {db!r}, 'export', '-']); "
        "assert status == 0; "
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]; "
        "sys.exit(f'Qt loaded: {loaded}' if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _packages_loaded_by(*commands: list[str]) -> dict[str, object]:
    """Run `main` on each command in one fresh interpreter; its exit statuses and which of
    the heavy packages it loaded."""
    code = (
        "import json, sys\n"
        "from app.cli import main\n"
        "statuses = []\n"
        f"for argv in {list(commands)!r}:\n"
        "    try:\n"
        "        statuses.append(main(argv))\n"
        "    except SystemExit as stop:\n"
        "        statuses.append(stop.code)\n"
        "heavy = {'PySide6', 'shiboken6', 'ui', 'sync', 'alembic', 'sqlalchemy'}\n"
        "loaded = sorted({name.split('.')[0] for name in sys.modules} & heavy)\n"
        "print(json.dumps({'statuses': statuses, 'loaded': loaded}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_help_loads_no_qt_sync_alembic_or_sqlalchemy() -> None:
    assert _packages_loaded_by(["--help"]) == {"statuses": [0], "loaded": []}


def test_slots_and_book_load_no_qt_or_sync(tmp_path: Path, clinic_file: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run("--db", db, "import", str(clinic_file)).returncode == 0
    choice = ["--therapist", "carter", "--service", "individual", "--now", "2025-01-10T08:00"]
    slots = ["--db", db, "slots", *choice, "--date", "2025-01-13", "--json"]
    book = ["--db", db, "book", *choice, "--client", "sjohnson", "--start", "2025-01-13T10:00"]
    loaded = _packages_loaded_by(slots, book)
    assert loaded["statuses"] == [0, 0]
    # Opening the database brings its schema to this version, which takes Alembic.
    assert set(loaded["loaded"]) <= {"alembic", "sqlalchemy"}


def test_database_url_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_dir = Path(os.environ["XDG_CONFIG_HOME"]) / "frontdesk"
    data_dir = Path(os.environ["XDG_DATA_HOME"]) / "frontdesk"
    # Default: a file in the user data directory.
    assert load_config().database_url == f"sqlite:///{data_dir / 'frontdesk.sqlite3'}"
    # The config file beats the default...
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text(
        'database_url = "sqlite:///from-file.sqlite3"\nsmtp_host = "mail.example.org"\n'
    )
    config = load_config()
    assert config.database_url == "sqlite:///from-file.sqlite3"
    assert config.get("smtp_host") == "mail.example.org"
    # ...the environment beats the file (for every key)...
    monkeypatch.setenv("FRONTDESK_DATABASE_URL", "sqlite:///from-env.sqlite3")
    monkeypatch.setenv("FRONTDESK_SMTP_HOST", "smtp.env.example.org")
    monkeypatch.setenv("FRONTDESK_SMTP_PASSWORD", "secret")
    config = load_config()
    assert config.database_url == "sqlite:///from-env.sqlite3"
    assert config.get("smtp_host") == "smtp.env.example.org"
    assert "smtp_password" not in config.values  # secrets are not configuration
    # ...and --db beats everything.
    assert load_config("sqlite:///from-flag.sqlite3").database_url == "sqlite:///from-flag.sqlite3"


def test_the_default_database_is_created_in_the_user_data_directory(tmp_path: Path) -> None:
    result = run("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (Path(os.environ["XDG_DATA_HOME"]) / "frontdesk" / "frontdesk.sqlite3").exists()


def test_a_broken_config_file_is_bad_input() -> None:
    config_dir = Path(os.environ["XDG_CONFIG_HOME"]) / "frontdesk"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text("database_url = ")
    result = run("db", "revision")
    assert result.returncode == 2
    assert "config.toml is not valid TOML" in result.stderr


def test_env_database_url_is_used_by_the_command(tmp_path: Path, clinic_file: Path) -> None:
    path = tmp_path / "env.sqlite3"
    result = run("import", str(clinic_file), env={"FRONTDESK_DATABASE_URL": f"sqlite:///{path}"})
    assert result.returncode == 0, result.stderr
    assert path.exists()


@pytest.mark.usefixtures("postgres_server")
def test_commands_work_on_postgresql(empty_postgres_url: str, clinic_file: Path) -> None:
    # The plain postgresql:// form is accepted too (psycopg 3 is used either way).
    url = empty_postgres_url.replace("postgresql+psycopg://", "postgresql://")
    assert run("--db", url, "import", str(clinic_file)).returncode == 0
    exported = run("--db", url, "export", "-")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["clinic"]["name"] == "SmartHub Center"


def test_logs_hold_no_client_personal_data(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert run("-v", "--db", db, "demo", "--seed", "3").returncode == 0
    exported = json.loads(run("--db", db, "export", "-").stdout)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"clients": [{"key": "x", "name": "Zed Private", "email": "zed@"}]}))
    assert run("-v", "--db", db, "import", str(bad)).returncode == 2
    logs = list(Path(os.environ["XDG_STATE_HOME"]).rglob("frontdesk.log"))
    assert len(logs) == 1
    text = logs[0].read_text()
    assert "upgraded" in text  # the log is really written
    for client in exported["clients"]:
        for field in ("name", "phone", "email"):
            assert client[field] not in text, field
    assert "Zed Private" not in text


def test_demo_is_deterministic_for_a_seed_and_a_moment(tmp_path: Path) -> None:
    exports = []
    for name in ("one", "two"):
        db = f"sqlite:///{tmp_path / name}.sqlite3"
        made = run("--db", db, "demo", "--seed", "5", "--now", "2026-03-07T10:30")
        assert made.returncode == 0, made.stderr
        exports.append(run("--db", db, "export", "-").stdout)
    assert exports[0] == exports[1]
    sessions = json.loads(exports[0])["sessions"]
    # Around the given moment (clinic time), across the spring DST change of 2026-03-08.
    assert (
        min(s["start"] for s in sessions)
        < "2026-01-25"
        < "2026-04-20"
        < max(s["start"] for s in sessions)
    )
