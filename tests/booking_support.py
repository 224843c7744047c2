"""A small clinic for booking tests, and a snapshot of everything a refusal must not touch."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from app.clinic_file import import_clinic
from db.engine import Database

ZONE = ZoneInfo("America/New_York")
SUPERVISOR_PASSWORD = "supervisor-pass"
FRONT_DESK_PASSWORD = "frontdesk-pass"
WEEKDAY_HOURS = [
    {"weekday": day, "start": start, "end": end}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    for start, end in (("09:00", "12:00"), ("13:00", "17:00"))
]


def booking_clinic() -> dict[str, Any]:
    therapist = {
        "default_session_minutes": 50, "buffer_before_minutes": 0, "buffer_after_minutes": 10,
        "min_notice_minutes": 120, "max_advance_days": 60, "status": "available",
        "working_hours": WEEKDAY_HOURS,
    }  # fmt: skip
    return {
        "clinic": {"name": "Test Clinic", "timezone": "America/New_York",
                   "slot_interval_minutes": 15, "hold_minutes": 10,
                   "cancellation_notice_hours": 24},
        "rooms": [
            {"key": "r1", "name": "Family Room", "capacity": 4, "features": ["family"]},
            {"key": "r2", "name": "Room 2", "capacity": 1, "features": []},
        ],
        "services": [
            {"key": "individual", "name": "Individual", "duration_minutes": 50,
             "price": "150.00", "required_features": []},
            {"key": "family", "name": "Family", "duration_minutes": 60, "price": "200.00",
             "required_features": ["family"]},
        ],
        "therapists": [
            {**therapist, "key": "carter", "name": "Dr. Carter", "max_clients_per_day": 3,
             "preferred_room": "r2",
             "blocks": [{"start": "2025-01-15T10:00", "end": "2025-01-15T11:00",
                         "type": "meeting", "reason": "Team meeting"}]},
            {**therapist, "key": "kim", "name": "Dr. Kim", "max_clients_per_day": 8},
        ],
        "clients": [
            {"key": "c1", "name": "Ana One", "phone": "+15551230001"},
            {"key": "c2", "name": "Ben Two", "phone": "+15551230002"},
            {"key": "c3", "name": "Cy Three", "phone": "+15551230003"},
        ],
        "users": [
            {"username": "maria", "role": "supervisor", "password": SUPERVISOR_PASSWORD},
            {"username": "alex", "role": "front_desk", "password": FRONT_DESK_PASSWORD},
        ],
        "sessions": [],
    }  # fmt: skip


def load_booking_clinic(database: Database) -> None:
    import_clinic(database, booking_clinic(), actor="test")


def at(text_: str) -> datetime:
    """A clinic wall time as an aware datetime."""
    return datetime.fromisoformat(text_).replace(tzinfo=ZONE)


def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a booking action could touch, straight from SQL (not through the app)."""
    tables = {
        "sessions": "SELECT id, reference, therapist_id, client_id, room_id, starts_at, ends_at,"
        " busy_from, busy_until, status, revision, overridden, cancelled_at, late_cancellation"
        " FROM sessions ORDER BY id",
        "audit_log": "SELECT id, action, entity_id FROM audit_log ORDER BY id",
        "reference_counters": "SELECT year, last_number FROM reference_counters ORDER BY year",
        "booking_holds": "SELECT id, starts_at, expires_at FROM booking_holds ORDER BY id",
    }
    with database.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(text(query))]
            for name, query in tables.items()
        }
