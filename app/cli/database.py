"""`frontdesk db`, `backup` and `restore`: the database itself, whatever clinic it holds."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    check_database_url,
    open_clinic_database,
)
from app.config import AppConfig


def db_command(args: argparse.Namespace, config: AppConfig) -> int:
    if args.db_command == "upgrade":
        database = open_clinic_database(config)
        from db.migrate import current_revision

        print(f"database at revision {current_revision(database)} (head)")
        return EXIT_OK
    from db.engine import Database
    from db.migrate import current_revision, head_revision

    check_database_url(config.database_url)
    current = current_revision(Database(config.database_url))
    print(f"database revision {current or 'none'}; this version expects {head_revision()}")
    return EXIT_OK


def backup_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.backups import BackupRefusedError, back_up

    database = open_clinic_database(config)
    try:
        path = back_up(config, database, Path(args.to) if args.to else None)
    except BackupRefusedError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    except OSError as error:
        raise CommandError(f"cannot write the backup: {error.strerror or error}") from None
    print(f"backup written to {path}")
    return EXIT_OK


def restore_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Opens no database first: a restore is needed exactly when the live one is damaged."""
    from app.backups import BackupRefusedError, restore

    try:
        result = restore(config, Path(args.file))
    except FileNotFoundError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except BackupRefusedError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    except OSError as error:
        raise CommandError(f"cannot restore: {error.strerror or error}") from None
    if result.kept is None:
        print(f"restored from {args.file}; there was no database to keep")
    elif result.damaged:
        print(f"restored from {args.file}; the damaged database was kept aside in {result.kept}")
    else:
        print(f"restored from {args.file}; the data it replaced was kept in {result.kept}")
    return EXIT_OK
