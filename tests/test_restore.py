"""`frontdesk restore` refuses anything but a complete, intact backup of this product, and
works when the live file itself is damaged (docs/interfaces.md, Backups and restores). Every
restore runs in a real process; the clinic, the backup and the reads around them run
in-process (`main`, as the script runs it)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.config import load_config
from db.engine import Database
from db.migrate import head_revision, upgrade
from tests.test_cli import run, run_in_process


@pytest.fixture
def clinic_db(tmp_path: Path, contract_clinic: dict) -> str:
    db = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    source = tmp_path / "clinic.json"
    source.write_text(json.dumps(contract_clinic))
    assert run_in_process("--db", db, "import", str(source)).returncode == 0
    return db


@pytest.fixture
def good_backup(clinic_db: str, tmp_path: Path) -> Path:
    path = tmp_path / "good.sqlite3"
    made = run_in_process("--db", clinic_db, "backup", "--to", str(path))
    assert made.returncode == 0, made.stderr
    return path


def _live(db: str) -> Path:
    return Path(db.removeprefix("sqlite:///"))


def _clinic_name(db: str) -> str:
    exported = run_in_process("--db", db, "export", "-")
    assert exported.returncode == 0, exported.stderr
    return str(json.loads(exported.stdout)["clinic"]["name"])


def _rename_clinic(db: str, tmp_path: Path, name: str) -> None:
    rename = tmp_path / "rename.json"
    rename.write_text(json.dumps({"clinic": {"name": name, "timezone": "Europe/Madrid"}}))
    assert run_in_process("--db", db, "import", str(rename)).returncode == 0


def _only_a_version_table(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (head_revision(),))


def _drop(statement: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute(statement)
        connection.close()

    return change


def _drop_a_guard(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        (name,) = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sessions'"
            " ORDER BY name LIMIT 1"
        ).fetchone()
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.close()


def _overwrite_a_page(path: Path) -> None:
    """Random bytes over one page in the middle of the file (the clients table's), as a
    failing disk leaves it: the schema and its version still read fine."""
    with sqlite3.connect(path) as connection:
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        (page,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'clients'"
        ).fetchone()
    connection.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(random.Random(15).randbytes(page_size))


@pytest.mark.parametrize(
    "spoil, message",
    [
        (_only_a_version_table, "missing table"),
        (_drop("DROP TABLE audit_log"), "missing table audit_log"),
        (_drop("ALTER TABLE clients DROP COLUMN notes"), "missing column clients.notes"),
        (_drop_a_guard, "missing trigger"),
        (_overwrite_a_page, "damaged"),
    ],
    ids=["only-version", "dropped-table", "dropped-column", "dropped-guard", "corrupt-pages"],
)
def test_restore_refuses_an_incomplete_or_damaged_backup(
    clinic_db: str, good_backup: Path, spoil: Callable[[Path], None], message: str
) -> None:
    before = run_in_process("--db", clinic_db, "export", "-").stdout
    live_bytes = _live(clinic_db).read_bytes()
    spoil(good_backup)
    refused = run("--db", clinic_db, "restore", str(good_backup))
    assert refused.returncode == 3, refused.stderr
    assert message in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    # Nothing changed: the live file is as it was, and no safety copy was made.
    assert _live(clinic_db).read_bytes() == live_bytes
    assert not list(load_config(clinic_db).backup_dir.glob("pre-restore-*"))
    assert run_in_process("--db", clinic_db, "export", "-").stdout == before


def _leave_a_stale_wal(live: Path) -> None:
    """A process that committed in WAL mode and died before any checkpoint: its frames wait
    in `-wal` for the next opener."""
    code = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "connection.execute('PRAGMA wal_autocheckpoint=0')\n"
        "connection.execute(\"UPDATE clinic_settings SET name = 'Stale'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(live)], check=True, timeout=60)
    assert Path(f"{live}-wal").stat().st_size > 0


def _corrupt_header(live: Path) -> None:
    with live.open("r+b") as file:
        file.write(random.Random(2).randbytes(100))


def _truncate(live: Path) -> None:
    os.truncate(live, live.stat().st_size // 2)


@pytest.mark.parametrize(
    "damage",
    [[_corrupt_header], [_truncate], [_leave_a_stale_wal, _corrupt_header]],
    ids=["corrupt-header", "truncated", "stale-wal"],
)
def test_restore_works_when_the_live_file_is_damaged(
    clinic_db: str, good_backup: Path, tmp_path: Path, damage: list[Callable[[Path], None]]
) -> None:
    _rename_clinic(clinic_db, tmp_path, "Changed since the backup")
    live = _live(clinic_db)
    for step in damage:
        step(live)
    damaged = {suffix: Path(f"{live}{suffix}") for suffix in ("", "-wal")}
    damaged_bytes = {s: p.read_bytes() for s, p in damaged.items() if p.exists()}
    restored = run("--db", clinic_db, "restore", str(good_backup))
    assert restored.returncode == 0, restored.stderr
    # The damaged file (and its WAL) was kept aside, and the message says where.
    kept = re.search(r"kept aside in (\S+)", restored.stdout)
    assert kept, restored.stdout
    assert {
        suffix: Path(kept[1] + suffix).read_bytes() for suffix in damaged_bytes
    } == damaged_bytes
    # The restored data is the backup's, intact: no stale WAL was replayed over it.
    assert _clinic_name(clinic_db) == "SmartHub Center"
    with sqlite3.connect(live) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_restore_works_when_the_live_file_is_gone(
    clinic_db: str, good_backup: Path, tmp_path: Path
) -> None:
    live = _live(clinic_db)
    live.unlink()
    restored = run("--db", clinic_db, "restore", str(good_backup))
    assert restored.returncode == 0, restored.stderr
    assert _clinic_name(clinic_db) == "SmartHub Center"


def test_restore_of_a_healthy_database_keeps_what_it_replaced(
    clinic_db: str, good_backup: Path, tmp_path: Path
) -> None:
    _rename_clinic(clinic_db, tmp_path, "Changed")
    restored = run("--db", clinic_db, "restore", str(good_backup))
    assert restored.returncode == 0, restored.stderr
    assert _clinic_name(clinic_db) == "SmartHub Center"
    (safety,) = load_config(clinic_db).backup_dir.glob("pre-restore-*.sqlite3")
    assert f"kept in {safety}" in restored.stdout
    with sqlite3.connect(safety) as connection:
        assert connection.execute("SELECT name FROM clinic_settings").fetchone() == ("Changed",)
    connection.close()


def test_an_older_versions_backup_is_held_to_its_own_schema(clinic_db: str, tmp_path: Path) -> None:
    older = tmp_path / "older.sqlite3"
    database = Database(f"sqlite:///{older}")
    upgrade(database, target="0005")  # google_events is new in 0005, inbox tables in 0006
    database.dispose()
    spoilt = tmp_path / "spoilt.sqlite3"
    shutil.copyfile(older, spoilt)
    _drop("DROP TABLE google_events")(spoilt)
    refused = run("--db", clinic_db, "restore", str(spoilt))
    assert (refused.returncode, "missing table google_events" in refused.stderr) == (3, True)
    restored = run("--db", clinic_db, "restore", str(older))
    assert restored.returncode == 0, restored.stderr
    revision = run_in_process("--db", clinic_db, "db", "revision")
    assert f"database revision {head_revision()};" in revision.stdout
    # The backup was only read: SQLite left nothing next to it.
    assert sorted(p.name for p in tmp_path.glob("older*")) == ["older.sqlite3"]
