"""How a new session is written, whichever use case writes it (a booking, a reschedule):
one plain INSERT of one set of values, one snapshot for its audit entry.

A plain INSERT rather than an ORM object: the unit of work's bookkeeping costs more than the
row itself on this, the busiest write of the product.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.audit import change_entry
from app.booking.loader import Clinic
from app.booking.model import BookingResult, MovedSession, Override
from app.booking.recheck import Placement
from db.enums import SessionStatus
from db.models import TherapySession, occupancy_bounds

_INSERT_SESSION = insert(TherapySession).returning(TherapySession.id)


def booking_year(now: datetime, clinic: Clinic) -> int:
    """The year whose references a booking made `now` takes."""
    return now.astimezone(clinic.zone).year


def new_session_values(
    *,
    reference: str,
    therapist: Any,
    client_id: int,
    service_id: int,
    placement: Placement,
    start: datetime,
    end: datetime,
    override: Override | None,
    now: datetime,
    **columns: Any,
) -> dict[str, Any]:
    """A new session's row: scheduled, occupying the therapist with their buffers in force,
    booked "now" by the use case's clock (reminders rely on it). `columns`: the rest, as
    named on `TherapySession` (type, price, notes, series…)."""
    busy_from, busy_until = occupancy_bounds(
        start, end, therapist.buffer_before_minutes, therapist.buffer_after_minutes
    )
    overridden = bool(placement.overridden)
    return {
        "reference": reference,
        "therapist_id": therapist.id,
        "client_id": client_id,
        "service_id": service_id,
        "room_id": placement.room_id,
        "starts_at": start,
        "ends_at": end,
        "busy_from": busy_from,
        "busy_until": busy_until,
        "status": SessionStatus.SCHEDULED,
        **columns,
        "overridden": overridden,
        "override_reason": override.reason.strip() if overridden and override else None,
        "created_at": now,
    }


def insert_session(session: Session, values: dict[str, Any]) -> int:
    """Write the session; its id."""
    return int(session.connection().execute(_INSERT_SESSION, values).scalar_one())


def session_snapshot(
    values: dict[str, Any], *, therapist: str, client: str, service: str, room: str | None
) -> dict[str, object]:
    """A new session as its audit entry records it (keys, not ids)."""
    return {
        "reference": values["reference"],
        "therapist": therapist,
        "client": client,
        "service": service,
        "start": values["starts_at"].isoformat(),
        "end": values["ends_at"].isoformat(),
        "room": room,
        "status": SessionStatus.SCHEDULED.value,
    }


def booking_result(
    session_id: int,
    reference: str,
    values: dict[str, Any],
    placement: Placement,
    moved: list[MovedSession],
    rescheduled_from: str | None = None,
) -> BookingResult:
    """What a booking or a reschedule tells its caller of the session it wrote."""
    return BookingResult(
        session_id=session_id,
        reference=reference,
        starts_at=values["starts_at"],
        ends_at=values["ends_at"],
        room=placement.room_key,
        moved=tuple(moved),
        overridden_rules=placement.overridden,
        rescheduled_from=rescheduled_from,
    )


def booking_audit(
    session_id: int,
    snapshot: dict[str, object],
    actor: str,
    action: str,
    placement: Placement,
    override: Override | None,
) -> dict[str, Any]:
    """The audit entry of a new session (`app.audit.change_entry`'s values): what was
    booked, and which rules were overridden, by whom and why."""
    after = dict(snapshot)
    if placement.overridden and override is not None:
        after["overridden_rules"] = list(placement.overridden)
        after["authorised_by"] = override.username
    reason = override.reason.strip() if placement.overridden and override else None
    return change_entry(actor, action, "session", session_id, after=after, reason=reason)
