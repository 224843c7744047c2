"""`frontdesk backup` and `frontdesk restore` on a live SQLite clinic, in real processes (the
clinic's import and the reads around them run in-process: `main`, as the script runs it)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.config import load_config
from tests.test_cli import run, run_in_process


@pytest.fixture
def clinic_db(tmp_path: Path, contract_clinic: dict) -> str:
    db = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    source = tmp_path / "clinic.json"
    source.write_text(json.dumps(contract_clinic))
    assert run_in_process("--db", db, "import", str(source)).returncode == 0
    return db


def _clinic_name(db: str) -> str:
    return json.loads(run_in_process("--db", db, "export", "-").stdout)["clinic"]["name"]


def _backups_dir(db: str) -> Path:
    return load_config(db).backup_dir


def _set_retention(db: str, tmp_path: Path, keep: int) -> None:
    settings = tmp_path / "keep.json"
    settings.write_text(
        json.dumps({"clinic": {"name": "SmartHub Center", "timezone": "America/New_York",
                               "backup_retention": keep}})
    )  # fmt: skip
    assert run_in_process("--db", db, "import", str(settings)).returncode == 0


def test_backup_then_restore_brings_the_data_back(clinic_db: str, tmp_path: Path) -> None:
    made = run("--db", clinic_db, "backup", "--to", str(tmp_path / "b.sqlite3"))
    assert made.returncode == 0, made.stderr
    rename = tmp_path / "rename.json"
    rename.write_text(json.dumps({"clinic": {"name": "Changed", "timezone": "Europe/Madrid"}}))
    assert run("--db", clinic_db, "import", str(rename)).returncode == 0
    assert _clinic_name(clinic_db) == "Changed"
    restored = run("--db", clinic_db, "restore", str(tmp_path / "b.sqlite3"))
    assert restored.returncode == 0, restored.stderr
    assert _clinic_name(clinic_db) == "SmartHub Center"
    # What the restore replaced was kept.
    (safety,) = _backups_dir(clinic_db).glob("pre-restore-*.sqlite3")
    assert sqlite3.connect(safety).execute("SELECT name FROM clinic_settings").fetchone() == (
        "Changed",
    )


def test_default_backups_keep_the_clinics_retention(clinic_db: str, tmp_path: Path) -> None:
    _set_retention(clinic_db, tmp_path, 2)
    for _ in range(4):
        assert run("--db", clinic_db, "backup").returncode == 0
    backups = sorted(_backups_dir(clinic_db).glob("frontdesk-*.sqlite3"))
    assert len(backups) == 2
    assert sqlite3.connect(backups[-1]).execute("SELECT name FROM clinic_settings").fetchone()


def test_restore_refuses_what_is_not_a_backup(clinic_db: str, tmp_path: Path) -> None:
    before = run_in_process("--db", clinic_db, "export", "-").stdout
    missing = run("--db", clinic_db, "restore", str(tmp_path / "nope.sqlite3"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello " * 1000)
    not_sqlite = run("--db", clinic_db, "restore", str(text_file))
    assert not_sqlite.returncode == 3, not_sqlite.stderr
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    foreign = run("--db", clinic_db, "restore", str(other))
    assert (foreign.returncode, "not a Clinic Front Desk backup" in foreign.stderr) == (3, True)
    future = tmp_path / "future.sqlite3"
    assert run("--db", clinic_db, "backup", "--to", str(future)).returncode == 0
    with sqlite3.connect(future) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    newer = run("--db", clinic_db, "restore", str(future))
    assert (newer.returncode, "newer version" in newer.stderr) == (3, True)
    assert run_in_process("--db", clinic_db, "export", "-").stdout == before


def test_each_database_has_its_own_backups(clinic_db: str, tmp_path: Path) -> None:
    other_db = f"sqlite:///{tmp_path / 'other' / 'live.sqlite3'}"
    (tmp_path / "other").mkdir()
    assert run("--db", other_db, "import", str(tmp_path / "clinic.json")).returncode == 0
    now = ["--now", "2025-01-15T08:00"]
    first = run("--db", clinic_db, "jobs", "run-once", *now)
    assert "backup: written to " in first.stdout, first.stderr
    # The same day, the other database's daily backup is its own, not "none due".
    second = run("--db", other_db, "jobs", "run-once", *now)
    assert "backup: written to " in second.stdout, second.stderr
    assert _backups_dir(clinic_db) != _backups_dir(other_db)
    # One database's retention never removes another's backups.
    _set_retention(clinic_db, tmp_path, 1)
    for _ in range(2):
        assert run("--db", clinic_db, "backup").returncode == 0
    assert len(list(_backups_dir(clinic_db).glob("frontdesk-*.sqlite3"))) == 1
    (kept,) = _backups_dir(other_db).glob("frontdesk-*.sqlite3")
    assert sqlite3.connect(kept).execute("SELECT name FROM clinic_settings").fetchone()


def test_safety_copies_keep_the_clinics_retention(clinic_db: str, tmp_path: Path) -> None:
    _set_retention(clinic_db, tmp_path, 2)
    backup = tmp_path / "b.sqlite3"
    assert run("--db", clinic_db, "backup", "--to", str(backup)).returncode == 0
    for _ in range(3):
        restored = run("--db", clinic_db, "restore", str(backup))
        assert restored.returncode == 0, restored.stderr
    assert len(list(_backups_dir(clinic_db).glob("pre-restore-*.sqlite3"))) == 2


@pytest.mark.usefixtures("postgres_server")
def test_backup_of_postgresql_is_refused_with_advice(postgres_url: str) -> None:
    result = run("--db", postgres_url, "backup")
    assert result.returncode == 3
    assert "pg_dump" in result.stderr
