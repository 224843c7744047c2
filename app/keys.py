"""Keys people read (`sjohnson`, `sjohnson-carter`): the first free one of a base."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session


def free_key(
    session: Session,
    column: InstrumentedAttribute[str],
    base: str,
    separator: str = "",
    *,
    also_taken_in: tuple[InstrumentedAttribute[str], ...] = (),
) -> str:
    """`base` when no row has it, else `base2`, `base3`… (`separator` before the number);
    the column's unique key still decides if two desks pick the same at once.
    `also_taken_in`: other columns whose keys name the same things (a merged client's old
    key keeps naming the kept client)."""
    taken: set[str] = set()
    for keys in (column, *also_taken_in):
        taken.update(session.scalars(select(keys).where(keys.like(f"{base}%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}{separator}{number}" in taken:
        number += 1
    return f"{base}{separator}{number}"
