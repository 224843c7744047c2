"""Running a benchmark on a throw-away SQLite file and a throw-away PostgreSQL database."""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def sqlite_database() -> Iterator[str]:
    """The URL of a new SQLite file, removed (with its folder) afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


@contextmanager
def postgres_database(host: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database on `host`, dropped afterwards (even with
    connections still open)."""
    import psycopg

    admin = f"host={host} user=postgres dbname=postgres"
    name = f"frontdesk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{host}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_on_both(description: str, run: Callable[[str, str], None]) -> None:
    """`run(label, url)` on SQLite, then (unless --sqlite-only) on PostgreSQL."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--pg-host", default="127.0.0.1")
    args = parser.parse_args()
    with sqlite_database() as url:
        run("SQLite", url)
    if args.sqlite_only:
        return
    with postgres_database(args.pg_host) as url:
        run("PostgreSQL", url)
