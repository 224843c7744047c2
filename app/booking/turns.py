"""The booking turn: one write transaction per use case, its locks, and a lost race retried.

Every other desk waits while one books, so what happens inside a turn is kept short
(docs/architecture.md, "The booking turn"). The database guards (exclusion constraints /
triggers, `db/guards.py`) are the last line: if another workstation won a race, the guard
refuses, the transaction is retried and the re-check gives the real reason. A turn that
waits past the deadline for another desk's lock (a desk stalled mid-turn) is refused `busy`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.loader import known_zone
from app.booking.lookups import on_the_minute
from app.booking.wording import lost_race
from app.i18n import translate
from app.scheduling import SlotStatus
from db import statements
from db.engine import Database, DatabaseBusyError
from db.guards import guard_in, names_a_vanished_row

log = logging.getLogger("frontdesk.booking")

Result = TypeVar("Result")
ATTEMPTS = 4  # a lost race is retried; the re-check then names the real reason

# Which database guard refused (db/guards.py) → the reason given.
GUARD_REASONS = {
    "ex_sessions_therapist_overlap": SlotStatus.BOOKED.value,
    "ex_sessions_room_overlap": "room_busy",
    "ex_sessions_client_overlap": "client_busy",
}
CLIENT_GUARD = "ex_sessions_client_overlap"
BUSY = "busy"  # the refusal's reason when another desk held the lock past the deadline


def in_transaction(database: Database, work: Callable[[Session], Result]) -> Result:
    """Run `work` in one write transaction; a lost race against another workstation is
    retried (the re-check then sees the winner and refuses with the real reason). A
    refusal's alternatives are looked up after the transaction, so other workstations never
    wait on the search for them. Another desk holding the lock past the deadline is a
    refusal too (`busy`), not retried: the wait is already as long as a desk may wait."""
    guard = None
    for _attempt in range(ATTEMPTS):
        try:
            with database.write() as session:
                return work(session)
        except BookingRefusedError as refusal:
            if refusal.find_alternatives is not None:
                with database.read() as reader:
                    refusal.alternatives = refusal.find_alternatives(reader)
                refusal.find_alternatives = None
            raise
        except DatabaseBusyError as error:
            raise BookingRefusedError(BUSY, str(error)) from None
        except IntegrityError as error:
            if error.orig is not None and names_a_vanished_row(
                error.orig
            ):  # a merge deleted the client meanwhile
                log.info("booking named a row another workstation deleted; re-checking")
                continue  # the re-check reads the client's key again (an alias now)
            guard = guard_name(error)
            if guard is None:
                raise
            log.info("booking lost a race (%s); re-checking", guard)
        except OperationalError as error:
            if "deadlock" not in str(error.orig).lower():
                raise
            log.info("booking deadlocked with another workstation; re-checking")
    reason = GUARD_REASONS.get(guard or "", SlotStatus.BOOKED.value)
    raise BookingRefusedError(
        reason, translate("Booking", "another workstation booked that time first; try again")
    )


def guard_name(error: IntegrityError) -> str | None:
    return guard_in(str(error.orig))


def refusal_from_guard(error: IntegrityError) -> BookingRefusedError:
    """A database guard or unique key refused an insert: say which in the desk's words."""
    text = str(error.orig)
    if "series_id" in text or "uq_sessions_series" in text:
        return BookingRefusedError(
            "already_booked", translate("Booking", "that occurrence is booked already")
        )
    guard = guard_name(error)
    if guard is None:
        raise error
    return BookingRefusedError(GUARD_REASONS.get(guard, SlotStatus.BOOKED.value), lost_race())


def insert_for_client(
    insert_session: Callable[[], Result], refusal: Callable[[], BookingRefusedError]
) -> Result:
    """Write the session; the client guard refusing it (the client already has a session
    then, committed or another desk's just now) is the booking's refusal: "the client
    already has a session at that time". Checked by the database rather than by a query
    first: one round trip less on every booking, and it is the same rule."""
    try:
        return insert_session()
    except IntegrityError as error:
        if guard_name(error) != CLIENT_GUARD:
            raise
        raise refusal() from None


def lock_day_and_therapist(session: Session, therapist_key: str, start: datetime) -> None:
    """A booking's locks, first in its turn: its clinic day, then its therapist (see
    `db.statements.lock_day_and_therapist`; SQLite's writers already take turns)."""
    if not statements.takes_day_locks(session.connection()):
        return
    day = day_to_lock(session, start) or date.min.toordinal()
    statements.lock_day_and_therapist(session.connection(), therapist_key, day)


def lock_day(session: Session, start: datetime) -> None:
    """The day lock alone, taken before any other (a reschedule: then the session, then
    the therapist)."""
    if not statements.takes_day_locks(session.connection()):
        return
    day = day_to_lock(session, start)
    if day is not None:  # else the reschedule itself reports the bad start
        statements.lock_day(session.connection(), day)


def day_to_lock(session: Session, start: datetime) -> int | None:
    """The clinic day of `start` as the advisory lock's key; None for a start the booking
    itself will refuse (not on a whole minute, no offset)."""
    try:
        return on_the_minute(start).astimezone(known_zone(session)).date().toordinal()
    except BookingInputError:
        return None
