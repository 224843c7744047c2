"""`frontdesk report …` (docs/interfaces.md, Reports): one function per report, each reading
through `app` and printing JSON or a plain table. A new report is a subcommand in
`parser._add_report_commands` and an entry in `REPORTS`.

Dates are the clinic's local dates; a bad date exits 2, a database without a clinic 3."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    open_clinic_database,
    parse_date,
    print_json,
)
from app.config import AppConfig


def report_command(args: argparse.Namespace, config: AppConfig) -> int:
    return REPORTS[args.report_command](args, config)


def cashup_command(args: argparse.Namespace, config: AppConfig) -> int:
    """The day's cash-up (SPEC F11, End of day)."""
    from app.money.cashup import cash_up

    day = parse_date("--date", args.date)  # before the database: bad input changes nothing
    database = open_clinic_database(config)
    try:
        result = cash_up(database, day)
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    if args.json:
        print_json(result.as_json())
        return EXIT_OK
    from app.money import format_amount

    def money(cents: int) -> str:
        return f"{format_amount(cents, result.currency):>12}"

    print(f"Cash-up {day.isoformat()} ({result.currency})")
    for method, cents in result.by_method.items():
        print(f"  {method:<22}{money(cents)}")
    for user, cents in result.by_user.items():
        print(f"  taken by {user:<13}{money(cents)}")
    print(f"  {'refunds':<22}{money(-result.refunds_cents)}")
    print(f"  {'expected cash':<22}{money(result.expected_cash_cents)}")
    return EXIT_OK


def figures_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Utilisation, attendance or revenue over a period (docs/reports.md): the same
    `Report` the desk's window shows, as CSV or JSON rows."""
    from app.reports import ReportInputError, ReportKind, run_report

    first = parse_date("--from", args.first)
    last = parse_date("--to", args.last)
    if last < first:
        raise CommandError("--to is before --from", EXIT_BAD_INPUT)
    database = open_clinic_database(config)
    try:
        report = run_report(database, ReportKind(args.report_command), args.by, first, last)
    except ReportInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    if args.json:
        print_json(report.records())
    else:
        sys.stdout.write(report.csv_text())
    return EXIT_OK


REPORTS: dict[str, Callable[[argparse.Namespace, AppConfig], int]] = {
    "cashup": cashup_command,
    "utilisation": figures_command,
    "attendance": figures_command,
    "revenue": figures_command,
}
