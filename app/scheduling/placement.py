"""The placement rule: may a session start here, and if not, what stands in the way.

The booking turn and the desk's drag feedback ask this one question of the same engine, so
they cannot disagree on what is allowed; only their data differs (the turn reads its
schedule inside its transaction, the desk answers from the week it loaded). What the answer
is called in words is `app.booking.wording`'s. Pure: no database, no clock
(docs/architecture.md, "One placement rule").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.scheduling.availability import Schedule
from app.scheduling.model import RoomInfo, ServiceNeeds, SlotStatus, Verdict


class Obstacle(enum.StrEnum):
    """What no override lifts, beside the engine's rules."""

    CLIENT_BUSY = "client_busy"  # the client has another session then
    ROOM_UNFIT = "room_unfit"  # the room asked for lacks a feature the service needs
    ROOM_TAKEN = "room_taken"  # the room asked for holds another session then

    @property
    def reason(self) -> str:
        """The refusal's reason code (`client_busy`, else `room_busy`)."""
        return "client_busy" if self is Obstacle.CLIENT_BUSY else "room_busy"


@dataclass(frozen=True, slots=True)
class StartCheck:
    """The rule's answer for one start: the engine's verdict (which, when a room is asked
    for, leaves "no room" to that room's own test) and what no override lifts."""

    verdict: Verdict
    obstacle: Obstacle | None = None
    missing_features: frozenset[str] = frozenset()  # what the room asked for lacks

    @property
    def allowed(self) -> bool:
        return not self.verdict.failures and self.obstacle is None

    @property
    def overridable(self) -> bool:
        """Fails only rules a supervisor may override."""
        return self.verdict.overridable and self.obstacle is None

    @property
    def reason(self) -> str | None:
        """The refusal's reason code: a slot status, `client_busy` or `room_busy`."""
        if self.verdict.failures:
            return self.verdict.status.value
        return None if self.obstacle is None else self.obstacle.reason


def check_start(
    schedule: Schedule,
    start: datetime,
    needs: ServiceNeeds,
    *,
    ignore_session: int | None = None,
    ignore_hold: int | None = None,
    room: RoomInfo | None = None,
    client_sessions: Iterable[tuple[int, datetime, datetime]] | None = None,
    unliftable_first: bool = False,
) -> StartCheck:
    """Every rule for a session of `needs` at `start` in this therapist's `schedule`: the
    engine's (`rules_verdict`), then what no override lifts (`obstacle_at`).

    `ignore_session` is the session being moved and `ignore_hold` the hold being turned into
    a booking (neither is a conflict). `room`: the room asked for, else any the engine finds.
    `client_sessions` (id, start, end) are the client's others, or None where the database's
    client guard decides at the insert. `unliftable_first`: the verdict names the first rule
    no override lifts, when one fails (what to tell someone who could override the others).
    """
    verdict = rules_verdict(schedule, start, needs, ignore_session=ignore_session,
                            ignore_hold=ignore_hold, room_named=room is not None,
                            unliftable_first=unliftable_first)  # fmt: skip
    found = obstacle_at(schedule, start, needs, ignore_session=ignore_session, room=room,
                        client_sessions=client_sessions)  # fmt: skip
    return StartCheck(verdict) if found is None else StartCheck(verdict, *found)


def rules_verdict(
    schedule: Schedule,
    start: datetime,
    needs: ServiceNeeds,
    *,
    ignore_session: int | None = None,
    ignore_hold: int | None = None,
    room_named: bool = False,
    unliftable_first: bool = False,
) -> Verdict:
    """The engine's rules for `start`. With a room named, "no room" is left to that room's
    own test (`obstacle_at`): whether some other room could be freed does not matter."""
    verdict = schedule.check(start, needs, ignore_session=ignore_session, ignore_hold=ignore_hold)
    if room_named and SlotStatus.NO_ROOM in verdict.failures:
        failures = tuple(f for f in verdict.failures if f != SlotStatus.NO_ROOM)
        verdict = (
            Verdict(failures[0], verdict.detail, failures)
            if failures
            else Verdict(SlotStatus.AVAILABLE)
        )
    return verdict.unliftable_first() if unliftable_first else verdict


def obstacle_at(
    schedule: Schedule,
    start: datetime,
    needs: ServiceNeeds,
    *,
    ignore_session: int | None = None,
    room: RoomInfo | None = None,
    client_sessions: Iterable[tuple[int, datetime, datetime]] | None = None,
) -> tuple[Obstacle, frozenset[str]] | None:
    """What no override lifts at `start`, first found first: the client elsewhere, the room
    asked for unfit (with the features it lacks) or taken; None when nothing is."""
    end = start + timedelta(minutes=needs.duration_minutes)
    if client_sessions is not None and any(
        other != ignore_session and other_start < end and start < other_end
        for other, other_start, other_end in client_sessions
    ):
        return Obstacle.CLIENT_BUSY, frozenset()
    if room is not None:
        missing = room_lacks(needs.required_features, room.features)
        if missing:
            return Obstacle.ROOM_UNFIT, frozenset(missing)
        begin = int(start.timestamp())
        if not schedule.rooms.is_free(room.id, begin, int(end.timestamp()), ignore_session):
            return Obstacle.ROOM_TAKEN, frozenset()
    return None


def room_lacks(required_features: frozenset[str], room_features: frozenset[str]) -> frozenset[str]:
    """The features a service needs that a room lacks: a room suits a service when this is
    empty (and it is active; docs/scheduling.md, Rooms)."""
    return required_features - room_features
