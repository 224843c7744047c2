"""Shared fixtures: every test gets its own user directories and its own real database."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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


def _create_postgres_database(server: str, template: str | None = None) -> str:
    name = f"frontdesk_test_{uuid.uuid4().hex[:12]}"
    copied = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{copied}')
    return name


def _drop_postgres_database(server: str, name: str) -> None:
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_test_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@{PG_HOST}:5432/{name}"


@pytest.fixture
def empty_postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    name = _create_postgres_database(postgres_server)
    try:
        yield postgres_test_url(name)
    finally:
        _drop_postgres_database(postgres_server, name)


class PostgresCopies:
    """Copies of a migrated template database, one per test. Copying (CREATE DATABASE ...
    TEMPLATE) is several times quicker than migrating, and it waits on the server's disk,
    not on this processor: the next copy is made in a background thread while a test runs,
    and a used one is dropped there too. Errors of either surface at `close`."""

    def __init__(self, server: str, template: str) -> None:
        self._server, self._template = server, template
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postgres-copies")
        self._drops: list[Future[None]] = []
        self._next = self._worker.submit(_create_postgres_database, server, template)

    def take(self) -> str:
        """A fresh copy's name; the following one starts being made at once."""
        name = self._next.result()
        self._next = self._worker.submit(_create_postgres_database, self._server, self._template)
        return name

    def give_back(self, name: str) -> None:
        self._drops.append(self._worker.submit(_drop_postgres_database, self._server, name))

    def close(self) -> None:
        try:
            self.give_back(self._next.result())
            for drop in self._drops:
                drop.result()
        finally:
            self._worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def postgres_copies(postgres_server: str) -> Iterator[PostgresCopies]:
    """One migrated template database per test process (never connected to once migrated: a
    template must have no connection while it is copied), and its copies."""
    template = _create_postgres_database(postgres_server)
    try:
        database = Database(postgres_test_url(template))
        upgrade(database)
        database.dispose()
        copies = PostgresCopies(postgres_server, template)
        try:
            yield copies
        finally:
            copies.close()
    finally:
        _drop_postgres_database(postgres_server, template)


@pytest.fixture
def postgres_url(postgres_copies: PostgresCopies) -> Iterator[str]:
    """A migrated PostgreSQL database of this test's own (a copy of the migrated template),
    dropped after the test."""
    name = postgres_copies.take()
    try:
        yield postgres_test_url(name)
    finally:
        postgres_copies.give_back(name)


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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """The demo clinic as of 22 Nov 2026, 15:00 UTC (seed 7), built once per test process:
    a hundred and more tests copy the file instead of building it again (a second each)."""
    from datetime import UTC, datetime

    from app.clinic_file import import_clinic
    from app.demo import build_demo_clinic

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(migrated_template, path)
    database = Database(f"sqlite:///{path}")
    now = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    import_clinic(database, build_demo_clinic(seed=7, now=now), actor="demo", demo=True)
    database.dispose()
    assert not Path(f"{path}-wal").exists()  # all of it is in the file that is copied
    return path


@pytest.fixture
def demo_database(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    """The demo clinic as of 22 Nov 2026, 15:00 UTC (seed 7): a copy of this test's own, in
    a folder of its own (a test may ask for an empty `sqlite_database` beside it)."""
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    path = folder / "clinic.sqlite3"
    shutil.copyfile(demo_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


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
