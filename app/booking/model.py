"""What the booking use cases take and give back, and the status flow of a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from db.enums import SessionStatus, SessionType

# Sessions that may still be moved or cancelled.
LIVE_STATUSES = (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)
TRANSITIONS: dict[SessionStatus, frozenset[SessionStatus]] = {
    SessionStatus.SCHEDULED: frozenset(
        {SessionStatus.CONFIRMED, SessionStatus.IN_PROGRESS, SessionStatus.NO_SHOW}
    ),
    SessionStatus.CONFIRMED: frozenset({SessionStatus.IN_PROGRESS, SessionStatus.NO_SHOW}),
    SessionStatus.IN_PROGRESS: frozenset({SessionStatus.COMPLETED}),
    SessionStatus.COMPLETED: frozenset(),
    SessionStatus.CANCELLED: frozenset(),
    SessionStatus.NO_SHOW: frozenset(),
}


@dataclass(frozen=True)
class Override:
    """A supervisor's or admin's credentials, given at that moment, and why."""

    username: str
    password: str
    reason: str


@dataclass(frozen=True)
class BookingRequest:
    therapist: str
    client: str
    service: str
    start: datetime
    room: str | None = None
    session_type: SessionType = SessionType.FOLLOW_UP
    notes: str | None = None
    special_requests: str | None = None
    hold_id: int | None = None  # the hold this booking turns into (not a conflict)
    series_id: int | None = None  # an occurrence of a recurring series …
    occurrence_date: date | None = None  # … on this date of the series
    amount_cents: int | None = None  # the series' price; None: the service's


@dataclass(frozen=True)
class MovedSession:
    reference: str
    from_room: str | None
    to_room: str


@dataclass(frozen=True)
class BookingResult:
    session_id: int
    reference: str
    starts_at: datetime
    ends_at: datetime
    room: str | None
    moved: tuple[MovedSession, ...] = ()
    overridden_rules: tuple[str, ...] = ()
    rescheduled_from: str | None = None


@dataclass(frozen=True)
class HoldResult:
    hold_id: int
    starts_at: datetime
    ends_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class CancelResult:
    reference: str
    late: bool
    cancelled_at: datetime
