"""Booking references `BK-YYYY-NNNNNN`, handed out inside the booking's own transaction."""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Sequence
from datetime import datetime
from typing import Any

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


# On PostgreSQL a new booking's reference is taken last, in one statement with its
# assignment, the booking's audit entry (which names it) and its confirmation in the outbox,
# right before the commit. The year's counter row stays locked from the moment its number is
# taken until the booking commits, and every booking of every desk needs it: taken first,
# or followed by more round trips, it made all bookings wait for one another. The session
# row is written first under a stand-in that fits the reference format (never committed;
# unique in practice, and a clash would be refused by the unique key like any lost race);
# the audit entry's text carries the stand-in, replaced by the reference as it is written.
_STAND_IN = "BK-TEMP-"
_ALPHABET = string.ascii_uppercase + string.digits
_FINISH = text(
    "WITH next AS (INSERT INTO reference_counters (year, last_number)"
    " VALUES (:counter_year, 1) ON CONFLICT (year) DO UPDATE"
    " SET last_number = reference_counters.last_number + 1 RETURNING last_number),"
    " assigned AS (UPDATE sessions SET reference = 'BK-' || CAST(:counter_year AS TEXT) || '-'"
    " || lpad(CAST(next.last_number AS TEXT), 6, '0') FROM next"
    " WHERE sessions.id = :session RETURNING sessions.reference),"
    " audited AS (INSERT INTO audit_log (actor, action, entity_type, entity_id, after, reason)"
    " SELECT :actor, :action, 'session', :session,"
    " CAST(replace(:after, :stand_in, assigned.reference) AS JSON), :reason FROM assigned),"
    " queued AS (INSERT INTO outbox (session_id, target, kind, revision, payload, status,"
    " attempts, next_attempt_at) SELECT :session, target, :kind, 1, CAST('{}' AS JSON),"
    " 'pending', 0, :now FROM unnest(CAST(:targets AS TEXT[])) AS target)"
    " SELECT reference FROM assigned"
)


def takes_reference_last(session: Session) -> bool:
    return session.connection().dialect.name == "postgresql"


def stand_in_reference() -> str:
    return _STAND_IN + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def finish_with_reference(
    session: Session,
    session_id: int,
    year: int,
    stand_in: str,
    audit: dict[str, Any],
    confirmation: tuple[str, Sequence[str], datetime],
) -> str:
    """The year's next reference given to the session written under `stand_in`, its audit
    entry (`app.audit.change_entry`'s values) and its confirmation (kind, targets, due)
    queued, in one round trip (PostgreSQL)."""
    kind, targets, due = confirmation
    values = {
        "counter_year": year,
        "session": session_id,
        "stand_in": stand_in,
        "actor": audit["actor"],
        "action": audit["action"],
        "after": json.dumps(audit["after"]),
        "reason": audit.get("reason"),
        "kind": kind,
        "targets": list(targets),
        "now": due,
    }
    return str(session.connection().execute(_FINISH, values).scalar_one())
