"""The statements whose SQL differs between PostgreSQL and SQLite, one function each.

Booking's turn is where the two databases differ most: SQLite writers already take turns
for the whole file (BEGIN IMMEDIATE behind the writer queue), so the locks PostgreSQL needs
are no-ops there; and PostgreSQL takes a new booking's reference in its last statement
(docs/architecture.md, "The booking turn"). Callers build the rows (audit entries, outbox
rows) the same way for both; only how they reach the database differs, and that is here.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from db.models import (
    Notice,
    OutboxItem,
    ReceiptCounter,
    ReferenceCounter,
    Therapist,
    TherapySession,
    WaitlistMatch,
)


def _on_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


# -- locks of the booking turn -------------------------------------------------------------

# pg_advisory_xact_lock(BOOKING_DAY_LOCK, day ordinal): one booking at a time per clinic day.
BOOKING_DAY_LOCK = 0x46440001
_THERAPIST_BY_KEY = select(Therapist).where(Therapist.key == bindparam("key"))
# FOR NO KEY UPDATE: it serializes one therapist's bookings without blocking the foreign-key
# checks (FOR KEY SHARE) that writing any session of that therapist makes. A plain FOR
# UPDATE did: a desk re-seating another therapist's session waited for that therapist's
# booking at another desk, which could be re-seating one of the first desk's (a deadlock).
_THERAPIST_LOCKED = _THERAPIST_BY_KEY.with_for_update(key_share=True)
# One round trip: the day's lock is taken as the therapist's row is found (the filter runs
# before the row is locked), so the order is always day, then therapist.
_LOCK_DAY_AND_THERAPIST = (
    select(Therapist.id)
    .where(
        Therapist.key == bindparam("key"),
        func.pg_advisory_xact_lock(BOOKING_DAY_LOCK, bindparam("day")).is_not(None),
    )
    .with_for_update(of=Therapist, key_share=True)  # as _THERAPIST_LOCKED
)
_LOCK_DAY = select(func.pg_advisory_xact_lock(BOOKING_DAY_LOCK, bindparam("day")))


def takes_day_locks(connection: Connection) -> bool:
    """Whether bookings take turns per clinic day by lock (PostgreSQL); where writers take
    turns for the whole file (SQLite), there is nothing to lock."""
    return _on_postgresql(connection)


def lock_day_and_therapist(connection: Connection, therapist_key: str, day: int) -> None:
    """Bookings of one clinic day (`day`: its ordinal) are decided one at a time, and so are
    one therapist's (their daily cap): both locks last until commit. A day's rooms are shared
    by all its sessions and a booking may re-seat other therapists' sessions; without the
    day lock two desks re-seating the same day wait on each other's rows (a deadlock, found
    only after a second) or one is refused by the room guard and starts over."""
    if takes_day_locks(connection):
        connection.execute(_LOCK_DAY_AND_THERAPIST, {"key": therapist_key, "day": day})


def lock_day(connection: Connection, day: int) -> None:
    """The day lock of `lock_day_and_therapist` alone, taken before any other."""
    if takes_day_locks(connection):
        connection.execute(_LOCK_DAY, {"day": day})


def therapist_for_booking(session: Session, key: str) -> Therapist | None:
    """The therapist's row, locked until commit where writers do not take turns, so that one
    therapist's bookings (and so the daily cap) are decided one at a time."""
    locking = _on_postgresql(session.connection())
    return session.scalar(_THERAPIST_LOCKED if locking else _THERAPIST_BY_KEY, {"key": key})


def session_for_change(session: Session, reference: str) -> TherapySession | None:
    """The session with this reference, locked until commit (see `_THERAPIST_LOCKED`)."""
    query = select(TherapySession).where(TherapySession.reference == reference)
    if _on_postgresql(session.connection()):
        query = query.with_for_update(key_share=True)
    return session.scalar(query)


# -- references ---------------------------------------------------------------------------

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


def next_reference_number(connection: Connection, year: int) -> int:
    """The year's next booking number. The counter row's update locks it until commit, so
    two workstations never get the same number and a rolled-back booking reuses its number."""
    return int(
        connection.execute(_NEXT[connection.dialect.name], {"counter_year": year}).scalar_one()
    )


# The same for receipts (`RC-YYYY-NNNNNN`, app.money.receipts).
_NEXT_RECEIPT = {
    name: dialect.insert(ReceiptCounter)
    .values(year=bindparam("counter_year"), last_number=1)
    .on_conflict_do_update(
        index_elements=["year"], set_={"last_number": ReceiptCounter.last_number + 1}
    )
    .returning(ReceiptCounter.last_number)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def next_receipt_number(connection: Connection, year: int) -> int:
    """The year's next receipt number, gapless as `next_reference_number`."""
    return int(
        connection.execute(
            _NEXT_RECEIPT[connection.dialect.name], {"counter_year": year}
        ).scalar_one()
    )


def takes_receipt_last(connection: Connection) -> bool:
    """Whether a payment (refund, reversal) is numbered and written by `finish_payment`, in
    one last statement (PostgreSQL), for the reason of `takes_reference_last`: the year's
    receipt counter stays locked from its number until the commit, and every payment of
    every desk needs it. Where writers take turns anyway (SQLite) nothing is gained."""
    return _on_postgresql(connection)


# The year's next receipt number, the payment under it, its allocations and its audit entry
# (whose text names the stand-in, replaced by the receipt as it is written): one round trip.
_FINISH_PAYMENT = text(
    "WITH next AS (INSERT INTO receipt_counters (year, last_number)"
    " VALUES (:counter_year, 1) ON CONFLICT (year) DO UPDATE"
    " SET last_number = receipt_counters.last_number + 1 RETURNING last_number),"
    " paid AS (INSERT INTO payments (receipt, kind, client_id, amount_cents, method,"
    " reference, taken_by, taken_at, reverses_id, reason)"
    " SELECT 'RC-' || CAST(:counter_year AS TEXT) || '-'"
    " || lpad(CAST(next.last_number AS TEXT), 6, '0'), entered.kind, entered.client_id,"
    " entered.amount_cents, entered.method, entered.reference, entered.taken_by,"
    " entered.taken_at, entered.reverses_id, entered.reason"
    " FROM json_populate_record(NULL::payments, CAST(:payment AS JSON)) AS entered, next"
    " RETURNING payments.id, payments.receipt),"
    " allocated AS (INSERT INTO payment_allocations (payment_id, session_id, amount_cents,"
    " created_by) SELECT paid.id, share.session_id, share.amount_cents, share.created_by"
    " FROM json_populate_recordset(NULL::payment_allocations, CAST(:shares AS JSON)) AS share,"
    " paid),"
    " audited AS (INSERT INTO audit_log (actor, action, entity_type, entity_id, before, after,"
    " reason) SELECT entry.actor, entry.action, entry.entity_type, paid.id, entry.before,"
    " CAST(replace(CAST(entry.after AS TEXT), :stand_in, paid.receipt) AS JSON), entry.reason"
    " FROM json_populate_record(NULL::audit_log, CAST(:entry AS JSON)) AS entry, paid)"
    " SELECT id, receipt FROM paid"
)


def finish_payment(
    connection: Connection,
    year: int,
    stand_in: str,
    payment: dict[str, Any],
    shares: Sequence[dict[str, Any]],
    audit_entry: dict[str, Any],
) -> tuple[int, str]:
    """Write the payment (`payment`: its columns but the receipt) under the year's next
    receipt number, its allocations (`shares`: session_id, amount_cents, created_by) and its
    audit entry (naming `stand_in` for the receipt; its entity the payment), in one
    statement right before the commit (PostgreSQL; see `takes_receipt_last`). Returns the
    payment's id and receipt."""
    values = {
        "counter_year": year,
        "stand_in": stand_in,
        "payment": json.dumps(payment, default=_json_value),
        "shares": json.dumps(list(shares), default=_json_value),
        "entry": json.dumps(audit_entry, default=_json_value),
    }
    payment_id, receipt = connection.execute(_FINISH_PAYMENT, values).one()
    return int(payment_id), str(receipt)


def takes_reference_last(connection: Connection) -> bool:
    """Whether a new booking's reference is taken by `finish_booking`, last (PostgreSQL).

    The year's counter row stays locked from the moment its number is taken until the
    booking commits, and every booking of every desk needs it: taken first, or followed by
    more round trips, it made all bookings wait for one another. Where writers take turns
    anyway (SQLite) nothing is gained."""
    return _on_postgresql(connection)


# The session row was written under a stand-in reference; this statement takes the year's
# number, assigns it, writes the booking's audit entry (whose text names the stand-in,
# replaced by the reference as it is written) and its outbox rows: all in one round trip.
_FINISH = text(
    "WITH next AS (INSERT INTO reference_counters (year, last_number)"
    " VALUES (:counter_year, 1) ON CONFLICT (year) DO UPDATE"
    " SET last_number = reference_counters.last_number + 1 RETURNING last_number),"
    " assigned AS (UPDATE sessions SET reference = 'BK-' || CAST(:counter_year AS TEXT) || '-'"
    " || lpad(CAST(next.last_number AS TEXT), 6, '0') FROM next"
    " WHERE sessions.id = :session RETURNING sessions.reference),"
    " audited AS (INSERT INTO audit_log (actor, action, entity_type, entity_id, before, after,"
    " reason) SELECT entry.actor, entry.action, entry.entity_type, entry.entity_id,"
    " entry.before, CAST(replace(CAST(entry.after AS TEXT), :stand_in, assigned.reference)"
    " AS JSON), entry.reason"
    " FROM json_populate_record(NULL::audit_log, CAST(:entry AS JSON)) AS entry, assigned),"
    " queued AS (INSERT INTO outbox (session_id, target, kind, revision, payload, status,"
    " attempts, next_attempt_at) SELECT effect.session_id, effect.target, effect.kind,"
    " effect.revision, effect.payload, effect.status, effect.attempts, effect.next_attempt_at"
    " FROM json_populate_recordset(NULL::outbox, CAST(:effects AS JSON)) AS effect)"
    " SELECT reference FROM assigned"
)


def finish_booking(
    connection: Connection,
    session_id: int,
    year: int,
    stand_in: str,
    audit_entry: dict[str, Any],
    outbox_rows: Sequence[dict[str, Any]],
) -> str:
    """Give the session written under `stand_in` the year's next reference, with its audit
    entry and outbox rows (the values `record_changes` and `queue_effect_rows` would write),
    in one statement right before the commit (PostgreSQL; see `takes_reference_last`).
    Returns the reference."""
    values = {
        "counter_year": year,
        "session": session_id,
        "stand_in": stand_in,
        "entry": json.dumps(audit_entry, default=_json_value),
        "effects": json.dumps([_with_defaults(row) for row in outbox_rows], default=_json_value),
    }
    return str(connection.execute(_FINISH, values).scalar_one())


_OUTBOX_DEFAULTS = {
    column.name: column.default.arg
    for column in OutboxItem.__table__.columns
    if column.default is not None and column.default.is_scalar
}


def _with_defaults(row: dict[str, Any]) -> dict[str, Any]:
    """An outbox row as an INSERT of the model would write it (its scalar defaults filled)."""
    return {**_OUTBOX_DEFAULTS, **row}


def _json_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: timestamps must be timezone-aware")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# -- the outbox ---------------------------------------------------------------------------

# Reminders may be queued by two jobs at once, or again after a crash: the second is a no-op.
_INSERT_ONCE = {
    name: dialect.insert(OutboxItem)
    .on_conflict_do_nothing(index_elements=["session_id", "target", "kind", "revision"])
    .returning(OutboxItem.target)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def claimable_outbox_ids(session: Session, due: ColumnElement[bool], batch: int) -> list[int]:
    """Up to `batch` ids of outbox rows matching `due`, oldest first, for this worker to
    claim; on PostgreSQL rows another worker is claiming right now are skipped, not waited
    for (SQLite's writers take turns anyway)."""
    query = select(OutboxItem.id).where(due).order_by(OutboxItem.id).limit(batch)
    if _on_postgresql(session.connection()):
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def insert_outbox_row_once(connection: Connection, row: dict[str, Any]) -> Any:
    """Insert the row unless one with its session, target, kind and revision exists;
    its target if inserted, else None."""
    return connection.execute(_INSERT_ONCE[connection.dialect.name], row).scalar()


# -- the inbox ----------------------------------------------------------------------------

# A job that runs again, or twice at once, files the same notice once (its unique key).
_NOTICE_ONCE = {
    name: dialect.insert(Notice)
    .on_conflict_do_nothing(index_elements=["kind", "series_id", "occurrence_date"])
    .returning(Notice.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def insert_notice_once(connection: Connection, notice: dict[str, Any]) -> bool:
    """Insert the notice unless the same one (kind, series, date) exists; whether it is new."""
    return connection.execute(_NOTICE_ONCE[connection.dialect.name], notice).first() is not None


# -- the waitlist ---------------------------------------------------------------------------

# A desk's matching after its cancellation and the leader's sweep may file the same start at
# once: the unique key keeps one, and neither fails.
_MATCH_ONCE = {
    name: dialect.insert(WaitlistMatch)
    .on_conflict_do_nothing(index_elements=["entry_id", "therapist_id", "starts_at"])
    .returning(WaitlistMatch.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def insert_waitlist_matches_once(connection: Connection, matches: list[dict[str, Any]]) -> int:
    """Insert the matches not stored yet (entry, therapist, start); how many were new."""
    if not matches:
        return 0
    return len(connection.execute(_MATCH_ONCE[connection.dialect.name], matches).all())


# -- the server's clock -------------------------------------------------------------------

# clock_timestamp(): the moment the statement runs (now() would be its transaction's start).
_SERVER_CLOCK = select(func.clock_timestamp())


def keeps_a_clock(bind: Engine | Connection) -> bool:
    """Whether the database runs on a server whose clock every desk sharing it follows
    (PostgreSQL); an SQLite file has no clock but this PC's."""
    return bind.dialect.name == "postgresql"


def server_clock(connection: Connection) -> datetime:
    """The database server's clock as this statement runs, in UTC (one round trip)."""
    moment: datetime = connection.execute(_SERVER_CLOCK).scalar_one()
    return moment.astimezone(UTC)
