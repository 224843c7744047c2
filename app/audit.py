"""The append-only audit log: who changed what, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.models import AuditEntry


def record_change(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> None:
    """Add an audit entry to the caller's transaction, so it commits with the change itself.

    A plain INSERT, not an ORM object: it is written on every booking, and the unit of
    work's bookkeeping for it cost more than the row. `at`: the use case's clock where a
    rule reads the entry back (the sign-in throttle); else the database's."""
    record_changes(
        session, [change_entry(actor, action, entity_type, entity_id, before, after, reason, at)]
    )


def change_entry(
    actor: str,
    action: str,
    entity_type: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One audit entry's values, for `record_changes`."""
    values = {
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "reason": reason,
        "at": at,
    }
    # Left out rather than None: a JSON column would store None as the JSON text null.
    return {k: v for k, v in values.items() if v is not None}


def record_changes(session: Session, entries: list[dict[str, Any]]) -> None:
    """Several audit entries in one statement per shape (a re-seating writes one per move).
    Straight on the transaction's connection: the audit rows reference nothing the unit of
    work may still hold, so the ORM's autoflush and execute events are not needed."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for entry in entries:
        shapes.setdefault(tuple(sorted(entry)), []).append(entry)
    for rows in shapes.values():
        session.connection().execute(_INSERT, rows)


_INSERT = insert(AuditEntry)
