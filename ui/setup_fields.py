"""The fields the clinic setup pages edit, one list per part of the clinic file, and how a
field's value is shown in a cell and read back from what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.enums import WEEKDAYS, BlockType, Role, TherapistStatus


@dataclass(frozen=True)
class Field:
    """One editable value of a clinic-file object. Kinds: text, int, bool, list (comma
    separated), hours ("09:00-12:00, 13:00-17:00"), choice, password (never shown), rrule."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


def to_text(field: Field, value: Any) -> str:
    if value is None:
        return ""
    if field.kind == "list":
        return ", ".join(str(v) for v in value)
    if field.kind == "hours":
        return ", ".join(f"{h.get('start', '')}-{h.get('end', '')}" for h in value)
    return str(value)


def to_value(field: Field, text: str) -> Any:
    """The clinic-file value of what was typed; text that is not a number stays text, so the
    parser's message names the field ("must be an integer")."""
    text = text.strip()
    if field.kind == "int":
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return text
    if field.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if field.kind == "hours":
        hours = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            start, _dash, end = part.partition("-")
            hours.append({"start": start.strip(), "end": end.strip()})
        return hours
    return text or None


def _choices(values: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((v, v.replace("_", " ")) for v in values)


ROOM_FIELDS = [
    Field("key", "Key"),
    Field("name", "Name"),
    Field("capacity", "Capacity", "int"),
    Field("features", "Features (comma separated)", "list"),
    Field("active", "Active", "bool"),
]
SERVICE_FIELDS = [
    Field("key", "Key"),
    Field("name", "Name"),
    Field("duration_minutes", "Minutes", "int"),
    Field("price", "Price"),
    Field("required_features", "Needs room features", "list"),
    Field("active", "Active", "bool"),
]
USER_FIELDS = [
    Field("username", "Username"),
    Field("display_name", "Name"),
    Field("role", "Role", "choice", _choices([r.value for r in Role])),
    Field("active", "Active", "bool"),
    Field("password", "New password (blank: unchanged)", "password"),
]
HOURS_FIELDS = [
    Field("weekday", "Day", "choice", tuple((d, d.capitalize()) for d in WEEKDAYS)),
    Field("start", "From (HH:MM)"),
    Field("end", "To (HH:MM)"),
]
EXCEPTION_FIELDS = [
    Field("date", "Date (YYYY-MM-DD)"),
    Field("available", "Works", "bool"),
    Field("hours", "Hours that day (09:00-12:00, …)", "hours"),
    Field("reason", "Reason"),
]
REPEATS = (
    ("", "Does not repeat"),
    ("FREQ=DAILY", "Every day"),
    ("FREQ=WEEKLY", "Every week"),
    ("FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks"),
    ("FREQ=MONTHLY", "Every month"),
)
BLOCK_FIELDS = [
    Field("type", "Type", "choice", _choices([t.value for t in BlockType])),
    Field("start", "Start (YYYY-MM-DDTHH:MM or date)"),
    Field("end", "End"),
    Field("all_day", "All day", "bool"),
    Field("rrule", "Repeats (or an RRULE)", "rrule", REPEATS),
    Field("reason", "Reason"),
    Field("active", "Active", "bool"),
    Field("summary", "In words", "readonly"),
]
CLINIC_FIELDS = [
    Field("name", "Clinic name"),
    Field("timezone", "Time zone (IANA)"),
    Field("address", "Address"),
    Field("phone", "Phone"),
    Field("email", "Email"),
    Field("phone_region", "Phone region (e.g. US)"),
    Field("slot_interval_minutes", "Slot interval (minutes)", "int"),
    Field("hold_minutes", "Hold a start while booking (minutes)", "int"),
    Field("cancellation_notice_hours", "Cancellation notice (hours)", "int"),
    Field("reminder_offsets_minutes", "Reminders (minutes before, comma separated)", "list"),
    Field("recurring_days_ahead", "Generate recurring sessions (days ahead)", "int"),
    Field("backup_retention", "Backups kept", "int"),
    Field("currency", "Currency (ISO 4217, e.g. USD, EUR)"),
]
# The cancellation policy: each fee a kind and, unless none, a value (docs/money.md).
FEE_FIELDS = (
    ("late_cancel_fee", "Late cancellation fee"),
    ("no_show_fee", "No-show fee"),
)
FEE_KINDS = (
    ("none", "No fee"),
    ("fixed", "Fixed amount"),
    ("percent", "Percent of the price"),
)
FEE_HINTS = {"none": "", "fixed": "e.g. 40.00", "percent": "e.g. 50 (0–100)"}


def therapist_fields(rooms: list[str]) -> list[Field]:
    return [
        Field("key", "Key"),
        Field("name", "Name"),
        Field("email", "Email"),
        Field("colour", "Colour (#rrggbb)"),
        Field("default_session_minutes", "Session min", "int"),
        Field("max_clients_per_day", "Cap per day", "int"),
        Field("buffer_before_minutes", "Buffer before", "int"),
        Field("buffer_after_minutes", "Buffer after", "int"),
        Field("min_notice_minutes", "Notice (min)", "int"),
        Field("max_advance_days", "Books ahead (days)", "int"),
        Field("status", "Status", "choice", _choices([s.value for s in TherapistStatus])),
        Field("preferred_room", "Preferred room", "choice", (("", "none"), *_choices(rooms))),
        Field("active", "Active", "bool"),
    ]
