"""The clinic file: the contract's example (docs/interfaces.md), every validation rule, atomicity, round trip."""

from __future__ import annotations

import copy
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.clinic_file import ClinicFileError, export_clinic, import_clinic
from db.engine import Database
from db.models import (
    AuditEntry,
    BlockedTime,
    Client,
    ClientAlias,
    ClinicSettings,
    ReferenceCounter,
    Therapist,
    TherapySession,
    User,
)

TABLES_TO_COMPARE = (Client, Therapist, TherapySession, User, BlockedTime, ClinicSettings)


def _counts(database: Database) -> dict[str, int]:
    with database.read() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in TABLES_TO_COMPARE
        }


def _refusal(database: Database, data: Any) -> list[str]:
    with pytest.raises(ClinicFileError) as caught:
        import_clinic(database, data)
    return [str(p) for p in caught.value.problems]


# --- the contract example ----------------------------------------------------------------------


def test_contract_example_imports_exactly(database: Database, contract_clinic: dict) -> None:
    summary = import_clinic(database, contract_clinic)
    assert summary.created == {
        "clinic": 1,
        "rooms": 1,
        "services": 1,
        "therapists": 1,
        "clients": 1,
        "users": 1,
        "sessions": 1,
    }
    with database.read() as session:
        settings = session.get(ClinicSettings, 1)
        assert (settings.name, settings.timezone, settings.slot_interval_minutes) == (
            "SmartHub Center",
            "America/New_York",
            15,
        )
        carter = session.scalars(select(Therapist)).one()
        assert carter.preferred_room.key == "r203"
        assert [(h.weekday, h.start_minute, h.end_minute) for h in carter.working_hours] == [
            (0, 540, 720),
            (0, 780, 1020),
        ]
        day_off, custom = carter.exceptions
        assert (str(day_off.on_date), day_off.available, day_off.hours) == ("2025-01-20", False, [])
        assert [(h.start_minute, h.end_minute) for h in custom.hours] == [(600, 840)]
        meeting, vacation = carter.blocks
        # 09:00 in New York in January is 14:00 UTC.
        assert meeting.starts_at == datetime(2025, 1, 13, 14, 0, tzinfo=UTC)
        assert meeting.rrule == "FREQ=WEEKLY;BYDAY=MO"
        assert meeting.block_type.value == "meeting"
        # All-day Jan 22–24 inclusive: local midnight to local midnight after the last day.
        assert vacation.all_day
        assert vacation.starts_at == datetime(2025, 1, 22, 5, 0, tzinfo=UTC)
        assert vacation.ends_at == datetime(2025, 1, 25, 5, 0, tzinfo=UTC)
        booked = session.scalars(select(TherapySession)).one()
        assert booked.reference == "BK-2025-000001"
        assert booked.starts_at == datetime(2025, 1, 15, 19, 0, tzinfo=UTC)
        assert booked.ends_at == datetime(2025, 1, 15, 19, 50, tzinfo=UTC)  # service duration
        assert booked.price_cents == 15000  # price from the service
        assert booked.room.key == "r203"
        assert session.get(ReferenceCounter, 2025).last_number == 1
        maria = session.scalars(select(User)).one()
        assert maria.role.value == "supervisor"
        assert maria.password_hash and "change-me" not in maria.password_hash
        assert verify_password("change-me", maria.password_hash)
        actions = sorted(e.action for e in session.scalars(select(AuditEntry)))
        assert actions == sorted(
            ["clinic.create", "room.create", "service.create", "therapist.create",
             "client.create", "user.create", "session.create", "clinic.import"]
        )  # fmt: skip


# --- round trip --------------------------------------------------------------------------------


def test_import_export_import_is_lossless(database: Database, contract_clinic: dict) -> None:
    import_clinic(database, contract_clinic)
    first = export_clinic(database)
    # Everything the example said survives the trip (passwords are never exported).
    example = copy.deepcopy(contract_clinic)
    for user in example["users"]:
        del user["password"]
    for section in ("rooms", "services", "clients", "users"):
        for given, exported in zip(example[section], first[section], strict=True):
            assert given.items() <= exported.items(), section
    assert first["therapists"][0]["blocks"][0]["start"] == "2025-01-13T09:00"
    assert first["therapists"][0]["blocks"][1] == {
        "start": "2025-01-22",
        "end": "2025-01-24",
        "all_day": True,
        "type": "vacation",
        "reason": "Family trip",
        "active": True,
    }
    assert first["sessions"][0]["start"] == "2025-01-15T14:00"
    # Re-importing the export changes nothing, and a fresh database gets the same clinic.
    import_clinic(database, first)
    assert export_clinic(database) == first


def test_round_trip_into_a_fresh_database(
    sqlite_database: Database, postgres_url: str, contract_clinic: dict
) -> None:
    import_clinic(sqlite_database, contract_clinic)
    exported = export_clinic(sqlite_database)
    other = Database(postgres_url)
    try:
        import_clinic(other, exported)
        assert export_clinic(other) == exported
    finally:
        other.dispose()


def test_round_trip_keeps_an_ambiguous_dst_time_exact(sqlite_database: Database) -> None:
    data = _minimal()
    # 01:30 on 2025-11-02 happens twice in New York; the second one needs its offset.
    data["sessions"] = [
        _session("BK-2025-000001", "2025-11-02T01:30-05:00"),
        _session("BK-2025-000002", "2025-11-02T01:30"),
    ]
    data["sessions"][1]["client"] = "other"
    data["clients"].append({"key": "other", "name": "Other Client"})
    import_clinic(sqlite_database, data)
    with sqlite_database.read() as session:
        starts = sorted(s.starts_at for s in session.scalars(select(TherapySession)))
    # The local time without offset means its first occurrence (EDT, 05:30 UTC).
    assert starts == [
        datetime(2025, 11, 2, 5, 30, tzinfo=UTC),
        datetime(2025, 11, 2, 6, 30, tzinfo=UTC),
    ]
    exported = export_clinic(sqlite_database)
    assert [s["start"] for s in exported["sessions"]] == [
        "2025-11-02T01:30",
        "2025-11-02T01:30-05:00",
    ]


# --- atomicity ---------------------------------------------------------------------------------


def test_a_refused_file_changes_nothing(database: Database, contract_clinic: dict) -> None:
    import_clinic(database, contract_clinic)
    before_counts, before_export = _counts(database), export_clinic(database)
    bad = copy.deepcopy(contract_clinic)
    bad["clinic"]["name"] = "Renamed"
    bad["clients"].append({"key": "new", "name": "New Client", "phone": "+15557654321"})
    bad["sessions"].append(
        {**bad["sessions"][0], "reference": "BK-2025-000002", "client": "nobody"}
    )
    problems = _refusal(database, bad)
    assert problems == ['sessions[BK-2025-000002].client: unknown client "nobody"']
    assert _counts(database) == before_counts
    assert export_clinic(database) == before_export


def test_a_clash_with_saved_data_is_refused_and_changes_nothing(
    sqlite_database: Database, contract_clinic: dict
) -> None:
    import_clinic(sqlite_database, contract_clinic)
    import_clinic(sqlite_database, {"clients": [{"key": "tom", "name": "Tom"}]})
    before = export_clinic(sqlite_database)
    data = copy.deepcopy(contract_clinic)
    data["clinic"]["name"] = "Renamed"
    # Tom, already saved, is given the phone that Sarah already has.
    data["clients"].append({"key": "tom", "name": "Tom", "phone": "+1 555 123 4567"})
    problems = _refusal(sqlite_database, data)
    assert problems == ['clients[tom].phone: already belongs to client "sjohnson"']
    assert export_clinic(sqlite_database) == before


def test_a_database_constraint_refusal_rolls_back_everything(
    database: Database, contract_clinic: dict
) -> None:
    import_clinic(database, contract_clinic)
    before = export_clinic(database)
    data = copy.deepcopy(contract_clinic)
    data["clinic"]["name"] = "Renamed"
    data["series"] = [
        {"key": "s1", "therapist": "carter", "client": "sjohnson", "service": "individual",
         "frequency": "weekly", "weekday": "wednesday", "time": "14:00",
         "start_date": "2025-01-15"}
    ]  # fmt: skip
    # Two sessions claim the same occurrence of a series: only the database's UNIQUE sees it
    # (neither overlaps the saved BK-2025-000001 at 14:00, which the import itself refuses).
    data["sessions"] = [
        {**_session("BK-2025-000002", "2025-01-15T10:00"), "series": "s1",
         "occurrence_date": "2025-01-15"},
        {**_session("BK-2025-000003", "2025-01-15T16:00"), "series": "s1",
         "occurrence_date": "2025-01-15"},
    ]  # fmt: skip
    for item in data["sessions"]:
        item.update(client="sjohnson", service="individual")
    problems = _refusal(database, data)
    assert len(problems) == 1 and problems[0].startswith("database: refused the file:")
    assert export_clinic(database) == before


# --- every validation rule, one bad case each ---------------------------------------------------


def _minimal() -> dict[str, Any]:
    return {
        "clinic": {"name": "Test Clinic", "timezone": "America/New_York"},
        "rooms": [{"key": "r1", "name": "Room 1"}],
        "services": [{"key": "ind", "name": "Individual", "duration_minutes": 50}],
        "therapists": [
            {
                "key": "carter",
                "name": "Dr. Carter",
                "working_hours": [{"weekday": "monday", "start": "09:00", "end": "12:00"}],
            }
        ],
        "clients": [{"key": "sj", "name": "Sarah Johnson", "phone": "+15551234567"}],
    }


def _session(reference: str, start: str) -> dict[str, Any]:
    return {
        "reference": reference,
        "therapist": "carter",
        "client": "sj",
        "service": "ind",
        "start": start,
    }


def _series(**changes: Any) -> dict[str, Any]:
    """A valid weekly series of the minimal clinic, with some fields changed."""
    return {"key": "s1", "therapist": "carter", "client": "sj", "service": "ind",
            "frequency": "weekly", "weekday": "monday", "time": "09:00",
            "start_date": "2025-01-13", **changes}  # fmt: skip


def _with(path: str, value: Any) -> dict[str, Any]:
    """The minimal clinic with one value set at a dotted path (list indexes as numbers)."""
    data = _minimal()
    target: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
    last = parts[-1]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


BAD_INPUTS = {
    "unknown field": (
        _with("rooms.0.colour", "red"),
        'rooms[r1]: unknown field "colour"',
    ),
    "unknown section": (
        _with("patients", []),
        'file: unknown section "patients"',
    ),
    "missing required field": (
        {**_minimal(), "rooms": [{"key": "r1"}]},
        'rooms[r1]: missing field "name"',
    ),
    "bad weekday": (
        _with("therapists.0.working_hours.0.weekday", "funday"),
        "therapists[carter].working_hours[1].weekday: 'funday' is not a weekday",
    ),
    "working block end before start": (
        _with("therapists.0.working_hours.0", {"weekday": "monday", "start": "12:00", "end": "09:00"}),
        "therapists[carter].working_hours[1].end: 09:00 is not after start 12:00",
    ),
    "bad clock": (
        _with("therapists.0.working_hours.0.start", "9am"),
        "therapists[carter].working_hours[1].start: '9am' is not a time like 09:30",
    ),
    "overlapping working blocks": (
        _with(
            "therapists.0.working_hours",
            [
                {"weekday": "monday", "start": "09:00", "end": "12:00"},
                {"weekday": "monday", "start": "11:00", "end": "13:00"},
            ],
        ),
        "therapists[carter].working_hours: monday blocks 09:00–12:00 and 11:00–13:00 overlap",
    ),
    "overlapping exception hours": (
        _with(
            "therapists.0.exceptions",
            [{"date": "2025-01-21", "hours": [{"start": "10:00", "end": "14:00"},
                                               {"start": "13:00", "end": "15:00"}]}],
        ),
        "therapists[carter].exceptions[2025-01-21].hours: blocks 10:00–14:00 and 13:00–15:00 overlap",
    ),
    "day off with hours": (
        _with(
            "therapists.0.exceptions",
            [{"date": "2025-01-21", "available": False, "hours": [{"start": "10:00", "end": "14:00"}]}],
        ),
        'therapists[carter].exceptions[2025-01-21]: a day off ("available": false) cannot have hours',
    ),
    "bad exception date": (
        _with("therapists.0.exceptions", [{"date": "2025-02-30", "available": False}]),
        "therapists[carter].exceptions[2025-02-30].date: '2025-02-30' is not a date like 2025-01-20",
    ),
    "unknown preferred room": (
        _with("therapists.0.preferred_room", "r999"),
        'therapists[carter].preferred_room: unknown room "r999"',
    ),
    "unknown session therapist": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T09:00"), "therapist": "x"}]),
        'sessions[BK-2025-000001].therapist: unknown therapist "x"',
    ),
    "unknown session service": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T09:00"), "service": "x"}]),
        'sessions[BK-2025-000001].service: unknown service "x"',
    ),
    "unknown session room": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T09:00"), "room": "x"}]),
        'sessions[BK-2025-000001].room: unknown room "x"',
    ),
    "unknown rescheduled_from": (
        _with(
            "sessions",
            [{**_session("BK-2025-000001", "2025-01-13T09:00"), "rescheduled_from": "BK-2024-000009"}],
        ),
        'sessions[BK-2025-000001].rescheduled_from: unknown session "BK-2024-000009"',
    ),
    "unknown series client": (
        _with(
            "series",
            [_series(client="ghost")],
        ),
        'series[s1].client: unknown client "ghost"',
    ),
    "bad phone": (
        _with("clients.0.phone", "12"),
        "clients[sj].phone: '12' is not a possible phone number for its country",
    ),
    "phone not a number": (
        _with("clients.0.phone", "call me"),
        "clients[sj].phone: 'call me' is not a phone number",
    ),
    "bad email": (
        _with("clients.0.email", "sarah@"),
        "clients[sj].email: 'sarah@' is not a valid email address",
    ),
    "bad therapist email": (
        _with("therapists.0.email", "carter.example.org"),
        "therapists[carter].email: 'carter.example.org' is not a valid email address",
    ),
    "bad rrule": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "meeting",
              "rrule": "FREQ=WEEKLY;BYDAY=XX"}],
        ),
        "therapists[carter].blocks[1].rrule: 'FREQ=WEEKLY;BYDAY=XX' is not a valid RRULE",
    ),
    "rrule with count and until": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "meeting",
              "rrule": "FREQ=WEEKLY;COUNT=3;UNTIL=20250301T000000"}],
        ),
        "therapists[carter].blocks[1].rrule: COUNT and UNTIL cannot both be given",
    ),
    "rrule more often than daily": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T09:01", "type": "other",
              "rrule": "FREQ=SECONDLY"}],
        ),
        "therapists[carter].blocks[1].rrule: a recurring block can repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); for several times a day add one block per time",
    ),
    "rrule hourly": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T09:10", "type": "other",
              "rrule": "FREQ=HOURLY;UNTIL=20250301T000000"}],
        ),
        "therapists[carter].blocks[1].rrule: a recurring block can repeat at most daily",
    ),
    "rrule several times a day": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T09:10", "type": "other",
              "rrule": "FREQ=DAILY;BYHOUR=9,10,11,12;BYMINUTE=0,30"}],
        ),
        "therapists[carter].blocks[1].rrule: a recurring block can start at most once a day (BYHOUR, BYMINUTE and BYSECOND take one value each)",
    ),
    "rrule that never happens": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "meeting",
              "rrule": "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"}],
        ),
        "therapists[carter].blocks[1].rrule: this rule never happens (e.g. 30 February)",
    ),
    "rrule that ends before it happens": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "meeting",
              "rrule": "FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20250130T000000"}],
        ),
        "therapists[carter].blocks[1].rrule: this rule never happens (e.g. 30 February): no date from the block's start (2025-01-13) up to its UNTIL matches it",
    ),
    "bad timezone": (
        _with("clinic.timezone", "Mars/Olympus_Mons"),
        "clinic.timezone: 'Mars/Olympus_Mons' is not an IANA timezone name",
    ),
    "bad block type": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "nap"}],
        ),
        "therapists[carter].blocks[1].type: 'nap' is not one of vacation, meeting, sick_leave",
    ),
    "block end before start": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T10:00", "end": "2025-01-13T09:00", "type": "meeting"}],
        ),
        "therapists[carter].blocks[1]: end is not after start",
    ),
    "all-day block end before start": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-24", "end": "2025-01-22", "all_day": True, "type": "vacation"}],
        ),
        "therapists[carter].blocks[1]: end 2025-01-22 is before start 2025-01-24",
    ),
    "session start in a DST gap": (
        _with("sessions", [_session("BK-2025-000001", "2025-03-09T02:30")]),
        "sessions[BK-2025-000001].start: 2025-03-09 02:30 does not exist in America/New_York",
    ),
    "session end before start": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T10:00"), "end": "2025-01-13T09:00"}]),
        "sessions[BK-2025-000001].end: is not after start",
    ),
    "session longer than a working day": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T10:00"), "end": "2025-01-14T09:00"}]),
        "sessions[BK-2025-000001].end: a session lasts at most 8 hours",
    ),
    "bad reference": (
        _with("sessions", [_session("BK-25-1", "2025-01-13T09:00")]),
        "sessions[BK-25-1].reference: 'BK-25-1' is not a booking reference like BK-2025-000001",
    ),
    "duplicate reference": (
        _with("sessions", [_session("BK-2025-000001", "2025-01-13T09:00"),
                           _session("BK-2025-000001", "2025-01-13T10:00")]),
        'sessions[BK-2025-000001]: the session "BK-2025-000001" appears twice in the file',
    ),
    "duplicate key": (
        _with("rooms", [{"key": "r1", "name": "Room 1"}, {"key": "r1", "name": "Room one"}]),
        'rooms[r1]: the room "r1" appears twice in the file',
    ),
    "bad key": (
        _with("rooms.0.key", "room one!"),
        "rooms[room one!].key: 'room one!' is not a key",
    ),
    "service duration not a multiple of 5": (
        _with("services.0.duration_minutes", 47),
        "services[ind].duration_minutes: 47 is not a multiple of 5",
    ),
    "service duration out of range": (
        _with("services.0.duration_minutes", 20),
        "services[ind].duration_minutes: 20 is outside 30–240",
    ),
    "bad price": (
        _with("services.0.price", "12.345"),
        "services[ind].price: '12.345' has more decimals than USD has (at most 2 decimals)",
    ),
    "negative price": (
        _with("services.0.price", "-5"),
        "services[ind].price: '-5' is not an amount of zero or more",
    ),
    "bad status": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T09:00"), "status": "done"}]),
        "sessions[BK-2025-000001].status: 'done' is not one of scheduled, confirmed",
    ),
    "override without reason": (
        _with("sessions", [{**_session("BK-2025-000001", "2025-01-13T09:00"), "overridden": True}]),
        "sessions[BK-2025-000001].override_reason: required when overridden is true",
    ),
    "bad role": (
        _with("users", [{"username": "bob", "role": "boss", "password": "long-enough"}]),
        "users[bob].role: 'boss' is not one of front_desk, supervisor, admin",
    ),
    "username twice in different case": (
        _with("users", [{"username": "Bob", "role": "admin"}, {"username": "bob", "role": "admin"}]),
        'users[bob]: the user "bob" appears twice in the file',
    ),
    "short password": (
        _with("users", [{"username": "bob", "role": "admin", "password": "short"}]),
        "users[bob].password: needs at least 8 characters",
    ),
    "every_n_days without interval": (
        _with(
            "series",
            [_series(frequency="every_n_days")],
        ),
        "series[s1].interval_days: required when frequency is every_n_days",
    ),
    "series start date on the wrong weekday": (
        _with(
            "series",
            [_series(start_date="2025-01-14")],
        ),
        "series[s1].start_date: 2025-01-14 is a tuesday, not a monday",
    ),
    "date of birth in the future": (
        _with("clients.0.date_of_birth", "2999-01-01"),
        "clients[sj].date_of_birth: 2999-01-01 is in the future",
    ),
    "NUL in a text": (
        _with("clients.0.name", "Sarah\x00Johnson"),
        "clients[sj].name: contains a NUL character",
    ),
    "boolean as text": (
        _with("rooms.0.active", "yes"),
        "rooms[r1].active: 'yes' is not true or false",
    ),
    "not an object": (
        ["clinic"],
        "file: must be a JSON object",
    ),
    "feed window of no days": (
        _with("clinic.feed_days_ahead", 0),
        "clinic.feed_days_ahead: 0 is outside 1–3650",
    ),
    "lone surrogate in a preference's name, deep down": (
        _with("clients.0.preferences", {"diet": [{"k\ud800": 1}]}),
        'clients[sj].preferences.diet[0]["k\\ud800"]: the name is not valid text',
    ),
    "lone surrogate in a text": (
        _with("clients.0.notes", "caf\udce9"),
        "clients[sj].notes: is not valid text",
    ),
    "lone surrogate in an unknown section's name": (
        _with("x\udfff", []),
        'file["x\\udfff"]: the name is not valid text',
    ),
    "NUL in a preference's value": (
        _with("clients.0.preferences", {"k": "a\x00b"}),
        "clients[sj].preferences.k: contains a NUL character",
    ),
    "NUL in a preference's name": (
        _with("clients.0.preferences", {"k\x00": 1}),
        'clients[sj].preferences["k\\u0000"]: the name contains a NUL character',
    ),
    "NUL after a time": (
        _with("sessions", [_session("BK-2025-000001", "2025-01-15T10:00\x00")]),
        "sessions[BK-2025-000001].start: contains a NUL character",
    ),
    "rrule every zero days": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "other",
              "rrule": "FREQ=DAILY;INTERVAL=0"}],
        ),
        "therapists[carter].blocks[1].rrule: INTERVAL must be a whole number of 1 or more",
    ),
    "rrule with FREQ twice": (
        _with(
            "therapists.0.blocks",
            [{"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "other",
              "rrule": "FREQ=MINUTELY;FREQ=DAILY"}],
        ),
        "therapists[carter].blocks[1].rrule: FREQ given more than once",
    ),
    "not a finite number": (
        _with("clients.0.preferences", {"weight": float("nan")}),
        "clients[sj].preferences.weight: nan is not a finite number",
    ),
    "nested deeper than any clinic file": (
        _with("clients.0.preferences", json.loads('{"a": ' * 40 + "1" + "}" * 40)),
        "clients[sj].preferences.a.a.a",
    ),
    "a session in the year 9999": (
        _with("sessions", [_session("BK-2025-000001", "9999-12-31T23:59")]),
        "sessions[BK-2025-000001].start: 9999-12-31T23:59 is outside the years 1900–2999",
    ),
    "a session in the year 1 with an offset": (
        _with("sessions", [_session("BK-2025-000001", "0001-01-01T00:00+05:00")]),
        "sessions[BK-2025-000001].start: 0001-01-01T00:00 is outside the years 1900–2999",
    ),
    "an exception on the last day": (
        _with("therapists.0.exceptions", [{"date": "9999-12-31", "available": False}]),
        "therapists[carter].exceptions[9999-12-31].date: 9999-12-31 is outside the years 1900–2999",
    ),
    "an all-day block to the last day": (
        _with("therapists.0.blocks", [{"start": "2025-01-13", "end": "9999-12-31",
                                       "all_day": True, "type": "vacation"}]),
        "therapists[carter].blocks[1]",
    ),
    "a series starting in the year 1": (
        _with("series", [_series(start_date="0001-01-01", weekday="monday")]),
        "series[s1].start_date: 0001-01-01 is outside the years 1900–2999",
    ),
}  # fmt: skip


@pytest.mark.parametrize("data, expected", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_precise_message(
    sqlite_database: Database, data: Any, expected: str
) -> None:
    problems = _refusal(sqlite_database, data)
    assert any(p.startswith(expected) for p in problems), problems
    assert _counts(sqlite_database) == dict.fromkeys(_counts(sqlite_database), 0)


def test_a_lone_surrogate_is_refused_and_the_clinic_still_exports(
    sqlite_database: Database,
) -> None:
    """Issue 15, point 6: `"k\\ud800"` in preferences was stored; every export then failed."""
    import_clinic(sqlite_database, _minimal())
    text = '{"clients": [{"key": "sj", "name": "Sarah Johnson", "preferences": {"k\\ud800": 1}}]}'
    problems = _refusal(sqlite_database, json.loads(text))
    assert problems == [
        'clients[sj].preferences["k\\ud800"]: the name is not valid text (a lone surrogate)'
    ]
    json.dumps(export_clinic(sqlite_database), ensure_ascii=False).encode("utf-8")


def test_a_key_twice_in_the_file_is_refused_even_when_saved(sqlite_database: Database) -> None:
    import_clinic(sqlite_database, _minimal())
    data = _with("rooms", [{"key": "r1", "name": "Room 1"}, {"key": "r1", "name": "Room one"}])
    assert _refusal(sqlite_database, data) == ['rooms[r1]: the room "r1" appears twice in the file']


def test_series_price_defaults_to_the_service_price(sqlite_database: Database) -> None:
    data = _minimal()
    data["services"][0]["price"] = "95.50"
    data["series"] = [_series(frequency="every_n_days", interval_days=10)]
    import_clinic(sqlite_database, data)
    (series,) = export_clinic(sqlite_database)["series"]
    assert (series["price"], series["interval_days"]) == ("95.50", 10)


def test_all_problems_are_reported_at_once(sqlite_database: Database) -> None:
    data = _with("clients.0.email", "nope")
    data["rooms"][0]["capacity"] = 0
    data["therapists"][0]["working_hours"][0]["weekday"] = "someday"
    problems = _refusal(sqlite_database, data)
    assert len(problems) == 3, problems


def test_a_file_without_clinic_needs_one_in_the_database(sqlite_database: Database) -> None:
    data = _minimal()
    del data["clinic"]
    assert _refusal(sqlite_database, data) == [
        "clinic: missing: the database has no clinic yet, so the file needs one"
    ]
    import_clinic(sqlite_database, {"clinic": _minimal()["clinic"]})
    import_clinic(sqlite_database, data)  # now the clinic's timezone is known


# --- normalisation and de-duplication ---------------------------------------------------------


def test_phones_become_e164_and_emails_lower_case(sqlite_database: Database) -> None:
    data = _minimal()
    data["clients"] = [
        {"key": "a", "name": "A", "phone": "(212) 555-0142", "email": "Ana.Ruiz@Example.COM"},
        {"key": "b", "name": "B", "phone": "+34 612 34 56 78"},
    ]
    import_clinic(sqlite_database, data)
    with sqlite_database.read() as session:
        rows = {c.key: (c.phone, c.email) for c in session.scalars(select(Client))}
    assert rows == {"a": ("+12125550142", "ana.ruiz@example.com"), "b": ("+34612345678", None)}


def test_clients_are_deduplicated_by_phone_then_email(sqlite_database: Database) -> None:
    data = _minimal()
    data["clients"] = [
        {"key": "sj", "name": "Sarah Johnson", "phone": "+1 555 123 4567"},
        {"key": "sarah2", "name": "Sarah J.", "phone": "555-123-4567", "email": "SJ@example.com"},
        {"key": "sarah3", "name": "S. Johnson", "email": "sj@example.com"},
        {"key": "tom", "name": "Tom", "email": "tom@example.com"},
    ]
    # A session booked under a duplicate's key goes to the same person.
    data["sessions"] = [{**_session("BK-2025-000001", "2025-01-13T09:00"), "client": "sarah3"}]
    summary = import_clinic(sqlite_database, data)
    assert summary.created["clients"] == 2
    assert any('"sarah2" is the same person as "sj" (same phone)' in n for n in summary.notes)
    with sqlite_database.read() as session:
        clients = {c.key: c for c in session.scalars(select(Client))}
        assert set(clients) == {"sj", "tom"}
        # The duplicate taught us Sarah's email; the email then matched the third record.
        assert clients["sj"].email == "sj@example.com"
        assert session.scalars(select(TherapySession)).one().client.key == "sj"
    # Importing again, even into a database that knows her, finds the same person.
    again = import_clinic(
        sqlite_database, {"clients": [{"key": "new", "name": "x", "phone": "+15551234567"}]}
    )
    assert again.created == {}


def test_import_updates_by_key_and_keeps_what_the_file_does_not_say(
    sqlite_database: Database, contract_clinic: dict
) -> None:
    import_clinic(sqlite_database, contract_clinic)
    summary = import_clinic(
        sqlite_database,
        {
            "therapists": [
                {"key": "carter", "name": "Dr. Emily Carter-Ruiz", "max_clients_per_day": 6}
            ]
        },
    )
    assert summary.updated == {"therapists": 1}
    with sqlite_database.read() as session:
        carter = session.scalars(select(Therapist)).one()
        assert (carter.name, carter.max_clients_per_day, carter.buffer_after_minutes) == (
            "Dr. Emily Carter-Ruiz",
            6,
            10,
        )
        assert len(carter.working_hours) == 2 and len(carter.blocks) == 2  # not in the file: kept


def test_every_imported_change_is_audited_with_before_and_after(
    database: Database, contract_clinic: dict
) -> None:
    import_clinic(database, contract_clinic, actor="maria")
    # The same file again changes nothing: nothing updated, nothing audited but the import.
    again = import_clinic(database, contract_clinic, actor="maria")
    assert (again.created, again.updated) == ({}, {})
    changed = copy.deepcopy(contract_clinic)
    changed["therapists"][0]["max_clients_per_day"] = 6
    changed["therapists"][0]["working_hours"][1]["end"] = "18:00"
    changed["users"][0]["password"] = "a-new-password"
    summary = import_clinic(database, changed, actor="maria")
    assert summary.updated == {"therapists": 1, "users": 1}
    with database.read() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert [e.action for e in entries].count("clinic.import") == 3
        therapist_update, user_update = [e for e in entries if e.action.endswith(".update")]
        carter = session.scalars(select(Therapist)).one()
        assert (therapist_update.entity_type, therapist_update.entity_id) == (
            "therapist",
            carter.id,
        )
        assert therapist_update.actor == "maria"
        assert therapist_update.before == {
            "max_clients_per_day": 8,
            "working_hours": [[0, 540, 720], [0, 780, 1020]],
        }
        assert therapist_update.after == {
            "max_clients_per_day": 6,
            "working_hours": [[0, 540, 720], [0, 780, 1080]],
        }
        assert user_update.after == {"password": "(changed)"}
        assert "a-new-password" not in str([e.after for e in entries])
        assert verify_password("a-new-password", session.scalars(select(User)).one().password_hash)


def test_new_user_without_password_cannot_log_in(sqlite_database: Database) -> None:
    summary = import_clinic(
        sqlite_database, {**_minimal(), "users": [{"username": "Bob", "role": "front_desk"}]}
    )
    assert any("no password yet" in note for note in summary.notes)
    with sqlite_database.read() as session:
        bob = session.scalars(select(User)).one()
        assert bob.username == "bob" and bob.password_hash is None
        assert not verify_password("", bob.password_hash)


def test_reference_counters_move_past_imported_references(sqlite_database: Database) -> None:
    data = _minimal()
    data["sessions"] = [_session("BK-2025-000041", "2025-01-13T09:00")]
    import_clinic(sqlite_database, data)
    data["sessions"] = [_session("BK-2025-000007", "2025-01-13T10:15")]
    import_clinic(sqlite_database, data)
    with sqlite_database.read() as session:
        assert session.get(ReferenceCounter, 2025).last_number == 41


def test_feed_settings_travel_with_the_clinic_file(sqlite_database: Database) -> None:
    data = _minimal()
    data["clinic"].update(feed_full_names=True, feed_days_back=7, feed_days_ahead=60,
                          feed_cancelled_days=2, feed_show_blocks=True)  # fmt: skip
    import_clinic(sqlite_database, data)
    clinic = export_clinic(sqlite_database)["clinic"]
    assert {k: v for k, v in clinic.items() if k.startswith("feed_")} == {
        "feed_full_names": True, "feed_days_back": 7, "feed_days_ahead": 60,
        "feed_cancelled_days": 2, "feed_show_blocks": True,
    }  # fmt: skip


# --- what sessions must respect whatever the moment (docs/interfaces.md, Import) ---------------


def _two_therapists() -> dict[str, Any]:
    data = _minimal()
    data["rooms"] = [{"key": "r1", "name": "Room 1"},
                     {"key": "r2", "name": "Room 2", "features": ["family"]}]  # fmt: skip
    data["services"].append({"key": "fam", "name": "Family", "duration_minutes": 60,
                             "required_features": ["family"]})  # fmt: skip
    data["therapists"].append({"key": "lee", "name": "Dr. Lee", "buffer_after_minutes": 0})
    data["clients"].append({"key": "tom", "name": "Tom Smith", "phone": "+15557654321"})
    return data


def _at(reference: str, start: str, **fields: Any) -> dict[str, Any]:
    return {**_session(reference, start), **fields}


SESSION_CLASHES = {
    "family session in a room without the family feature": (
        [_at("BK-2025-000001", "2025-01-13T09:00", service="fam", room="r1")],
        ['sessions[BK-2025-000001].room: room "r1" lacks family, which service "fam" requires'],
    ),
    "therapist twice at once, buffers included": (
        # carter keeps 10 minutes after a session: 09:00–09:50 holds him until 10:00
        [_at("BK-2025-000001", "2025-01-13T09:00"),
         _at("BK-2025-000002", "2025-01-13T09:55", client="tom")],
        ['sessions[BK-2025-000002]: therapist "carter" already has session BK-2025-000001 then (buffers included)'],
    ),
    "room twice at once": (
        [_at("BK-2025-000001", "2025-01-13T09:00", room="r1"),
         _at("BK-2025-000002", "2025-01-13T09:30", room="r1", therapist="lee", client="tom")],
        ['sessions[BK-2025-000002]: room "r1" already holds session BK-2025-000001 then'],
    ),
    "client twice at once": (
        [_at("BK-2025-000001", "2025-01-13T09:00"),
         _at("BK-2025-000002", "2025-01-13T09:49", therapist="lee")],
        ['sessions[BK-2025-000002]: client "sj" already has session BK-2025-000001 then'],
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    "sessions, expected", list(SESSION_CLASHES.values()), ids=list(SESSION_CLASHES)
)
def test_sessions_that_cannot_be_are_refused_naming_the_session(
    database: Database, sessions: list[dict[str, Any]], expected: list[str]
) -> None:
    assert _refusal(database, {**_two_therapists(), "sessions": sessions}) == expected
    assert _counts(database) == dict.fromkeys(_counts(database), 0)


def test_touching_cancelled_and_other_scope_sessions_are_accepted(database: Database) -> None:
    sessions = [
        _at("BK-2025-000001", "2025-01-13T09:00", room="r1"),
        _at("BK-2025-000002", "2025-01-13T10:00", room="r1", client="tom"),  # buffer ends 10:00
        _at("BK-2025-000003", "2025-01-13T09:00", therapist="lee", client="tom", room="r2"),
        _at("BK-2025-000004", "2025-01-13T10:10", status="cancelled", room="r1"),
        _at("BK-2025-000005", "2025-01-13T11:00", service="fam", room="r2"),
        # a session that happened in a room that suits it no longer is a record, not a booking
        _at("BK-2025-000006", "2025-01-06T09:00", service="fam", room="r1", status="completed"),
    ]
    summary = import_clinic(database, {**_two_therapists(), "sessions": sessions})
    assert summary.created["sessions"] == 6


def test_a_session_overlapping_a_saved_one_or_a_room_change_stranding_one_is_refused(
    database: Database,
) -> None:
    import_clinic(database, {**_two_therapists(),
                             "sessions": [_at("BK-2025-000001", "2025-01-13T09:00",
                                              service="fam", room="r2")]})  # fmt: skip
    before = export_clinic(database)
    later = [_at("BK-2025-000002", "2025-01-13T09:30", therapist="lee", client="tom", room="r2")]
    assert _refusal(database, {"sessions": later}) == [
        'sessions[BK-2025-000002]: room "r2" already holds session BK-2025-000001 then'
    ]
    assert export_clinic(database) == before
    # Room 2 losing its feature would strand the family session still to happen there
    # (its own export would then be refused): refused, naming the session.
    rooms = [{"key": "r2", "name": "Room 2", "features": []}]
    assert _refusal(database, {"rooms": rooms}) == [
        'sessions[BK-2025-000001].room: room "r2" lacks family, which service "fam" requires'
    ]
    assert export_clinic(database) == before
    # Once it took place, the change is fine, and the export imports into a new database.
    done = [_at("BK-2025-000001", "2025-01-13T09:00", service="fam", room="r2")]
    done[0]["status"] = "completed"
    import_clinic(database, {"sessions": done, "rooms": rooms})
    again = export_clinic(database)
    import_clinic(database, again)
    assert export_clinic(database) == again


def test_ten_thousand_sessions_are_checked_in_one_sweep(sqlite_database: Database) -> None:
    data = _two_therapists()
    data["clients"] = [{"key": f"c{n}", "name": f"Client {n}"} for n in range(200)]
    sessions = []
    for n in range(10_000):
        day, hour = divmod(n, 10)
        start = datetime(2020, 1, 1, 8) + timedelta(days=day, hours=hour)
        sessions.append(_at(f"BK-2020-{n + 1:06d}", start.isoformat(timespec="minutes"),
                            therapist="lee", client=f"c{n % 200}", service="ind"))  # fmt: skip
    sessions[-1]["start"] = sessions[-2]["start"]  # with another therapist, same client
    sessions[-1]["therapist"] = "carter"
    sessions[-1]["client"] = sessions[-2]["client"]
    began = time.perf_counter()
    problems = _refusal(sqlite_database, {**data, "sessions": sessions})
    assert problems == [
        'sessions[BK-2020-010000]: client "c198" already has session BK-2020-009999 then'
    ]
    assert time.perf_counter() - began < 60


# --- archived clients and merged keys (docs/clients.md) -------------------------------------------


def test_an_archived_client_travels_with_the_clinic_file(database: Database) -> None:
    data = _minimal()
    data["clients"].append({"key": "old", "name": "Old Client", "archived": True})
    import_clinic(database, data)
    with database.read() as session:
        archived = dict(session.execute(select(Client.key, Client.archived_at)).all())
    assert archived["sj"] is None and archived["old"] is not None
    exported = export_clinic(database)
    flags = {c["key"]: c["archived"] for c in exported["clients"]}
    assert flags == {"sj": False, "old": True}
    # Importing the export again keeps the moment it was archived; unarchiving clears it.
    import_clinic(database, exported)
    with database.read() as session:
        assert (
            session.scalar(select(Client.archived_at).where(Client.key == "old"))
            == (archived["old"])
        )
    import_clinic(database, {"clients": [{"key": "old", "name": "Old Client", "archived": False}]})
    with database.read() as session:
        assert session.scalar(select(Client.archived_at).where(Client.key == "old")) is None


def test_a_bad_archived_flag_is_refused(sqlite_database: Database) -> None:
    data = _minimal()
    data["clients"][0]["archived"] = "yes"
    assert any(p.startswith("clients[sj].archived:") for p in _refusal(sqlite_database, data))


def test_a_merged_clients_old_key_reaches_the_kept_client(database: Database) -> None:
    import_clinic(database, _minimal())
    with database.write() as session:
        kept = session.scalars(select(Client).where(Client.key == "sj")).one()
        session.add(ClientAlias(key="sarah-old", client_id=kept.id))
    data = _minimal()
    data["clients"] = [{"key": "sarah-old", "name": "Sarah J.", "email": "sj@example.com"}]
    data["sessions"] = [{**_session("BK-2025-000001", "2025-01-13T09:00"), "client": "sarah-old"}]
    summary = import_clinic(database, data)
    assert summary.created.get("clients") is None
    with database.read() as session:
        assert session.scalars(select(Client.key)).all() == ["sj"]
        sj = session.scalars(select(Client)).one()
        assert sj.email == "sj@example.com"  # what the old record knew and the kept one lacked
        assert session.scalars(select(TherapySession)).one().client_id == sj.id
