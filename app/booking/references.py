"""Booking references `BK-YYYY-NNNNNN`, handed out inside the booking's own transaction.

Gapless per year: the year's counter row is raised in the booking's transaction, so a
rolled-back booking gives its number back. On PostgreSQL a new booking is first written under
a stand-in and takes its number in its last statement (`db.statements.takes_reference_last`).
"""

from __future__ import annotations

import secrets
import string

from sqlalchemy.orm import Session

from db.statements import next_reference_number

# A stand-in fits the reference format (never committed; unique in practice, and a clash
# would be refused by the unique key like any lost race).
_STAND_IN = "BK-TEMP-"
_ALPHABET = string.ascii_uppercase + string.digits


def allocate_reference(session: Session, year: int) -> str:
    """The next reference of `year`; two workstations never get the same one."""
    return f"BK-{year}-{next_reference_number(session.connection(), year):06d}"


def stand_in_reference() -> str:
    """A placeholder reference for a session whose number is taken last."""
    return _STAND_IN + "".join(secrets.choice(_ALPHABET) for _ in range(6))
