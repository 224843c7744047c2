"""Names of the overlap guards the database enforces on sessions, and what they mean.

The migration creates them under these names (exclusion constraints on PostgreSQL, trigger
messages on SQLite); the application recognises a refusal by the name in the error.
"""

from __future__ import annotations

OCCUPANCY_GUARDS: dict[str, str] = {
    "ex_sessions_therapist_overlap": "a therapist would have two overlapping sessions "
    "(buffers included)",
    "ex_sessions_room_overlap": "a room would hold two overlapping sessions",
    "ex_sessions_client_overlap": "a client would have two overlapping sessions",
}


def guard_in(message: str) -> str | None:
    """The guard named in a database error message, if any."""
    return next((name for name in OCCUPANCY_GUARDS if name in message), None)


def names_a_vanished_row(error: Exception) -> bool:
    """Whether a write failed because a row it points to is gone (a foreign key): another
    desk deleted it meanwhile, e.g. a merge deleting the client a booking names."""
    sqlstate = getattr(error, "sqlstate", None)  # psycopg's
    return sqlstate == "23503" or "FOREIGN KEY constraint failed" in str(error)
