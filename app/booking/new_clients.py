"""A `limited` therapist takes no new clients (docs/scheduling.md, Limited therapists).

An `initial` session, or any session for a client the therapist has never seen, is refused
with `not_taking_new_clients` unless a supervisor overrides. A client is "seen" when they
have another session with that therapist that is not cancelled, at any time: a no-show
counts (the client was taken on), a cancelled session does not, and a client already booked
ahead with the therapist is theirs. The starts a therapist offers do not change (they do not
depend on the client). Checked inside the booking's turn, with one query, and only when the
therapist is limited, so an available therapist's booking sends nothing more.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.booking.lookups import TherapistLike
from app.booking.wording import not_taking_new_clients
from db.engine import Database
from db.enums import SessionStatus, SessionType, TherapistStatus
from db.models import Client, Therapist, TherapySession

NOT_TAKING_NEW_CLIENTS = "not_taking_new_clients"

_SEEN = (
    select(TherapySession.id)
    .where(
        TherapySession.client_id == bindparam("client"),
        TherapySession.therapist_id == bindparam("therapist"),
        TherapySession.status != SessionStatus.CANCELLED,
        TherapySession.id != bindparam("ignore"),
    )
    .limit(1)
)


def new_client_refused(
    session: Session,
    therapist: TherapistLike,
    client_id: int,
    session_type: SessionType,
    *,
    ignore_session: int | None = None,
) -> str | None:
    """The sentence refusing this client's session with this therapist, or None when the
    therapist takes it. `ignore_session`: the session being moved (it proves nothing)."""
    if therapist.status != TherapistStatus.LIMITED:
        return None
    if session_type != SessionType.INITIAL:
        values = {"client": client_id, "therapist": therapist.id, "ignore": ignore_session or 0}
        if session.connection().execute(_SEEN, values).first() is not None:
            return None
    return not_taking_new_clients(therapist.name, session_type == SessionType.INITIAL)


def new_client_warning(
    database: Database, therapist_key: str, client_key: str, session_type: SessionType
) -> str | None:
    """What the booking dialog warns of before Book (the turn decides again)."""
    with database.read() as session:
        therapist = session.scalar(select(Therapist).where(Therapist.key == therapist_key))
        client_id = session.scalar(select(Client.id).where(Client.key == client_key))
        if therapist is None or client_id is None:
            return None
        return new_client_refused(session, therapist, client_id, session_type)
