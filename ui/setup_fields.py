"""The fields the clinic setup pages edit, one list per part of the clinic file, and how a
field's value is shown in a cell and read back from what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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
    """Choices shown as they are (room names): `setup_word` leaves a name it has no
    translation for unchanged."""
    return tuple((v, v.replace("_", " ")) for v in values)


# The enums' values as the setup tables offer them, marked for the extractor; built from
# the enums, so a value added there without its words fails at import.
_ROLE_WORDS = {
    "front_desk": str(QT_TRANSLATE_NOOP("SetupFields", "front desk")),
    "supervisor": str(QT_TRANSLATE_NOOP("SetupFields", "supervisor")),
    "admin": str(QT_TRANSLATE_NOOP("SetupFields", "admin")),
}
_BLOCK_WORDS = {
    "vacation": str(QT_TRANSLATE_NOOP("SetupFields", "vacation")),
    "meeting": str(QT_TRANSLATE_NOOP("SetupFields", "meeting")),
    "sick_leave": str(QT_TRANSLATE_NOOP("SetupFields", "sick leave")),
    "personal": str(QT_TRANSLATE_NOOP("SetupFields", "personal")),
    "training": str(QT_TRANSLATE_NOOP("SetupFields", "training")),
    "other": str(QT_TRANSLATE_NOOP("SetupFields", "other")),
}
_THERAPIST_STATUS_WORDS = {
    "available": str(QT_TRANSLATE_NOOP("SetupFields", "available")),
    "on_leave": str(QT_TRANSLATE_NOOP("SetupFields", "on leave")),
    "limited": str(QT_TRANSLATE_NOOP("SetupFields", "limited")),
}
_WEEKDAY_WORDS = {
    "monday": str(QT_TRANSLATE_NOOP("SetupFields", "Monday")),
    "tuesday": str(QT_TRANSLATE_NOOP("SetupFields", "Tuesday")),
    "wednesday": str(QT_TRANSLATE_NOOP("SetupFields", "Wednesday")),
    "thursday": str(QT_TRANSLATE_NOOP("SetupFields", "Thursday")),
    "friday": str(QT_TRANSLATE_NOOP("SetupFields", "Friday")),
    "saturday": str(QT_TRANSLATE_NOOP("SetupFields", "Saturday")),
    "sunday": str(QT_TRANSLATE_NOOP("SetupFields", "Sunday")),
}
ROLE_CHOICES = tuple((r.value, _ROLE_WORDS[r.value]) for r in Role)
BLOCK_CHOICES = tuple((b.value, _BLOCK_WORDS[b.value]) for b in BlockType)
THERAPIST_STATUS_CHOICES = tuple(
    (t.value, _THERAPIST_STATUS_WORDS[t.value]) for t in TherapistStatus
)
WEEKDAY_CHOICES = tuple((d, _WEEKDAY_WORDS[d]) for d in WEEKDAYS)
NO_ROOM = str(QT_TRANSLATE_NOOP("SetupFields", "none"))


def setup_word(english: str) -> str:
    """A field's label or a choice's words from the tables here, in the desk's language."""
    return QCoreApplication.translate("SetupFields", english)


ROOM_FIELDS = [
    Field("key", str(QT_TRANSLATE_NOOP("SetupFields", "Key"))),
    Field("name", str(QT_TRANSLATE_NOOP("SetupFields", "Name"))),
    Field("capacity", str(QT_TRANSLATE_NOOP("SetupFields", "Capacity")), "int"),
    Field("features", str(QT_TRANSLATE_NOOP("SetupFields", "Features (comma separated)")), "list"),
    Field("active", str(QT_TRANSLATE_NOOP("SetupFields", "Active")), "bool"),
]
SERVICE_FIELDS = [
    Field("key", str(QT_TRANSLATE_NOOP("SetupFields", "Key"))),
    Field("name", str(QT_TRANSLATE_NOOP("SetupFields", "Name"))),
    Field("duration_minutes", str(QT_TRANSLATE_NOOP("SetupFields", "Minutes")), "int"),
    Field("price", str(QT_TRANSLATE_NOOP("SetupFields", "Price"))),
    Field(
        "required_features", str(QT_TRANSLATE_NOOP("SetupFields", "Needs room features")), "list"
    ),
    Field("active", str(QT_TRANSLATE_NOOP("SetupFields", "Active")), "bool"),
]
USER_FIELDS = [
    Field("username", str(QT_TRANSLATE_NOOP("SetupFields", "Username"))),
    Field("display_name", str(QT_TRANSLATE_NOOP("SetupFields", "Name"))),
    Field("role", str(QT_TRANSLATE_NOOP("SetupFields", "Role")), "choice", ROLE_CHOICES),
    Field("active", str(QT_TRANSLATE_NOOP("SetupFields", "Active")), "bool"),
    Field(
        "password",
        str(QT_TRANSLATE_NOOP("SetupFields", "New password (blank: unchanged)")),
        "password",
    ),
]
HOURS_FIELDS = [
    Field("weekday", str(QT_TRANSLATE_NOOP("SetupFields", "Day")), "choice", WEEKDAY_CHOICES),
    Field("start", str(QT_TRANSLATE_NOOP("SetupFields", "From (HH:MM)"))),
    Field("end", str(QT_TRANSLATE_NOOP("SetupFields", "To (HH:MM)"))),
]
EXCEPTION_FIELDS = [
    Field("date", str(QT_TRANSLATE_NOOP("SetupFields", "Date (YYYY-MM-DD)"))),
    Field("available", str(QT_TRANSLATE_NOOP("SetupFields", "Works")), "bool"),
    Field(
        "hours", str(QT_TRANSLATE_NOOP("SetupFields", "Hours that day (09:00-12:00, …)")), "hours"
    ),
    Field("reason", str(QT_TRANSLATE_NOOP("SetupFields", "Reason"))),
]
REPEATS = (
    ("", str(QT_TRANSLATE_NOOP("SetupFields", "Does not repeat"))),
    ("FREQ=DAILY", str(QT_TRANSLATE_NOOP("SetupFields", "Every day"))),
    ("FREQ=WEEKLY", str(QT_TRANSLATE_NOOP("SetupFields", "Every week"))),
    ("FREQ=WEEKLY;INTERVAL=2", str(QT_TRANSLATE_NOOP("SetupFields", "Every 2 weeks"))),
    ("FREQ=MONTHLY", str(QT_TRANSLATE_NOOP("SetupFields", "Every month"))),
)
BLOCK_FIELDS = [
    Field("type", str(QT_TRANSLATE_NOOP("SetupFields", "Type")), "choice", BLOCK_CHOICES),
    Field("start", str(QT_TRANSLATE_NOOP("SetupFields", "Start (YYYY-MM-DDTHH:MM or date)"))),
    Field("end", str(QT_TRANSLATE_NOOP("SetupFields", "End"))),
    Field("all_day", str(QT_TRANSLATE_NOOP("SetupFields", "All day")), "bool"),
    Field(
        "rrule", str(QT_TRANSLATE_NOOP("SetupFields", "Repeats (or an RRULE)")), "rrule", REPEATS
    ),
    Field("reason", str(QT_TRANSLATE_NOOP("SetupFields", "Reason"))),
    Field("active", str(QT_TRANSLATE_NOOP("SetupFields", "Active")), "bool"),
    Field("summary", str(QT_TRANSLATE_NOOP("SetupFields", "In words")), "readonly"),
]
CLINIC_FIELDS = [
    Field("name", str(QT_TRANSLATE_NOOP("SetupFields", "Clinic name"))),
    Field("timezone", str(QT_TRANSLATE_NOOP("SetupFields", "Time zone (IANA)"))),
    Field("address", str(QT_TRANSLATE_NOOP("SetupFields", "Address"))),
    Field("phone", str(QT_TRANSLATE_NOOP("SetupFields", "Phone"))),
    Field("email", str(QT_TRANSLATE_NOOP("SetupFields", "Email"))),
    Field("phone_region", str(QT_TRANSLATE_NOOP("SetupFields", "Phone region (e.g. US)"))),
    Field(
        "slot_interval_minutes",
        str(QT_TRANSLATE_NOOP("SetupFields", "Slot interval (minutes)")),
        "int",
    ),
    Field(
        "hold_minutes",
        str(QT_TRANSLATE_NOOP("SetupFields", "Hold a start while booking (minutes)")),
        "int",
    ),
    Field(
        "cancellation_notice_hours",
        str(QT_TRANSLATE_NOOP("SetupFields", "Cancellation notice (hours)")),
        "int",
    ),
    Field(
        "reminder_offsets_minutes",
        str(QT_TRANSLATE_NOOP("SetupFields", "Reminders (minutes before, comma separated)")),
        "list",
    ),
    Field(
        "recurring_days_ahead",
        str(QT_TRANSLATE_NOOP("SetupFields", "Generate recurring sessions (days ahead)")),
        "int",
    ),
    Field("backup_retention", str(QT_TRANSLATE_NOOP("SetupFields", "Backups kept")), "int"),
    Field("currency", str(QT_TRANSLATE_NOOP("SetupFields", "Currency (ISO 4217, e.g. USD, EUR)"))),
]
# The cancellation policy: each fee a kind and, unless none, a value (docs/money.md).
FEE_FIELDS = (
    ("late_cancel_fee", str(QT_TRANSLATE_NOOP("SetupFields", "Late cancellation fee"))),
    ("no_show_fee", str(QT_TRANSLATE_NOOP("SetupFields", "No-show fee"))),
)
FEE_KINDS = (
    ("none", str(QT_TRANSLATE_NOOP("ClinicPage", "No fee"))),
    ("fixed", str(QT_TRANSLATE_NOOP("ClinicPage", "Fixed amount"))),
    ("percent", str(QT_TRANSLATE_NOOP("ClinicPage", "Percent of the price"))),
)
FEE_HINTS = {
    "none": "",
    "fixed": str(QT_TRANSLATE_NOOP("ClinicPage", "e.g. 40.00")),
    "percent": str(QT_TRANSLATE_NOOP("ClinicPage", "e.g. 50 (0–100)")),
}


def therapist_fields(rooms: list[str]) -> list[Field]:
    return [
        Field("key", str(QT_TRANSLATE_NOOP("SetupFields", "Key"))),
        Field("name", str(QT_TRANSLATE_NOOP("SetupFields", "Name"))),
        Field("email", str(QT_TRANSLATE_NOOP("SetupFields", "Email"))),
        Field("colour", str(QT_TRANSLATE_NOOP("SetupFields", "Colour (#rrggbb)"))),
        Field(
            "default_session_minutes", str(QT_TRANSLATE_NOOP("SetupFields", "Session min")), "int"
        ),
        Field("max_clients_per_day", str(QT_TRANSLATE_NOOP("SetupFields", "Cap per day")), "int"),
        Field(
            "buffer_before_minutes", str(QT_TRANSLATE_NOOP("SetupFields", "Buffer before")), "int"
        ),
        Field("buffer_after_minutes", str(QT_TRANSLATE_NOOP("SetupFields", "Buffer after")), "int"),
        Field("min_notice_minutes", str(QT_TRANSLATE_NOOP("SetupFields", "Notice (min)")), "int"),
        Field(
            "max_advance_days", str(QT_TRANSLATE_NOOP("SetupFields", "Books ahead (days)")), "int"
        ),
        Field(
            "status",
            str(QT_TRANSLATE_NOOP("SetupFields", "Status")),
            "choice",
            THERAPIST_STATUS_CHOICES,
        ),
        Field(
            "preferred_room",
            str(QT_TRANSLATE_NOOP("SetupFields", "Preferred room")),
            "choice",
            (("", NO_ROOM), *_choices(rooms)),
        ),
        Field("active", str(QT_TRANSLATE_NOOP("SetupFields", "Active")), "bool"),
    ]
