"""`frontdesk waitlist add|list|remove` and `frontdesk inbox` (docs/interfaces.md, Waitlist
and inbox): the waitlist through `app.waitlist`, the inbox through `app.inbox`.

JSON names clients by key only (an inbox item's title, with the client's name, is for the
desk's screen and the human-readable output); bad input exits 2 and changes nothing."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    clinic_zone_name,
    iso_local,
    open_clinic_database,
    parse_date,
    parse_now,
    password_for,
    print_json,
)
from app.config import AppConfig

if TYPE_CHECKING:
    from datetime import datetime

    from app.inbox import InboxItem
    from app.waitlist import WaitlistLine
    from db.engine import Database

CLI_ACTOR = "cli"
ADD_NEEDS = "adding to the waitlist as someone needs that user's password"
REMOVE_NEEDS = "removing from the waitlist as someone needs that user's password"


def waitlist_command(args: argparse.Namespace, config: AppConfig) -> int:
    actions = {"add": _add, "list": _list, "remove": _remove}
    return actions[args.waitlist_command](args, config)


def _add(args: argparse.Namespace, config: AppConfig) -> int:
    from app.waitlist import (
        ANY_WEEKDAY,
        WaitlistInputError,
        WaitlistRequest,
        add_entry,
        parse_between,
        parse_weekdays,
    )

    first, last = parse_date("--from", args.from_date), parse_date("--to", args.to_date)
    try:
        weekdays = ANY_WEEKDAY if args.weekdays is None else parse_weekdays(args.weekdays)
    except WaitlistInputError as error:
        raise CommandError(f"--weekdays: {error}", EXIT_BAD_INPUT) from None
    try:
        earliest, latest = (None, None) if args.between is None else parse_between(args.between)
    except WaitlistInputError as error:
        raise CommandError(f"--between: {error}", EXIT_BAD_INPUT) from None
    password = password_for(args.as_user) if args.as_user else None
    database = open_clinic_database(config)
    now = parse_now(args.now, clinic_zone_name(database), database)
    client_id, service_id, therapist_id = _resolve(database, args.client, args.service,
                                                   args.therapist)  # fmt: skip
    actor = _actor(database, args.as_user, password, now, ADD_NEEDS)
    request = WaitlistRequest(client_id, service_id, therapist_id, weekdays, earliest, latest,
                              first, last)  # fmt: skip
    try:
        entry_id = add_entry(database, request, actor=actor, now=now)
    except WaitlistInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    if args.json:
        print_json({"id": entry_id})
    else:
        print(f"added waitlist entry {entry_id}")
    return EXIT_OK


def _resolve(
    database: Database, client: str, service: str, therapist: str | None
) -> tuple[int, int, int | None]:
    """The ids the keys name, in one read: a client's key may be one merged into them (an
    alias); a service or therapist must be active. Bad input names the key."""
    from sqlalchemy import select

    from app.clients.profile import client_id_in
    from db.models import Service, Therapist

    with database.read() as session:
        client_id = client_id_in(session, client)
        found_service = session.execute(
            select(Service.id, Service.active).where(Service.key == service)
        ).first()
        found_therapist = None
        if therapist is not None:
            found_therapist = session.execute(
                select(Therapist.id, Therapist.active).where(Therapist.key == therapist)
            ).first()
    if client_id is None:
        raise CommandError(f"--client: no client has the key {client!r}", EXIT_BAD_INPUT)
    if found_service is None or not found_service.active:
        raise CommandError(f"--service: no active service has the key {service!r}", EXIT_BAD_INPUT)
    if therapist is not None and (found_therapist is None or not found_therapist.active):
        raise CommandError(
            f"--therapist: no active therapist has the key {therapist!r}", EXIT_BAD_INPUT
        )
    return client_id, found_service.id, found_therapist.id if found_therapist else None


def _actor(
    database: Database, username: str | None, password: str | None, now: datetime, needs: str
) -> str:
    """`--as`: the change is recorded under a staff user's name only with their password
    (checked, recorded and throttled like a sign-in); without it, the command line's."""
    if username is None or password is None:
        return CLI_ACTOR
    from app.auth.staff import StaffPermissionError, TooManyAttemptsError, authorise
    from db.enums import Role

    try:
        return authorise(database, username, password, frozenset(Role), needs, now=now)
    except (StaffPermissionError, TooManyAttemptsError) as error:
        raise CommandError(str(error), EXIT_REFUSED) from None


def _list(args: argparse.Namespace, config: AppConfig) -> int:
    from app.waitlist import waitlist_entries

    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    lines = waitlist_entries(database, include_closed=args.all)
    if args.json:
        print_json([_line_payload(line, zone) for line in lines])
        return EXIT_OK
    if not lines:
        print("nobody is waiting" if not args.all else "the waitlist is empty")
    for line in lines:
        closed = f" [{line.closed_reason}]" if line.closed_reason else ""
        since = iso_local(line.created_at, zone)[:10]
        print(f"{line.id:>6}  {line.client_key}  {line.service_key}  {line.describe()}  "
              f"waiting since {since}{closed}")  # fmt: skip
    return EXIT_OK


def _line_payload(line: WaitlistLine, zone: str) -> dict[str, Any]:
    from app.waitlist.rules import format_between, weekday_codes

    return {
        "id": line.id,
        "client": line.client_key,
        "service": line.service_key,
        "therapist": line.therapist_key,
        "weekdays": weekday_codes(line.weekdays),
        "between": format_between(line.earliest_minute, line.latest_minute),
        "from": line.from_date.isoformat(),
        "to": line.to_date.isoformat(),
        "created_at": iso_local(line.created_at, zone),
        "closed_reason": line.closed_reason,
    }


def _remove(args: argparse.Namespace, config: AppConfig) -> int:
    from app.cli.common import database_now
    from app.waitlist import WaitlistInputError, remove_entry

    password = password_for(args.as_user) if args.as_user else None
    database = open_clinic_database(config)
    now = database_now(database)
    actor = _actor(database, args.as_user, password, now, REMOVE_NEEDS)
    try:
        remove_entry(database, args.id, actor=actor, now=now)
    except WaitlistInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    print(f"removed waitlist entry {args.id}")
    return EXIT_OK


def inbox_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.inbox import inbox

    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    items = inbox(database, now)
    if args.json:
        print_json([_item_payload(item, zone) for item in items])
        return EXIT_OK
    if not items:
        print("nothing to do")
    for item in items:
        print(f"{item.kind}: {item.title} — {item.detail}")
    return EXIT_OK


def _item_payload(item: InboxItem, zone: str) -> dict[str, Any]:
    """An inbox item as scripts read it: its kind and the keys and times it carries."""

    def moment(value: datetime | None) -> str | None:
        return None if value is None else iso_local(value, zone)

    payload: dict[str, Any] = {"kind": item.kind}
    if item.kind == "waitlist_match":
        payload.update(
            waitlist_id=item.waitlist_id,
            client=item.client,
            therapist=item.therapist,
            service=item.service,
            start=moment(item.start),
            waiting_since=moment(item.created_at),
        )
    elif item.kind == "recurring_conflict":
        payload.update(
            id=item.id,
            series=item.series,
            therapist=item.therapist,
            client=item.client,
            service=item.service,
            start=moment(item.start),
            reason=item.reason,
            created_at=moment(item.created_at),
        )
    elif item.kind == "hold":
        payload.update(
            therapist=item.therapist,
            start=moment(item.held_start),
            expires_at=moment(item.expires_at),
            held_by=item.held_by,
        )
    elif item.kind == "sync_failed":
        payload.update(count=item.count)
    return payload
