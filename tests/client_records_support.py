"""A clinic for merge and erasure tests: two clients who are one person, their sessions
booked through the booking use case (so the outbox holds their effects), a series with an
inbox notice, a waitlist entry and a hold; and a snapshot of every table."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, text

from app.booking import BookingRequest, book, hold
from app.clinic_file import import_clinic
from app.waitlist import ANY_WEEKDAY, WaitlistRequest, add_entry
from db.engine import Database
from db.models import Base, Client, Notice, RecurringSeries, Service
from tests.booking_support import at, booking_clinic

NOW = datetime(2025, 1, 10, 13, 0, tzinfo=UTC)  # 08:00 in the clinic
ADMIN_PASSWORD = "admin-password"
CARTER_CALENDAR = "carter@group.calendar.google.com"
KIM_CALENDAR = "kim@group.calendar.google.com"

# The person who is two clients: KEEP (c1, "Ana One") and OTHER ("Anna Uno").
OTHER = {
    "key": "annauno",
    "name": "Anna Uno",
    "phone": "+15551230009",
    "email": "anna.uno@example.org",
    "date_of_birth": "1990-02-03",
    "emergency_contact": "Rosa Uno, sister",
    "preferred_channel": "email",
    "language": "es",
    "referral_source": "Walk-in",
    "notes": "Prefers the ground floor",
    "preferences": {"times": "mornings"},
}


def records_clinic() -> dict[str, Any]:
    data = booking_clinic()
    data["clinic"]["feed_full_names"] = True  # calendars show whole names
    data["therapists"][0]["google_calendar_id"] = CARTER_CALENDAR
    data["therapists"][0]["email"] = "carter@example.org"
    data["therapists"][1]["google_calendar_id"] = KIM_CALENDAR
    data["clients"][0]["notes"] = "Pays by card"
    data["clients"].append(dict(OTHER))
    data["users"] += [
        {"username": "root", "role": "admin", "password": ADMIN_PASSWORD},
        {"username": "gone", "role": "admin", "password": ADMIN_PASSWORD, "active": False},
    ]
    data["series"] = [
        {"key": "annauno-carter", "therapist": "carter", "client": OTHER["key"],
         "service": "individual", "frequency": "weekly", "weekday": "friday",
         "time": "15:00", "start_date": "2025-01-17"},
    ]  # fmt: skip
    return data


def book_for(database: Database, client: str, start: str, therapist: str = "carter",
             **extra: Any) -> str:  # fmt: skip
    request = BookingRequest(therapist=therapist, client=client, service="individual",
                             start=at(start), **extra)  # fmt: skip
    return book(database, request, actor="alex", now=NOW).reference


def load_records_clinic(database: Database) -> dict[str, Any]:
    """The clinic, KEEP's session on Monday 09:00, OTHER's on Tuesday 10:00 (with notes)
    and Wednesday 09:00 (Dr. Kim), a series of OTHER's with a notice filed against it, a
    hold and a waitlist entry of OTHER's (with the starts it was matched to). Returns ids
    and references by name."""
    import_clinic(database, records_clinic(), actor="test")
    found: dict[str, Any] = {
        "keep_session": book_for(database, "c1", "2025-01-13T09:00"),
        "other_session": book_for(database, OTHER["key"], "2025-01-14T10:00",
                                  notes="Anna Uno asked for Room 2",
                                  special_requests="Rosa Uno may come along"),
        "other_with_kim": book_for(database, OTHER["key"], "2025-01-15T09:00", "kim"),
    }  # fmt: skip
    held = hold(database, "carter", "individual", at("2025-01-16T13:00"), actor="alex",
                now=NOW, client_key=OTHER["key"])  # fmt: skip
    found["hold"] = held.hold_id
    with database.write() as session:
        ids = {key: client_id for key, client_id in session.execute(select(Client.key, Client.id))}
        series_id = session.scalar(select(RecurringSeries.id))
        service_id = session.scalar(select(Service.id).where(Service.key == "individual"))
        assert series_id is not None and service_id is not None
        session.add(Notice(kind="recurring_conflict", series_id=series_id,
                           occurrence_date=date(2025, 1, 17), reason="booked",
                           detail="the therapist is booked then", created_at=NOW))  # fmt: skip
        found.update(keep=ids["c1"], other=ids[OTHER["key"]], series=series_id)
    request = WaitlistRequest(client_id=found["other"], service_id=service_id,
                              therapist_id=None, weekdays=ANY_WEEKDAY, earliest_minute=None,
                              latest_minute=None, from_date=date(2025, 1, 13),
                              to_date=date(2025, 1, 31))  # fmt: skip
    found["waitlist"] = add_entry(database, request, actor="alex", now=NOW)
    return found


def snapshot_all(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, straight from SQL: a refusal must leave all of it as it was."""
    tables = {}
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = ", ".join(column.name for column in table.primary_key.columns)
            rows = connection.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}"))
            tables[table.name] = [tuple(row) for row in rows]
    return tables
