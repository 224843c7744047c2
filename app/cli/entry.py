"""`main`: parse the command line, load the configuration, run one command and turn what
went wrong into a one-line message and an exit status."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from app.cli import composition
from app.cli.booking import (
    book_command,
    cancel_command,
    reschedule_command,
    slots_command,
    status_command,
)
from app.cli.changes import changes_command
from app.cli.clients import clients_command
from app.cli.clinic_file import demo_command, export_command, import_command
from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_ERROR,
    CommandError,
    stopped_by_another_desk,
    unreadable_argument,
)
from app.cli.database import backup_command, db_command, restore_command
from app.cli.daysheet import daysheet_command
from app.cli.feeds import feeds_command
from app.cli.jobs import jobs_command
from app.cli.money import pay_command, receipt_command, refund_command
from app.cli.parser import build_parser
from app.cli.reports import report_command
from app.cli.sync import sync_command
from app.cli.waitlist import inbox_command, waitlist_command
from app.config import AppConfig, ConfigError, load_config
from app.logging_setup import configure_logging

log = logging.getLogger("frontdesk.cli")

COMMANDS: dict[str, Callable[[argparse.Namespace, AppConfig], int]] = {
    "db": db_command,
    "demo": demo_command,
    "import": import_command,
    "export": export_command,
    "backup": backup_command,
    "restore": restore_command,
    "slots": slots_command,
    "book": book_command,
    "reschedule": reschedule_command,
    "cancel": cancel_command,
    "status": status_command,
    "feeds": feeds_command,
    "sync": sync_command,
    "jobs": jobs_command,
    "changes": changes_command,
    "clients": clients_command,
    "waitlist": waitlist_command,
    "inbox": inbox_command,
    "pay": pay_command,
    "refund": refund_command,
    "receipt": receipt_command,
    "report": report_command,
    "daysheet": daysheet_command,
}

# As a shell reports a process ended by SIGPIPE (128 + 13): `frontdesk slots … | head`.
EXIT_CLOSED_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = _run(sys.argv[1:] if argv is None else argv)
        if sys.stdout is not None:  # None in a windowed bundle
            sys.stdout.flush()  # here, not at exit, so a reader that went away is seen below
        return status
    except BrokenPipeError:
        # The reader closed its end (`| head`): stop quietly. Python would flush stdout once
        # more at exit and complain, so stdout goes to devnull (the Python docs' recipe).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE


def _run(argv: Sequence[str]) -> int:
    unreadable = unreadable_argument(argv)
    if unreadable is not None:
        print(f"frontdesk: {unreadable}", file=sys.stderr)
        return EXIT_BAD_INPUT
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
        if command == "gui":
            return composition.open_window(config)
        return COMMANDS[command](args, config)
    except CommandError as error:
        print(f"frontdesk: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # the reader went away: main ends quietly
    except Exception as error:  # the last resort: a message, the details in the log
        stopped = stopped_by_another_desk(args, error)
        if stopped is not None:
            log.info("command %s stopped: %s", command, error)
            return stopped
        log.exception("command %s failed", command)
        print(f"frontdesk: {command} failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR
