"""What every command shares: its exit status, opening the database, reading the times a
user types in the clinic's zone and writing them back, and files written whole.

Exit status: 0 ok, 2 bad input, 3 refused by a rule, 1 anything else (docs/interfaces.md, Exit
codes)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.config import AppConfig
    from db.engine import Database

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3


class CommandError(Exception):
    """A command failed in a way the user can act on; carries its exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def stopped_by_another_desk(args: Any, error: Exception) -> int | None:
    """Another desk kept the database locked past the deadline: a refusal like any other
    (exit 3; with --json, reason `busy`), whatever the command wrote. The server ended this
    process's transaction (it stalled mid-change): one line, exit 1. None for any other
    error."""
    from db.engine import DatabaseBusyError, TransactionEndedError

    if isinstance(error, DatabaseBusyError):
        if getattr(args, "json", False):
            print_json({"error": str(error), "reason": "busy"})
        print(f"frontdesk: refused: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if isinstance(error, TransactionEndedError):
        print(f"frontdesk: {error}", file=sys.stderr)
        return EXIT_ERROR
    return None


def password_for(username: str) -> str:
    """The password of `--as USERNAME`: FRONTDESK_PASSWORD, else asked for at the terminal
    (without one, bad input: a script must say it)."""
    import os

    password = os.environ.get("FRONTDESK_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CommandError(
            f"the password of {username} is needed: set FRONTDESK_PASSWORD or run in a terminal",
            EXIT_BAD_INPUT,
        )
    import getpass

    return getpass.getpass(f"password for {username}: ")


def open_clinic_database(config: AppConfig) -> Database:
    """The database brought to this version's schema; a server or file that cannot be
    opened is one line for the user, not a traceback."""
    from sqlalchemy.exc import OperationalError

    from app.startup import open_database

    check_database_url(config.database_url)
    try:
        database, result = open_database(config)
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise CommandError(f"cannot open the database: {reason}") from None
    if result and result.backup:
        print(f"backed up the database to {result.backup} before upgrading", file=sys.stderr)
    return database


def check_database_url(url: str) -> None:
    """Bad input unless `url` is a URL of a database this product runs on (the URL itself
    is never repeated: it may hold a password)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):
        raise CommandError(
            "the database URL is not a URL like sqlite:///path or "
            "postgresql+psycopg://user@host/db",
            EXIT_BAD_INPUT,
        ) from None
    if backend not in ("sqlite", "postgresql"):
        raise CommandError(
            f"the database URL names {backend}; only sqlite and postgresql are supported",
            EXIT_BAD_INPUT,
        )


def clinic_zone_name(database: Database) -> str:
    """The clinic's time zone, in which times without an offset are read and printed."""
    from app.booking.loader import load_clinic

    with database.read() as session:
        try:
            return load_clinic(session).settings.timezone
        except LookupError as error:
            raise CommandError(str(error), EXIT_REFUSED) from None


def parse_now(text: str | None, zone_name: str, database: Database) -> datetime:
    """`--now T`, so scripts and tests decide at a fixed moment; the database's clock
    without it."""
    from app.timezones import clinic_zone, parse_datetime

    if text is None:
        return database_now(database)
    try:
        return parse_datetime(text, clinic_zone(zone_name))
    except ValueError as error:
        raise CommandError(f"--now: {error}", EXIT_BAD_INPUT) from None


def database_now(database: Database) -> datetime:
    """This moment by the database server's clock (docs/architecture.md, "One clock"): a
    command runs once, so its first use measures the offset (one round trip on PostgreSQL,
    none on SQLite) and later uses add it."""
    from app.clock import shared_clock

    clock = shared_clock(database)
    clock.measure_once()
    return clock.now()


def parse_time(option: str, text: str, zone_name: str) -> datetime:
    from app.timezones import clinic_zone, parse_datetime

    try:
        return parse_datetime(text, clinic_zone(zone_name))
    except ValueError as error:
        raise CommandError(f"{option}: {error}", EXIT_BAD_INPUT) from None


def parse_date(option: str, text: str) -> date:
    """A date a user typed (`2025-01-15`), within the years every date must lie in."""
    from app.timezones import check_year

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{option}: {text!r} is not a date like 2025-01-15", EXIT_BAD_INPUT
        ) from None
    try:
        return check_year(day)
    except ValueError as error:
        raise CommandError(f"{option}: {error}", EXIT_BAD_INPUT) from None


def text_option(option: str, text: str | None, field: str) -> str | None:
    """A free text typed on the command line, held to its field's one limit
    (app.text_limits), so what a command stores an export can write and an import take."""
    from app.text_limits import text_problem

    if text is None:
        return None
    problem = text_problem(text, field)
    if problem is not None:
        raise CommandError(f"{option} {problem}", EXIT_BAD_INPUT)
    return text


def unreadable_argument(argv: Sequence[str]) -> str | None:
    """The message for the first argument that is not valid text (Python hands a byte that
    is not UTF-8 over as a lone surrogate), naming its option; None when all are."""
    from app.text_limits import encodable

    for index, argument in enumerate(argv):
        if encodable(argument):
            continue
        if argument.startswith("-"):
            option = argument.split("=", 1)[0]
            where = option if encodable(option) else f"argument {index + 1}"
        elif index and argv[index - 1].startswith("--") and encodable(argv[index - 1]):
            where = argv[index - 1]
        else:
            where = f"argument {index + 1}"
        return f"{where}: is not valid text (a byte that is not UTF-8)"
    return None


def iso_local(moment: datetime, zone_name: str) -> str:
    """A moment as scripts read it: the clinic's wall clock with its offset, to the second."""
    from app.timezones import clinic_zone

    return str(moment.astimezone(clinic_zone(zone_name)).isoformat(timespec="seconds"))


def print_json(payload: Any) -> None:
    print(json.dumps(payload))


def write_whole(target: Path, content: bytes) -> None:
    from app.files import write_whole as write_then_rename

    try:
        write_then_rename(target, content)
    except OSError as error:
        raise CommandError(f"{target}: cannot write: {error.strerror}") from None
