"""Calendar feeds (docs/sync.md, Calendar feeds): what subscribers read, checked with two
independent parsers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from sqlalchemy import event, text

from app.booking import BookingRequest, book, cancel, reschedule
from app.clinic_file import import_clinic
from app.feeds import FeedScope, FeedTokenError
from db.engine import Database
from sync.feeds import build_feed
from sync.feeds.builder import client_initials
from tests.booking_support import booking_clinic

# Each zone's spring-forward weekend: a Friday before, a Monday after.
DST_WEEKS = {
    "America/New_York": ("2025-03-07", "2025-03-10"),
    "Europe/Madrid": ("2025-03-28", "2025-03-31"),
}


def clinic_in(database: Database, zone_name: str) -> None:
    clinic = booking_clinic()
    clinic["clinic"]["timezone"] = zone_name
    import_clinic(database, clinic, actor="test")


def local(zone_name: str, day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(zone_name))


def book_at(database: Database, start: datetime, now: datetime, **fields: Any) -> str:
    request = BookingRequest(
        therapist=fields.get("therapist", "carter"),
        client=fields.get("client", "c1"),
        service="individual",
        start=start,
    )
    return book(database, request, actor="test", now=now).reference


def set_feed_settings(database: Database, **values: object) -> None:
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    with database.write() as session:
        session.execute(text(f"UPDATE clinic_settings SET {assignments} WHERE id = 1"), values)


def icalendar_events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def vobject_events(body: bytes) -> list[Any]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return list(getattr(calendar, "vevent_list", []))


def by_uid(body: bytes) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in icalendar_events(body)}


@pytest.mark.parametrize("zone_name", sorted(DST_WEEKS))
def test_two_parsers_read_the_same_instants_across_a_dst_change(
    database: Database, zone_name: str
) -> None:
    clinic_in(database, zone_name)
    friday, monday = DST_WEEKS[zone_name]
    now = local(zone_name, friday, "08:00") - timedelta(days=3)
    starts = [
        local(zone_name, friday, "09:00"),
        local(zone_name, friday, "16:00"),
        local(zone_name, monday, "09:00"),
        local(zone_name, monday, "16:00"),
    ]
    for start in starts:
        book_at(database, start, now)
    body = build_feed(database, FeedScope("therapist", "carter"), now).body

    expected = sorted(
        (s.astimezone(UTC), (s + timedelta(minutes=50)).astimezone(UTC)) for s in starts
    )
    first = sorted(
        (event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC))
        for event in icalendar_events(body)
    )
    second = sorted(
        (event.dtstart.value.astimezone(UTC), event.dtend.value.astimezone(UTC))
        for event in vobject_events(body)
    )
    assert first == second == expected
    # The wall clock stays 09:00 either side of the change: the UTC offsets differ by an hour.
    assert expected[2][0] - expected[0][0] == timedelta(days=3) - timedelta(hours=1)
    calendar = vobject.readOne(body.decode("utf-8"))
    assert calendar.vtimezone.tzid.value == zone_name  # both read the zone without error
    assert icalendar.Calendar.from_ical(body).walk("VTIMEZONE")[0]["TZID"] == zone_name


def test_uid_is_stable_sequence_rises_on_a_move_and_on_a_cancellation(
    database: Database,
) -> None:
    clinic_in(database, "America/New_York")
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    scope = FeedScope("therapist", "carter")
    reference = book_at(database, local("America/New_York", "2025-01-14", "09:00"), now)
    first = build_feed(database, scope, now)
    assert build_feed(database, scope, now).body == first.body  # unchanged data, same bytes
    [(uid, event)] = by_uid(first.body).items()
    assert re.fullmatch(r"[0-9a-f]{32}@frontdesk\.invalid", uid)
    for personal in ("Ana", "One", "+1555", reference):  # (a key like "c1" may be hex)
        assert personal not in uid
    assert int(event["SEQUENCE"]) == 0

    moved = reschedule(
        database, reference, local("America/New_York", "2025-01-14", "14:00"), actor="t", now=now
    )
    second = build_feed(database, scope, now)
    assert second.etag != first.etag
    [(uid_after, moved_event)] = by_uid(second.body).items()
    assert uid_after == uid
    assert int(moved_event["SEQUENCE"]) > int(event["SEQUENCE"])
    assert moved_event.decoded("DTSTART") == datetime(2025, 1, 14, 19, 0, tzinfo=UTC)

    # A subscriber that holds the event sees it cancelled: same UID, a higher SEQUENCE.
    cancel(database, moved.reference, reason="client ill", actor="t", now=now)
    [(uid_cancelled, cancelled)] = by_uid(build_feed(database, scope, now).body).items()
    assert uid_cancelled == uid
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["TRANSP"]) == "TRANSPARENT"
    assert int(cancelled["SEQUENCE"]) > int(moved_event["SEQUENCE"])
    set_feed_settings(database, feed_cancelled_days=0)  # the admin's choice: they leave at once
    assert by_uid(build_feed(database, scope, now).body) == {}


def test_cancellations_of_the_last_30_days_show_by_default_with_initials_only(
    sqlite_database: Database,
) -> None:
    """SPEC F7: cancelled sessions as STATUS:CANCELLED, for a clinic that never chose."""
    database = sqlite_database
    clinic_in(database, "America/New_York")
    booked = datetime(2024, 12, 20, 8, 0, tzinfo=UTC)
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    past = book_at(database, local("America/New_York", "2025-01-03", "09:00"), booked)
    ahead = book_at(database, local("America/New_York", "2025-01-14", "09:00"), booked)
    for reference in (past, ahead):
        cancel(database, reference, reason="client ill", actor="t", now=now)
    scope = FeedScope("therapist", "carter")

    body = build_feed(database, scope, now).body
    events = icalendar_events(body)
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED", "CANCELLED"]
    assert [str(e["SUMMARY"]) for e in events] == ["Individual · A.O."] * 2
    assert b"Ana" not in body and b"One" not in body
    clinic_body = build_feed(database, FeedScope("clinic"), now).body
    assert b"Ana" not in clinic_body and b"A.O." in clinic_body

    # 29 days on, the one ahead is still listed as cancelled (the other left the window).
    day_29 = build_feed(database, scope, now + timedelta(days=29)).body
    assert [str(e["STATUS"]) for e in icalendar_events(day_29)] == ["CANCELLED"]
    # Past 30 days from the cancellation it leaves, though still inside the window.
    assert icalendar_events(build_feed(database, scope, now + timedelta(days=31)).body) == []


def test_cancelled_sessions_can_stay_listed_as_cancelled_for_a_while(database: Database) -> None:
    clinic_in(database, "America/New_York")
    set_feed_settings(database, feed_cancelled_days=3)
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    scope = FeedScope("therapist", "carter")
    kept = book_at(database, local("America/New_York", "2025-01-14", "09:00"), now)
    moving = book_at(database, local("America/New_York", "2025-01-14", "10:00"), now, client="c2")
    cancel(database, kept, reason="client ill", actor="t", now=now)
    reschedule(
        database, moving, local("America/New_York", "2025-01-15", "14:00"), actor="t", now=now
    )
    events = icalendar_events(build_feed(database, scope, now).body)
    statuses = sorted(str(event["STATUS"]) for event in events)
    assert statuses == ["CANCELLED", "TENTATIVE"]  # the moved one appears once, at its new time
    assert len({str(event["UID"]) for event in events}) == 2
    later = now + timedelta(days=4)
    assert [
        str(e["STATUS"]) for e in icalendar_events(build_feed(database, scope, later).body)
    ] == ["TENTATIVE"]


def test_privacy_initials_by_default_full_names_on_request_never_in_room_feeds(
    sqlite_database: Database,
) -> None:
    database = sqlite_database
    clinic_in(database, "America/New_York")
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    book_at(database, local("America/New_York", "2025-01-14", "09:00"), now)  # Ana One, room r2

    def summaries(scope: FeedScope) -> list[str]:
        body = build_feed(database, scope, now).body
        assert b"Ana" not in body or scope.kind != "room"
        return [str(event["SUMMARY"]) for event in icalendar_events(body)]

    assert summaries(FeedScope("therapist", "carter")) == ["Individual · A.O."]
    assert summaries(FeedScope("clinic")) == ["Individual · A.O. · Dr. Carter"]
    assert summaries(FeedScope("room", "r2")) == ["Individual · Dr. Carter"]
    set_feed_settings(database, feed_full_names=True)
    assert summaries(FeedScope("therapist", "carter")) == ["Individual · Ana One"]
    assert summaries(FeedScope("room", "r2")) == ["Individual · Dr. Carter"]
    body = build_feed(database, FeedScope("room", "r2"), now).body
    assert b"Ana" not in body and b"A.O." not in body


def test_event_fields(sqlite_database: Database) -> None:
    database = sqlite_database
    clinic_in(database, "America/New_York")
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    reference = book_at(database, local("America/New_York", "2025-01-14", "09:00"), now)
    calendar = icalendar.Calendar.from_ical(
        build_feed(database, FeedScope("therapist", "carter"), now).body
    )
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "Dr. Carter — Test Clinic"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/New_York"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT15M"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT15M"
    [event] = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "Room 2"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Individual"]
    assert str(event["DESCRIPTION"]) == f"Booking {reference}"
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=50)


def test_blocked_times_are_published_as_busy_by_type_only_when_enabled(
    sqlite_database: Database,
) -> None:
    database = sqlite_database
    clinic_in(database, "America/New_York")  # carter has a meeting on 15 Jan, 10:00–11:00
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    scope = FeedScope("therapist", "carter")
    assert icalendar_events(build_feed(database, scope, now).body) == []
    set_feed_settings(database, feed_show_blocks=True)
    body = build_feed(database, scope, now).body
    [event] = icalendar_events(body)
    assert str(event["SUMMARY"]) == "Meeting"
    assert str(event["TRANSP"]) == "OPAQUE"
    assert event.decoded("DTSTART") == datetime(2025, 1, 15, 15, 0, tzinfo=UTC)
    assert b"Team meeting" not in body  # the reason stays in the clinic
    assert icalendar_events(build_feed(database, FeedScope("room", "r1"), now).body) == []


def test_unknown_scope_is_refused_with_a_message(sqlite_database: Database) -> None:
    clinic_in(sqlite_database, "America/New_York")
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    with pytest.raises(FeedTokenError, match="no therapist with key 'nobody'"):
        build_feed(sqlite_database, FeedScope("therapist", "nobody"), now)


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Ana One", "A.O."), ("Jane van der Berg", "J.B."), ("Cher", "C."), ("ñandú  López", "Ñ.L."),
     ("Mary-Jane Watson", "M.W."), ("", "?")],
)  # fmt: skip
def test_client_initials(name: str, initials: str) -> None:
    assert client_initials(name) == initials


def test_awkward_text_reads_back_exactly_in_both_parsers(sqlite_database: Database) -> None:
    """Escaping (backslash, semicolon, comma, newline) and folding of long lines that hold
    multi-byte characters, as both readers see them."""
    database = sqlite_database
    clinic = booking_clinic()
    service_name = "Terapia, pareja; \\ niños — " + "ñ" * 40 + " 🌿 end"
    clinic["services"][0]["name"] = service_name
    clinic["rooms"][1]["name"] = "Sala 2,\nplanta baja"
    clinic["clients"][0]["name"] = "Ñoño Ébano"
    import_clinic(database, clinic, actor="test")
    set_feed_settings(database, feed_full_names=True)
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    book_at(database, local("America/New_York", "2025-01-14", "09:00"), now)
    body = build_feed(database, FeedScope("therapist", "carter"), now).body
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    body.decode("utf-8")  # no character cut in half by folding
    [first] = icalendar_events(body)
    [second] = vobject_events(body)
    summary = f"{service_name} · Ñoño Ébano"
    assert str(first["SUMMARY"]) == second.summary.value == summary
    assert str(first["LOCATION"]) == second.location.value == "Sala 2,\nplanta baja"
    assert [str(c) for c in first["CATEGORIES"].cats] == [service_name]


def test_feed_settings_are_checked_and_audited(sqlite_database: Database) -> None:
    from app.feeds import FeedSettings, FeedSettingsError, load_feed_settings, save_feed_settings
    from db.models import AuditEntry

    database = sqlite_database
    clinic_in(database, "America/New_York")
    before = load_feed_settings(database)
    assert before == FeedSettings(False, 30, 180, 30, False)
    with pytest.raises(FeedSettingsError, match="days ahead must be 1–3650 days"):
        save_feed_settings(database, before._replace(days_ahead=0), actor="admin")
    assert load_feed_settings(database) == before
    wanted = FeedSettings(True, 10, 90, 3, True)
    save_feed_settings(database, wanted, actor="admin")
    assert load_feed_settings(database) == wanted
    with database.read() as session:
        entry = session.query(AuditEntry).filter_by(action="clinic.feed_settings").one()
    assert (entry.actor, entry.before["days_ahead"], entry.after["days_ahead"]) == (
        "admin",
        180,
        90,
    )


def test_whether_a_listed_cancellation_moved_on_is_asked_of_an_index(
    sqlite_database: Database,
) -> None:
    """Every cancelled session a feed lists costs that question; without the index each was
    a scan of every session (1 s for a busy therapist's feed among 34,000 sessions)."""
    database = sqlite_database
    clinic_in(database, "America/New_York")
    now = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
    statements: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if "EXISTS" in statement:
            statements.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        build_feed(database, FeedScope("therapist", "carter"), now)
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    [(statement, parameters)] = statements
    with database.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert "ix_sessions_rescheduled_from" in " ".join(str(step[-1]) for step in plan), plan
