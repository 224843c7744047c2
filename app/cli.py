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

    _add_booking_commands(commands)
    _add_feed_commands(commands)
    _add_sync_commands(commands)
    _add_job_commands(commands)
    _common(commands.add_parser("gui", help="open the front-desk window (the default)"))
    return parser


def _add_booking_commands(commands: Any) -> None:
    now_help = "the moment to decide at (clinic local time or with an offset; default: clock)"
    slots = commands.add_parser("slots", help="every candidate start and its status")
    _common(slots)
    slots.add_argument("--therapist", required=True, metavar="KEY")
    slots.add_argument("--service", required=True, metavar="KEY")
    slots.add_argument("--date", required=True, metavar="D", help="first day (2025-01-15)")
    slots.add_argument("--days", type=int, default=1, metavar="N", help="how many days (1)")
    slots.add_argument("--now", metavar="T", help=now_help)
    slots.add_argument(
        "--override", action="store_true", help="mark starts a supervisor could override"
    )
    slots.add_argument("--json", action="store_true", help="machine-readable output")

    def override_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--override", action="store_true", help="supervisor override (needs --as, --reason)"
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="supervisor or admin authorising; password from FRONTDESK_PASSWORD or a prompt",
        )
        parser.add_argument("--reason", metavar="TEXT", help="why the override is needed")

    book = commands.add_parser("book", help="book a session (rules re-checked)")
    _common(book)
    book.add_argument("--therapist", required=True, metavar="KEY")
    book.add_argument("--client", required=True, metavar="KEY")
    book.add_argument("--service", required=True, metavar="KEY")
    book.add_argument("--start", required=True, metavar="T")
    book.add_argument("--room", metavar="KEY", help="this room instead of the automatic choice")
    book.add_argument(
        "--type",
        dest="session_type",
        choices=[t.value for t in _session_types()],
        default="follow_up",
    )
    book.add_argument("--notes", metavar="TEXT", help="administrative notes (never clinical)")
    book.add_argument("--now", metavar="T", help=now_help)
    override_options(book)
    book.add_argument("--json", action="store_true", help="machine-readable output")

    move = commands.add_parser("reschedule", help="move a session to another start")
    _common(move)
    move.add_argument("reference")
    move.add_argument("--start", required=True, metavar="T")
    move.add_argument("--therapist", metavar="KEY", help="move to another therapist too")
    move.add_argument("--room", metavar="KEY")
    move.add_argument("--now", metavar="T", help=now_help)
    override_options(move)
    move.add_argument("--json", action="store_true", help="machine-readable output")

    cancel = commands.add_parser("cancel", help="cancel a session with a reason")
    _common(cancel)
    cancel.add_argument("reference")
    cancel.add_argument("--reason", required=True, metavar="TEXT")
    cancel.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="supervisor waiving the late-cancellation mark (password as for book)",
    )
    cancel.add_argument("--now", metavar="T", help=now_help)
    cancel.add_argument("--json", action="store_true", help="machine-readable output")

    status = commands.add_parser("status", help="record a session's progress")
    _common(status)
    status.add_argument("reference")
    status.add_argument("status", choices=["confirmed", "in_progress", "completed", "no_show"])
    status.add_argument("--now", metavar="T", help=now_help)


def _add_feed_commands(commands: Any) -> None:
    feeds = commands.add_parser("feeds", help="calendar feeds: export, serve, subscriptions")
    _common(feeds)
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    def scope_options(parser: argparse.ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--therapist", metavar="KEY", help="one therapist's sessions")
        which.add_argument("--room", metavar="KEY", help="one room's sessions (no client names)")
        which.add_argument("--clinic", action="store_true", help="every session of the clinic")

    export = actions.add_parser("export", help="write a feed to an .ics file (- for stdout)")
    _common(export)
    scope_options(export)
    export.add_argument("file", metavar="OUT.ics")
    export.add_argument("--now", metavar="T", help="the feed window's today (default: clock)")

    serve = actions.add_parser("serve", help="publish subscribed feeds over HTTP")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8470, help="port (8470; 0 picks a free one)")

    token = actions.add_parser("token", help="create or revoke a subscription URL")
    _common(token)
    token_actions = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = token_actions.add_parser("create", help="a new feed URL (prints its path)")
    _common(create)
    scope_options(create)
    revoke = token_actions.add_parser("revoke", help="stop a feed URL from working")
    _common(revoke)
    revoke.add_argument("token", metavar="TOKEN", help="the token, its /feeds/….ics path or URL")
    _common(token_actions.add_parser("list", help="subscriptions (never their tokens)"))


def _add_sync_commands(commands: Any) -> None:
    sync = commands.add_parser("sync", help="deliver emails and Google Calendar updates")
    _common(sync)
    actions = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="deliver what is due, every few seconds or --once")
    _common(run)
    run.add_argument("--once", action="store_true", help="one pass, then exit")
    run.add_argument("--now", metavar="T", help="the moment to deliver at (default: clock)")
    resume = actions.add_parser("resume", help="deliver again after a refused login was fixed")
    _common(resume)
    resume.add_argument("target", choices=["email", "google"])
    _common(actions.add_parser("password", help="keep the SMTP password in the OS keyring"))
    busy = actions.add_parser("busy-times", help="read the therapists' Google busy times now")
    _common(busy)


def _add_job_commands(commands: Any) -> None:
    jobs = commands.add_parser("jobs", help="background jobs: holds, reminders, backups")
    _common(jobs)
    actions = jobs.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    once = actions.add_parser("run-once", help="run every job once, then exit")
    _common(once)
    once.add_argument("--now", metavar="T", help="the moment to run at (default: clock)")
    _common(actions.add_parser("run", help="run the jobs (one process per database leads)"))


def _session_types() -> Any:
    from db.enums import SessionType

    return SessionType


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
        from sync.feeds import Publisher
        from sync.google_oauth import connector_for
        from sync.worker import OutboxWorker
        from ui.launch import run_gui  # Qt only here: the other commands stay headless

        return run_gui(config, Publisher(), OutboxWorker(config), connector_for(config))
    handlers = {
        "db": _db,
        "demo": _demo,
        "import": _import,
        "export": _export,
        "backup": _backup,
        "restore": _restore,
        "slots": _slots,
        "book": _book,
        "reschedule": _reschedule,
        "cancel": _cancel,
        "status": _status,
        "feeds": _feeds,
        "sync": _sync,
        "jobs": _jobs,
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
    _write_whole(Path(args.file), text.encode("utf-8"))
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


# -- booking ------------------------------------------------------------------------------


def _write_whole(target: Path, content: bytes) -> None:
    from app.files import write_whole

    try:
        write_whole(target, content)
    except OSError as error:
        raise CommandError(f"{target}: cannot write: {error.strerror}") from None


def _clinic_zone_name(database: Any) -> str:
    from app.booking.loader import load_clinic

    with database.read() as session:
        try:
            return load_clinic(session).settings.timezone
        except LookupError as error:
            raise CommandError(str(error), EXIT_REFUSED) from None


def _parse_time(option: str, text: str, zone_name: str) -> Any:
    from app.timezones import clinic_zone, parse_datetime

    try:
        return parse_datetime(text, clinic_zone(zone_name))
    except ValueError as error:
        raise CommandError(f"{option}: {error}", EXIT_BAD_INPUT) from None


def _iso_local(moment: Any, zone_name: str) -> str:
    from app.timezones import clinic_zone

    return str(moment.astimezone(clinic_zone(zone_name)).isoformat(timespec="seconds"))


def _slots(args: argparse.Namespace, config: AppConfig) -> int:
    from datetime import date

    from app.booking import BookingInputError, available_slots

    try:
        first_day = date.fromisoformat(args.date)
    except ValueError:
        raise CommandError(
            f"--date: {args.date!r} is not a date like 2025-01-15", EXIT_BAD_INPUT
        ) from None
    database = _open(config)
    zone = _clinic_zone_name(database)
    now = _parse_now(args.now, zone)
    try:
        listing = available_slots(
            database,
            args.therapist,
            args.service,
            first_day,
            args.days,
            now,
            override=args.override,
        )
    except BookingInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    days = []
    for day in listing.days:
        slots = []
        for slot in day.slots:
            item: dict[str, Any] = {
                "start": _iso_local(slot.start, zone),
                "end": _iso_local(slot.end, zone),
                "status": slot.status.value,
            }
            if slot.detail:
                item["detail"] = slot.detail
            if args.override and slot.override:
                item["override"] = True
            slots.append(item)
        days.append({"date": day.day.isoformat(), "slots": slots})
    if args.json:
        print(
            json.dumps(
                {
                    "therapist": listing.therapist,
                    "service": listing.service,
                    "duration_minutes": listing.duration_minutes,
                    "timezone": listing.timezone,
                    "days": days,
                }
            )
        )
        return EXIT_OK
    for day in days:
        free = [s for s in day["slots"] if s["status"] == "available"]
        print(f"{day['date']}: {len(free)} of {len(day['slots'])} starts available")
        for slot in day["slots"]:
            extra = f" ({slot['detail']})" if "detail" in slot else ""
            flag = " [override]" if slot.get("override") else ""
            print(f"  {slot['start'][11:16]}–{slot['end'][11:16]}  {slot['status']}{extra}{flag}")
    return EXIT_OK


def _override_from(args: argparse.Namespace) -> Any:
    from app.booking import Override

    if not getattr(args, "override", False):
        if getattr(args, "reason", None) and args.command != "cancel":
            raise CommandError("--reason is for an --override", EXIT_BAD_INPUT)
        return None
    if not args.as_user:
        raise CommandError("--override needs --as USERNAME (a supervisor or admin)", EXIT_BAD_INPUT)
    if not args.reason or not args.reason.strip():
        raise CommandError("--override needs --reason TEXT", EXIT_BAD_INPUT)
    return Override(args.as_user, _password_for(args.as_user), args.reason)


def _password_for(username: str) -> str:
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


def _refused(args: argparse.Namespace, error: Any, zone: str) -> int:
    payload = {
        "error": error.message,
        "reason": error.reason,
        "alternatives": [_iso_local(a, zone) for a in error.alternatives],
    }
    if getattr(args, "json", False):
        print(json.dumps(payload))
    print(f"frontdesk: refused: {error.message}", file=sys.stderr)
    if error.alternatives and not getattr(args, "json", False):
        print("nearest available: " + ", ".join(payload["alternatives"]), file=sys.stderr)
    return EXIT_REFUSED


def _attempt(args: argparse.Namespace, zone: str, action: Any) -> tuple[Any, int | None]:
    """Run a booking use case: bad input exits 2; a refusal is printed and exits 3."""
    from app.booking import BookingInputError, BookingRefusedError

    try:
        return action(), None
    except BookingInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except BookingRefusedError as error:
        return None, _refused(args, error, zone)


def _print_booking(args: argparse.Namespace, result: Any, zone: str) -> None:
    payload: dict[str, Any] = {
        "reference": result.reference,
        "start": _iso_local(result.starts_at, zone),
        "end": _iso_local(result.ends_at, zone),
        "room": result.room,
        "moved": [
            {"reference": m.reference, "from_room": m.from_room, "to_room": m.to_room}
            for m in result.moved
        ],
    }
    if result.overridden_rules:
        payload["overridden"] = list(result.overridden_rules)
    if result.rescheduled_from:
        payload["rescheduled_from"] = result.rescheduled_from
    if args.json:
        print(json.dumps(payload))
        return
    when = f"{payload['start']} – {payload['end'][11:16]}"
    print(f"booked {result.reference}: {when}, room {result.room or 'none'}")
    for move in result.moved:
        print(f"  moved {move.reference} from room {move.from_room} to {move.to_room}")


def _book(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import BookingRequest, book
    from db.enums import SessionType

    override = _override_from(args)
    database = _open(config)
    zone = _clinic_zone_name(database)
    now = _parse_now(args.now, zone)
    request = BookingRequest(
        therapist=args.therapist,
        client=args.client,
        service=args.service,
        start=_parse_time("--start", args.start, zone),
        room=args.room,
        session_type=SessionType(args.session_type),
        notes=args.notes,
    )
    actor = args.as_user if override else "cli"
    result, refused = _attempt(
        args, zone, lambda: book(database, request, actor=actor, now=now, override=override)
    )
    if refused is not None:
        return refused
    _print_booking(args, result, zone)
    return EXIT_OK


def _reschedule(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import reschedule

    override = _override_from(args)
    database = _open(config)
    zone = _clinic_zone_name(database)
    now = _parse_now(args.now, zone)
    start = _parse_time("--start", args.start, zone)
    actor = args.as_user if override else "cli"
    result, refused = _attempt(
        args,
        zone,
        lambda: reschedule(
            database,
            args.reference,
            start,
            actor=actor,
            now=now,
            therapist=args.therapist,
            room=args.room,
            override=override,
        ),
    )
    if refused is not None:
        return refused
    _print_booking(args, result, zone)
    return EXIT_OK


def _cancel(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import Override, cancel

    database = _open(config)
    zone = _clinic_zone_name(database)
    now = _parse_now(args.now, zone)
    supervisor = None
    if args.as_user:
        supervisor = Override(args.as_user, _password_for(args.as_user), args.reason)
    result, refused = _attempt(
        args,
        zone,
        lambda: cancel(
            database,
            args.reference,
            args.reason,
            actor=args.as_user or "cli",
            now=now,
            supervisor=supervisor,
        ),
    )
    if refused is not None:
        return refused
    if args.json:
        print(
            json.dumps({"reference": result.reference, "status": "cancelled", "late": result.late})
        )
    else:
        late = " (late cancellation)" if result.late else ""
        print(f"cancelled {result.reference}{late}")
    return EXIT_OK


def _status(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import change_status
    from db.enums import SessionStatus

    database = _open(config)
    zone = _clinic_zone_name(database)
    now = _parse_now(args.now, zone)
    _, refused = _attempt(
        args,
        zone,
        lambda: change_status(
            database, args.reference, SessionStatus(args.status), actor="cli", now=now
        ),
    )
    if refused is not None:
        return refused
    print(f"{args.reference.upper()} is now {args.status}")
    return EXIT_OK


# -- calendar feeds -----------------------------------------------------------------------


def _feed_scope(args: argparse.Namespace) -> Any:
    from app.feeds import FeedScope

    if args.therapist:
        return FeedScope("therapist", args.therapist)
    if args.room:
        return FeedScope("room", args.room)
    return FeedScope("clinic")


def _feeds(args: argparse.Namespace, config: AppConfig) -> int:
    from app.feeds import FeedTokenError

    database = _open(config)
    try:
        if args.feeds_command == "export":
            return _feeds_export(args, database)
        if args.feeds_command == "serve":
            return _feeds_serve(args, database)
        return _feeds_token(args, database)
    except FeedTokenError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None


def _feeds_export(args: argparse.Namespace, database: Any) -> int:
    # The composition root may reach sync; app's own modules never do.
    from sync.feeds import build_feed

    now = _parse_now(args.now, _clinic_zone_name(database))
    feed = build_feed(database, _feed_scope(args), now)
    if args.file == "-":
        sys.stdout.buffer.write(feed.body)
        sys.stdout.flush()
    else:
        _write_whole(Path(args.file), feed.body)
        print(f"exported {feed.events} events of {feed.name} to {args.file}")
    return EXIT_OK


def _feeds_serve(args: argparse.Namespace, database: Any) -> int:
    from sync.feeds import FeedServer

    if not 0 <= args.port <= 65535:
        raise CommandError("--port must be between 0 and 65535", EXIT_BAD_INPUT)
    try:
        server = FeedServer(database, args.host, args.port)
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print(
            f"warning: listening on {args.host}, not only this computer; anyone who can reach it "
            "and holds a feed URL can read that feed",
            file=sys.stderr,
        )
    print(f"serving calendar feeds at {server.url('/feeds/<token>.ics')} (Ctrl+C stops)")
    sys.stdout.flush()
    from app.startup import freeze_startup_objects

    freeze_startup_objects()
    try:
        server.serve_forever()
    finally:
        server.stop()
    return EXIT_OK


def _feeds_token(args: argparse.Namespace, database: Any) -> int:
    from datetime import UTC, datetime

    from app.feeds import create_token, list_tokens, revoke_token

    if args.token_command == "create":
        created = create_token(database, _feed_scope(args), actor="cli")
        print(created.path)
    elif args.token_command == "revoke":
        info = revoke_token(database, actor="cli", now=datetime.now(UTC), token=args.token)
        print(f"revoked the feed of {info.scope.describe()}")
    else:
        for info in list_tokens(database):
            state = "revoked" if info.revoked_at else "live"
            print(
                f"{info.id}\t{info.scope.describe()}\t{state}\t"
                f"created {info.created_at:%Y-%m-%d %H:%M} by {info.created_by}"
            )
    return EXIT_OK


# -- outbox delivery ----------------------------------------------------------------------

SYNC_INTERVAL_SECONDS = 5


def _sync(args: argparse.Namespace, config: AppConfig) -> int:
    from app.outbox import pause_reason, resume
    from sync.mail.smtp import SmtpSettingsError
    from sync.worker import OutboxWorker

    if args.sync_command == "password":  # the keyring only: no database needed
        return _sync_password(config)
    database = _open(config)
    if args.sync_command == "resume":
        reason = pause_reason(database, args.target)
        if not resume(database, args.target):
            print(f"{args.target} was not paused")
            return EXIT_OK
        print(f"{args.target} delivery resumed (it was paused: {reason})")
        return EXIT_OK
    worker = OutboxWorker(config)
    if args.sync_command == "busy-times":
        from datetime import UTC, datetime

        print(worker.refresh_busy_times_now(database, datetime.now(UTC)))
        return EXIT_OK
    try:
        if args.once:
            now = _parse_now(args.now, _clinic_zone_name(database))
            report = worker(database, now)
            print(report.describe())
            return EXIT_ERROR if report.failed else EXIT_OK
        if args.now:
            raise CommandError("--now only goes with --once", EXIT_BAD_INPUT)
        import time
        from datetime import UTC, datetime

        print(f"delivering every {SYNC_INTERVAL_SECONDS} s (Ctrl+C stops)")
        from app.startup import freeze_startup_objects

        freeze_startup_objects()
        while True:
            try:
                report = worker(database, datetime.now(UTC))
                log.info("outbox pass: %s", report.describe().replace("\n", "; "))
            except SmtpSettingsError:
                raise
            except Exception:  # the database or network away: try again next time
                log.exception("outbox pass failed")
            time.sleep(SYNC_INTERVAL_SECONDS)
    except SmtpSettingsError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None


def _jobs(args: argparse.Namespace, config: AppConfig) -> int:
    from app.jobs import JobRunner, run_due_jobs

    database = _open(config)
    if args.jobs_command == "run-once":
        now = _parse_now(args.now, _clinic_zone_name(database))
        for outcome in run_due_jobs(config, database, now):
            print(f"{outcome.job}: {outcome.summary}")
        return EXIT_OK
    import threading

    def announce() -> None:
        print("leading: this process runs the jobs", flush=True)

    from sync.worker import OutboxWorker

    # The leader also delivers emails and Google updates (no `frontdesk sync run` needed).
    runner = JobRunner(
        config, database, on_leadership=announce, also_every=[(OutboxWorker(config), 5)]
    )
    print("standing by until no other process runs the jobs (Ctrl+C stops)", flush=True)
    runner.start()
    from app.startup import freeze_startup_objects

    freeze_startup_objects()
    try:
        threading.Event().wait()
    finally:
        runner.stop()
    return EXIT_OK


def _sync_password(config: AppConfig) -> int:
    from sync.mail.smtp import SmtpSettingsError, store_smtp_password

    if not sys.stdin.isatty():
        raise CommandError("run this in a terminal: the password is asked for", EXIT_BAD_INPUT)
    import getpass

    try:
        entry = store_smtp_password(config, getpass.getpass("SMTP password: "))
    except SmtpSettingsError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    print(f"kept in the OS keyring (service frontdesk, {entry})")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
