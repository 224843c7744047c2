"""What the file's sessions must respect whatever the moment (docs/interfaces.md, Import).

A file records what happened, so the rules that depend on "now" or on hours and blocks
(which may have changed since) are not applied. These are: a live session's room has the
features its service needs, and no therapist (buffers included), room or client holds two
non-cancelled sessions at once, among the file's sessions and those already saved. A
refusal names the file's session, before anything is written; the database's guards stay
the last line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import NamedTuple

from app.clinic_file.errors import Problem
from app.scheduling.intervals import clashes


class Placed(NamedTuple):
    """A non-cancelled session as the overlap checks need it (epoch seconds). Therapist,
    room and client are any value naming each one (an id, or the object of a new one);
    `names` are their keys, for the file's sessions, whose problems are reported."""

    reference: str
    start: int
    end: int
    busy_from: int  # the start widened by the therapist's buffers, as stored
    busy_until: int
    therapist: Hashable
    room: Hashable | None
    client: Hashable
    names: tuple[str, str | None, str] | None = None  # therapist, room, client keys


def _therapist(session: Placed, other: str) -> str:
    assert session.names is not None
    return f'therapist "{session.names[0]}" already has session {other} then (buffers included)'


def _room(session: Placed, other: str) -> str:
    assert session.names is not None
    return f'room "{session.names[1]}" already holds session {other} then'


def _client(session: Placed, other: str) -> str:
    assert session.names is not None
    return f'client "{session.names[2]}" already has session {other} then'


def overlap_problems(sessions: Iterable[Placed]) -> list[Problem]:
    """One problem per session of the file that overlaps another in a scope, naming both."""
    scopes: dict[tuple[str, Hashable], list[tuple[int, int, Placed]]] = defaultdict(list)
    from_file: set[tuple[str, Hashable]] = set()
    for session in sessions:
        keys = [(("therapist", session.therapist), session.busy_from, session.busy_until),
                (("client", session.client), session.start, session.end)]  # fmt: skip
        if session.room is not None:
            keys.append((("room", session.room), session.start, session.end))
        for scope, start, end in keys:
            scopes[scope].append((start, end, session))
            if session.names is not None:
                from_file.add(scope)
    wording = {"therapist": _therapist, "room": _room, "client": _client}
    problems = []
    for scope in from_file:
        for later, earlier in clashes(scopes[scope]):
            named, other = (later, earlier) if later.names is not None else (earlier, later)
            if named.names is not None:
                message = wording[scope[0]](named, other.reference)
                problems.append(Problem(f"sessions[{named.reference}]", message))
    return sorted(problems, key=lambda p: (p.where, p.message))
