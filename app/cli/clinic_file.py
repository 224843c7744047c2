"""`frontdesk demo`, `import` and `export`: the clinic file (JSON) in and out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    database_now,
    open_clinic_database,
    parse_now,
    write_whole,
)
from app.config import AppConfig


def demo_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clinic_file import ClinicFileError, import_clinic
    from app.demo import DEMO_TIMEZONE, build_demo_clinic
    from app.demo.waitlist import add_demo_waitlist
    from db.models import ClinicSettings

    database = open_clinic_database(config)
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
    now = parse_now(args.now, DEMO_TIMEZONE, database)
    document = build_demo_clinic(seed=args.seed, now=now)
    try:
        summary = import_clinic(database, document, actor="demo", demo=True)
    except ClinicFileError as error:  # a bug in the generator, not the user's input
        raise CommandError(str(error)) from None
    waiting = add_demo_waitlist(database, args.seed, now)
    print(f"demo clinic created: {summary.describe()}, {waiting} clients on the waitlist")
    return EXIT_OK


def import_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clinic_file import ClinicFileError, import_clinic

    data = _read_json(args.file)
    database = open_clinic_database(config)
    database_now(database)  # measures the server's clock once: the import's stamps follow it
    try:
        summary = import_clinic(database, data, actor="cli")
    except ClinicFileError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    print(f"imported {args.file}: {summary.describe()}")
    for note in summary.notes:
        print(f"note: {note}")
    return EXIT_OK


def _read_json(name: str) -> Any:
    from app.clinic_file import ClinicFileError, read_clinic_json

    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file", EXIT_BAD_INPUT) from None
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{name}: not UTF-8 text (byte {error.start + 1} cannot be read)", EXIT_BAD_INPUT
        ) from None
    except OSError as error:
        raise CommandError(
            f"{name}: cannot read: {error.strerror or error}", EXIT_BAD_INPUT
        ) from None
    try:
        return read_clinic_json(text)
    except ClinicFileError as error:
        raise CommandError(f"{name}: {error.problems[0].message}", EXIT_BAD_INPUT) from None


def export_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clinic_file import export_clinic

    database = open_clinic_database(config)
    try:
        document = export_clinic(database)
    except LookupError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
        return EXIT_OK
    write_whole(Path(args.file), text.encode("utf-8"))
    print(f"exported the clinic to {args.file}", file=sys.stderr)
    return EXIT_OK
