"""`frontdesk sync`: deliver the outbox (emails, Google Calendar), resume a paused target,
keep the SMTP password, read Google busy times now."""

from __future__ import annotations

import argparse
import sys

from app.cli import composition
from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_ERROR,
    EXIT_OK,
    CommandError,
    clinic_zone_name,
    database_now,
    open_clinic_database,
    parse_now,
)
from app.cli.services import deliver_until_stopped
from app.config import AppConfig


def sync_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.outbox import pause_reason, resume

    if args.sync_command == "password":  # the keyring only: no database needed
        return _password(config)
    database = open_clinic_database(config)
    if args.sync_command == "resume":
        reason = pause_reason(database, args.target)
        if not resume(database, args.target):
            print(f"{args.target} was not paused")
            return EXIT_OK
        print(f"{args.target} delivery resumed (it was paused: {reason})")
        return EXIT_OK
    worker = composition.outbox_worker(config)
    if args.sync_command == "busy-times":
        print(worker.refresh_busy_times_now(database, database_now(database)))
        return EXIT_OK
    bad_settings = composition.smtp_settings_error()
    try:
        if args.once:
            now = parse_now(args.now, clinic_zone_name(database), database)
            report = worker(database, now)
            print(report.describe())
            return EXIT_ERROR if report.failed else EXIT_OK
        if args.now:
            raise CommandError("--now only goes with --once", EXIT_BAD_INPUT)
        deliver_until_stopped(worker, database, gives_up_on=bad_settings)
    except bad_settings as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None


def _password(config: AppConfig) -> int:
    if not sys.stdin.isatty():
        raise CommandError("run this in a terminal: the password is asked for", EXIT_BAD_INPUT)
    import getpass

    bad_settings = composition.smtp_settings_error()
    try:
        entry = composition.keep_smtp_password(config, getpass.getpass("SMTP password: "))
    except bad_settings as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    print(f"kept in the OS keyring (service frontdesk, {entry})")
    return EXIT_OK
