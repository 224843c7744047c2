"""Room assignment against brute force on small random days (docs/scheduling.md, Rooms)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling import Occupancy, RoomBook, RoomInfo, RoomNeed, solve_room_assignment

DAY_START = datetime(2025, 1, 13, 5, 0, tzinfo=UTC)  # local midnight in New York
FEATURES = [frozenset(), frozenset({"family"}), frozenset({"sandtray"}),
            frozenset({"family", "sandtray"})]  # fmt: skip


def _valid(needs: list[RoomNeed], chosen: dict[object, int]) -> bool:
    for need in needs:
        if chosen[need.key] not in need.allowed:
            return False
    for a, b in itertools.combinations(needs, 2):
        if chosen[a.key] == chosen[b.key] and a.start < b.end and b.start < a.end:
            return False
    return True


@st.composite
def need_sets(draw):  # type: ignore[no-untyped-def]
    count = draw(st.integers(1, 6))
    needs = []
    for key in range(count):
        start = draw(st.integers(0, 20)) * 900
        length = draw(st.sampled_from([1800, 3000, 3600, 5400]))
        allowed = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=3, unique=True)))
        current = draw(st.sampled_from([None, *allowed])) if allowed else None
        needs.append(RoomNeed(key, start, start + length, allowed, current))
    return needs


@settings(max_examples=200, deadline=None)
@given(need_sets())
def test_solver_finds_an_assignment_exactly_when_one_exists(needs: list[RoomNeed]) -> None:
    exists = any(
        _valid(needs, dict(zip([n.key for n in needs], combo, strict=True)))
        for combo in itertools.product(*[n.allowed for n in needs])
    )
    solution = solve_room_assignment(needs)
    assert (solution is not None) == exists
    if solution is not None:
        assert _valid(needs, solution)


@st.composite
def days(draw):  # type: ignore[no-untyped-def]
    rooms = [
        RoomInfo(room_id, draw(st.integers(1, 4)), draw(st.sampled_from(FEATURES)), f"R{room_id}")
        for room_id in range(1, draw(st.integers(1, 3)) + 1)
    ]
    sessions: list[Occupancy] = []
    for index in range(draw(st.integers(0, 6))):
        start = DAY_START + timedelta(hours=8, minutes=15 * draw(st.integers(0, 16)))
        end = start + timedelta(minutes=draw(st.sampled_from([30, 50, 90])))
        needs = draw(st.sampled_from(FEATURES[:3]))
        free = [
            r.id for r in rooms
            if needs <= r.features and not any(
                s.room_id == r.id and s.starts_at < end and start < s.ends_at for s in sessions)
        ]  # fmt: skip
        if free:
            room = draw(st.sampled_from(free))
            sessions.append(Occupancy(index + 1, 2, start, end, start, end, room, needs))
    new_start = DAY_START + timedelta(hours=8, minutes=15 * draw(st.integers(0, 16)))
    new_end = new_start + timedelta(minutes=draw(st.sampled_from([30, 50, 90])))
    now = DAY_START + timedelta(hours=draw(st.sampled_from([0, 9, 10])))
    features = draw(st.sampled_from(FEATURES[:3]))
    preferred = draw(st.sampled_from([None, *[r.id for r in rooms]]))
    return rooms, sessions, new_start, new_end, now, features, preferred


def _brute_force(rooms, sessions, start, end, now, features) -> bool:  # type: ignore[no-untyped-def]
    movable = [s for s in sessions if s.starts_at > now]
    fixed = [s for s in sessions if s.starts_at <= now]
    options = [[r.id for r in rooms if features <= r.features]] + [
        sorted({r.id for r in rooms if s.required_features <= r.features} | {s.room_id})
        for s in movable
    ]
    spans = [(start, end)] + [(s.starts_at, s.ends_at) for s in movable]
    for combo in itertools.product(*options):
        placed = list(zip(combo, spans, strict=True)) + [
            (s.room_id, (s.starts_at, s.ends_at)) for s in fixed
        ]
        if all(not (a[0] == b[0] and a[1][0] < b[1][1] and b[1][0] < a[1][1])
               for a, b in itertools.combinations(placed, 2)):  # fmt: skip
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(days())
def test_room_choice_succeeds_whenever_any_assignment_exists(day) -> None:  # type: ignore[no-untyped-def]
    rooms, sessions, start, end, now, features, preferred = day
    book = RoomBook(rooms, sessions, int(now.timestamp()))
    window = (int(DAY_START.timestamp()), int((DAY_START + timedelta(days=1)).timestamp()))
    choice = book.choose(int(start.timestamp()), int(end.timestamp()), features, preferred,
                         None, window)  # fmt: skip
    assert (choice is not None) == _brute_force(rooms, sessions, start, end, now, features)
    if choice is None:
        return
    suitable = {r.id for r in rooms if features <= r.features}
    assert choice.room_id in suitable
    placed = {s.id: s.room_id for s in sessions}
    for move in choice.moves:
        original = next(s for s in sessions if s.id == move.session_id)
        assert original.starts_at > now, "a started session was moved"
        assert placed[move.session_id] == move.from_room
        placed[move.session_id] = move.to_room
    spans = [(choice.room_id, start, end)] + [
        (placed[s.id], s.starts_at, s.ends_at) for s in sessions
    ]
    for a, b in itertools.combinations(spans, 2):
        assert not (a[0] == b[0] and a[1] < b[2] and b[1] < a[2])
    if (
        not choice.moves
        and preferred in suitable
        and book.is_free(preferred, int(start.timestamp()), int(end.timestamp()))
    ):
        assert choice.room_id == preferred


def test_smallest_suitable_room_wins_without_a_preference() -> None:
    rooms = [RoomInfo(1, 6, frozenset({"family"}), "Big"), RoomInfo(2, 2, frozenset({"family"}),
             "Small"), RoomInfo(3, 1, frozenset(), "Tiny")]  # fmt: skip
    book = RoomBook(rooms, [], 0)
    assert book.free_room(0, 3000, frozenset({"family"})) == 2
    assert book.free_room(0, 3000, frozenset()) == 3


def test_a_chain_of_moves_is_found() -> None:
    # New family session at 10:00 needs room 1 (only family room). A plain session sits there
    # and can only go to room 2, where another plain session sits that can go to room 3.
    rooms = [RoomInfo(1, 3, frozenset({"family"}), "A"), RoomInfo(2, 2, frozenset({"x"}), "B"),
             RoomInfo(3, 1, frozenset(), "C")]  # fmt: skip
    ten = DAY_START + timedelta(hours=10)
    first = Occupancy(1, 2, ten, ten + timedelta(minutes=50), ten, ten, 1, frozenset({"x"}))
    second = Occupancy(2, 3, ten, ten + timedelta(minutes=50), ten, ten, 2, frozenset())
    book = RoomBook(rooms, [first, second], int(DAY_START.timestamp()))
    window = (int(DAY_START.timestamp()), int((DAY_START + timedelta(days=1)).timestamp()))
    start = int(ten.timestamp())
    choice = book.choose(start, start + 3000, frozenset({"family"}), None, None, window)
    assert choice is not None and choice.room_id == 1
    assert sorted((m.session_id, m.from_room, m.to_room) for m in choice.moves) == [
        (1, 1, 2), (2, 2, 3)]  # fmt: skip


def test_a_re_seating_moves_as_few_sessions_as_it_can() -> None:
    # New session 10:30-11:20. Room A (the smallest) holds sessions at 10:00 and 11:00,
    # B one at 10:00, C one at 11:00. Taking A would move two sessions; B or C, one.
    rooms = [RoomInfo(1, 1, frozenset(), "A"), RoomInfo(2, 2, frozenset(), "B"),
             RoomInfo(3, 3, frozenset(), "C")]  # fmt: skip
    ten, eleven = DAY_START + timedelta(hours=10), DAY_START + timedelta(hours=11)

    def at(key: int, start: datetime, room: int) -> Occupancy:
        end = start + timedelta(minutes=50)
        return Occupancy(key, key, start, end, start, end, room, frozenset())

    sessions = [at(1, ten, 1), at(2, ten, 2), at(3, eleven, 1), at(4, eleven, 3)]
    book = RoomBook(rooms, sessions, int(DAY_START.timestamp()))
    window = (int(DAY_START.timestamp()), int((DAY_START + timedelta(days=1)).timestamp()))
    start = int((ten + timedelta(minutes=30)).timestamp())
    choice = book.choose(start, start + 3000, frozenset(), None, None, window)
    assert choice is not None and len(choice.moves) == 1
    assert choice.room_id in (2, 3)


def test_a_long_chain_is_followed_when_it_is_the_only_way() -> None:
    # Each room's 10:00 session can only move to the next room; the last room is free.
    count = 6
    rooms = [
        RoomInfo(r, r, frozenset({f"f{r}", f"f{r - 1}"}), f"R{r}") for r in range(1, count + 1)
    ]
    ten = DAY_START + timedelta(hours=10)
    end = ten + timedelta(minutes=50)
    sessions = [
        Occupancy(r, r, ten, end, ten, end, r, frozenset({f"f{r}"})) for r in range(1, count)
    ]
    book = RoomBook(rooms, sessions, int(DAY_START.timestamp()))
    window = (int(DAY_START.timestamp()), int((DAY_START + timedelta(days=1)).timestamp()))
    start = int(ten.timestamp())
    choice = book.choose(start, start + 3000, frozenset({"f0"}), None, None, window)
    assert choice is not None and choice.room_id == 1
    assert sorted((m.session_id, m.from_room, m.to_room) for m in choice.moves) == [
        (r, r, r + 1) for r in range(1, count)
    ]
