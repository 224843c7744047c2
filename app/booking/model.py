"""What the booking use cases take and give back, and the status flow of a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.booking.errors import BookingInputError
from app.i18n import translate
from app.text_limits import text_problem
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
    price_cents: int | None = None  # the series' price; None: the service's


def check_text(text: str | None, field: str, what: str) -> None:
    """Refuse a text the clinic file could not hold (its one limit, docs/interfaces.md, Text
    limits): whatever the desk or the command line stores, an export can write and an import
    take back. `what` names it for the person ("the notes")."""
    if text is None:
        return
    problem = text_problem(text, field)
    if problem is not None:
        raise BookingInputError(
            translate("Booking", "{what} {problem}").format(what=what, problem=problem)
        )


def check_request(request: BookingRequest) -> BookingRequest:
    """The request's own texts within their limits (the rules are checked in the turn)."""
    check_text(request.notes, "sessions.notes", translate("Booking", "the notes"))
    check_text(
        request.special_requests,
        "sessions.special_requests",
        translate("Booking", "the special requests"),
    )
    return request


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
    fee_cents: int | None = None  # charged by the late-cancellation policy (None: none)
    released_cents: int = 0  # paid for the session beyond the fee: now the client's credit
