"""Booking use cases (SPEC F3) over the engine and the database."""

from app.booking.actions import (
    BookingRequest,
    BookingResult,
    CancelResult,
    HoldResult,
    MovedSession,
    Override,
    book,
    book_each,
    cancel,
    change_status,
    expire_holds,
    hold,
    release_hold,
    reschedule,
)
from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.queries import SlotListing, available_slots, day_grid, month_summary

__all__ = [
    "BookingInputError",
    "BookingRefusedError",
    "BookingRequest",
    "BookingResult",
    "CancelResult",
    "HoldResult",
    "MovedSession",
    "Override",
    "SlotListing",
    "available_slots",
    "book",
    "book_each",
    "cancel",
    "change_status",
    "day_grid",
    "expire_holds",
    "hold",
    "month_summary",
    "release_hold",
    "reschedule",
]
