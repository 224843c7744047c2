"""The argparse tree of `frontdesk`: every command, its options and their help texts."""

from __future__ import annotations

import argparse
from typing import Any

from db.enums import SessionType


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
    _add_change_commands(commands)
    _add_client_commands(commands)
    _add_waitlist_commands(commands)
    _add_money_commands(commands)
    _add_report_commands(commands)
    _add_daysheet_command(commands)
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
        choices=[t.value for t in SessionType],
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


def _add_change_commands(commands: Any) -> None:
    changes = commands.add_parser("changes", help="what other processes change, as it happens")
    _common(changes)
    actions = changes.add_subparsers(dest="changes_command", metavar="ACTION", required=True)
    follow = actions.add_parser(
        "follow", help="print a line per committed change until stopped (Ctrl+C)"
    )
    _common(follow)
    follow.add_argument("--json", action="store_true", help="machine-readable output")


_NOW_HELP = "the moment to act at (default: the database server's clock)"


def _as_option(parser: argparse.ArgumentParser, required: bool, who: str) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        required=required,
        help=f"{who}; password from FRONTDESK_PASSWORD or a prompt",
    )


def _add_client_commands(commands: Any) -> None:
    clients = commands.add_parser("clients", help="client profiles: show, merge, archive, erase")
    _common(clients)
    actions = clients.add_subparsers(dest="clients_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="a client's details, statistics and balance")
    _common(show)
    show.add_argument("key")
    show.add_argument("--now", metavar="T", help=_NOW_HELP)
    show.add_argument("--json", action="store_true", help="machine-readable output")
    merge = actions.add_parser("merge", help="move OTHER's sessions, series, notes into KEEP")
    _common(merge)
    merge.add_argument("keep", metavar="KEEP")
    merge.add_argument("other", metavar="OTHER")
    _as_option(merge, True, "admin merging")
    merge.add_argument("--reason", required=True, metavar="TEXT")
    merge.add_argument("--now", metavar="T", help=_NOW_HELP)
    merge.add_argument("--json", action="store_true", help="machine-readable output")
    archive = actions.add_parser("archive", help="take a client out of search (history kept)")
    _common(archive)
    archive.add_argument("key")
    archive.add_argument("--undo", action="store_true", help="bring an archived client back")
    _as_option(archive, False, "who archives (default: the command line)")
    erase = actions.add_parser("erase", help="erase a client's personal data on request")
    _common(erase)
    erase.add_argument("key")
    _as_option(erase, True, "admin erasing")
    erase.add_argument("--reason", required=True, metavar="TEXT")
    erase.add_argument("--now", metavar="T", help=_NOW_HELP)
    erase.add_argument("--json", action="store_true", help="machine-readable output")


def _add_waitlist_commands(commands: Any) -> None:
    waitlist = commands.add_parser("waitlist", help="clients waiting for a start")
    _common(waitlist)
    actions = waitlist.add_subparsers(dest="waitlist_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="put a client on the waitlist")
    _common(add)
    add.add_argument("--client", required=True, metavar="KEY")
    add.add_argument("--service", required=True, metavar="KEY")
    add.add_argument("--therapist", metavar="KEY", help="this therapist (default: any)")
    add.add_argument("--weekdays", metavar="mon,wed", help="preferred weekdays (default: any)")
    add.add_argument(
        "--between", metavar="09:00-12:00", help="the session fits in this time (default: any)"
    )
    add.add_argument("--from", dest="from_date", required=True, metavar="D")
    add.add_argument("--to", dest="to_date", required=True, metavar="D")
    add.add_argument("--now", metavar="T", help=_NOW_HELP)
    _as_option(add, False, "who adds the entry (default: the command line)")
    add.add_argument("--json", action="store_true", help="machine-readable output")
    listing = actions.add_parser("list", help="open waitlist entries, longest waiting first")
    _common(listing)
    listing.add_argument("--all", action="store_true", help="closed entries too")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    remove = actions.add_parser("remove", help="close a waitlist entry")
    _common(remove)
    remove.add_argument("id", type=int, metavar="N")
    _as_option(remove, False, "who removes it (default: the command line)")

    inbox = commands.add_parser("inbox", help="what the front desk should act on")
    _common(inbox)
    inbox.add_argument("--now", metavar="T", help=_NOW_HELP)
    inbox.add_argument("--json", action="store_true", help="machine-readable output")


def _add_money_commands(commands: Any) -> None:
    amount_help = "a decimal in the clinic's currency (50.00)"
    pay = commands.add_parser("pay", help="take a payment and give its receipt number")
    _common(pay)
    pay.add_argument("--client", required=True, metavar="KEY")
    pay.add_argument(
        "--session",
        dest="sessions",
        action="append",
        metavar="REF",
        help="a session to pay (repeat for several, in order); default: what is owed, oldest "
        "first; what is left becomes credit",
    )
    pay.add_argument("--amount", required=True, metavar="A", help=amount_help)
    pay.add_argument("--method", required=True, metavar="cash|card|transfer|other")
    pay.add_argument("--reference", metavar="TEXT", help="card slip, transfer number, …")
    _as_option(pay, True, "who takes the payment")
    pay.add_argument("--now", metavar="T", help=_NOW_HELP)
    pay.add_argument("--json", action="store_true", help="machine-readable output")

    refund = commands.add_parser("refund", help="give back money of a payment (a supervisor)")
    _common(refund)
    refund.add_argument("receipt", metavar="RC-…", help="the payment's receipt number")
    refund.add_argument(
        "--amount", metavar="A", help=f"{amount_help}; default: all that is left of it"
    )
    _as_option(refund, True, "supervisor or admin giving it back")
    refund.add_argument("--reason", required=True, metavar="TEXT")
    refund.add_argument("--now", metavar="T", help=_NOW_HELP)
    refund.add_argument("--json", action="store_true", help="machine-readable output")

    receipt = commands.add_parser("receipt", help="write a receipt as a PDF")
    _common(receipt)
    receipt.add_argument("receipt", metavar="RC-…")
    receipt.add_argument("--pdf", required=True, metavar="FILE", help="where to write the PDF")


def _add_report_commands(commands: Any) -> None:
    """`frontdesk report KIND`: one subcommand per report (app/cli/reports.py runs them)."""
    report = commands.add_parser(
        "report", help="reports: utilisation, attendance, revenue, the day's cash-up"
    )
    _common(report)
    kinds = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    cashup = kinds.add_parser(
        "cashup", help="a day's payments by method and user, refunds, the cash expected"
    )
    _common(cashup)
    cashup.add_argument("--date", required=True, metavar="D", help="the clinic's date (2026-11-24)")
    cashup.add_argument("--json", action="store_true", help="machine-readable output")
    helps = {
        "utilisation": "booked against available minutes per therapist or room",
        "attendance": "sessions, completed, no-shows, cancellations per therapist or service",
        "revenue": "billed and collected money per therapist, service or payment method",
    }
    for kind, groupings in (
        ("utilisation", ("therapist", "room")),
        ("attendance", ("therapist", "service")),
        ("revenue", ("therapist", "service", "method")),
    ):
        parser = kinds.add_parser(kind, help=helps[kind])
        _common(parser)
        parser.add_argument("--from", dest="first", required=True, metavar="D")
        parser.add_argument("--to", dest="last", required=True, metavar="D", help="inclusive")
        parser.add_argument("--by", choices=groupings, default=groupings[0])
        output = parser.add_mutually_exclusive_group(required=True)
        output.add_argument("--csv", action="store_true", help="CSV with a header line")
        output.add_argument("--json", action="store_true", help="a list of rows as objects")


def _add_daysheet_command(commands: Any) -> None:
    """`frontdesk daysheet`: the day's sessions on paper (app/cli/daysheet.py)."""
    daysheet = commands.add_parser(
        "daysheet", help="write the day's sessions in time order as a PDF (the desk's day sheet)"
    )
    _common(daysheet)
    daysheet.add_argument(
        "--date", required=True, metavar="D", help="the clinic's date (2026-11-24)"
    )
    daysheet.add_argument("--therapist", metavar="KEY", help="only this therapist's sessions")
    daysheet.add_argument("--room", metavar="KEY", help="only the sessions held in this room")
    daysheet.add_argument("--per-therapist", action="store_true", help="one page per therapist")
    daysheet.add_argument("--pdf", required=True, metavar="FILE", help="where to write the PDF")
