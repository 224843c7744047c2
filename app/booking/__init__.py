"""Booking use cases over the engine and the database (docs/architecture.md, "The booking turn").

Where things live: `model` (requests, results, the status flow), `booking`, `rescheduling`,
`lifecycle` (cancel, status) and `holds` (the use cases), `turns` (the transaction, its locks,
a lost race retried), `lookups` (what a request names), `recheck` (the full re-check in the
turn) and `decision` (SQLite's decision before the turn), `reseating`, `session_writes` (how a
new session is written), `alternatives`, `wording`, `loader` (the engine's inputs), `queries`
(read-only questions), `references`, and `series`/`recurring` for recurring sessions.
"""

from app.booking.booking import book, book_each
from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.holds import expire_holds, hold, release_hold, release_hold_patiently
from app.booking.lifecycle import cancel, change_status
from app.booking.model import (
    BookingRequest,
    BookingResult,
    CancelResult,
    HoldResult,
    MovedSession,
    Override,
)
from app.booking.queries import SlotListing, available_slots, day_grid, month_summary
from app.booking.rescheduling import reschedule

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
    "release_hold_patiently",
    "reschedule",
]
