"""Shared fixtures: every test gets its own user directories and its own real database."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
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


class BackgroundDrops:
    """Test databases dropped on background threads, so that no test waits for its drop. A
    drop can wait seconds on a busy server (every backend must answer a signal first), but
    drops in flight together end together: measured, 5 drops one after another took 11 s,
    5 at once 0.5 s. Errors surface at `close`; a drop asked for after it runs at once."""

    def __init__(self, server: str) -> None:
        self._server = server
        self._threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="postgres-drops")
        self._drops: list[Future[None]] = []
        self._closed = False

    def drop(self, name: str) -> None:
        if self._closed:
            _drop_postgres_database(self._server, name)
        else:
            self._drops.append(self._threads.submit(_drop_postgres_database, self._server, name))

    def close(self) -> None:
        self._closed = True
        try:
            for drop in self._drops:
                drop.result()
        finally:
            self._threads.shutdown(wait=True)


@pytest.fixture(scope="session")
def postgres_drops(postgres_server: str) -> Iterator[BackgroundDrops]:
    drops = BackgroundDrops(postgres_server)
    yield drops
    drops.close()


@pytest.fixture
def empty_postgres_url(postgres_drops: BackgroundDrops, postgres_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    name = _create_postgres_database(postgres_server)
    try:
        yield postgres_test_url(name)
    finally:
        postgres_drops.drop(name)


class PostgresCopies:
    """Copies of a migrated template database, one per test. Copying (CREATE DATABASE ...
    TEMPLATE) is several times quicker than migrating, and it waits on the server's disk,
    not on this processor: the next copy is made in a background thread while a test runs
    (errors surface at `close`); used ones go to `BackgroundDrops`."""

    def __init__(self, server: str, template: str, drops: BackgroundDrops) -> None:
        self._server, self._template, self._drops = server, template, drops
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postgres-copies")
        self._next = self._worker.submit(_create_postgres_database, server, template)

    def take(self) -> str:
        """A fresh copy's name; the following one starts being made at once."""
        name = self._next.result()
        self._next = self._worker.submit(_create_postgres_database, self._server, self._template)
        return name

    def give_back(self, name: str) -> None:
        self._drops.drop(name)

    def close(self) -> None:
        try:
            self.give_back(self._next.result())
        finally:
            self._worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def postgres_copies(
    postgres_server: str, postgres_drops: BackgroundDrops
) -> Iterator[PostgresCopies]:
    """One migrated template database per test process (never connected to once migrated: a
    template must have no connection while it is copied), and its copies."""
    template = _create_postgres_database(postgres_server)
    try:
        database = Database(postgres_test_url(template))
        upgrade(database)
        database.dispose()
        copies = PostgresCopies(postgres_server, template, postgres_drops)
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


class PreparedDatabases:
    """Databases a function prepares once per test process (a clinic imported, sessions
    booked), copied for each test that starts from one: a file copy on SQLite, a copy of a
    template database on PostgreSQL. The function must give the same database whenever it
    runs (fixed moments and seeds), as it then runs once for many tests."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._files: dict[Callable[[Database], Any], tuple[Path, Any]] = {}
        self._templates: dict[Callable[[Database], Any], tuple[str, PostgresCopies, Any]] = {}
        self._server = ""

    @contextmanager
    def copy(
        self, request: pytest.FixtureRequest, kind: str, prepare: Callable[[Database], Any]
    ) -> Iterator[tuple[Database, Any]]:
        """For the test of `request`: a copy of its own (on SQLite a file in a folder of its
        tmp_path named after `prepare`), open, and what `prepare` returned; dropped after."""
        if kind == "sqlite":
            template, result = self._file(request, prepare)
            folder = request.getfixturevalue("tmp_path") / prepare.__name__
            folder.mkdir(mode=0o700)
            path = folder / "clinic.sqlite3"
            shutil.copyfile(template, path)
            database = Database(f"sqlite:///{path}")
            try:
                yield database, result
            finally:
                database.dispose()
            return
        _name, copies, result = self._template(request, prepare)
        name = copies.take()
        database = Database(postgres_test_url(name))
        try:
            yield database, result
        finally:
            database.dispose()
            copies.give_back(name)

    def _file(
        self, request: pytest.FixtureRequest, prepare: Callable[[Database], Any]
    ) -> tuple[Path, Any]:
        if prepare not in self._files:
            path = self._folder / f"{prepare.__name__}-{len(self._files)}.sqlite3"
            shutil.copyfile(request.getfixturevalue("migrated_template"), path)
            database = Database(f"sqlite:///{path}")
            result = prepare(database)
            database.dispose()
            assert not Path(f"{path}-wal").exists()  # all of it is in the file that is copied
            self._files[prepare] = path, result
        return self._files[prepare]

    def _template(
        self, request: pytest.FixtureRequest, prepare: Callable[[Database], Any]
    ) -> tuple[str, PostgresCopies, Any]:
        if prepare not in self._templates:
            migrated: PostgresCopies = request.getfixturevalue("postgres_copies")
            self._server = request.getfixturevalue("postgres_server")
            name = migrated.take()
            database = Database(postgres_test_url(name))
            result = prepare(database)
            database.dispose()  # a template must have no connection while it is copied
            copies = PostgresCopies(self._server, name, request.getfixturevalue("postgres_drops"))
            self._templates[prepare] = name, copies, result
        return self._templates[prepare]

    def close(self) -> None:
        for name, copies, _result in self._templates.values():
            copies.close()
            _drop_postgres_database(self._server, name)


@pytest.fixture(scope="session")
def prepared_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreparedDatabases]:
    prepared = PreparedDatabases(tmp_path_factory.mktemp("prepared"))
    yield prepared
    prepared.close()


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


def prepare_demo_clinic(database: Database) -> None:
    """The demo clinic as of 22 Nov 2026, 15:00 UTC (seed 7)."""
    from datetime import UTC, datetime

    from app.clinic_file import import_clinic
    from app.demo import build_demo_clinic

    now = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    import_clinic(database, build_demo_clinic(seed=7, now=now), actor="demo", demo=True)


@pytest.fixture
def demo_database(
    request: pytest.FixtureRequest, prepared_databases: PreparedDatabases
) -> Iterator[Database]:
    """The demo clinic as of 22 Nov 2026, 15:00 UTC (seed 7) in a SQLite file of this test's
    own (built once per process and copied: it takes a second, and a hundred tests use it)."""
    with prepared_databases.copy(request, "sqlite", prepare_demo_clinic) as (database, _):
        yield database


@pytest.fixture(params=["sqlite", "postgresql"])
def booking_database(
    request: pytest.FixtureRequest, prepared_databases: PreparedDatabases
) -> Iterator[Database]:
    """The booking tests' clinic (tests/booking_support.py) on each database: imported once
    per process (its staff passwords' hashes take a while) and copied for each test."""
    from tests.booking_support import load_booking_clinic

    with prepared_databases.copy(request, request.param, load_booking_clinic) as (database, _):
        yield database


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
