"""`frontdesk slots`, `book`, `reschedule`, `cancel` and `status`: the booking use cases
for scripts, with the output and exit statuses docs/interfaces.md fixes (a refusal exits 3 and,
with --json, prints the reason and the nearest available starts)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
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
    parse_time,
    password_for,
    print_json,
    text_option,
)
from app.config import AppConfig

if TYPE_CHECKING:
    from app.booking import BookingRefusedError, BookingResult, Override


def slots_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import BookingInputError, available_slots

    first_day = parse_date("--date", args.date)
    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    try:
        listing = available_slots(
            database,
            args.therapist,
            args.service,
            first_day,
            args.days,
            now,
            override=args.override,
        )
    except BookingInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    days: list[dict[str, Any]] = []
    for day in listing.days:
        slots = []
        for slot in day.slots:
            item: dict[str, Any] = {
                "start": iso_local(slot.start, zone),
                "end": iso_local(slot.end, zone),
                "status": slot.status.value,
            }
            if slot.detail:
                item["detail"] = slot.detail
            if args.override and slot.override:
                item["override"] = True
            slots.append(item)
        days.append({"date": day.day.isoformat(), "slots": slots})
    if args.json:
        print_json(
            {
                "therapist": listing.therapist,
                "service": listing.service,
                "duration_minutes": listing.duration_minutes,
                "timezone": listing.timezone,
                "days": days,
            }
        )
        return EXIT_OK
    for shown in days:
        free = [s for s in shown["slots"] if s["status"] == "available"]
        print(f"{shown['date']}: {len(free)} of {len(shown['slots'])} starts available")
        for slot in shown["slots"]:
            extra = f" ({slot['detail']})" if "detail" in slot else ""
            flag = " [override]" if slot.get("override") else ""
            print(f"  {slot['start'][11:16]}–{slot['end'][11:16]}  {slot['status']}{extra}{flag}")
    return EXIT_OK


def book_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import BookingRequest, book
    from db.enums import SessionType

    override = _override_from(args)
    notes = text_option("--notes", args.notes, "sessions.notes")
    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    request = BookingRequest(
        therapist=args.therapist,
        client=args.client,
        service=args.service,
        start=parse_time("--start", args.start, zone),
        room=args.room,
        session_type=SessionType(args.session_type),
        notes=notes,
    )
    actor = args.as_user if override else "cli"
    result, refused = _attempt(
        args, zone, lambda: book(database, request, actor=actor, now=now, override=override)
    )
    if refused is not None:
        return refused
    _print_booking(args, result, zone)
    return EXIT_OK


def reschedule_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import reschedule

    override = _override_from(args)
    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    start = parse_time("--start", args.start, zone)
    actor = args.as_user if override else "cli"
    result, refused = _attempt(
        args,
        zone,
        lambda: reschedule(
            database,
            args.reference,
            start,
            actor=actor,
            now=now,
            therapist=args.therapist,
            room=args.room,
            override=override,
        ),
    )
    if refused is not None:
        return refused
    _print_booking(args, result, zone)
    return EXIT_OK


def cancel_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import Override, cancel

    text_option("--reason", args.reason, "sessions.cancellation_reason")
    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    supervisor = None
    if args.as_user:
        supervisor = Override(args.as_user, password_for(args.as_user), args.reason)
    result, refused = _attempt(
        args,
        zone,
        lambda: cancel(
            database,
            args.reference,
            args.reason,
            actor=args.as_user or "cli",
            now=now,
            supervisor=supervisor,
        ),
    )
    if refused is not None:
        return refused
    if args.json:
        print_json({"reference": result.reference, "status": "cancelled", "late": result.late})
    else:
        late = " (late cancellation)" if result.late else ""
        print(f"cancelled {result.reference}{late}")
    return EXIT_OK


def status_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.booking import change_status
    from db.enums import SessionStatus

    database = open_clinic_database(config)
    zone = clinic_zone_name(database)
    now = parse_now(args.now, zone, database)
    _, refused = _attempt(
        args,
        zone,
        lambda: change_status(
            database, args.reference, SessionStatus(args.status), actor="cli", now=now
        ),
    )
    if refused is not None:
        return refused
    print(f"{args.reference.upper()} is now {args.status}")
    return EXIT_OK


def _override_from(args: argparse.Namespace) -> Override | None:
    from app.booking import Override

    if not getattr(args, "override", False):
        if getattr(args, "reason", None) and args.command != "cancel":
            raise CommandError("--reason is for an --override", EXIT_BAD_INPUT)
        return None
    if not args.as_user:
        raise CommandError("--override needs --as USERNAME (a supervisor or admin)", EXIT_BAD_INPUT)
    if not args.reason or not args.reason.strip():
        raise CommandError("--override needs --reason TEXT", EXIT_BAD_INPUT)
    text_option("--reason", args.reason, "sessions.override_reason")
    return Override(args.as_user, password_for(args.as_user), args.reason)


def _attempt(
    args: argparse.Namespace, zone: str, action: Callable[[], Any]
) -> tuple[Any, int | None]:
    """Run a booking use case: bad input exits 2; a refusal is printed and exits 3."""
    from app.booking import BookingInputError, BookingRefusedError

    try:
        return action(), None
    except BookingInputError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except BookingRefusedError as error:
        return None, _refused(args, error, zone)


def _refused(args: argparse.Namespace, error: BookingRefusedError, zone: str) -> int:
    payload = {
        "error": error.message,
        "reason": error.reason,
        "alternatives": [iso_local(a, zone) for a in error.alternatives],
    }
    if getattr(args, "json", False):
        print_json(payload)
    print(f"frontdesk: refused: {error.message}", file=sys.stderr)
    if error.alternatives and not getattr(args, "json", False):
        print("nearest available: " + ", ".join(payload["alternatives"]), file=sys.stderr)
    return EXIT_REFUSED


def _print_booking(args: argparse.Namespace, result: BookingResult, zone: str) -> None:
    payload: dict[str, Any] = {
        "reference": result.reference,
        "start": iso_local(result.starts_at, zone),
        "end": iso_local(result.ends_at, zone),
        "room": result.room,
        "moved": [
            {"reference": m.reference, "from_room": m.from_room, "to_room": m.to_room}
            for m in result.moved
        ],
    }
    if result.overridden_rules:
        payload["overridden"] = list(result.overridden_rules)
    if result.rescheduled_from:
        payload["rescheduled_from"] = result.rescheduled_from
    if args.json:
        print_json(payload)
        return
    when = f"{payload['start']} – {payload['end'][11:16]}"
    print(f"booked {result.reference}: {when}, room {result.room or 'none'}")
    for move in result.moved:
        print(f"  moved {move.reference} from room {move.from_room} to {move.to_room}")
