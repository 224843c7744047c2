"""Reading a clinic file into checked, normalised values, with every problem located.

Parsing never touches the database: references are checked against the keys the file
defines plus the keys the database already has (`KnownKeys`), and the result is plain data
for the importer to apply in one transaction. The fields each section may hold are in
`app.clinic_file.schema`, the readers of hours, blocks and session times in
`app.clinic_file.times`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.clinic_file.errors import ClinicFileError, Problem
from app.clinic_file.reader import DocumentReader, unwritable_problems
from app.clinic_file.schema import (
    CALENDAR_PARTS,
    CLINIC_FIELDS,
    ROOM_FIELDS,
    SERIES_FIELDS,
    SERVICE_FIELDS,
    SESSION_BASE_FIELDS,
    THERAPIST_FIELDS,
    TOP_LEVEL,
    USER_FIELDS,
    client_fields,
)
from app.clinic_file.times import read_blocks, read_exceptions, read_hours, read_session_times
from app.timezones import clinic_zone
from db.enums import WEEKDAYS, Frequency


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


def parse_document(data: Any, known: KnownKeys) -> ClinicDocument:
    """Check a whole clinic file; raise ClinicFileError listing every problem found."""
    reader = DocumentReader()
    if not isinstance(data, dict):
        raise ClinicFileError([Problem("file", 'must be a JSON object with a "clinic" etc.')])
    unwritable = unwritable_problems(data)
    if unwritable:  # nothing is stored that an export could not write back out
        raise ClinicFileError(unwritable)
    for name in data:
        if name not in TOP_LEVEL:
            reader.problem("file", f'unknown section "{name}"')

    clinic = None
    if "clinic" in data:
        clinic = reader.read_object(data["clinic"], "clinic", CLINIC_FIELDS, ("name", "timezone"))
    given_zone = clinic.get("timezone") if clinic else None  # a ZoneInfo once read
    if clinic is not None and given_zone is not None:
        zone = given_zone
        clinic["timezone"] = zone.key
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
    rooms = reader.read_list(data.get("rooms"), "rooms")
    for _where, values in reader.keyed_objects(
        rooms, "rooms", ROOM_FIELDS, ("key", "name"), "room"
    ):
        room_keys.add(values["key"])
        document.rooms.append(values)

    service_durations = dict(known.services)
    services = reader.read_list(data.get("services"), "services")
    required: tuple[str, ...] = ("key", "name", "duration_minutes")
    for _where, values in reader.keyed_objects(
        services, "services", SERVICE_FIELDS, required, "service"
    ):
        service_durations[values["key"]] = values.get("duration_minutes", 50)
        document.services.append(values)

    therapist_keys = set(known.therapists)
    therapists = reader.read_list(data.get("therapists"), "therapists")
    for where, values in reader.keyed_objects(
        therapists, "therapists", THERAPIST_FIELDS, ("key", "name"), "therapist"
    ):
        therapist_keys.add(values["key"])
        room = values.get("preferred_room")
        if room is not None and room not in room_keys:
            reader.problem(f"{where}.preferred_room", f'unknown room "{room}"')
        spec = TherapistSpec(values={k: v for k, v in values.items() if k not in CALENDAR_PARTS})
        if "working_hours" in values:
            spec.working_hours = read_hours(reader, values["working_hours"], where)
        if "exceptions" in values:
            spec.exceptions = read_exceptions(reader, values["exceptions"], where)
        if "blocks" in values and zone is not None:
            spec.blocks = read_blocks(reader, values["blocks"], where, zone)
        document.therapists.append(spec)

    client_keys = set(known.clients)
    clients = reader.read_list(data.get("clients"), "clients")
    for _where, values in reader.keyed_objects(
        clients, "clients", client_fields(region), ("key", "name"), "client"
    ):
        client_keys.add(values["key"])
        document.clients.append(values)

    users = reader.read_list(data.get("users"), "users")
    for where, values in reader.keyed_objects(
        users, "users", USER_FIELDS, ("username", "role"), "user", "username"
    ):
        password = values.get("password")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            reader.problem(f"{where}.password", f"needs at least {MIN_PASSWORD_LENGTH} characters")
        document.users.append(values)

    series_keys = set(known.series)
    series = reader.read_list(data.get("series"), "series")
    required = (
        "key",
        "therapist",
        "client",
        "service",
        "frequency",
        "weekday",
        "time",
        "start_date",
    )
    for where, values in reader.keyed_objects(series, "series", SERIES_FIELDS, required, "series"):
        series_keys.add(values["key"])
        _check_references(reader, where, values, therapist_keys, client_keys, service_durations)
        _check_series(reader, where, values)
        document.series.append(values)

    sessions = reader.read_list(data.get("sessions"), "sessions")
    references = set(known.references)
    for raw in sessions:
        if isinstance(raw, dict) and isinstance(raw.get("reference"), str):
            references.add(raw["reference"])
    required = ("reference", "therapist", "client", "service", "start")
    for where, values in reader.keyed_objects(
        sessions, "sessions", SESSION_BASE_FIELDS, required, "session", "reference"
    ):
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
            read_session_times(reader, where, values, zone, service_durations)
        if values.get("overridden") and not values.get("override_reason"):
            reader.problem(f"{where}.override_reason", "required when overridden is true")
        document.sessions.append(values)

    if reader.problems:
        raise ClinicFileError(reader.problems)
    return document


def _check_references(
    reader: DocumentReader,
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


def _check_series(reader: DocumentReader, where: str, values: dict[str, Any]) -> None:
    """The rules between a series' own fields (frequency and interval, start and end)."""
    frequency = values.get("frequency")
    if frequency == Frequency.EVERY_N_DAYS and values.get("interval_days") is None:
        reader.problem(f"{where}.interval_days", "required when frequency is every_n_days")
    if frequency not in (None, Frequency.EVERY_N_DAYS) and values.get("interval_days"):
        reader.problem(f"{where}.interval_days", "only allowed with every_n_days")
    values.setdefault("interval_days", None)
    end = values.get("end_date")
    if end is not None and "start_date" in values and end < values["start_date"]:
        reader.problem(f"{where}.end_date", f"{end} is before start_date {values['start_date']}")
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


__all__ = ["ClinicDocument", "KnownKeys", "TherapistSpec", "parse_document"]
