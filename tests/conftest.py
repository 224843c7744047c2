"""Shared fixtures: every test gets its own user directories and its own real database."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

# Qt tests run without a screen unless told otherwise (`make test` sets it too).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.engine import Database
from db.migrate import upgrade

PG_HOST = os.environ.get("FRONTDESK_TEST_PG_HOST", "127.0.0.1")
PG_ADMIN_DSN = f"host={PG_HOST} port=5432 user=postgres dbname=postgres connect_timeout=5"
CONTRACT_FILE = Path(__file__).parent / "data" / "contract_clinic.json"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's config, data or logs."""
    home = tmp_path / "home"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in list(os.environ):
        if name.startswith("FRONTDESK_") and not name.startswith("FRONTDESK_TEST_"):
            monkeypatch.delenv(name)
    return home


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    database.dispose()
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_template: Path) -> str:
    """A migrated SQLite file of this test's own."""
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The local PostgreSQL server; under CI=true its absence fails the run instead of skipping."""
    try:
        psycopg.connect(PG_ADMIN_DSN).close()
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL at {PG_HOST}:5432 is unreachable: {error}")
        pytest.skip(f"PostgreSQL at {PG_HOST}:5432 is unreachable")
    return PG_ADMIN_DSN


@pytest.fixture
def empty_postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    name = f"frontdesk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:5432/{name}"
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(empty_postgres_url: str) -> str:
    database = Database(empty_postgres_url)
    upgrade(database)
    database.dispose()
    return empty_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated, empty database of each kind the product supports."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    db = Database(url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_database(sqlite_url: str) -> Iterator[Database]:
    db = Database(sqlite_url)
    yield db
    db.dispose()


@pytest.fixture
def contract_clinic() -> dict[str, Any]:
    """The contract's clinic file example (docs/interfaces.md, Clinic file), exactly as given."""
    return json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def demo_database(sqlite_database: Database) -> Database:
    """The demo clinic as of 22 Nov 2026, 15:00 UTC (seed 7)."""
    from datetime import UTC, datetime

    from app.clinic_file import import_clinic
    from app.demo import build_demo_clinic

    now = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    import_clinic(sqlite_database, build_demo_clinic(seed=7, now=now), actor="demo", demo=True)
    return sqlite_database


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window would have shown in a warning box."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


@pytest.fixture
def inbox() -> Iterator[tuple[Any, int]]:
    """A real SMTP server (aiosmtpd) on loopback: its handler and port."""
    from aiosmtpd.controller import Controller

    from tests.sync_support import Inbox, free_port

    handler = Inbox()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=handler.authenticate,
        auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """The OS keyring replaced by memory for one test."""
    import keyring

    from tests.sync_support import MemoryKeyring

    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)
