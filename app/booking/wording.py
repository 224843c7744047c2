"""The desk's words for a refusal: one sentence per reason, for the booking turn (command
line, dialogs) and the drag feedback alike, so the same rule is always told the same way.

Each sentence is asked for in the desk's language when it is said (`app.i18n`, context
"BookingRefusal"), never at import, so a translator installed later still applies."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.i18n import desk_formats, translate
from app.scheduling import SlotStatus, Verdict
from app.scheduling.placement import Obstacle, StartCheck
from db.enums import SessionStatus


def reason_sentences() -> dict[SlotStatus, str]:
    """One sentence per failing rule, with `{therapist}`, `{start}` and `{detail}` to fill."""
    return {
        SlotStatus.ON_LEAVE: translate("BookingRefusal", "{therapist} is on leave"),
        SlotStatus.OUTSIDE_HOURS: translate(
            "BookingRefusal", "{therapist} does not work at {start}"
        ),
        SlotStatus.TOO_SOON: translate(
            "BookingRefusal", "{start} is inside {therapist}'s minimum notice"
        ),
        SlotStatus.TOO_FAR: translate(
            "BookingRefusal", "{start} is further ahead than {therapist} takes bookings"
        ),
        SlotStatus.CAP_REACHED: translate(
            "BookingRefusal", "{therapist} already has the most sessions allowed that day"
        ),
        SlotStatus.BLOCKED: translate(
            "BookingRefusal", "{therapist} is blocked at {start} ({detail})"
        ),
        SlotStatus.EXTERNAL_BUSY: translate(
            "BookingRefusal", "{therapist}'s own calendar is busy at {start}"
        ),
        SlotStatus.BOOKED: translate(
            "BookingRefusal", "{therapist} already has a session at {start} (buffers included)"
        ),
        SlotStatus.HELD: translate("BookingRefusal", "{start} is being held for another booking"),
        SlotStatus.NO_ROOM: translate(
            "BookingRefusal",
            "no suitable room is free at {start}, even after moving other sessions",
        ),
    }


def client_busy() -> str:
    return translate("BookingRefusal", "the client already has a session at that time")


def lost_race() -> str:
    return translate("BookingRefusal", "another workstation booked that time first")


def status_word(status: SessionStatus) -> str:
    """A session's status as the desk reads it; in English the code itself, which the
    command line also takes (`frontdesk status BK-… no_show`)."""
    words = {
        SessionStatus.SCHEDULED: translate("SessionStatus", "scheduled"),
        SessionStatus.CONFIRMED: translate("SessionStatus", "confirmed"),
        SessionStatus.IN_PROGRESS: translate("SessionStatus", "in_progress"),
        SessionStatus.COMPLETED: translate("SessionStatus", "completed"),
        SessionStatus.CANCELLED: translate("SessionStatus", "cancelled"),
        SessionStatus.NO_SHOW: translate("SessionStatus", "no_show"),
    }
    return words[status]


def rule_word(status: str) -> str:
    """A scheduling rule a start failed (`SlotStatus`) in a few words: a session History's
    overridden rules, an inbox notice's reason; a code this version does not know is shown
    readable."""
    words: dict[str, str] = {
        SlotStatus.ON_LEAVE: translate("SchedulingRule", "on leave"),
        SlotStatus.OUTSIDE_HOURS: translate("SchedulingRule", "outside working hours"),
        SlotStatus.TOO_SOON: translate("SchedulingRule", "inside the minimum notice"),
        SlotStatus.TOO_FAR: translate("SchedulingRule", "too far ahead"),
        SlotStatus.CAP_REACHED: translate("SchedulingRule", "daily cap reached"),
        SlotStatus.BLOCKED: translate("SchedulingRule", "blocked time"),
        SlotStatus.EXTERNAL_BUSY: translate("SchedulingRule", "own calendar busy"),
        SlotStatus.BOOKED: translate("SchedulingRule", "therapist already booked"),
        SlotStatus.HELD: translate("SchedulingRule", "held for another booking"),
        SlotStatus.NO_ROOM: translate("SchedulingRule", "no room free"),
    }
    return words.get(status, status.replace("_", " "))


def block_word(block_type: str) -> str:
    """Why a time is blocked, in a refusal or a start list: "sick leave" / "baja por
    enfermedad"; a type this version does not know is shown readable."""
    words = {
        "vacation": translate("BlockType", "vacation"),
        "meeting": translate("BlockType", "meeting"),
        "sick_leave": translate("BlockType", "sick leave"),
        "personal": translate("BlockType", "personal"),
        "training": translate("BlockType", "training"),
        "other": translate("BlockType", "other"),
    }
    return words.get(block_type, block_type.replace("_", " "))


def start_words(start: datetime, zone: ZoneInfo) -> str:
    """A start as a refusal names it: the clinic's wall time, "2025-01-15 10:00" at the
    command line, "mié 15 ene 2025 10:00" at a Spanish desk."""
    return desk_formats().dated_moment(start.astimezone(zone))


def reason_sentence(verdict: Verdict, therapist_name: str, start_text: str) -> str:
    """The engine's first failing rule, in words."""
    return reason_sentences()[verdict.status].format(
        therapist=therapist_name, start=start_text, detail=block_word(verdict.detail or "")
    )


def room_unfit(room_name: str, service_name: str, missing: frozenset[str] | set[str]) -> str:
    return translate("BookingRefusal", "{room} lacks what {service} needs: {features}").format(
        room=room_name, service=service_name, features=", ".join(sorted(missing))
    )


def room_taken(room_name: str) -> str:
    return translate("BookingRefusal", "{room} is taken at that time").format(room=room_name)


def not_taking_new_clients(therapist_name: str, initial: bool) -> str:
    """A limited therapist's refusal (`app.booking.new_clients`)."""
    sentence = (
        translate(
            "BookingRefusal", "{therapist} is not taking new clients (this is an initial session)"
        )
        if initial
        else translate("BookingRefusal", "{therapist} is not taking new clients")
    )
    return sentence.format(therapist=therapist_name)


def not_movable(reference: str, status: SessionStatus) -> str:
    return translate("BookingRefusal", "{reference} is {status} and cannot be moved").format(
        reference=reference, status=status_word(status)
    )


def obstacle_sentence(check: StartCheck, *, service_name: str, room_name: str) -> str:
    """What stands in the way beside the engine's rules (the client elsewhere, the room
    asked for unfit or taken)."""
    if check.obstacle is Obstacle.CLIENT_BUSY:
        return client_busy()
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
