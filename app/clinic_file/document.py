"""Reading a clinic file into checked, normalised values, with every problem located.

Parsing never touches the database: references are checked against the keys the file
defines plus the keys the database already has (`KnownKeys`), and the result is plain data
for the importer to apply in one transaction. The fields each section may hold are in
`app.clinic_file.schema`, the readers of hours, blocks and session times in
`app.clinic_file.times`.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.clinic_file import fields as f
from app.clinic_file.errors import ClinicFileError, Problem
from app.clinic_file.reader import DocumentReader, unwritable_problems
from app.clinic_file.schema import (
    ALLOCATION_FIELDS,
    CALENDAR_PARTS,
    CLINIC_FIELDS,
    FEES,
    PAYMENT_FIELDS,
    ROOM_FIELDS,
    SERIES_FIELDS,
    SERVICE_FIELDS,
    SESSION_BASE_FIELDS,
    THERAPIST_FIELDS,
    TOP_LEVEL,
    USER_FIELDS,
    Spec,
    client_fields,
    in_currency,
)
from app.clinic_file.times import read_blocks, read_exceptions, read_hours, read_session_times
from app.i18n import desk_formats, translate
from app.money.amounts import DEFAULT_CURRENCY
from app.timezones import clinic_zone, parse_datetime
from db.enums import FeeKind, Frequency, PaymentKind


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
    currency: str = DEFAULT_CURRENCY
    payments: dict[str, PaymentKind] = field(default_factory=dict)  # receipt -> kind


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
    payments: list[dict[str, Any]] = field(default_factory=list)
    currency: str = DEFAULT_CURRENCY


def parse_document(data: Any, known: KnownKeys) -> ClinicDocument:
    """Check a whole clinic file; raise ClinicFileError listing every problem found."""
    reader = DocumentReader()
    if not isinstance(data, dict):
        raise ClinicFileError(
            [Problem("file", translate("ClinicFile", 'must be a JSON object with a "clinic" etc.'))]
        )
    unwritable = unwritable_problems(data)
    if unwritable:  # nothing is stored that an export could not write back out
        raise ClinicFileError(unwritable)
    for name in data:
        if name not in TOP_LEVEL:
            reader.problem(
                "file", translate("ClinicFile", 'unknown section "{name}"').format(name=name)
            )

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
                "clinic",
                translate(
                    "ClinicFile", "missing: the database has no clinic yet, so the file needs one"
                ),
            )
    region = (clinic or {}).get("phone_region") or known.phone_region
    currency = (clinic or {}).get("currency") or known.currency
    if clinic is not None:
        _read_fees(reader, clinic, currency)
    document = ClinicDocument(zone=zone or ZoneInfo("UTC"), clinic=clinic, currency=currency)

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
        services, "services", in_currency(SERVICE_FIELDS, currency), required, "service"
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
            reader.problem(
                f"{where}.preferred_room",
                translate("ClinicFile", 'unknown room "{room}"').format(room=room),
            )
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
            reader.problem(
                f"{where}.password",
                translate("ClinicFile", "needs at least {min_password_length} characters").format(
                    min_password_length=MIN_PASSWORD_LENGTH
                ),
            )
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
    series_fields = in_currency(SERIES_FIELDS, currency)
    for where, values in reader.keyed_objects(series, "series", series_fields, required, "series"):
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
    session_fields = in_currency(SESSION_BASE_FIELDS, currency)
    priced_twice = {  # "amount" is the old name of "price"
        raw["reference"]
        for raw in sessions
        if isinstance(raw, dict) and "price" in raw and "amount" in raw
    }
    for where, values in reader.keyed_objects(
        sessions, "sessions", session_fields, required, "session", "reference"
    ):
        _check_money(reader, where, values, priced_twice)
        _check_references(reader, where, values, therapist_keys, client_keys, service_durations)
        if values.get("room") is not None and values["room"] not in room_keys:
            reader.problem(
                f"{where}.room",
                translate("ClinicFile", 'unknown room "{room}"').format(room=values["room"]),
            )
        if values.get("series") is not None and values["series"] not in series_keys:
            reader.problem(
                f"{where}.series",
                translate("ClinicFile", 'unknown series "{series}"').format(
                    series=values["series"]
                ),
            )
        earlier = values.get("rescheduled_from")
        if earlier is not None and earlier not in references:
            reader.problem(
                f"{where}.rescheduled_from",
                translate("ClinicFile", 'unknown session "{earlier}"').format(earlier=earlier),
            )
        if earlier == values["reference"]:
            reader.problem(
                f"{where}.rescheduled_from",
                translate("ClinicFile", "a session cannot replace itself"),
            )
        if zone is not None:
            read_session_times(reader, where, values, zone, service_durations)
        if values.get("overridden") and not values.get("override_reason"):
            reader.problem(
                f"{where}.override_reason",
                translate("ClinicFile", "required when overridden is true"),
            )
        document.sessions.append(values)

    if zone is not None:
        document.payments = _read_payments(
            reader, data.get("payments"), known, references, client_keys, zone, currency
        )

    if reader.problems:
        raise ClinicFileError(reader.problems)
    return document


def _read_fees(reader: DocumentReader, clinic: dict[str, Any], currency: str) -> None:
    """`{"kind": "fixed", "value": "25.00"}` (in the currency), `{"kind": "percent",
    "value": 50}` (of the price) or `{"kind": "none"}` -> the settings' kind and value."""
    for name, (kind_column, value_column) in FEES.items():
        if name not in clinic:
            continue
        raw = clinic.pop(name)
        where = f"clinic.{name}"
        spec: Spec = {"kind": ("kind", f.choice(FeeKind)), "value": ("value", lambda v: v)}
        values = reader.read_object(raw, where, spec, ("kind",))
        if values is None or "kind" not in values:
            continue
        kind, value = values["kind"], values.get("value")
        value = None if isinstance(value, str) and not value.strip() else value
        try:
            if kind == FeeKind.FIXED:
                if value is None:
                    raise ValueError(
                        translate(
                            "ClinicFile", 'required with kind "fixed": an amount like "25.00"'
                        )
                    )
                minor = f.amount_in(currency)(value)
            elif kind == FeeKind.PERCENT:
                if value is None:
                    raise ValueError(
                        translate(
                            "ClinicFile", 'required with kind "percent": a whole number 0–100'
                        )
                    )
                minor = f.integer(0, 100)(value)
            elif value not in (None, 0, "0"):
                raise ValueError(translate("ClinicFile", 'only with kind "fixed" or "percent"'))
            else:
                minor = 0
        except ValueError as error:
            reader.problem(f"{where}.value", str(error))
            continue
        clinic[kind_column], clinic[value_column] = kind, minor


def _check_money(
    reader: DocumentReader, where: str, values: dict[str, Any], priced_twice: set[Any]
) -> None:
    """A session's price under one name, and a fee waiver only with the fee it waives."""
    if values["reference"] in priced_twice:
        reader.problem(
            f"{where}.amount", translate("ClinicFile", 'the old name of "price": give one of them')
        )
    waiver = values.get("fee_waived_by"), values.get("fee_waiver_reason")
    if any(part is not None for part in waiver) and values.get("fee_cents") is None:
        reader.problem(
            f"{where}.fee", translate("ClinicFile", "a waived fee needs the fee it waives")
        )
    elif (waiver[0] is None) != (waiver[1] is None):
        missing = "fee_waiver_reason" if waiver[1] is None else "fee_waived_by"
        reader.problem(
            f"{where}.{missing}",
            translate("ClinicFile", "a waiver names who waived the fee and why"),
        )


def _read_payments(
    reader: DocumentReader,
    raw: Any,
    known: KnownKeys,
    references: set[str],
    clients: set[str],
    zone: ZoneInfo,
    currency: str,
) -> list[dict[str, Any]]:
    """Money in and out, each with its parts set against sessions. A refund or reversal
    names the payment it answers (in the file or saved) and says why."""
    items = reader.read_list(raw, "payments")
    kinds = dict(known.payments)
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("receipt"), str):
            with suppress(ValueError):  # a wrong kind is reported with its payment
                kinds[item["receipt"]] = PaymentKind(str(item.get("kind")))
    required = ("receipt", "kind", "client", "amount", "method", "taken_at")
    payment_fields = in_currency(PAYMENT_FIELDS, currency)
    allocation_fields = in_currency(ALLOCATION_FIELDS, currency)
    payments = []
    for where, values in reader.keyed_objects(
        items, "payments", payment_fields, required, "payment", "receipt"
    ):
        if values.get("amount_cents") == 0:
            reader.problem(
                f"{where}.amount",
                translate("ClinicFile", "an amount of money must be more than zero"),
            )
        client = values.get("client")
        if client is not None and client not in clients:
            reader.problem(
                f"{where}.client",
                translate("ClinicFile", 'unknown client "{client}"').format(client=client),
            )
        if "taken_at" in values:
            try:
                values["taken_at"] = parse_datetime(values["taken_at"], zone)
            except ValueError as error:
                reader.problem(f"{where}.taken_at", str(error))
        answers = values.get("reverses")
        if values.get("kind") == PaymentKind.PAYMENT:
            if answers is not None:
                reader.problem(
                    f"{where}.reverses",
                    translate("ClinicFile", "only a refund or a reversal answers a payment"),
                )
        elif "kind" in values:
            if answers is None:
                reader.problem(
                    f"{where}.reverses",
                    translate("ClinicFile", "{a_kind} names the payment it answers").format(
                        a_kind=_a_kind(values["kind"])
                    ),
                )
            elif kinds.get(answers) != PaymentKind.PAYMENT:
                reader.problem(
                    f"{where}.reverses",
                    translate("ClinicFile", 'no payment "{answers}"').format(answers=answers),
                )
            if values.get("reason") is None:
                reader.problem(
                    f"{where}.reason",
                    translate("ClinicFile", "{a_kind} says why").format(
                        a_kind=_a_kind(values["kind"])
                    ),
                )
        if "allocations" in values:
            values["allocations"] = _read_allocations(
                reader, values["allocations"], where, allocation_fields, references
            )
            _check_allocated(reader, where, values, currency)
        payments.append(values)
    return payments


def _read_allocations(
    reader: DocumentReader, raw: Any, owner: str, spec: Spec, references: set[str]
) -> list[tuple[str, int]]:
    result = []
    for index, item in enumerate(reader.read_list(raw, f"{owner}.allocations")):
        where = f"{owner}.allocations[{index + 1}]"
        values = reader.read_object(item, where, spec, tuple(spec))
        if values is None or len(values) < len(spec):
            continue
        if values["session"] not in references:
            reader.problem(
                f"{where}.session",
                translate("ClinicFile", 'unknown session "{session}"').format(
                    session=values["session"]
                ),
            )
            continue
        result.append((values["session"], values["amount_cents"]))
    return result


def _check_allocated(
    reader: DocumentReader, where: str, values: dict[str, Any], currency: str
) -> None:
    """A payment sets at most its amount against sessions (net of what it took back); a
    refund takes back at most its amount."""
    amount = values.get("amount_cents")
    if amount is None or "kind" not in values:
        return
    net = sum(cents for _session, cents in values["allocations"])
    low, high = (0, amount) if values["kind"] == PaymentKind.PAYMENT else (-amount, 0)
    if not low <= net <= high:
        reader.problem(
            f"{where}.allocations",
            translate(
                "ClinicFile", "together {net} is outside {low}–{high} for {a_kind} of {amount}"
            ).format(
                net=desk_formats().amount(net, currency),
                low=desk_formats().amount(low, currency),
                high=desk_formats().amount(high, currency),
                a_kind=_a_kind(values["kind"]),
                amount=desk_formats().amount(amount, currency),
            ),
        )


def _a_kind(kind: PaymentKind) -> str:
    """ "a payment", "a refund", "a reversal" with the article the desk's language gives it
    (a translation cannot agree an article with a word filled in later)."""
    words = {
        PaymentKind.PAYMENT: translate("ClinicFile", "a payment"),
        PaymentKind.REFUND: translate("ClinicFile", "a refund"),
        PaymentKind.REVERSAL: translate("ClinicFile", "a reversal"),
    }
    return words[PaymentKind(kind)]


def _weekday_word(day: date) -> str:
    """ "tuesday" (the clinic file's own word) in English, "martes" at a Spanish desk."""
    return desk_formats().weekday(day).lower()


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
            reader.problem(
                f"{where}.{name}",
                translate("ClinicFile", 'unknown {name} "{value}"').format(name=name, value=value),
            )


def _check_series(reader: DocumentReader, where: str, values: dict[str, Any]) -> None:
    """The rules between a series' own fields (frequency and interval, start and end)."""
    frequency = values.get("frequency")
    if frequency == Frequency.EVERY_N_DAYS and values.get("interval_days") is None:
        reader.problem(
            f"{where}.interval_days",
            translate("ClinicFile", "required when frequency is every_n_days"),
        )
    if frequency not in (None, Frequency.EVERY_N_DAYS) and values.get("interval_days"):
        reader.problem(
            f"{where}.interval_days", translate("ClinicFile", "only allowed with every_n_days")
        )
    values.setdefault("interval_days", None)
    end = values.get("end_date")
    if end is not None and "start_date" in values and end < values["start_date"]:
        reader.problem(
            f"{where}.end_date",
            translate("ClinicFile", "{end} is before start_date {start_date}").format(
                end=end, start_date=values["start_date"]
            ),
        )
    if (
        "start_date" in values
        and "weekday" in values
        and values["start_date"].weekday() != values["weekday"]
        and frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY)
    ):
        reader.problem(
            f"{where}.start_date",
            translate("ClinicFile", "{start_date} is a {weekday_given}, not a {weekday}").format(
                start_date=values["start_date"],
                weekday_given=_weekday_word(values["start_date"]),
                weekday=_weekday_word(
                    values["start_date"]
                    + timedelta(days=values["weekday"] - values["start_date"].weekday())
                ),
            ),
        )


__all__ = ["ClinicDocument", "KnownKeys", "TherapistSpec", "parse_document"]
