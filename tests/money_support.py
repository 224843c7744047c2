"""A small clinic for money tests: sessions booked through the real use cases, statuses moved
by them, and the money tables read back in plain SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import text

from app.booking import BookingRequest, book
from app.booking.lifecycle import change_status
from db.engine import Database
from db.enums import SessionStatus
from tests.booking_support import at, load_booking_clinic

# Booked "now"; the sessions start on the days after (the clinic's notice is 120 minutes).
BOOKED_AT = at("2026-11-23T07:00")


def money_clinic(database: Database) -> None:
    """The booking clinic (Individual 150.00, Family 200.00; users maria, a supervisor, and
    alex, front desk)."""
    load_booking_clinic(database)


def book_session(database: Database, client: str, start: str, *, therapist: str = "kim",
                 service: str = "individual", now: datetime = BOOKED_AT) -> str:  # fmt: skip
    """A session booked at the local wall time `start`; its reference."""
    request = BookingRequest(therapist, client, service, at(start))
    return book(database, request, actor="alex", now=now).reference


def complete(database: Database, reference: str, now: datetime) -> None:
    """In progress, then completed (the status flow allows no shortcut)."""
    change_status(database, reference, SessionStatus.IN_PROGRESS, actor="alex", now=now)
    change_status(database, reference, SessionStatus.COMPLETED, actor="alex", now=now)


def rows(database: Database, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with database.read() as session:
        return [tuple(row) for row in session.execute(text(sql), params)]


def overridden_then_waived(database: Database) -> str:
    """A session's life worth a History: booked by a supervisor's override over Dr. Carter's
    team meeting, cancelled late (a 25.00 fee), the fee then waived. Its reference."""
    from app.booking import Override
    from app.booking.lifecycle import cancel
    from app.money.fees import waive_fee
    from tests.booking_support import SUPERVISOR_PASSWORD

    request = BookingRequest("carter", "c1", "individual", at("2025-01-15T10:00"))
    override = Override("maria", SUPERVISOR_PASSWORD, "Crisis session")
    reference = book(
        database, request, actor="alex", now=at("2025-01-10T08:00"), override=override
    ).reference
    with database.write() as session:
        session.execute(text("UPDATE clinic_settings SET late_cancel_fee_kind = 'fixed',"
                             " late_cancel_fee_value = 2500"))  # fmt: skip
    late = at("2025-01-15T08:00")
    cancel(database, reference, "ill", actor="alex", now=late)
    waive_fee(database, reference, reason="in hospital", actor="maria", now=late)
    return reference
