"""`frontdesk clients merge` and `frontdesk clients erase` (docs/interfaces.md, Clients):
an admin's password (`--as`), a reason, and the use case's answer or refusal."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    clinic_zone_name,
    open_clinic_database,
    parse_now,
    password_for,
    print_json,
)
from app.config import AppConfig

if TYPE_CHECKING:
    from db.engine import Database


def merge_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clients.merging import MergeRefusedError, merge_clients

    database = open_clinic_database(config)
    keep_id, other_id = _client_id(database, args.keep), _client_id(database, args.other)
    now = parse_now(args.now, clinic_zone_name(database), database)
    admin = _admin(args, database, now, "merging clients needs an active admin's credentials")
    if admin is None:
        return EXIT_REFUSED
    try:
        result = merge_clients(
            database, keep_id, other_id, actor=admin, reason=args.reason, now=now
        )
    except MergeRefusedError as error:
        return _refused(args, error.message, error.reason, {"overlapping": error.overlapping})
    if args.json:
        print_json(asdict(result))
    else:
        print(
            f"merged {result.merged_key} into {result.kept_key}: {result.sessions} sessions, "
            f"{result.series} series, {result.waitlist_entries} waitlist entries, "
            f"{result.holds} holds and {result.payments} payments moved; "
            f"{result.merged_key} now reaches {result.kept_key}"
        )
    return EXIT_OK


def erase_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clients.erasure import ErasureRefusedError, erase_client

    database = open_clinic_database(config)
    client_id = _client_id(database, args.key)
    now = parse_now(args.now, clinic_zone_name(database), database)
    admin = _admin(args, database, now, "erasing a client needs an active admin's credentials")
    if admin is None:
        return EXIT_REFUSED
    try:
        result = erase_client(database, client_id, actor=admin, reason=args.reason, now=now)
    except ErasureRefusedError as error:
        return _refused(args, error.message, error.reason)
    if args.json:
        print_json(asdict(result))
    else:
        print(
            f"erased client #{client_id}, now {result.key}: {result.sessions_kept} sessions "
            f"kept, {result.audit_entries_scrubbed} audit entries scrubbed"
        )
    if not result.file_cleaned:
        print(
            "frontdesk: warning: another desk kept the database file busy, so old copies of "
            "the erased values may remain in its unused space; erase the client again "
            f"({result.key}) when the desks are idle",
            file=sys.stderr,
        )
    return EXIT_OK


def _client_id(database: Database, key: str) -> int:
    """The client a key names (an alias left by a merge too); bad input otherwise."""
    from app.clients.profile import UnknownClientError, client_id_for_key

    try:
        return client_id_for_key(database, key)
    except UnknownClientError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None


def _admin(args: argparse.Namespace, database: Database, now: datetime, needed: str) -> str | None:
    """The admin's username once `--as` and the password are an active admin's; None once
    the refusal (`not_permitted`, exit 3) is printed. A reason is checked first: a missing
    one is bad input before any password is asked for."""
    from app.auth.staff import StaffPermissionError, TooManyAttemptsError, authorise
    from db.enums import Role

    if not args.reason.strip():
        raise CommandError("--reason needs a text (it is kept in the audit log)", EXIT_BAD_INPUT)
    password = password_for(args.as_user)
    try:
        return authorise(database, args.as_user, password, frozenset({Role.ADMIN}), needed,
                         now=now)  # fmt: skip
    except (StaffPermissionError, TooManyAttemptsError) as error:
        _refused(args, str(error), "not_permitted")
        return None


def _refused(
    args: argparse.Namespace, message: str, reason: str, extra: dict[str, object] | None = None
) -> int:
    """Bad input exits 2 with its line; a refusal by a rule prints `{"error", "reason", …}`
    with --json and exits 3 (docs/interfaces.md, Exit codes)."""
    if reason == "bad_input":
        raise CommandError(message, EXIT_BAD_INPUT)
    if args.json:
        print_json({"error": message, "reason": reason, **(extra or {})})
    print(f"frontdesk: refused: {message}", file=sys.stderr)
    return EXIT_REFUSED
