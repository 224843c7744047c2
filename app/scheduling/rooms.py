"""Room assignment: a free suitable room if there is one, else a re-solved day.

A room is suitable when it is active and has every feature the service requires. The
preferred room and then the smallest suitable room are tie-breaks; when no room is free
for a new session, the not-yet-started sessions it is entangled with (the connected group of
overlapping sessions around it) are re-assigned by a backtracking search, so a booking
succeeds whenever any valid assignment exists (within a generous search budget).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.scheduling.intervals import IntervalIndex, seconds
from app.scheduling.model import Occupancy, RoomInfo

NEW = "new"  # the key of the session being placed in a solve
SEARCH_BUDGET = 50_000  # search nodes before giving up (then: no room, never a wrong one)


@dataclass(frozen=True, slots=True)
class RoomNeed:
    """One session to seat: `allowed` rooms in preference order, `current` kept if possible."""

    key: object
    start: int
    end: int
    allowed: tuple[int, ...]
    current: int | None = None


@dataclass(frozen=True, slots=True)
class RoomMove:
    session_id: int
    from_room: int | None
    to_room: int


@dataclass(frozen=True, slots=True)
class RoomChoice:
    room_id: int
    moves: tuple[RoomMove, ...] = ()


def solve_room_assignment(
    needs: Sequence[RoomNeed], budget: int = SEARCH_BUDGET
) -> dict[object, int] | None:
    """Seat every need in one of its allowed rooms with no two overlapping needs sharing a
    room, keeping current rooms where it can; None when impossible (or over budget)."""
    order = sorted(needs, key=lambda n: (n.start, n.end))
    choices = [
        ((n.current,) if n.current in n.allowed else ())
        + tuple(r for r in n.allowed if r != n.current)
        for n in order
    ]
    # Per room, the ends of the needs seated there, with a running maximum: needs are seated
    # in start order, so a need overlaps the room's earlier ones iff their max end > its start.
    seated: dict[int, list[int]] = {}
    result: list[int] = [0] * len(order)
    nodes = 0

    def place(position: int) -> bool:
        nonlocal nodes
        if position == len(order):
            return True
        need = order[position]
        for room in choices[position]:
            nodes += 1
            if nodes > budget:
                return False
            stack = seated.setdefault(room, [])
            if stack and stack[-1] > need.start:
                continue
            stack.append(max(stack[-1], need.end) if stack else need.end)
            result[position] = room
            if place(position + 1):
                return True
            stack.pop()
        return False

    if not place(0):
        return None
    return {need.key: room for need, room in zip(order, result, strict=True)}


class RoomBook:
    """Who holds which room when, for one computation (built once, queried per start)."""

    def __init__(
        self, rooms: Iterable[RoomInfo], room_sessions: Iterable[Occupancy], now: int
    ) -> None:
        self._rooms = sorted(rooms, key=lambda r: (r.capacity, r.name, r.id))
        self._now = now
        self._sessions = [
            (seconds(s.starts_at), seconds(s.ends_at), s)
            for s in room_sessions
            if s.room_id is not None
        ]
        self._by_room: dict[int, IntervalIndex[int]] = {}
        grouped: dict[int, list[tuple[int, int, object, int]]] = {}
        for start, end, occupancy in self._sessions:
            grouped.setdefault(occupancy.room_id or 0, []).append(
                (start, end, occupancy.id, occupancy.id)
            )
        for room_id, items in grouped.items():
            self._by_room[room_id] = IntervalIndex(items)
        self._all = IntervalIndex((start, end, o.id, o) for start, end, o in self._sessions)
        self._suitable: dict[frozenset[str], tuple[int, ...]] = {}

    def suitable(self, features: frozenset[str], preferred: int | None = None) -> tuple[int, ...]:
        """Active rooms with every feature, preferred first, then smallest."""
        rooms = self._suitable.get(features)
        if rooms is None:
            rooms = tuple(r.id for r in self._rooms if features <= r.features)
            self._suitable[features] = rooms
        if preferred is not None and preferred in rooms and rooms[0] != preferred:
            return (preferred, *(r for r in rooms if r != preferred))
        return rooms

    def is_free(self, room_id: int, start: int, end: int, ignore: int | None = None) -> bool:
        index = self._by_room.get(room_id)
        return index is None or index.first_overlap(start, end, ignore) is None

    def free_room(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None = None,
        ignore: int | None = None,
    ) -> int | None:
        for room_id in self.suitable(features, preferred):
            if self.is_free(room_id, start, end, ignore):
                return room_id
        return None

    def choose(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None = None,
        ignore: int | None = None,
        movable_window: tuple[int, int] | None = None,
    ) -> RoomChoice | None:
        """A room for `[start, end)`: a free one, else one freed by moving not-yet-started
        sessions that start inside `movable_window` (the local day); None if impossible."""
        free = self.free_room(start, end, features, preferred, ignore)
        if free is not None:
            return RoomChoice(free)
        if movable_window is None or not self.suitable(features):
            return None
        return self._rearrange(start, end, features, preferred, ignore, movable_window)

    def _rearrange(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None,
        ignore: int | None,
        window: tuple[int, int],
    ) -> RoomChoice | None:
        day_start, day_end = window
        movable: list[tuple[int, int, Occupancy]] = []
        fixed: list[tuple[int, int, int]] = []
        # Everything that could interact with the group: sessions of the day and any session
        # from neighbouring days overlapping it.
        for s_start, s_end, _key, occupancy in self._all.overlapping(day_start, day_end):
            if occupancy.id == ignore:
                continue
            if s_start > self._now and day_start <= s_start < day_end:
                movable.append((s_start, s_end, occupancy))
            else:
                fixed.append((s_start, s_end, occupancy.room_id or 0))
        group = _entangled_group(start, end, movable)
        # Sessions outside the group keep their rooms; to the group they are fixed too.
        group_ids = {o.id for _s, _e, o in group}
        fixed.extend((s, e, o.room_id or 0) for s, e, o in movable if o.id not in group_ids)
        needs = [RoomNeed(NEW, start, end, self._allowed(start, end, fixed, features, preferred))]
        for s_start, s_end, occupancy in group:
            allowed = self._allowed(s_start, s_end, fixed, occupancy.required_features, None)
            current = occupancy.room_id
            # A room no longer suitable (features changed) may still be kept, never chosen.
            if (
                current is not None
                and current not in allowed
                and not any(_clash(current, s_start, s_end, f) for f in fixed)
            ):
                allowed = (current, *allowed)
            needs.append(RoomNeed(occupancy.id, s_start, s_end, allowed, occupancy.room_id))
        solution = solve_room_assignment(needs)
        if solution is None:
            return None
        moves = tuple(
            RoomMove(o.id, o.room_id, solution[o.id])
            for _s, _e, o in group
            if solution[o.id] != o.room_id
        )
        return RoomChoice(solution[NEW], moves)

    def _allowed(
        self,
        start: int,
        end: int,
        fixed: list[tuple[int, int, int]],
        features: frozenset[str],
        preferred: int | None,
    ) -> tuple[int, ...]:
        taken = {room for f_start, f_end, room in fixed if f_start < end and start < f_end}
        return tuple(r for r in self.suitable(features, preferred) if r not in taken)


def _clash(room_id: int, start: int, end: int, fixed: tuple[int, int, int]) -> bool:
    f_start, f_end, f_room = fixed
    return f_room == room_id and f_start < end and start < f_end


def _entangled_group(
    start: int, end: int, movable: list[tuple[int, int, Occupancy]]
) -> list[tuple[int, int, Occupancy]]:
    """The movable sessions connected to `[start, end)` by chains of overlaps: only they can
    make room for it; moving anything else cannot help."""
    group: list[tuple[int, int, Occupancy]] = []
    low, high = start, end
    remaining = sorted(movable, key=lambda item: (item[0], item[1]))
    changed = True
    while changed:
        changed = False
        rest = []
        for item in remaining:
            if item[0] < high and low < item[1]:
                group.append(item)
                low, high = min(low, item[0]), max(high, item[1])
                changed = True
            else:
                rest.append(item)
        remaining = rest
    return group
