"""The waitlist (docs/clients.md, Waitlist): entries, the starts matched to them as time frees
up, the offers the inbox shows, and the entries' ends; on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update

from app.booking import BookingRequest, book, cancel, reschedule
from app.clients.editing import archive_client
from app.clinic_file import import_clinic
from app.clinic_setup import save_setup
from app.inbox import inbox
from app.waitlist import (
    ANY_WEEKDAY,
    WaitlistInputError,
    WaitlistRequest,
    add_entry,
    close_entry_booked,
    close_fulfilled,
    current_offers,
    expire_entries,
    match_freed,
    parse_between,
    parse_weekdays,
    remove_entry,
    waitlist_entries,
)
from db.engine import Database
from db.enums import TherapistStatus
from db.models import Therapist, WaitlistMatch
from tests.booking_support import ZONE, at, booking_clinic

NOW = at("2025-01-10T08:00")  # a Friday
LATER = NOW + timedelta(minutes=30)
MON, TUE, FRI = date(2025, 1, 13), date(2025, 1, 14), date(2025, 1, 17)
TUE_BIT = 1 << 1


def waitlist_clinic() -> dict[str, Any]:
    data = booking_clinic()
    data["clients"] += [
        {"key": "c4", "name": "Dee Four", "phone": "+15551230004"},
        {"key": "c5", "name": "Eve Five", "phone": "+15551230005"},
        {"key": "c6", "name": "Fay Six", "phone": "+15551230006"},
    ]
    return data


@pytest.fixture
def clinic(database: Database) -> Database:
    import_clinic(database, waitlist_clinic(), actor="test")
    return database


def key_ids(database: Database) -> dict[str, int]:
    """Every client, service and therapist key → its id, straight from SQL."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT key, id FROM clients UNION ALL SELECT key, id FROM services"
                " UNION ALL SELECT key, id FROM therapists"
            )
        )
        return {key: id_ for key, id_ in rows}


def wish(
    database: Database,
    client: str = "c1",
    *,
    therapist: str | None = "carter",
    service: str = "individual",
    weekdays: int = ANY_WEEKDAY,
    between: str | None = None,
    first: date = MON,
    last: date = FRI,
) -> WaitlistRequest:
    ids = key_ids(database)
    earliest, latest = parse_between(between) if between else (None, None)
    return WaitlistRequest(
        ids[client], ids[service], ids[therapist] if therapist else None, weekdays,
        earliest, latest, first, last,
    )  # fmt: skip


def wait(database: Database, client: str = "c1", *, now: datetime = NOW, **what: Any) -> int:
    return add_entry(database, wish(database, client, **what), actor="alex", now=now)


def make(
    database: Database, start: str, client: str, therapist: str = "carter", now: datetime = NOW
) -> str:
    request = BookingRequest(therapist, client, "individual", at(start))
    return book(database, request, actor="alex", now=now).reference


def offers(database: Database, now: datetime = NOW) -> list[tuple[int, str, str, str]]:
    """(entry, client, therapist, local start) of each offer, in the order given."""
    return [
        (o.entry.id, o.entry.client_key, o.therapist_key, f"{o.start:%Y-%m-%dT%H:%M}")
        for o in current_offers(database, now)
    ]


def stored(database: Database) -> list[tuple[int, int, datetime]]:
    """The stored matches (entry, therapist, start) in that order."""
    with database.read() as session:
        rows = session.execute(
            select(WaitlistMatch.entry_id, WaitlistMatch.therapist_id, WaitlistMatch.starts_at)
        )
        return sorted((entry, therapist, start) for entry, therapist, start in rows)


def entry_state(database: Database, entry_id: int) -> tuple[Any, ...]:
    with database.engine.connect() as connection:
        return tuple(
            connection.execute(
                text("SELECT closed_reason, session_id FROM waitlist_entries WHERE id = :id"),
                {"id": entry_id},
            ).one()
        )


def session_id(database: Database, reference: str) -> int:
    with database.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT id FROM sessions WHERE reference = :r"), {"r": reference}
            ).scalar_one()
        )


def tables(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """What adding to the waitlist could touch, straight from SQL."""
    queries = {
        "entries": "SELECT * FROM waitlist_entries ORDER BY id",
        "matches": "SELECT * FROM waitlist_matches ORDER BY id",
        "audit": "SELECT id, action FROM audit_log ORDER BY id",
    }
    with database.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(text(query))]
            for name, query in queries.items()
        }


def fill_tuesday(database: Database) -> dict[str, str]:
    """Dr. Carter's Tuesday at its cap of 3: 09:00, 10:00 and 11:00 (client → reference)."""
    return {
        client: make(database, f"2025-01-14T{hour}:00", client)
        for client, hour in (("c2", "09"), ("c3", "10"), ("c4", "11"))
    }


def set_status(database: Database, key: str, status: TherapistStatus) -> None:
    with database.write() as session:
        session.execute(update(Therapist).where(Therapist.key == key).values(status=status))


# -- the flow -------------------------------------------------------------------------------


def test_a_cancellation_offers_the_freed_start_until_someone_takes_it(clinic: Database) -> None:
    booked = fill_tuesday(clinic)
    entry = wait(clinic, weekdays=TUE_BIT, between="09:00-12:00")
    assert offers(clinic) == [] and stored(clinic) == []  # the day is full

    cancel(clinic, booked["c3"], "ill", actor="alex", now=NOW)  # the waitlist looks at once

    assert offers(clinic) == [(entry, "c1", "carter", "2025-01-14T10:00")]
    item = next(i for i in inbox(clinic, NOW) if i.kind == "waitlist_match")
    assert (item.waitlist_id, item.client, item.therapist, item.service) == (
        entry, "c1", "carter", "individual",
    )  # fmt: skip
    assert item.start == at("2025-01-14T10:00") and item.id is None
    assert item.title == "Waitlist: Ana One could have Dr. Carter, Tue 14 Jan 10:00"
    assert item.detail.startswith("Individual; waiting since today")

    make(clinic, "2025-01-14T10:00", "c2")  # another client takes it
    assert offers(clinic) == []  # re-checked: never offered once taken
    assert len(stored(clinic)) == 1
    match_freed(clinic, NOW, days=[TUE])  # the day looked at again: the stale match goes
    assert stored(clinic) == []


def test_booking_the_offer_for_the_waiting_client_closes_the_entry(clinic: Database) -> None:
    booked = fill_tuesday(clinic)
    entry = wait(clinic, weekdays=TUE_BIT, between="09:00-12:00")
    cancel(clinic, booked["c3"], "ill", actor="alex", now=NOW)
    reference = make(clinic, "2025-01-14T10:00", "c1", now=LATER)

    assert close_fulfilled(clinic, LATER) == 1
    assert entry_state(clinic, entry) == ("booked", session_id(clinic, reference))
    assert stored(clinic) == [] and offers(clinic) == []
    assert close_fulfilled(clinic, NOW) == 0


def test_a_session_booked_before_the_entry_or_elsewhere_does_not_close_it(
    clinic: Database,
) -> None:
    make(clinic, "2025-01-14T10:00", "c1")  # before the entry
    entry = wait(clinic, weekdays=TUE_BIT, between="13:00-17:00")
    make(clinic, "2025-01-15T14:00", "c1", now=LATER)  # after it, but a Wednesday
    make(clinic, "2025-01-14T14:00", "c1", therapist="kim", now=LATER)  # another therapist
    make(clinic, "2025-01-14T16:00", "c2", now=LATER)  # another client
    assert close_fulfilled(clinic, LATER) == 0
    assert entry_state(clinic, entry) == (None, None)


def test_the_desk_closes_the_entry_it_booked_from(clinic: Database) -> None:
    entry = wait(clinic, weekdays=TUE_BIT)
    reference = make(clinic, "2025-01-14T09:00", "c1")
    other = make(clinic, "2025-01-14T09:00", "c2", therapist="kim")
    with pytest.raises(WaitlistInputError, match="another client's"):
        close_entry_booked(clinic, entry, session_id(clinic, other), actor="alex", now=NOW)
    close_entry_booked(clinic, entry, session_id(clinic, reference), actor="alex", now=NOW)
    close_entry_booked(clinic, entry, session_id(clinic, reference), actor="alex", now=NOW)
    later = make(clinic, "2025-01-15T09:00", "c1")  # the sweep may have closed it with another
    close_entry_booked(clinic, entry, session_id(clinic, later), actor="alex", now=NOW)
    assert entry_state(clinic, entry) == ("booked", session_id(clinic, reference))
    assert stored(clinic) == []
    with pytest.raises(WaitlistInputError, match="closed already"):
        remove_entry(clinic, entry, actor="alex", now=NOW)


def test_entries_past_their_range_expire(clinic: Database) -> None:
    entry = wait(clinic)
    assert expire_entries(clinic, at("2025-01-17T23:59")) == 0
    assert expire_entries(clinic, at("2025-01-18T00:01")) == 1
    assert entry_state(clinic, entry) == ("expired", None)
    assert stored(clinic) == []
    assert expire_entries(clinic, at("2025-01-19T00:01")) == 0


def test_removing_an_entry_closes_it_and_its_matches_go(clinic: Database) -> None:
    entry = wait(clinic)
    assert len(stored(clinic)) == 3  # a free week: its earliest starts, kept few
    remove_entry(clinic, entry, actor="alex", now=NOW)
    assert entry_state(clinic, entry) == ("removed", None) and stored(clinic) == []
    assert waitlist_entries(clinic) == []
    assert [line.closed_reason for line in waitlist_entries(clinic, include_closed=True)] == [
        "removed"
    ]
    with pytest.raises(WaitlistInputError, match="no waitlist entry 999"):
        remove_entry(clinic, 999, actor="alex", now=NOW)


def test_archiving_a_client_closes_their_entries_and_their_offers_go(clinic: Database) -> None:
    entry = wait(clinic)
    assert offers(clinic) != []
    archive_client(clinic, key_ids(clinic)["c1"], actor="maria", now=NOW)
    assert entry_state(clinic, entry) == ("removed", None)
    assert stored(clinic) == [] and offers(clinic) == []
    archive_client(clinic, key_ids(clinic)["c1"], actor="maria", now=NOW, undo=True)
    assert entry_state(clinic, entry) == ("removed", None)  # back in search, not waiting


# -- what fits ------------------------------------------------------------------------------


def test_matching_respects_weekdays_times_therapist_and_the_clients_own_sessions(
    clinic: Database,
) -> None:
    """Dr. Carter's week is full (3 a day, his cap) and Dr. Kim goes on leave; one Tuesday
    session is cancelled: only the entries the freed 10:00 fits are offered it."""
    booked = fill_tuesday(clinic)
    for day in ("13", "15", "16", "17"):
        for client, hour in (("c2", "09"), ("c3", "13" if day == "15" else "10"), ("c4", "11")):
            make(clinic, f"2025-01-{day}T{hour}:00", client)
    make(clinic, "2025-01-14T10:30", "c5", therapist="kim")
    set_status(clinic, "kim", TherapistStatus.ON_LEAVE)
    tuesday_morning = wait(clinic, weekdays=TUE_BIT, between="09:00-12:00")
    other_days = wait(clinic, weekdays=ANY_WEEKDAY ^ TUE_BIT, between="09:00-12:00")
    later_that_morning = wait(clinic, weekdays=TUE_BIT, between="10:15-12:00")
    anyone = wait(clinic, "c6", therapist=None, weekdays=TUE_BIT, between="09:00-12:00")
    busy_client = wait(clinic, "c5", weekdays=TUE_BIT, between="09:00-12:00")
    assert offers(clinic) == []

    cancel(clinic, booked["c3"], "ill", actor="alex", now=NOW)

    assert offers(clinic) == [
        (tuesday_morning, "c1", "carter", "2025-01-14T10:00"),
        (anyone, "c6", "carter", "2025-01-14T10:00"),
    ]
    offered = {entry_id for entry_id, *_ in offers(clinic)}
    assert not offered & {other_days, later_that_morning, busy_client}


def test_any_therapist_is_offered_the_earliest_start_of_any(clinic: Database) -> None:
    fill_tuesday(clinic)
    carter_only = wait(clinic, weekdays=TUE_BIT, between="09:00-12:00")
    anyone = wait(clinic, "c2", therapist=None, weekdays=TUE_BIT, between="12:00-17:00")
    assert offers(clinic) == [(anyone, "c2", "kim", "2025-01-14T13:00")]
    assert carter_only not in {entry_id for entry_id, *_ in offers(clinic)}


def test_a_limited_therapist_is_offered_only_to_clients_they_have_taken_on(
    clinic: Database,
) -> None:
    booked = fill_tuesday(clinic)
    set_status(clinic, "carter", TherapistStatus.LIMITED)
    new_client = wait(clinic, "c1", weekdays=TUE_BIT, between="09:00-12:00")
    known_client = wait(clinic, "c2", weekdays=TUE_BIT, between="09:00-12:00")
    cancel(clinic, booked["c3"], "ill", actor="alex", now=NOW)
    assert offers(clinic) == [(known_client, "c2", "carter", "2025-01-14T10:00")]
    assert new_client not in {entry_id for entry_id, *_ in offers(clinic)}


def test_moving_a_session_away_offers_the_day_it_left(clinic: Database) -> None:
    booked = fill_tuesday(clinic)
    entry = wait(clinic, weekdays=TUE_BIT, between="09:00-12:00")
    reschedule(clinic, booked["c3"], at("2025-01-16T14:00"), actor="alex", now=NOW)
    assert offers(clinic) == [(entry, "c1", "carter", "2025-01-14T10:00")]


def test_an_entry_keeps_its_earliest_starts_and_the_next_is_offered_when_one_is_taken(
    clinic: Database,
) -> None:
    entry = wait(clinic, therapist=None, weekdays=TUE_BIT, between="09:00-10:00")
    ids = key_ids(clinic)
    nine = at("2025-01-14T09:00")
    assert stored(clinic) == [
        (entry, ids["carter"], nine),
        (entry, ids["kim"], nine),
    ]  # 09:00 is the only start of the hour a 50-minute session fits
    make(clinic, "2025-01-14T09:00", "c2")  # Dr. Carter's taken
    assert offers(clinic) == [(entry, "c1", "kim", "2025-01-14T09:00")]
    assert match_freed(clinic, NOW) == 0  # a sweep: nothing new, the taken one goes
    assert stored(clinic) == [(entry, ids["kim"], nine)]


def test_time_of_day_is_the_clinics_wall_clock_on_a_dst_day(database: Database) -> None:
    """Sunday 9 March 2025 has 23 hours in New York: 09:00 is eight hours after midnight."""
    data = waitlist_clinic()
    kim = data["therapists"][1]
    kim["working_hours"] = [*kim["working_hours"], {"weekday": "sunday", "start": "09:00",
                                                    "end": "12:00"}]  # fmt: skip
    import_clinic(database, data, actor="test")
    sunday = date(2025, 3, 9)
    entry = wait(database, therapist="kim", between="09:00-10:00", first=sunday, last=sunday)
    assert offers(database) == [(entry, "c1", "kim", "2025-03-09T09:00")]
    assert current_offers(database, NOW)[0].start.utcoffset() == timedelta(hours=-4)


def test_matching_twice_files_nothing_twice(clinic: Database) -> None:
    wait(clinic)
    before = stored(clinic)
    assert match_freed(clinic, NOW) == 0
    assert match_freed(clinic, NOW, days=[MON, TUE]) == 0
    assert stored(clinic) == before


def test_removing_a_block_offers_its_time(clinic: Database) -> None:
    """A setup save (the editors' path) that removes a block matches the waitlist; it runs
    at the clock's moment, so the day is a week from today."""
    now = datetime.now(UTC)
    day = (now.astimezone(ZONE) + timedelta(days=7)).date()
    while day.weekday() > 4:
        day += timedelta(days=1)
    blocked = {"start": f"{day}T09:00", "end": f"{day}T17:00", "type": "personal"}
    save_setup(
        clinic,
        {"therapists": [{"key": "carter", "name": "Dr. Carter", "blocks": [blocked]}]},
        "maria",
    )
    entry = wait(clinic, now=now, first=day, last=day)
    assert offers(clinic, now) == []

    save_setup(
        clinic, {"therapists": [{"key": "carter", "name": "Dr. Carter", "blocks": []}]}, "maria"
    )

    assert offers(clinic, now) == [(entry, "c1", "carter", f"{day}T09:00")]


def test_a_failed_matching_does_not_fail_the_cancellation(
    sqlite_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    import_clinic(sqlite_database, waitlist_clinic(), actor="test")
    booked = fill_tuesday(sqlite_database)
    wait(sqlite_database, weekdays=TUE_BIT)
    with sqlite_database.engine.begin() as connection:
        connection.execute(text("DROP TABLE waitlist_matches"))
    with caplog.at_level(logging.ERROR):
        result = cancel(sqlite_database, booked["c3"], "ill", actor="alex", now=NOW)
    assert result.reference == booked["c3"]
    assert "waitlist matching after a change failed" in caplog.text
    with sqlite_database.engine.connect() as connection:
        status = connection.execute(
            text("SELECT status FROM sessions WHERE reference = :r"), {"r": booked["c3"]}
        ).scalar_one()
    assert status == "cancelled"


# -- listing --------------------------------------------------------------------------------


def test_entries_are_listed_longest_waiting_first_and_described(clinic: Database) -> None:
    first = wait(clinic, "c2", therapist=None, weekdays=0b101, between="09:00-12:00",
                 first=date(2025, 12, 1), last=date(2025, 12, 31))  # fmt: skip
    second = wait(clinic, "c1", now=NOW + timedelta(minutes=5), last=date(2025, 2, 3))
    lines = waitlist_entries(clinic)
    assert [line.id for line in lines] == [first, second]
    assert lines[0].describe() == "Any therapist · Mon, Wed · 09:00–12:00 · 1–31 Dec"
    assert lines[1].describe() == "Dr. Carter · Any day · Any time · 13 Jan – 3 Feb"
    assert (lines[1].client_key, lines[1].client_name, lines[1].service_key) == (
        "c1", "Ana One", "individual",
    )  # fmt: skip
    assert [line.id for line in waitlist_entries(clinic, client_id=key_ids(clinic)["c1"])] == [
        second
    ]


# -- bad input ------------------------------------------------------------------------------


def test_bad_requests_are_refused_and_change_nothing(clinic: Database) -> None:
    with clinic.write() as session:
        session.execute(text("UPDATE clients SET archived_at = :t WHERE key = 'c5'"), {"t": NOW})
        session.execute(
            text("UPDATE clients SET archived_at = :t, erased_at = :t WHERE key = 'c6'"),
            {"t": NOW},
        )
        session.execute(text("UPDATE services SET active = false WHERE key = 'family'"))
    ids = key_ids(clinic)
    good = wish(clinic)
    cases = [
        (dict(client_id=9999), "no client with id 9999"),
        (dict(client_id=ids["c5"]), "this client is archived"),
        (dict(client_id=ids["c6"]), "record was erased"),
        (dict(service_id=ids["family"]), "no active service"),
        (dict(therapist_id=9999), "no active therapist"),
        (dict(weekdays=0), "at least one weekday"),
        (dict(weekdays=128), "at least one weekday"),
        (dict(earliest_minute=600, latest_minute=None), "both its start and its end"),
        (dict(earliest_minute=720, latest_minute=540), "end after it starts"),
        (dict(earliest_minute=540, latest_minute=570), "09:00–09:30 is shorter than"),
        (dict(from_date=FRI, to_date=MON), "ends (2025-01-13) before it starts"),
        (dict(from_date=date(2025, 1, 1), to_date=date(2025, 1, 9)), "before today"),
        (dict(to_date=date(2026, 1, 15)), "at most a year"),
        (dict(from_date=TUE, to_date=TUE, weekdays=1), "none of the days"),
        (dict(to_date=date(3000, 1, 1)), "outside the years"),
    ]
    before = tables(clinic)
    for change, message in cases:
        request = WaitlistRequest(**{**good.__dict__, **change})
        with pytest.raises(WaitlistInputError, match=re.escape(message)):
            add_entry(clinic, request, actor="alex", now=NOW)
    assert tables(clinic) == before


@pytest.mark.parametrize(
    "typed, bits",
    [("mon,wed", 0b101), ("Sun", 64), (" tue , Thursday ", 0b1010), ("mon,mon", 1)],
)
def test_weekdays_are_read_from_codes_or_names(typed: str, bits: int) -> None:
    assert parse_weekdays(typed) == bits


@pytest.mark.parametrize(
    "typed, message",
    [("", "at least one weekday"), ("mon,xyz", "'xyz' is not a weekday"), (",", "at least")],
)
def test_bad_weekdays_say_why(typed: str, message: str) -> None:
    with pytest.raises(WaitlistInputError, match=message):
        parse_weekdays(typed)


def test_time_ranges_are_read_and_checked() -> None:
    assert parse_between("09:00-12:00") == (540, 720)
    assert parse_between("18:00–24:00") == (1080, 1440)
    for typed, message in [
        ("12:00-09:00", "must end after it starts"),
        ("09:00", "not a time range like 09:00-12:00"),
        ("9-12", "not a time like 09:30"),
        ("09:00-25:00", "not a time of day"),
    ]:
        with pytest.raises(WaitlistInputError, match=message):
            parse_between(typed)
