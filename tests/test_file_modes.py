"""Database files, backups and logs are readable by their owner only (0600 files, 0700
folders), whatever the umask (docs/interfaces.md, Private files)."""

from __future__ import annotations

import json
import logging
import os
import random
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import load_config
from app.logging_setup import configure_logging
from app.startup import open_database
from db.backup import backup_sqlite
from db.engine import Database
from tests.test_cli import run


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """A umask that would let the group read and write what is created; child processes
    inherit it."""
    previous = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _loose_modes_under(root: Path) -> dict[str, str]:
    """Every folder and file below `root` (itself included) that others could read."""
    loose = {}
    for folder, _folders, files in os.walk(root):
        if _mode(Path(folder)) != 0o700:
            loose[folder] = oct(_mode(Path(folder)))
        for name in files:
            path = Path(folder) / name
            if _mode(path) != 0o600:
                loose[str(path)] = oct(_mode(path))
    return loose


def test_what_the_command_line_creates_is_private(
    isolated_user_dirs: Path, tmp_path: Path, contract_clinic: dict
) -> None:
    home = isolated_user_dirs
    source = tmp_path / "clinic.json"
    source.write_text(json.dumps(contract_clinic))
    # The default database, its backups folder, the log, an export and its new folder.
    assert run("import", str(source)).returncode == 0
    assert run("backup").returncode == 0
    exported = home / "exports" / "b.sqlite3"
    assert run("backup", "--to", str(exported)).returncode == 0
    assert run("jobs", "run-once", "--now", "2025-01-15T08:00").returncode == 0
    restored = run("restore", str(exported))
    assert restored.returncode == 0, restored.stderr
    # A damaged live file that was readable by others is kept aside privately.
    live = Path(load_config().database_url.removeprefix("sqlite:///"))
    live.chmod(0o664)
    with live.open("r+b") as file:
        file.write(random.Random(4).randbytes(100))
    again = run("restore", str(exported))
    assert again.returncode == 0, again.stderr
    assert "kept aside" in again.stdout
    assert (home / "xdg_state_home" / "frontdesk" / "log" / "frontdesk.log").exists()
    assert list(load_config().backup_dir.glob("damaged-*"))
    assert _loose_modes_under(home) == {}


def test_sqlite_and_its_siblings_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    config = load_config(f"sqlite:///{data / 'clinic.sqlite3'}")
    database, _ = open_database(config)
    try:
        with database.write() as session:  # a write in WAL mode: -wal and -shm exist now
            session.execute(text("UPDATE clinic_settings SET name = name"))
        live = data / "clinic.sqlite3"
        siblings = [Path(f"{live}{suffix}") for suffix in ("", "-wal", "-shm", ".writers")]
        assert {p.name: oct(_mode(p)) for p in siblings} == {p.name: "0o600" for p in siblings}
        assert (oct(_mode(tmp_path / "new")), oct(_mode(data))) == ("0o700", "0o700")
        # A backup, and the rollback journal SQLite gives it when it is written to.
        copy = backup_sqlite(live, tmp_path / "copies" / "copy.sqlite3")
        assert (oct(_mode(copy)), oct(_mode(copy.parent))) == ("0o600", "0o700")
        connection = sqlite3.connect(copy, isolation_level=None)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("CREATE TABLE scratch (x)")
        assert oct(_mode(Path(f"{copy}-journal"))) == "0o600"
        connection.execute("ROLLBACK")
        connection.close()
    finally:
        database.dispose()


def test_an_existing_database_readable_by_others_is_made_private(sqlite_url: str) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    path.chmod(0o644)
    Database(sqlite_url).dispose()
    assert oct(_mode(path)) == "0o600"


def test_the_log_and_its_rolled_files_are_private(tmp_path: Path) -> None:
    log_dir = tmp_path / "state" / "log"
    path = configure_logging(log_dir)
    assert path is not None
    (handler,) = [h for h in logging.getLogger().handlers if getattr(h, "_frontdesk", False)]
    try:
        logging.getLogger("test").warning("first file")
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("test").warning("second file")
        files = [path, Path(f"{path}.1")]
        assert {p.name: oct(_mode(p)) for p in files} == {p.name: "0o600" for p in files}
        assert (oct(_mode(log_dir)), oct(_mode(log_dir.parent))) == ("0o700", "0o700")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_exports_hold_client_data_and_are_private(
    isolated_user_dirs: Path, tmp_path: Path, contract_clinic: dict
) -> None:
    source = tmp_path / "clinic.json"
    source.write_text(json.dumps(contract_clinic))
    assert run("import", str(source)).returncode == 0
    clinic_file, feed = tmp_path / "out.json", tmp_path / "out.ics"
    assert run("export", str(clinic_file)).returncode == 0
    assert run("feeds", "export", "--clinic", str(feed)).returncode == 0
    assert (_mode(clinic_file), _mode(feed)) == (0o600, 0o600)
