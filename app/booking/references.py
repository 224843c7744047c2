"""Booking references `BK-YYYY-NNNNNN`, handed out inside the booking's own transaction."""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import ReferenceCounter

_ENSURE = {
    name: dialect.insert(ReferenceCounter)
    .values(year=bindparam("counter_year"), last_number=0)
    .on_conflict_do_nothing(index_elements=["year"])
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_NEXT = (
    update(ReferenceCounter)
    .where(ReferenceCounter.year == bindparam("counter_year"))
    .values(last_number=ReferenceCounter.last_number + 1)
    .returning(ReferenceCounter.last_number)
)


def allocate_reference(session: Session, year: int) -> str:
    """The next reference of `year`. The counter row's update locks it until commit, so two
    workstations never get the same number and a rolled-back booking reuses its number."""
    connection = session.connection()
    connection.execute(_ENSURE[connection.dialect.name], {"counter_year": year})
    number = connection.execute(_NEXT, {"counter_year": year}).scalar_one()
    return f"BK-{year}-{number:06d}"
