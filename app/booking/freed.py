"""Time a change freed is offered to the waitlist (docs/clients.md, Waitlist: when matching
runs): by the process that made the change, once it has committed, so no desk waits on it
inside the turn and the booking's statements stay what they were."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from db.engine import Database


def offer_freed_time(database: Database, now: datetime, days: Iterable[date] | None) -> None:
    """Match the waitlist on `days` (None: every day, after a setup change); never raises."""
    # Imported here: app.waitlist builds on app.booking (the loader, the engine's inputs).
    from app.waitlist.matching import match_after_change

    match_after_change(database, now, days)
