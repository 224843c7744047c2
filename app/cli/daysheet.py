"""`frontdesk daysheet --date D [--therapist KEY | --room KEY] [--per-therapist] --pdf FILE`
(docs/interfaces.md, Reports): the day's sessions in time order as the desk prints them,
written as a PDF. Every input is checked before anything is written: a bad date, both
--therapist and --room, an unknown key or a folder that cannot take the file exit 2 with
nothing written (no half file); a database without a clinic exits 3."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import composition
from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    open_clinic_database,
    parse_date,
)
from app.cli.money import _plain
from app.config import AppConfig


def daysheet_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.reports import ReportInputError
    from app.reports.daysheet import day_sheet

    day = parse_date("--date", args.date)  # before the database: bad input changes nothing
    if args.therapist is not None and args.room is not None:
        raise CommandError("give --therapist or --room, not both", EXIT_BAD_INPUT)
    therapist = None if args.therapist is None else _plain("--therapist", args.therapist)
    room = None if args.room is None else _plain("--room", args.room)
    target = Path(args.pdf)
    if target.is_dir():
        raise CommandError(f"--pdf: {target} is a folder, not a file name", EXIT_BAD_INPUT)
    database = open_clinic_database(config)
    try:
        sheet = day_sheet(database, day, therapist_key=therapist, room_key=room)
    except ReportInputError as error:
        option = "--therapist" if therapist is not None else "--room"
        raise CommandError(f"{option}: {error}", EXIT_BAD_INPUT) from None
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    try:
        composition.save_day_sheet_pdf(sheet, target, per_therapist=args.per_therapist)
    except OSError as error:
        raise CommandError(f"--pdf: {error.strerror or error}", EXIT_BAD_INPUT) from None
    count = "1 session" if len(sheet.rows) == 1 else f"{len(sheet.rows)} sessions"
    print(f"wrote the day sheet of {day.isoformat()} ({count}) to {target}")
    return EXIT_OK
