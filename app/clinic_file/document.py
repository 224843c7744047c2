"""Reading a clinic file into checked, normalised values, with every problem located.

Parsing never touches the database: references are checked against the keys the file
defines plus the keys the database already has (`KnownKeys`), and the result is plain data
for the importer to apply in one transaction.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.clinic_file import fields as f
from app.clinic_file.errors import ClinicFileError, Problem
from app.contact import normalise_email, normalise_phone
from app.feeds import FEED_SETTING_LIMITS
from app.scheduling.recurrence import MonthlyMode
from app.timezones import (
    clinic_zone,
    day_start_utc,
    format_clock,
    parse_datetime,
)
from db.enums import (
    WEEKDAYS,
    BlockType,
    ContactChannel,
    Frequency,
    PaymentStatus,
    Role,
    SessionStatus,
    SessionType,
    TherapistStatus,
)

# JSON field -> (stored attribute, reader). Readers that need the clinic (timezone, phone
# region) are filled in per document by `_session_fields` and friends.
CLINIC_FIELDS: dict[str, tuple[str, f.Reader]] = {
    "name": ("name", f.text(200)),
    "timezone": ("timezone", clinic_zone),
    "address": ("address", f.optional(f.text(500))),
    "phone": ("phone", f.optional(f.text(32))),
    "email": ("email", f.optional(normalise_email)),
    "phone_region": ("phone_region", f.region),
    "slot_interval_minutes": ("slot_interval_minutes", f.integer(5, 120)),
    "hold_minutes": ("hold_minutes", f.integer(1, 120)),
    "cancellation_notice_hours": ("cancellation_notice_hours", f.integer(0, 720)),
    "reminder_offsets_minutes": ("reminder_offsets_minutes", f.minutes_list),
    "recurring_days_ahead": ("recurring_days_ahead", f.integer(1, 90)),
    "backup_retention": ("backup_retention", f.integer(1, 365)),
    "feed_full_names": ("feed_full_names", f.boolean),
    **{
        f"feed_{name}": (f"feed_{name}", f.integer(low, high))
        for name, (low, high) in FEED_SETTING_LIMITS.items()
    },
    "feed_show_blocks": ("feed_show_blocks", f.boolean),
}
ROOM_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text(200)),
    "capacity": ("capacity", f.integer(1, 100)),
    "features": ("features", f.features),
    "active": ("active", f.boolean),
}
SERVICE_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text(200)),
    "duration_minutes": ("duration_minutes", f.integer(30, 240, multiple_of=5)),
    "price": ("price_cents", f.amount),
    "required_features": ("required_features", f.features),
    "active": ("active", f.boolean),
}
THERAPIST_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text(200)),
    "email": ("email", f.optional(normalise_email)),
    "colour": ("colour", f.colour),
    "default_session_minutes": ("default_session_minutes", f.integer(5, 480)),
    "max_clients_per_day": ("max_clients_per_day", f.integer(1, 50)),
    "buffer_before_minutes": ("buffer_before_minutes", f.integer(0, 240)),
    "buffer_after_minutes": ("buffer_after_minutes", f.integer(0, 240)),
    "min_notice_minutes": ("min_notice_minutes", f.integer(0, 525600)),
    "max_advance_days": ("max_advance_days", f.integer(1, 730)),
    "status": ("status", f.choice(TherapistStatus)),
    "preferred_room": ("preferred_room", f.optional(f.key)),
    "google_calendar_id": ("google_calendar_id", f.optional(f.text(254))),
    "active": ("active", f.boolean),
    # nested lists, read separately
    "working_hours": ("working_hours", lambda v: v),
    "exceptions": ("exceptions", lambda v: v),
    "blocks": ("blocks", lambda v: v),
}
HOURS_FIELDS = {
    "weekday": ("weekday", f.weekday),
    "start": ("start_minute", f.clock),
    "end": ("end_minute", f.clock_end),
}
EXCEPTION_FIELDS = {
    "date": ("on_date", f.calendar_date),
    "available": ("available", f.boolean),
    "hours": ("hours", lambda v: v),
    "reason": ("reason", f.optional(f.text(500))),
}
BLOCK_FIELDS = {
    "start": ("start", lambda v: v),
    "end": ("end", lambda v: v),
    "all_day": ("all_day", f.boolean),
    "type": ("block_type", f.choice(BlockType)),
    "reason": ("reason", f.optional(f.text(500))),
    "rrule": ("rrule", f.optional(f.text(500))),
    "active": ("active", f.boolean),
}
CLIENT_BASE_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text(200)),
    "date_of_birth": ("date_of_birth", f.optional(f.past_date)),
    "emergency_contact": ("emergency_contact", f.optional(f.text(300))),
    "preferred_channel": ("preferred_channel", f.optional(f.choice(ContactChannel))),
    "language": ("language", f.optional(f.text(16))),
    "referral_source": ("referral_source", f.optional(f.text(200))),
    "notes": ("notes", f.optional(f.text(10000))),
    "preferences": ("preferences", f.mapping),
}
USER_FIELDS = {
    "username": ("username", f.key),
    "display_name": ("display_name", f.optional(f.text(200))),
    "role": ("role", f.choice(Role)),
    "password": ("password", f.text(1024)),
    "active": ("active", f.boolean),
}
SERIES_FIELDS = {
    "key": ("key", f.key),
    "therapist": ("therapist", f.key),
    "client": ("client", f.key),
    "service": ("service", f.key),
    "frequency": ("frequency", f.choice(Frequency)),
    "interval_days": ("interval_days", f.optional(f.integer(1, 365))),
    "weekday": ("weekday", f.weekday),
    "time": ("start_minute", f.clock),
    "start_date": ("start_date", f.calendar_date),
    "end_date": ("end_date", f.optional(f.calendar_date)),
    "price": ("price_cents", f.amount),
    "active": ("active", f.boolean),
    "monthly_mode": ("monthly_mode", f.choice(MonthlyMode)),
    "paused_since": ("paused_since", f.optional(f.calendar_date)),
    "resume_from": ("resume_from", f.optional(f.calendar_date)),
}
SESSION_BASE_FIELDS = {
    "reference": ("reference", f.reference),
    "therapist": ("therapist", f.key),
    "client": ("client", f.key),
    "service": ("service", f.key),
    "room": ("room", f.optional(f.key)),
    "start": ("start", lambda v: v),
    "end": ("end", lambda v: v),
    "status": ("status", f.choice(SessionStatus)),
    "type": ("session_type", f.choice(SessionType)),
    "amount": ("amount_cents", f.amount),
    "payment_status": ("payment_status", f.choice(PaymentStatus)),
    "notes": ("notes", f.optional(f.text(10000))),
    "special_requests": ("special_requests", f.optional(f.text(10000))),
    "cancelled_at": ("cancelled_at", lambda v: v),
    "cancellation_reason": ("cancellation_reason", f.optional(f.text(500))),
    "late_cancellation": ("late_cancellation", f.boolean),
    "rescheduled_from": ("rescheduled_from", f.optional(f.reference)),
    "overridden": ("overridden", f.boolean),
    "override_reason": ("override_reason", f.optional(f.text(500))),
    "series": ("series", f.optional(f.key)),
    "occurrence_date": ("occurrence_date", f.optional(f.calendar_date)),
}
TOP_LEVEL = (
    "clinic",
    "rooms",
    "services",
    "therapists",
    "clients",
    "users",
    "series",
    "sessions",
)


@dataclass
class KnownKeys:
    """What the database already holds, so references to it are valid."""

    timezone: str | None = None
    phone_region: str = "US"
    rooms: set[str] = field(default_factory=set)
    services: dict[str, int] = field(default_factory=dict)  # key -> duration minutes
    therapists: set[str] = field(default_factory=set)
    clients: set[str] = field(default_factory=set)
    series: set[str] = field(default_factory=set)
    references: set[str] = field(default_factory=set)


@dataclass
class TherapistSpec:
    values: dict[str, Any]
    working_hours: list[dict[str, int]] | None = None
    exceptions: list[dict[str, Any]] | None = None
    blocks: list[dict[str, Any]] | None = None


@dataclass
class ClinicDocument:
    """A checked clinic file. Each object is the attributes its JSON gave (omitted fields are
    absent, so an import only changes what the file states); references are still keys."""

    zone: ZoneInfo
    clinic: dict[str, Any] | None = None
    rooms: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    therapists: list[TherapistSpec] = field(default_factory=list)
    clients: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def read_object(
        self,
        raw: Any,
        where: str,
        spec: Mapping[str, tuple[str, f.Reader]],
        required: tuple[str, ...],
    ) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.problem(where, "must be an object")
            return None
        values: dict[str, Any] = {}
        for name in raw:
            if name not in spec:
                self.problem(where, f'unknown field "{name}"')
        for name in required:
            if name not in raw:
                self.problem(where, f'missing field "{name}"')
        for name, (attribute, read) in spec.items():
            if name not in raw:
                continue
            try:
                values[attribute] = read(raw[name])
            except ValueError as error:
                self.problem(f"{where}.{name}", str(error))
        return values

    def read_list(self, raw: Any, where: str) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(where, "must be a list")
            return []
        return raw


def _label(section: str, raw: Any, index: int, id_field: str = "key") -> str:
    if isinstance(raw, dict) and isinstance(raw.get(id_field), str) and raw[id_field]:
        return f"{section}[{raw[id_field]}]"
    return f"{section}[#{index + 1}]"


def _overlaps(blocks: list[dict[str, int]]) -> list[tuple[dict[str, int], dict[str, int]]]:
    ordered = sorted(blocks, key=lambda b: (b["start_minute"], b["end_minute"]))
    return [(a, b) for a, b in itertools.pairwise(ordered) if b["start_minute"] < a["end_minute"]]


def _span(block: dict[str, int]) -> str:
    return f"{format_clock(block['start_minute'])}–{format_clock(block['end_minute'])}"


def parse_document(data: Any, known: KnownKeys) -> ClinicDocument:
    """Check a whole clinic file; raise ClinicFileError listing every problem found."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise ClinicFileError([Problem("file", 'must be a JSON object with a "clinic" etc.')])
    for name in data:
        if name not in TOP_LEVEL:
            reader.problem("file", f'unknown section "{name}"')

    clinic = None
    if "clinic" in data:
        clinic = reader.read_object(data["clinic"], "clinic", CLINIC_FIELDS, ("name", "timezone"))
    given_zone = clinic.get("timezone") if clinic else None  # a ZoneInfo once read
    if given_zone is not None:
        zone = given_zone
        clinic["timezone"] = zone.key  # type: ignore[index]
    elif clinic is not None and "timezone" in data.get("clinic", {}):
        zone = None  # the timezone was given but is wrong: already reported
    elif known.timezone:
        zone = clinic_zone(known.timezone)
    else:
        zone = None
        if clinic is None:
            reader.problem(
                "clinic", "missing: the database has no clinic yet, so the file needs one"
            )
    region = (clinic or {}).get("phone_region") or known.phone_region
    document = ClinicDocument(zone=zone or ZoneInfo("UTC"), clinic=clinic)

    room_keys = set(known.rooms)
    file_rooms: set[str] = set()
    for index, raw in enumerate(reader.read_list(data.get("rooms"), "rooms")):
        where = _label("rooms", raw, index)
        values = reader.read_object(raw, where, ROOM_FIELDS, ("key", "name"))
        if values is not None and "key" in values:
            _unique(reader, where, values["key"], file_rooms, "room")
            room_keys.add(values["key"])
            document.rooms.append(values)

    service_durations = dict(known.services)
    file_services: set[str] = set()
    for index, raw in enumerate(reader.read_list(data.get("services"), "services")):
        where = _label("services", raw, index)
        values = reader.read_object(raw, where, SERVICE_FIELDS, ("key", "name", "duration_minutes"))
        if values is not None and "key" in values:
            _unique(reader, where, values["key"], file_services, "service")
            service_durations[values["key"]] = values.get("duration_minutes", 50)
            document.services.append(values)

    therapist_keys = set(known.therapists)
    file_therapists: set[str] = set()
    for index, raw in enumerate(reader.read_list(data.get("therapists"), "therapists")):
        where = _label("therapists", raw, index)
        values = reader.read_object(raw, where, THERAPIST_FIELDS, ("key", "name"))
        if values is None or "key" not in values:
            continue
        _unique(reader, where, values["key"], file_therapists, "therapist")
        therapist_keys.add(values["key"])
        room = values.get("preferred_room")
        if room is not None and room not in room_keys:
            reader.problem(f"{where}.preferred_room", f'unknown room "{room}"')
        spec = TherapistSpec(values={k: v for k, v in values.items() if k not in _NESTED})
        if "working_hours" in values:
            spec.working_hours = _read_hours(reader, values["working_hours"], where)
        if "exceptions" in values:
            spec.exceptions = _read_exceptions(reader, values["exceptions"], where)
        if "blocks" in values and zone is not None:
            spec.blocks = _read_blocks(reader, values["blocks"], where, zone)
        document.therapists.append(spec)

    client_keys = set(known.clients)
    file_clients: set[str] = set()
    client_fields = {
        **CLIENT_BASE_FIELDS,
        "phone": ("phone", f.optional(lambda v: normalise_phone(v, region))),
        "email": ("email", f.optional(normalise_email)),
    }
    for index, raw in enumerate(reader.read_list(data.get("clients"), "clients")):
        where = _label("clients", raw, index)
        values = reader.read_object(raw, where, client_fields, ("key", "name"))
        if values is not None and "key" in values:
            _unique(reader, where, values["key"], file_clients, "client")
            client_keys.add(values["key"])
            document.clients.append(values)

    usernames: set[str] = set()
    for index, raw in enumerate(reader.read_list(data.get("users"), "users")):
        where = _label("users", raw, index, "username")
        values = reader.read_object(raw, where, USER_FIELDS, ("username", "role"))
        if values is None or "username" not in values:
            continue
        values["username"] = values["username"].lower()
        _unique(reader, where, values["username"], usernames, "user")
        password = values.get("password")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            reader.problem(f"{where}.password", f"needs at least {MIN_PASSWORD_LENGTH} characters")
        document.users.append(values)

    series_keys = set(known.series)
    file_series: set[str] = set()
    for index, raw in enumerate(reader.read_list(data.get("series"), "series")):
        where = _label("series", raw, index)
        values = reader.read_object(
            raw,
            where,
            SERIES_FIELDS,
            ("key", "therapist", "client", "service", "frequency", "weekday", "time", "start_date"),
        )
        if values is None or "key" not in values:
            continue
        _unique(reader, where, values["key"], file_series, "series")
        series_keys.add(values["key"])
        _check_references(reader, where, values, therapist_keys, client_keys, service_durations)
        frequency = values.get("frequency")
        if frequency == Frequency.EVERY_N_DAYS and values.get("interval_days") is None:
            reader.problem(f"{where}.interval_days", "required when frequency is every_n_days")
        if frequency not in (None, Frequency.EVERY_N_DAYS) and values.get("interval_days"):
            reader.problem(f"{where}.interval_days", "only allowed with every_n_days")
        values.setdefault("interval_days", None)
        end = values.get("end_date")
        if end is not None and "start_date" in values and end < values["start_date"]:
            reader.problem(
                f"{where}.end_date", f"{end} is before start_date {values['start_date']}"
            )
        if (
            "start_date" in values
            and "weekday" in values
            and values["start_date"].weekday() != values["weekday"]
            and frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY)
        ):
            reader.problem(
                f"{where}.start_date",
                f"{values['start_date']} is a {WEEKDAYS[values['start_date'].weekday()]}, "
                f"not a {WEEKDAYS[values['weekday']]}",
            )
        document.series.append(values)

    references = set(known.references)
    file_references: set[str] = set()
    raw_sessions = reader.read_list(data.get("sessions"), "sessions")
    for raw in raw_sessions:
        if isinstance(raw, dict) and isinstance(raw.get("reference"), str):
            references.add(raw["reference"])
    for index, raw in enumerate(raw_sessions):
        where = _label("sessions", raw, index, "reference")
        values = reader.read_object(
            raw,
            where,
            SESSION_BASE_FIELDS,
            ("reference", "therapist", "client", "service", "start"),
        )
        if values is None or "reference" not in values:
            continue
        _unique(reader, where, values["reference"], file_references, "session")
        _check_references(reader, where, values, therapist_keys, client_keys, service_durations)
        if values.get("room") is not None and values["room"] not in room_keys:
            reader.problem(f"{where}.room", f'unknown room "{values["room"]}"')
        if values.get("series") is not None and values["series"] not in series_keys:
            reader.problem(f"{where}.series", f'unknown series "{values["series"]}"')
        earlier = values.get("rescheduled_from")
        if earlier is not None and earlier not in references:
            reader.problem(f"{where}.rescheduled_from", f'unknown session "{earlier}"')
        if earlier == values["reference"]:
            reader.problem(f"{where}.rescheduled_from", "a session cannot replace itself")
        if zone is not None:
            _read_session_times(reader, where, values, zone, service_durations)
        if values.get("overridden") and not values.get("override_reason"):
            reader.problem(f"{where}.override_reason", "required when overridden is true")
        document.sessions.append(values)

    if reader.problems:
        raise ClinicFileError(reader.problems)
    return document


_NESTED = ("working_hours", "exceptions", "blocks")


def _unique(reader: _Reader, where: str, value: str, seen: set[str], noun: str) -> None:
    if value in seen:
        reader.problem(where, f'the {noun} "{value}" appears twice in the file')
    seen.add(value)


def _check_references(
    reader: _Reader,
    where: str,
    values: dict[str, Any],
    therapists: set[str],
    clients: set[str],
    services: dict[str, int],
) -> None:
    for name, known in (("therapist", therapists), ("client", clients), ("service", services)):
        value = values.get(name)
        if value is not None and value not in known:
            reader.problem(f"{where}.{name}", f'unknown {name} "{value}"')


SPAN_FIELDS = {"start": HOURS_FIELDS["start"], "end": HOURS_FIELDS["end"]}


def _read_span(
    reader: _Reader, item: Any, where: str, spec: Mapping[str, tuple[str, f.Reader]]
) -> dict[str, int] | None:
    """One block of hours (all of `spec` required), or None after reporting why not."""
    values = reader.read_object(item, where, spec, tuple(spec))
    if values is None or len(values) < len(spec):
        return None
    if values["end_minute"] <= values["start_minute"]:
        reader.problem(
            f"{where}.end",
            f"{format_clock(values['end_minute'])} is not after start "
            f"{format_clock(values['start_minute'])}",
        )
        return None
    return values


def _read_hours(reader: _Reader, raw: Any, owner: str) -> list[dict[str, int]]:
    blocks: list[dict[str, int]] = []
    for index, item in enumerate(reader.read_list(raw, f"{owner}.working_hours")):
        where = f"{owner}.working_hours[{index + 1}]"
        values = _read_span(reader, item, where, HOURS_FIELDS)
        if values is not None:
            blocks.append(values)
    for day in range(7):
        same_day = [b for b in blocks if b["weekday"] == day]
        for a, b in _overlaps(same_day):
            reader.problem(
                f"{owner}.working_hours",
                f"{WEEKDAYS[day]} blocks {_span(a)} and {_span(b)} overlap",
            )
    return blocks


def _read_exceptions(reader: _Reader, raw: Any, owner: str) -> list[dict[str, Any]]:
    exceptions: list[dict[str, Any]] = []
    seen_dates: set[Any] = set()
    for index, item in enumerate(reader.read_list(raw, f"{owner}.exceptions")):
        label = item.get("date") if isinstance(item, dict) else None
        where = f"{owner}.exceptions[{label if isinstance(label, str) else f'#{index + 1}'}]"
        values = reader.read_object(item, where, EXCEPTION_FIELDS, ("date",))
        if values is None or "on_date" not in values:
            continue
        if values["on_date"] in seen_dates:
            reader.problem(where, "this date has two exceptions")
        seen_dates.add(values["on_date"])
        hours_raw = values.pop("hours", None)
        available = values.get("available")
        if available is False and hours_raw:
            reader.problem(where, 'a day off ("available": false) cannot have hours')
            continue
        if available is None and hours_raw is None:
            reader.problem(
                where, 'give "hours" for custom hours or "available": false for a day off'
            )
            continue
        values["available"] = available if available is not None else True
        hours: list[dict[str, int]] = []
        if values["available"]:
            if not hours_raw:
                reader.problem(f"{where}.hours", "custom hours need at least one block")
            for h_index, h_item in enumerate(reader.read_list(hours_raw, f"{where}.hours")):
                h_where = f"{where}.hours[{h_index + 1}]"
                block = _read_span(reader, h_item, h_where, SPAN_FIELDS)
                if block is not None:
                    hours.append(block)
            for a, b in _overlaps(hours):
                reader.problem(f"{where}.hours", f"blocks {_span(a)} and {_span(b)} overlap")
        values["hours"] = sorted(hours, key=lambda b: b["start_minute"])
        values.setdefault("reason", None)
        exceptions.append(values)
    return exceptions


def _read_blocks(reader: _Reader, raw: Any, owner: str, zone: ZoneInfo) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for index, item in enumerate(reader.read_list(raw, f"{owner}.blocks")):
        where = f"{owner}.blocks[{index + 1}]"
        values = reader.read_object(item, where, BLOCK_FIELDS, ("start", "end", "type"))
        if values is None or "start" not in values or "end" not in values:
            continue
        all_day = values.get("all_day", False)
        values["all_day"] = all_day
        try:
            if all_day:
                first = f.calendar_date(values.pop("start"))
                last = f.calendar_date(values.pop("end"))
                if last < first:
                    raise ValueError(f"end {last} is before start {first}")
                values["starts_at"] = day_start_utc(first, zone)
                values["ends_at"] = day_start_utc(last + timedelta(days=1), zone)
                local_start = datetime.combine(first, datetime.min.time())
            else:
                values["starts_at"] = parse_datetime(values.pop("start"), zone)
                values["ends_at"] = parse_datetime(values.pop("end"), zone)
                if values["ends_at"] <= values["starts_at"]:
                    raise ValueError("end is not after start")
                local_start = values["starts_at"].astimezone(zone).replace(tzinfo=None)
        except ValueError as error:
            reader.problem(where, str(error))
            continue
        rule = values.get("rrule")
        if rule is not None:
            try:
                values["rrule"] = _check_rrule(rule, local_start)
            except ValueError as error:
                reader.problem(f"{where}.rrule", str(error))
                continue
        values.setdefault("rrule", None)
        values.setdefault("reason", None)
        values.setdefault("active", True)
        blocks.append(values)
    return blocks


def _check_rrule(rule: str, local_start: datetime) -> str:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts = {p.split("=", 1)[0].upper() for p in text.split(";") if p}
    if "\n" in text or "DTSTART" in text.upper():
        raise ValueError("give only the RRULE (its DTSTART is the block's start)")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("COUNT and UNTIL cannot both be given (RFC 5545)")
    try:
        rrulestr(text, dtstart=local_start)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{rule!r} is not a valid RRULE: {error}") from None
    return text


MAX_SESSION_LENGTH = timedelta(hours=8)


def _read_session_times(
    reader: _Reader,
    where: str,
    values: dict[str, Any],
    zone: ZoneInfo,
    service_durations: dict[str, int],
) -> None:
    try:
        values["starts_at"] = parse_datetime(values.pop("start"), zone)
    except ValueError as error:
        reader.problem(f"{where}.start", str(error))
        return
    if "end" in values:
        try:
            values["ends_at"] = parse_datetime(values.pop("end"), zone)
        except ValueError as error:
            reader.problem(f"{where}.end", str(error))
            return
        if values["ends_at"] <= values["starts_at"]:
            reader.problem(f"{where}.end", "is not after start")
        elif values["ends_at"] - values["starts_at"] > MAX_SESSION_LENGTH:
            # The overlap guards and the loader rely on sessions being at most this long.
            reader.problem(f"{where}.end", "a session lasts at most 8 hours")
    elif values.get("service") in service_durations:
        minutes = service_durations[values["service"]]
        values["ends_at"] = values["starts_at"] + timedelta(minutes=minutes)
    if "cancelled_at" in values:
        try:
            values["cancelled_at"] = (
                None
                if values["cancelled_at"] is None
                else parse_datetime(values["cancelled_at"], zone)
            )
        except ValueError as error:
            reader.problem(f"{where}.cancelled_at", str(error))


__all__ = ["ClinicDocument", "KnownKeys", "TherapistSpec", "parse_document"]
