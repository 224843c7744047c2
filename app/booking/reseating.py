"""Re-seating: other sessions moved to other rooms to make room for a booking, audited, and
their therapists told."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Update, bindparam, case, update
from sqlalchemy.orm import Session

from app.audit import change_entry, record_changes
from app.booking.loader import Clinic
from app.booking.model import MovedSession
from app.outbox import EffectKind, effect_rows, effect_targets, queue_effect_rows
from app.scheduling import RoomMove
from db.models import TherapySession

REASON = "re-arranged to make room for a booking"

# Emptying the moved sessions' rooms also reads what the moves need of them.
_VACATE = (
    update(TherapySession)
    .where(TherapySession.id.in_(bindparam("moved", expanding=True)))
    .values(room_id=None)
    .returning(
        TherapySession.id,
        TherapySession.reference,
        TherapySession.revision,
        TherapySession.therapist_id,
    )
)


def _reseat(moves: Sequence[RoomMove]) -> Update:
    """One UPDATE giving every moved session its new room (a CASE on the id)."""
    return (
        update(TherapySession)
        .where(TherapySession.id.in_([move.session_id for move in moves]))
        .values(
            room_id=case(
                {move.session_id: move.to_room for move in moves}, value=TherapySession.id
            ),
            revision=TherapySession.revision + 1,
        )
    )


def apply_moves(
    session: Session, clinic: Clinic, moves: Sequence[RoomMove], actor: str, now: datetime
) -> list[MovedSession]:
    """Re-seat other sessions; rooms are emptied first so a swap never trips the guards.
    A few plain statements whatever the number of moves (empty and read, re-seat, audit,
    outbox): a booking re-seats inside its turn, where the unit of work's loading and
    bookkeeping, or a round trip per move, would cost several times more."""
    if not moves:
        return []
    connection = session.connection()
    moved = {
        row.id: row for row in connection.execute(_VACATE, {"moved": [m.session_id for m in moves]})
    }
    connection.execute(_reseat(moves))
    keys = clinic.setup.room_keys
    therapists = {t.id: t for t in clinic.setup.therapists.values()}
    result, entries, effects = [], [], []
    for move in moves:
        old = keys.get(move.from_room) if move.from_room is not None else None
        entries.append(change_entry(actor, "session.room_change", "session", move.session_id,
                                    before={"room": old}, after={"room": keys[move.to_room]},
                                    reason=REASON))  # fmt: skip
        row = moved[move.session_id]
        result.append(MovedSession(row.reference, old, keys[move.to_room]))
        # the therapist and calendars hear; the client is told on arrival
        targets = effect_targets(
            EffectKind.CHANGE, None, therapists[row.therapist_id], tell_client=False
        )
        effects += effect_rows(move.session_id, row.revision + 1, EffectKind.CHANGE.value,
                               targets, now)  # fmt: skip
    record_changes(session, entries)
    queue_effect_rows(session, effects)
    return result
