"""Booking references `BK-YYYY-NNNNNN`, handed out inside the booking's own transaction."""

from __future__ import annotations

from sqlalchemy import bindparam
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
