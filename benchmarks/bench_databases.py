"""Running a benchmark on a throw-away SQLite file and a throw-away PostgreSQL database."""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path


def run_on_both(description: str, run: Callable[[str, str], None]) -> None:
    """`run(label, url)` on SQLite, then (unless --sqlite-only) on PostgreSQL."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--pg-host", default="127.0.0.1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
    if args.sqlite_only:
        return
    import psycopg

    admin = f"host={args.pg_host} user=postgres dbname=postgres"
    name = f"frontdesk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        run("PostgreSQL", f"postgresql+psycopg://postgres@{args.pg_host}/{name}")
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
