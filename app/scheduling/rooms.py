"""Room assignment: a free suitable room if there is one, else a re-solved day.

A room is suitable when it is active and has every feature the service requires. The
preferred room and then the smallest suitable room are tie-breaks; when no room is free
for a new session, the not-yet-started sessions it is entangled with (the connected group of
overlapping sessions around it) are re-assigned by a backtracking search, so a booking
succeeds whenever any valid assignment exists (within a generous search budget).
"""

from __future__ import annotations

from collections import deque
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
        self._usable: dict[tuple[frozenset[str], int | None], frozenset[int]] = {}
        self._days: dict[
            tuple[tuple[int, int], int | None],
            tuple[list[tuple[int, int, RoomUse]], list[tuple[int, int, int]]],
        ] = {}

    def suitable(self, features: frozenset[str], preferred: int | None = None) -> tuple[int, ...]:
        """Active rooms with every feature, preferred first, then smallest."""
        rooms = self._suitable.get(features)
        if rooms is None:
            rooms = tuple(r.id for r in self._rooms if features <= r.features)
            self._suitable[features] = rooms
        if preferred is not None and preferred in rooms and rooms[0] != preferred:
            return (preferred, *(r for r in rooms if r != preferred))
        return rooms

    def uses_in(self, rooms: set[int], start: int, end: int) -> list[RoomUse]:
        """The sessions holding any of `rooms` at some moment of `[start, end)`."""
        return [use for use in self._index.payloads_overlapping(start, end) if use.room_id in rooms]

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
        movable, fixed = self._day_sessions(window, ignore)
        nearby = [item for item in movable if item[0] < end and start < item[1]]
        pinned = [item for item in fixed if item[0] < end and start < item[1]]
        if not self._each_moment_fits(start, end, features, nearby, pinned):
            return None  # some moment has more sessions than rooms can take: no re-seating helps
        # Usually a short chain of moves frees a room (the first session displaced takes a
        # free room, or displaces one that can); else re-seating the sessions that overlap
        # the new one; only if not, the whole group entangled with it by chains of overlaps.
        choice = self._chain_of_moves(start, end, features, preferred, movable, fixed)
        if choice is not None:
            return choice
        choice = self._solve(start, end, features, preferred, nearby, movable, fixed)
        if choice is not None:
            return choice
        group = _entangled_group(start, end, movable)
        if len(group) == len(nearby):
            return None
        return self._solve(start, end, features, preferred, group, movable, fixed)

    def _chain_of_moves(
        self,
        start: int,
        end: int,
        features: frozenset[str],
        preferred: int | None,
        movable: list[tuple[int, int, RoomUse]],
        fixed: list[tuple[int, int, int]],
    ) -> RoomChoice | None:
        """A room for `[start, end)` freed by the shortest chains of moves in which each
        displaced session takes a room where it displaces at most one other (augmenting
        paths, as in bipartite matching, found breadth first: no session moves that need
        not). Rooms the new session would displace fewest sessions from are tried first,
        the preferred and smaller first among equals. Fast and usually enough; None means
        only that it found no such chains (the full search then decides)."""
        seated: dict[int, list[tuple[int, int, int | None]]] = {}  # room → (start, end, id)
        for s, e, room in fixed:
            seated.setdefault(room, []).append((s, e, None))
        uses = {}
        for s, e, use in movable:
            seated.setdefault(use.room_id, []).append((s, e, use.id))
            uses[use.id] = use
        where = {use.id: use.room_id for use in uses.values()}

        def in_the_way(room: int, begin: int, finish: int) -> list[int | None]:
            return [key for s, e, key in seated.get(room, ()) if s < finish and begin < e]

        def move(key: int, room: int) -> None:
            use = uses[key]
            entries = seated[where[key]]
            entries.remove(next(x for x in entries if x[2] == key))
            seated.setdefault(room, []).append((use.start, use.end, key))
            where[key] = room

        def shortest_chain(first: int) -> list[tuple[int, int]] | None:
            """The fewest moves (session, room) that get `first` out of its room."""
            paths: deque[tuple[int, tuple[tuple[int, int], ...]]] = deque([(first, ())])
            reached = {first}
            while paths:
                key, path = paths.popleft()
                use = uses[key]
                on_path = {moved for moved, _room in path} | {key}
                for room in self.suitable(use.required_features):
                    if room == where[key]:
                        continue
                    if any(r == room and uses[m].start < use.end and use.start < uses[m].end
                           for m, r in path):  # fmt: skip
                        continue  # a session moved earlier on this path took it
                    blocking = [k for k in in_the_way(room, use.start, use.end)
                                if k not in on_path]  # fmt: skip
                    if not blocking:
                        return [*path, (key, room)]
                    if len(blocking) == 1 and blocking[0] is not None:
                        other = blocking[0]
                        if other not in reached:
                            reached.add(other)
                            paths.append((other, (*path, (key, room))))
            return None

        options = []
        for rank, room in enumerate(self.suitable(features, preferred)):
            blocking = in_the_way(room, start, end)
            if not any(key is None for key in blocking):  # none stays put (started, …)
                options.append((len(blocking), rank, room, blocking))
        for _count, _rank, room, blocking in sorted(options):
            new_entry = (start, end, None)
            seated.setdefault(room, []).append(new_entry)
            done: list[tuple[int, int]] = []
            for key in blocking:
                chain = shortest_chain(key) if key is not None else None
                if chain is None:
                    break
                # the last move first: each session goes where the next one has left
                for moved, to_room in reversed(chain):
                    done.append((moved, where[moved]))
                    move(moved, to_room)
            else:
                moves = tuple(
                    RoomMove(key, uses[key].room_id, room_id)
                    for key, room_id in where.items()
                    if room_id != uses[key].room_id
                )
                return RoomChoice(room, moves)
            seated[room].remove(new_entry)
            for moved, back in reversed(done):
                move(moved, back)
        return None

    def _day_sessions(
        self, window: tuple[int, int], ignore: int | None
    ) -> tuple[list[tuple[int, int, RoomUse]], list[tuple[int, int, int]]]:
        """The sessions that may be re-seated (not yet started, starting in `window`) and
        those that keep their rooms whatever happens (started, or from neighbouring days
        overlapping it); the same for every start a listing tries, so kept."""
        key = (window, ignore)
        found = self._days.get(key)
        if found is None:
            day_start, day_end = window
            movable: list[tuple[int, int, RoomUse]] = []
            fixed: list[tuple[int, int, int]] = []
            for use in self._index.payloads_overlapping(day_start, day_end):
                if use.id == ignore:
                    continue
                if use.start > self._now and day_start <= use.start < day_end:
                    movable.append((use.start, use.end, use))
                else:
                    fixed.append((use.start, use.end, use.room_id))
            found = self._days[key] = (movable, fixed)
        return found

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
        low = min([start, *(s for s, _e, _u in group)])
        high = max([end, *(e for _s, e, _u in group)])
        # Only what overlaps the group's span can get in its way.
        staying = [(s, e, room) for s, e, room in fixed if s < high and low < e] + [
            (s, e, use.room_id)
            for s, e, use in movable
            if s < high and low < e and use.id not in group_ids
        ]

        def allowed(
            begin: int, finish: int, needs: frozenset[str], first: int | None
        ) -> tuple[int, ...]:
            taken = {room for s, e, room in staying if s < finish and begin < e}
            return tuple(r for r in self.suitable(needs, first) if r not in taken)

        needs = [RoomNeed(NEW, start, end, allowed(start, end, features, preferred))]
        for s_start, s_end, use in group:
            options = allowed(s_start, s_end, use.required_features, None)
            current = use.room_id
            # A room no longer suitable (features changed) may still be kept, never chosen.
            if current not in options and not any(
                room == current and s < s_end and s_start < e for s, e, room in staying
            ):
                options = (current, *options)
            # Rooms no other group session sits in at that time first: a displaced session
            # then takes a free room instead of displacing the next one in turn.
            held = {
                other.room_id
                for o_start, o_end, other in group
                if o_start < s_end and s_start < o_end and other is not use
            }
            options = tuple(r for r in options if r not in held) + tuple(
                r for r in options if r in held
            )
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
        """Hall's condition at every moment of `[start, end)` (given the sessions overlapping
        it): the sessions running then (and the new one) can be matched to distinct rooms
        they may use. Necessary for any re-seating, and cheap, so hopeless searches are
        never started."""
        moments = {start} | {s for s, _e, _u in movable if s > start}
        moments |= {s for s, _e, _r in fixed if s > start}
        for moment in moments:
            taken = {room for s, e, room in fixed if s <= moment < e}
            options = [self._may_use(features, None)]
            options += [
                self._may_use(use.required_features, use.room_id)
                for s, e, use in movable
                if s <= moment < e
            ]
            if taken:
                options = [rooms - taken for rooms in options]
            if not _matchable(options):
                return False
        return True

    def _may_use(self, features: frozenset[str], current: int | None) -> frozenset[int]:
        """The rooms a session needing `features` may sit in: the suitable ones, and the one
        it is in (kept even if no longer suitable)."""
        key = (features, current)
        rooms = self._usable.get(key)
        if rooms is None:
            rooms = frozenset(self.suitable(features))
            if current is not None:
                rooms |= {current}
            self._usable[key] = rooms
        return rooms


def _matchable(options: list[frozenset[int]]) -> bool:
    """Whether each item can get a distinct room from its options: a greedy first pass,
    then augmenting paths for the items it left without a room (Kuhn's algorithm)."""
    if len(options) > len({room for rooms in options for room in rooms}):
        return False
    owner: dict[int, int] = {}
    unseated = []
    for item, rooms in enumerate(options):
        for room in rooms:
            if room not in owner:
                owner[room] = item
                break
        else:
            unseated.append(item)

    def seat(item: int, seen: set[int]) -> bool:
        for room in options[item]:
            if room not in seen:
                seen.add(room)
                if room not in owner or seat(owner[room], seen):
                    owner[room] = item
                    return True
        return False

    return all(seat(item, set()) for item in unseated)


def _as_use(item: RoomUse | Occupancy) -> RoomUse | None:
    if type(item) is RoomUse:  # not isinstance: thousands a listing, exact type is enough
        return item
    assert isinstance(item, Occupancy)  # the union's other member (tests, conveniences)
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
