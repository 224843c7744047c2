"""Readers of the clinic file's wall-clock values: a therapist's working hours, date
exceptions and blocked times (with their RRULE), and a session's start and end. Times are
local to the clinic's zone; what is stored is minutes of the day or UTC instants."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from app.clinic_file import fields as f
from app.clinic_file.reader import DocumentReader
from app.clinic_file.schema import (
    BLOCK_FIELDS,
    EXCEPTION_FIELDS,
    HOURS_FIELDS,
    SPAN_FIELDS,
    Spec,
)
from app.i18n import translate
from app.scheduling.blocks import never_happens, never_happens_words, rule_problem
from app.timezones import day_start_utc, format_clock, parse_datetime
from db.enums import WEEKDAYS


def _overlaps(blocks: list[dict[str, int]]) -> list[tuple[dict[str, int], dict[str, int]]]:
    ordered = sorted(blocks, key=lambda b: (b["start_minute"], b["end_minute"]))
    return [(a, b) for a, b in itertools.pairwise(ordered) if b["start_minute"] < a["end_minute"]]


def _span(block: dict[str, int]) -> str:
    return f"{format_clock(block['start_minute'])}–{format_clock(block['end_minute'])}"


def _read_span(reader: DocumentReader, item: Any, where: str, spec: Spec) -> dict[str, int] | None:
    """One block of hours (all of `spec` required), or None after reporting why not."""
    values = reader.read_object(item, where, spec, tuple(spec))
    if values is None or len(values) < len(spec):
        return None
    if values["end_minute"] <= values["start_minute"]:
        reader.problem(
            f"{where}.end",
            translate("ClinicFile", "{end} is not after start {start}").format(
                end=format_clock(values["end_minute"]), start=format_clock(values["start_minute"])
            ),
        )
        return None
    return values


def _weekday_word(day: int) -> str:
    """A weekday as the file names it ("monday"), in the desk's language."""
    words = (
        translate("ClinicFile", "monday"),
        translate("ClinicFile", "tuesday"),
        translate("ClinicFile", "wednesday"),
        translate("ClinicFile", "thursday"),
        translate("ClinicFile", "friday"),
        translate("ClinicFile", "saturday"),
        translate("ClinicFile", "sunday"),
    )
    assert len(words) == len(WEEKDAYS)
    return words[day]


def read_hours(reader: DocumentReader, raw: Any, owner: str) -> list[dict[str, int]]:
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
                translate("ClinicFile", "{weekday} blocks {first} and {second} overlap").format(
                    weekday=_weekday_word(day),
                    first=_span(a),
                    second=_span(b),
                ),
            )
    return blocks


def read_exceptions(reader: DocumentReader, raw: Any, owner: str) -> list[dict[str, Any]]:
    exceptions: list[dict[str, Any]] = []
    seen_dates: set[Any] = set()
    for index, item in enumerate(reader.read_list(raw, f"{owner}.exceptions")):
        label = item.get("date") if isinstance(item, dict) else None
        where = f"{owner}.exceptions[{label if isinstance(label, str) else f'#{index + 1}'}]"
        values = reader.read_object(item, where, EXCEPTION_FIELDS, ("date",))
        if values is None or "on_date" not in values:
            continue
        if values["on_date"] in seen_dates:
            reader.problem(where, translate("ClinicFile", "this date has two exceptions"))
        seen_dates.add(values["on_date"])
        hours_raw = values.pop("hours", None)
        available = values.get("available")
        if available is False and hours_raw:
            reader.problem(
                where, translate("ClinicFile", 'a day off ("available": false) cannot have hours')
            )
            continue
        if available is None and hours_raw is None:
            reader.problem(
                where,
                translate(
                    "ClinicFile",
                    'give "hours" for custom hours or "available": false for a day off',
                ),
            )
            continue
        values["available"] = available if available is not None else True
        hours: list[dict[str, int]] = []
        if values["available"]:
            if not hours_raw:
                reader.problem(
                    f"{where}.hours",
                    translate("ClinicFile", "custom hours need at least one block"),
                )
            for h_index, h_item in enumerate(reader.read_list(hours_raw, f"{where}.hours")):
                h_where = f"{where}.hours[{h_index + 1}]"
                block = _read_span(reader, h_item, h_where, SPAN_FIELDS)
                if block is not None:
                    hours.append(block)
            for a, b in _overlaps(hours):
                reader.problem(
                    f"{where}.hours",
                    translate("ClinicFile", "blocks {first} and {second} overlap").format(
                        first=_span(a), second=_span(b)
                    ),
                )
        values["hours"] = sorted(hours, key=lambda b: b["start_minute"])
        values.setdefault("reason", None)
        exceptions.append(values)
    return exceptions


def read_blocks(
    reader: DocumentReader, raw: Any, owner: str, zone: ZoneInfo
) -> list[dict[str, Any]]:
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
                    raise ValueError(
                        translate("ClinicFile", "end {last} is before start {first}").format(
                            last=last, first=first
                        )
                    )
                values["starts_at"] = day_start_utc(first, zone)
                values["ends_at"] = day_start_utc(last + timedelta(days=1), zone)
                local_start = datetime.combine(first, datetime.min.time())
            else:
                values["starts_at"] = parse_datetime(values.pop("start"), zone)
                values["ends_at"] = parse_datetime(values.pop("end"), zone)
                if values["ends_at"] <= values["starts_at"]:
                    raise ValueError(translate("ClinicFile", "end is not after start"))
                local_start = values["starts_at"].astimezone(zone).replace(tzinfo=None)
        except ValueError as error:
            reader.problem(where, str(error))
            continue
        rule = values.get("rrule")
        if rule is not None:
            try:
                values["rrule"] = check_rrule(rule, local_start)
            except ValueError as error:
                reader.problem(f"{where}.rrule", str(error))
                continue
        values.setdefault("rrule", None)
        values.setdefault("reason", None)
        values.setdefault("active", True)
        blocks.append(values)
    return blocks


def check_rrule(rule: str, local_start: datetime) -> str:
    """The rule as stored, or ValueError saying what is wrong: every path that stores a
    block's rule (the file, the setup editors) comes here, so the engine never meets one it
    cannot expand within the range asked, nor one that never happens, which dateutil would
    search to year 9999 (docs/scheduling.md, Blocked times)."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    names = [p.split("=", 1)[0].strip().upper() for p in text.split(";") if p]
    parts = set(names)
    if len(parts) < len(names):
        twice = sorted({name for name in names if names.count(name) > 1})
        raise ValueError(
            translate("ClinicFile", "{items} given more than once").format(items=", ".join(twice))
        )
    if "\n" in text or "DTSTART" in text.upper():
        raise ValueError(
            translate("ClinicFile", "give only the RRULE (its DTSTART is the block's start)")
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError(translate("ClinicFile", "COUNT and UNTIL cannot both be given (RFC 5545)"))
    try:
        parsed = rrulestr(text, dtstart=local_start)
    except (ValueError, TypeError) as error:
        raise ValueError(
            translate("ClinicFile", "{rule!r} is not a valid RRULE: {error}").format(
                rule=rule, error=error
            )
        ) from None
    if not isinstance(parsed, rrule):
        raise ValueError(translate("ClinicFile", "give a single RRULE"))
    problem = rule_problem(parsed)
    if problem is not None:
        raise ValueError(problem)
    if never_happens(parsed):
        sentence = (
            translate(
                "ClinicFile",
                "{never_happens}: no date from the block's start "
                "({local_start:%Y-%m-%d}) up to its UNTIL matches it",
            )
            if "UNTIL" in parts
            else translate(
                "ClinicFile",
                "{never_happens}: no date from the block's start "
                "({local_start:%Y-%m-%d}) matches it",
            )
        )
        raise ValueError(
            sentence.format(never_happens=never_happens_words(), local_start=local_start)
        )
    return text


MAX_SESSION_LENGTH = timedelta(hours=8)


def read_session_times(
    reader: DocumentReader,
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
