"""`frontdesk clients show` and `clients archive` (docs/interfaces.md, Clients): a client
named by key (or by a key merged into them) through `app.clients.profile`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    clinic_zone_name,
    database_now,
    iso_local,
    open_clinic_database,
    parse_now,
    password_for,
    print_json,
)
from app.config import AppConfig

if TYPE_CHECKING:
    from datetime import datetime

    from app.clients.profile import ClientDetails, ClientStats
    from db.engine import Database

ARCHIVE_ROLES_NEEDED = "archiving a client needs the password of an active supervisor or admin"


def show_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clients.profile import client_balance_cents, client_details, client_stats

    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    client_id = _client_id(database, args.key)
    details = client_details(database, client_id)
    stats = client_stats(database, client_id, now)
    balance_cents, currency = client_balance_cents(database, client_id)
    if args.json:
        print_json(_show_payload(details, stats, balance_cents, zone))
    else:
        _print_summary(details, stats, balance_cents, zone, currency)
    return EXIT_OK


def archive_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clients.adding import ClientInputError
    from app.clients.editing import archive_client
    from app.clients.profile import client_details

    password = password_for(args.as_user) if args.as_user else None
    database = open_clinic_database(config)
    client_id = _client_id(database, args.key)
    now = database_now(database)
    actor = "cli" if password is None else _authorised(database, args.as_user, password, now)
    was_archived = client_details(database, client_id).archived
    try:
        archive_client(database, client_id, actor=actor, now=now, undo=args.undo)
    except ClientInputError as error:
        raise CommandError(str(error), EXIT_REFUSED) from None
    if args.undo:
        print(f"{args.key} is back in search" if was_archived else f"{args.key} was not archived")
    else:
        print(f"{args.key} was already archived" if was_archived else f"archived {args.key}")
    return EXIT_OK


def _client_id(database: Database, key: str) -> int:
    from app.clients.profile import UnknownClientError, client_id_for_key

    try:
        return client_id_for_key(database, key)
    except UnknownClientError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None


def _authorised(database: Database, username: str, password: str, now: datetime) -> str:
    """`--as`: the archive is recorded under a supervisor's or admin's name only with their
    password (checked, recorded and throttled like any other)."""
    from app.auth.staff import (
        OVERRIDE_ROLES,
        StaffPermissionError,
        TooManyAttemptsError,
        authorise,
    )

    try:
        return authorise(database, username, password, OVERRIDE_ROLES, ARCHIVE_ROLES_NEEDED,
                         now=now)  # fmt: skip
    except (StaffPermissionError, TooManyAttemptsError) as error:
        raise CommandError(str(error), EXIT_REFUSED) from None


def _show_payload(
    details: ClientDetails, stats: ClientStats, balance_cents: int, zone: str
) -> dict[str, Any]:
    """The contract's shape (CONTRACTS.md, Clients): nothing more, nothing renamed."""
    rate = stats.attendance_rate
    return {
        "key": details.key,
        "name": details.name,
        "phone": details.phone,
        "email": details.email,
        "archived": details.archived,
        "stats": {
            "attended": stats.attended,
            "cancelled": stats.cancelled,
            "late_cancelled": stats.late_cancelled,
            "no_show": stats.no_show,
            "attendance_rate": None if rate is None else round(rate, 3),
            "last_session": _moment(stats.last_session, zone),
            "next_session": _moment(stats.next_session, zone),
        },
        "balance_cents": balance_cents,
    }


def _moment(moment: datetime | None, zone: str) -> str | None:
    return None if moment is None else iso_local(moment, zone)


def _print_summary(
    details: ClientDetails, stats: ClientStats, balance_cents: int, zone: str, currency: str
) -> None:
    from app.money import format_amount

    def day_and_time(moment: datetime | None) -> str:
        text = _moment(moment, zone)
        return "none" if text is None else f"{text[:10]} {text[11:16]}"

    print(f"{details.name} ({details.key})")
    print(f"  phone {details.phone or '—'} · email {details.email or '—'}")
    if details.erased_at is not None:
        print(f"  erased {iso_local(details.erased_at, zone)[:10]}")
    elif details.archived_at is not None:
        print(f"  archived {iso_local(details.archived_at, zone)[:10]} (out of search)")
    rate = "—" if stats.attendance_rate is None else f"{stats.attendance_rate:.1%}"
    print(
        f"  attended {stats.attended} · cancelled {stats.cancelled} "
        f"({stats.late_cancelled} late) · no-shows {stats.no_show} · attendance {rate}"
    )
    print(
        f"  last session {day_and_time(stats.last_session)} · "
        f"next session {day_and_time(stats.next_session)}"
    )
    print(f"  balance {format_amount(balance_cents, currency)}")
