"""The desk's words for a refusal: one sentence per reason, for the booking turn (command
line, dialogs) and the drag feedback alike, so the same rule is always told the same way."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.i18n import translate
from app.scheduling import SlotStatus, Verdict
from app.scheduling.placement import Obstacle, StartCheck
from app.timezones import format_local

REASON_SENTENCES = {
    SlotStatus.ON_LEAVE: "{therapist} is on leave",
    SlotStatus.OUTSIDE_HOURS: "{therapist} does not work at {start}",
    SlotStatus.TOO_SOON: "{start} is inside {therapist}'s minimum notice",
    SlotStatus.TOO_FAR: "{start} is further ahead than {therapist} takes bookings",
    SlotStatus.CAP_REACHED: "{therapist} already has the most sessions allowed that day",
    SlotStatus.BLOCKED: "{therapist} is blocked at {start} ({detail})",
    SlotStatus.EXTERNAL_BUSY: "{therapist}'s own calendar is busy at {start}",
    SlotStatus.BOOKED: "{therapist} already has a session at {start} (buffers included)",
    SlotStatus.HELD: "{start} is being held for another booking",
    SlotStatus.NO_ROOM: "no suitable room is free at {start}, even after moving other sessions",
}
CLIENT_BUSY = "the client already has a session at that time"
LOST_RACE = "another workstation booked that time first"


def start_words(start: datetime, zone: ZoneInfo) -> str:
    """A start as a refusal at the command line names it: the clinic's wall time."""
    return format_local(start, zone).replace("T", " ")


def reason_sentence(verdict: Verdict, therapist_name: str, start_text: str) -> str:
    """The engine's first failing rule, in words."""
    return REASON_SENTENCES[verdict.status].format(
        therapist=therapist_name, start=start_text, detail=(verdict.detail or "").replace("_", " ")
    )


def room_unfit(room_name: str, service_name: str, missing: frozenset[str] | set[str]) -> str:
    return f"{room_name} lacks what {service_name} needs: {', '.join(sorted(missing))}"


def room_taken(room_name: str) -> str:
    return translate("BookingWording", "%s is taken at that time") % room_name


def not_taking_new_clients(therapist_name: str, initial: bool) -> str:
    """A limited therapist's refusal (`app.booking.new_clients`)."""
    why = " (this is an initial session)" if initial else ""
    return f"{therapist_name} is not taking new clients{why}"


def not_movable(reference: str, status: str) -> str:
    return f"{reference} is {status} and cannot be moved"


def obstacle_sentence(check: StartCheck, *, service_name: str, room_name: str) -> str:
    """What stands in the way beside the engine's rules (the client elsewhere, the room
    asked for unfit or taken)."""
    if check.obstacle is Obstacle.CLIENT_BUSY:
        return CLIENT_BUSY
    if check.obstacle is Obstacle.ROOM_UNFIT:
        return room_unfit(room_name, service_name, check.missing_features)
    return room_taken(room_name)


def refusal_sentence(
    check: StartCheck, *, therapist_name: str, start_text: str, service_name: str, room_name: str
) -> str:
    """Why `check` refuses: the verdict's first failing rule, else what stands in the way."""
    if check.verdict.failures:
        return reason_sentence(check.verdict, therapist_name, start_text)
    return obstacle_sentence(check, service_name=service_name, room_name=room_name)
