"""Booking references `BK-YYYY-NNNNNN`, handed out inside the booking's own transaction."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import ReferenceCounter


def allocate_reference(session: Session, year: int) -> str:
    """The next reference of `year`. The counter row's update locks it until commit, so two
    workstations never get the same number and a rolled-back booking reuses its number."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(ReferenceCounter)
        .values(year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["year"])
    )
    number = session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    ).scalar_one()
    return f"BK-{year}-{number:06d}"
