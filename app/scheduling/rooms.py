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
from app.scheduling.model import Occupancy, RoomInfo, RoomUse

NEW = "new"  # the key of the session being placed in a solve
SEARCH_BUDGET = 20_000  # search nodes before giving up (then: no room, never a wrong one)


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
        self, rooms: Iterable[RoomInfo], room_sessions: Iterable[RoomUse | Occupancy], now: int
    ) -> None:
        self._rooms = sorted(rooms, key=lambda r: (r.capacity, r.name, r.id))
        self._now = now
        uses = [use for use in map(_as_use, room_sessions) if use is not None]
        starts = [use.start for use in uses]
        if all(map(int.__le__, starts, starts[1:])):  # the loader's ORDER BY
            self._index: IntervalIndex[RoomUse] = IntervalIndex.from_sorted(
                starts, [use.end for use in uses], [use.id for use in uses], uses
            )
        else:
            self._index = IntervalIndex((use.start, use.end, use.id, use) for use in uses)
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

    def _taken(self, start: int, end: int, ignore: int | None) -> set[int]:
        return {
            use.room_id for use in self._index.payloads_overlapping(start, end) if use.id != ignore
        }

    def is_free(self, room_id: int, start: int, end: int, ignore: int | None = None) -> bool:
        return room_id not in self._taken(start, end, ignore)

    def free_room(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None = None,
        ignore: int | None = None,
    ) -> int | None:
        taken = self._taken(start, end, ignore)
        for room_id in self.suitable(features, preferred):
            if room_id not in taken:
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
        return self.rearrange(start, end, features, preferred, ignore, movable_window)

    def rearrange(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None,
        ignore: int | None,
        window: tuple[int, int],
    ) -> RoomChoice | None:
        """A room freed by re-seating the not-yet-started sessions starting in `window`
        (the caller already knows no room is free as things stand)."""
        day_start, day_end = window
        movable: list[tuple[int, int, RoomUse]] = []
        fixed: list[tuple[int, int, int]] = []
        # Everything that could interact with the group: sessions of the day and any session
        # from neighbouring days overlapping it.
        for use in self._index.payloads_overlapping(day_start, day_end):
            if use.id == ignore:
                continue
            if use.start > self._now and day_start <= use.start < day_end:
                movable.append((use.start, use.end, use))
            else:
                fixed.append((use.start, use.end, use.room_id))
        if not self._each_moment_fits(start, end, features, movable, fixed):
            return None  # some moment has more sessions than rooms can take: no re-seating helps
        # Usually re-seating the sessions that overlap the new one is enough; only if not,
        # the whole group entangled with it by chains of overlaps is searched.
        nearby = [item for item in movable if item[0] < end and start < item[1]]
        choice = self._solve(start, end, features, preferred, nearby, movable, fixed)
        if choice is not None:
            return choice
        group = _entangled_group(start, end, movable)
        if len(group) == len(nearby):
            return None
        return self._solve(start, end, features, preferred, group, movable, fixed)

    def _solve(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None,
        group: list[tuple[int, int, RoomUse]],
        movable: list[tuple[int, int, RoomUse]],
        fixed: list[tuple[int, int, int]],
    ) -> RoomChoice | None:
        """Re-seat `group` and the new session; everything else keeps its room."""
        group_ids = {use.id for _s, _e, use in group}
        staying: IntervalIndex[int] = IntervalIndex(
            [(s, e, None, room) for s, e, room in fixed]
            + [(s, e, None, use.room_id) for s, e, use in movable if use.id not in group_ids]
        )

        def allowed(
            begin: int, finish: int, needs: frozenset[str], first: int | None
        ) -> tuple[int, ...]:
            taken = set(staying.payloads_overlapping(begin, finish))
            return tuple(r for r in self.suitable(needs, first) if r not in taken)

        needs = [RoomNeed(NEW, start, end, allowed(start, end, features, preferred))]
        for s_start, s_end, use in group:
            options = allowed(s_start, s_end, use.required_features, None)
            current = use.room_id
            # A room no longer suitable (features changed) may still be kept, never chosen.
            if current not in options and current not in staying.payloads_overlapping(
                s_start, s_end
            ):
                options = (current, *options)
            needs.append(RoomNeed(use.id, s_start, s_end, options, current))
        solution = solve_room_assignment(needs)
        if solution is None:
            return None
        moves = tuple(
            RoomMove(use.id, use.room_id, solution[use.id])
            for _s, _e, use in group
            if solution[use.id] != use.room_id
        )
        return RoomChoice(solution[NEW], moves)

    def _each_moment_fits(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        movable: list[tuple[int, int, RoomUse]],
        fixed: list[tuple[int, int, int]],
    ) -> bool:
        """Hall's condition at every moment of `[start, end)`: the sessions running then (and
        the new one) can be matched to distinct rooms they may use. Necessary for any
        re-seating, and cheap, so hopeless searches are never started."""
        movable = [item for item in movable if item[0] < end and start < item[1]]
        fixed = [item for item in fixed if item[0] < end and start < item[1]]
        moments = {start} | {s for s, _e, _u in movable if s > start}
        moments |= {s for s, _e, _r in fixed if s > start}
        for moment in moments:
            taken = {room for s, e, room in fixed if s <= moment < e}
            options = [tuple(r for r in self.suitable(features) if r not in taken)]
            for s, e, use in movable:
                if s <= moment < e:
                    rooms = set(self.suitable(use.required_features)) | {use.room_id}
                    options.append(tuple(rooms - taken))
            if not _matchable(options):
                return False
        return True


def _matchable(options: list[tuple[int, ...]]) -> bool:
    """Whether each item can get a distinct room from its options (augmenting paths)."""
    if len(options) > len({room for rooms in options for room in rooms}):
        return False
    owner: dict[int, int] = {}

    def seat(item: int, seen: set[int]) -> bool:
        for room in options[item]:
            if room not in seen:
                seen.add(room)
                if room not in owner or seat(owner[room], seen):
                    owner[room] = item
                    return True
        return False

    return all(seat(item, set()) for item in range(len(options)))


def _as_use(item: RoomUse | Occupancy) -> RoomUse | None:
    if type(item) is RoomUse:
        return item
    if item.room_id is None:
        return None
    return RoomUse(
        item.id,
        item.room_id,
        seconds(item.starts_at),
        seconds(item.ends_at),
        item.required_features,
    )


def _entangled_group(
    start: int, end: int, movable: list[tuple[int, int, RoomUse]]
) -> list[tuple[int, int, RoomUse]]:
    """The movable sessions connected to `[start, end)` by chains of overlaps: only they can
    make room for it; moving anything else cannot help."""
    group: list[tuple[int, int, RoomUse]] = []
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
