"""The waitlist (SPEC F5, docs/clients.md, Waitlist): clients waiting for a start, the starts
that fit them as time frees up, and the offers the inbox shows.

`rules` (what an entry asks, in words), `lines` (entries as listed), `entries` (adding,
removing, closing), `matching` (the starts that fit, stored and re-checked)."""

from app.waitlist.entries import (
    WaitlistRequest,
    add_entry,
    close_entry_booked,
    close_fulfilled,
    expire_entries,
    remove_entry,
)
from app.waitlist.lines import WaitlistLine, waitlist_entries
from app.waitlist.matching import (
    WaitlistOffer,
    current_offers,
    match_after_change,
    match_freed,
)
from app.waitlist.rules import (
    ANY_WEEKDAY,
    WEEKDAY_CODES,
    WaitlistInputError,
    parse_between,
    parse_weekdays,
)

__all__ = [
    "ANY_WEEKDAY",
    "WEEKDAY_CODES",
    "WaitlistInputError",
    "WaitlistLine",
    "WaitlistOffer",
    "WaitlistRequest",
    "add_entry",
    "close_entry_booked",
    "close_fulfilled",
    "current_offers",
    "expire_entries",
    "match_after_change",
    "match_freed",
    "parse_between",
    "parse_weekdays",
    "remove_entry",
    "waitlist_entries",
]
