"""Booking references `BK-YYYY-NNNNNN`, handed out inside the booking's own transaction."""

from __future__ import annotations

import secrets
import string

from sqlalchemy import bindparam, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import ReferenceCounter

# One round trip: the year's first booking creates the counter at 1, later ones raise it.
_NEXT = {
    name: dialect.insert(ReferenceCounter)
    .values(year=bindparam("counter_year"), last_number=1)
    .on_conflict_do_update(
        index_elements=["year"], set_={"last_number": ReferenceCounter.last_number + 1}
    )
    .returning(ReferenceCounter.last_number)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def allocate_reference(session: Session, year: int) -> str:
    """The next reference of `year`. The counter row's update locks it until commit, so two
    workstations never get the same number and a rolled-back booking reuses its number."""
    connection = session.connection()
    number = connection.execute(_NEXT[connection.dialect.name], {"counter_year": year}).scalar_one()
    return f"BK-{year}-{number:06d}"


# On PostgreSQL a new booking's reference is taken last, just before its audit entry and
# commit: the year's counter row stays locked from the moment its number is taken until the
# booking commits, and every desk's booking needs it, so taking it first made all bookings
# of all desks wait for one another for longer. The session row is written first under a
# stand-in that fits the reference format (never committed; unique in practice, and a clash
# would be refused by the unique key like any lost race).
_STAND_IN = "BK-TEMP-"
_ALPHABET = string.ascii_uppercase + string.digits
_TAKE_AND_ASSIGN = text(
    "WITH next AS (INSERT INTO reference_counters (year, last_number)"
    " VALUES (:counter_year, 1) ON CONFLICT (year) DO UPDATE"
    " SET last_number = reference_counters.last_number + 1 RETURNING last_number)"
    " UPDATE sessions SET reference = 'BK-' || CAST(:counter_year AS TEXT) || '-'"
    " || lpad(CAST(next.last_number AS TEXT), 6, '0') FROM next"
    " WHERE sessions.id = :session RETURNING sessions.reference"
)


def takes_reference_last(session: Session) -> bool:
    return session.connection().dialect.name == "postgresql"


def stand_in_reference() -> str:
    return _STAND_IN + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def assign_reference(session: Session, session_id: int, year: int) -> str:
    """The year's next reference, given to the session written under a stand-in, in one
    round trip (PostgreSQL)."""
    values = {"counter_year": year, "session": session_id}
    return str(session.connection().execute(_TAKE_AND_ASSIGN, values).scalar_one())
