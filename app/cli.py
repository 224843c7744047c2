"""`frontdesk`: the command line for admins and scripts (CONTRACTS.md).

Exit status: 0 ok, 2 bad input, 3 refused by a rule, 1 anything else. Qt is imported only
by the `gui` command, so every other command starts fast on a headless server.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.config import AppConfig, ConfigError, load_config
from app.logging_setup import configure_logging

log = logging.getLogger("frontdesk.cli")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3


class CommandError(Exception):
    """A command failed in a way the user can act on; carries its exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _common(parser: argparse.ArgumentParser) -> None:
    # On the main parser and on every subcommand, so `--db` works before or after it.
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database URL (sqlite:///path or postgresql+psycopg://user@host/db)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontdesk", description="Clinic Front Desk: scheduling for a therapy clinic."
    )
    _common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="database maintenance")
    _common(db)
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    _common(db_commands.add_parser("upgrade", help="migrate the database to this version"))
    _common(db_commands.add_parser("revision", help="print the database's schema revision"))

    demo = commands.add_parser("demo", help="fill an empty database with a realistic clinic")
    _common(demo)
    demo.add_argument("--seed", type=int, default=7, help="random seed (same seed, same clinic)")
    demo.add_argument(
        "--now", metavar="T", help="the moment the demo is built around (default: the clock)"
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) if a clinic already exists"
    )

    imp = commands.add_parser("import", help="import a clinic file (JSON; - for stdin)")
    _common(imp)
    imp.add_argument("file")
    exp = commands.add_parser("export", help="export the clinic file (JSON; - for stdout)")
    _common(exp)
    exp.add_argument("file")

    backup = commands.add_parser("backup", help="online backup of the SQLite database")
    _common(backup)
    backup.add_argument(
        "--to", metavar="FILE", help="where to write it (default: the backups folder, pruned)"
    )
    restore = commands.add_parser(
        "restore", help="replace the SQLite database's data with a backup (current data kept)"
    )
    _common(restore)
    restore.add_argument("file")

    _common(commands.add_parser("gui", help="open the front-desk window (the default)"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(getattr(args, "db", None))
    except ConfigError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    configure_logging(config.log_dir, verbose=getattr(args, "verbose", False))
    command = args.command or "gui"
    try:
        return _dispatch(command, args, config)
    except CommandError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last resort: a message, the details in the log
        log.exception("command %s failed", command)
        print(f"frontdesk: {command} failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR


def _dispatch(command: str, args: argparse.Namespace, config: AppConfig) -> int:
    if command == "gui":
        from ui.launch import run_gui  # Qt only here: the other commands stay headless

        return run_gui(config)
    handlers = {
        "db": _db,
        "demo": _demo,
        "import": _import,
        "export": _export,
        "backup": _backup,
        "restore": _restore,
    }
    return handlers[command](args, config)


def _open(config: AppConfig) -> Any:
    from sqlalchemy.exc import OperationalError

    from app.startup import open_database

    try:
        database, result = open_database(config)
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise CommandError(f"cannot open the database: {reason}") from None
    if result and result.backup:
        print(f"backed up the database to {result.backup} before upgrading", file=sys.stderr)
    return database


def _db(args: argparse.Namespace, config: AppConfig) -> int:
    if args.db_command == "upgrade":
        database = _open(config)
        from db.migrate import current_revision

        print(f"database at revision {current_revision(database)} (head)")
        return EXIT_OK
    from db.engine import Database
    from db.migrate import current_revision, head_revision

    current = current_revision(Database(config.database_url))
    print(f"database revision {current or 'none'}; this version expects {head_revision()}")
    return EXIT_OK


def _parse_now(text: str | None, zone_name: str) -> Any:
    from datetime import UTC, datetime

    from app.timezones import clinic_zone, parse_datetime

    if text is None:
        return datetime.now(UTC)
    try:
        return parse_datetime(text, clinic_zone(zone_name))
    except ValueError as error:
        raise CommandError(f"--now: {error}", EXIT_BAD_INPUT) from None


def _demo(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clinic_file import ClinicFileError, import_clinic
    from app.demo import DEMO_TIMEZONE, build_demo_clinic
    from db.models import ClinicSettings

    database = _open(config)
    with database.read() as session:
        exists = session.get(ClinicSettings, 1) is not None
    if exists:
        if args.if_empty:
            print("the database already holds a clinic; demo left it as it is")
            return EXIT_OK
        raise CommandError(
            "the database already holds a clinic; the demo only fills an empty database "
            "(use --db with a new file)",
            EXIT_REFUSED,
        )
    now = _parse_now(args.now, DEMO_TIMEZONE)
    document = build_demo_clinic(seed=args.seed, now=now)
    try:
        summary = import_clinic(database, document, actor="demo")
    except ClinicFileError as error:  # a bug in the generator, not the user's input
        raise CommandError(str(error)) from None
    print(f"demo clinic created: {summary.describe()}")
    return EXIT_OK


def _import(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clinic_file import ClinicFileError, import_clinic

    data = _read_json(args.file)
    database = _open(config)
    try:
        summary = import_clinic(database, data, actor="cli")
    except ClinicFileError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    print(f"imported {args.file}: {summary.describe()}")
    for note in summary.notes:
        print(f"note: {note}")
    return EXIT_OK


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file", EXIT_BAD_INPUT) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{name}: cannot read: {error}", EXIT_BAD_INPUT) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            EXIT_BAD_INPUT,
        ) from None


def _export(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clinic_file import export_clinic

    database = _open(config)
    try:
        document = export_clinic(database)
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.file)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    except OSError as error:
        raise CommandError(f"{args.file}: cannot write: {error.strerror}") from None
    print(f"exported the clinic to {args.file}", file=sys.stderr)
    return EXIT_OK


def _backup(args: argparse.Namespace, config: AppConfig) -> int:
    from app.backups import BackupRefusedError, back_up

    database = _open(config)
    try:
        path = back_up(config, database, Path(args.to) if args.to else None)
    except BackupRefusedError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    except OSError as error:
        raise CommandError(f"cannot write the backup: {error.strerror or error}") from None
    print(f"backup written to {path}")
    return EXIT_OK


def _restore(args: argparse.Namespace, config: AppConfig) -> int:
    from app.backups import BackupRefusedError, restore

    database = _open(config)
    try:
        result = restore(config, database, Path(args.file))
    except FileNotFoundError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except BackupRefusedError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    print(f"restored from {args.file}; the data it replaced was kept in {result.safety_copy}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
