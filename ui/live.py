"""Other desks' changes as they are committed (docs/desk.md, Staying live).

One `ChangeFollower` per desk process hears every change committed to the database, by
any process, and announces it on the application-wide `changes().changed(kinds, days)` in
the desk's own kinds: a change made elsewhere then takes the very path of one made here,
and every view reloads only what it touches. A change the follower may have missed asks
for everything to be read again.
"""

from __future__ import annotations

import threading
from datetime import date

from app.live_changes import Change, ChangeFollower
from db.engine import Database
from ui.operations import (
    ALL_KINDS,
    CLIENTS,
    CLINIC,
    FEEDS,
    HOLDS,
    INBOX,
    OUTBOX,
    PAYMENTS,
    SERIES,
    SESSIONS,
    SETUP,
    WAITLIST,
    changes,
)

# The change signal's kinds (docs/interfaces.md, Live changes) → what the desk shows of them.
DESK_KINDS: dict[str, frozenset[str]] = {
    "session": frozenset({SESSIONS, SERIES}),
    "hold": frozenset({HOLDS}),
    # The window also reads the clinic's name and zone again on a setup change.
    "setup": frozenset({SETUP, FEEDS}),
    "client": frozenset({CLIENTS}),
    "outbox": frozenset({OUTBOX, INBOX}),
    # Cards' paid/due and balances (a payment's day is the day it was taken, not its
    # sessions': the views read their whole range).
    "payment": frozenset({PAYMENTS}),
    # The inbox lists the starts found for waiting clients (and counts them).
    "waitlist": frozenset({WAITLIST, INBOX}),
}
# A missed change: read again everything any view shows (CLINIC: the clinic itself too).
EVERYTHING = ALL_KINDS


def desk_change(change: Change) -> tuple[frozenset[str], frozenset[date]] | None:
    """The desk's (kinds, days) for a change heard; None when no view shows what it touched."""
    if change.missed:
        return EVERYTHING, frozenset()
    kinds = frozenset().union(*(DESK_KINDS.get(kind, frozenset()) for kind in change.kinds))
    return (kinds, change.days) if kinds else None


class LiveChanges:
    """This process's follower of the change signal, announcing on `changes()`."""

    def __init__(self, database: Database) -> None:
        self._hub = changes()  # made here, on the UI thread; announcing is thread-safe
        self.ready = threading.Event()  # set once the follower listens
        self.follower = ChangeFollower(database, self._heard, on_ready=self._listening)

    def start(self) -> None:
        self.follower.start()

    def stop(self) -> None:
        self.follower.stop()

    def _listening(self) -> None:
        """The window read what it shows before the follower listened: what was committed
        in between is read again now (one full read at start; a setup change re-reads the
        clinic's name and zone too, so the shown week is kept until the fresh one is in)."""
        self._hub.announce(EVERYTHING - {CLINIC})
        self.ready.set()

    def _heard(self, change: Change) -> None:
        """On the follower's thread."""
        heard = desk_change(change)
        if heard is not None:
            self._hub.announce(*heard)
