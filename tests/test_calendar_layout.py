"""Where the schedule puts sessions: overlapping sessions of one column side by side in
sub-columns (as KDE's agenda does), a session that overlaps nothing across its whole column.

The sub-column function on its own, then the items of a real view over the demo clinic with
some of Tuesday's sessions left without a room, so the day-by-room view's "No room" column
holds overlapping sessions.
"""

from __future__ import annotations

from datetime import datetime
from itertools import combinations, permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from sqlalchemy import update

from app.desk_calendar import DeskCalendar, SessionCard, load_desk_calendar
from db.engine import Database
from db.models import TherapySession
from tests.test_gui_desk import NOW, TUESDAY, hover_text
from ui.calendar_layout import Box, Column, Grid, card_boxes, sub_columns
from ui.calendar_view import CalendarView, ViewMode

# -- the sub-column function ---------------------------------------------------------


def test_a_span_that_overlaps_nothing_keeps_the_whole_column() -> None:
    assert sub_columns([]) == []
    assert sub_columns([(60, 110)]) == [(0, 1)]
    # back to back is not overlapping: [start, end) spans
    assert sub_columns([(60, 110), (110, 160), (0, 60)]) == [(0, 1), (0, 1), (0, 1)]


def test_two_overlapping_spans_share_the_column_in_halves() -> None:
    assert sub_columns([(60, 110), (90, 140)]) == [(0, 2), (1, 2)]
    # the answer follows the input's order, whatever order the spans start in
    assert sub_columns([(90, 140), (60, 110)]) == [(1, 2), (0, 2)]


def test_a_chain_a_b_c_needs_only_two_sub_columns() -> None:
    # A overlaps B, B overlaps C, A ends before C starts: C takes A's sub-column again
    a, b, c = (0, 50), (30, 80), (60, 110)
    assert sub_columns([a, b, c]) == [(0, 2), (1, 2), (0, 2)]


def test_every_span_of_a_cluster_gets_the_clusters_width_and_the_first_free_sub_column() -> None:
    # one long span under two short ones back to back: two sub-columns, not three
    assert sub_columns([(0, 60), (0, 30), (30, 60)]) == [(0, 2), (1, 2), (1, 2)]
    # three at once need three; a later span clear of them all is a cluster of its own
    spans = [(0, 60), (10, 40), (20, 50), (45, 70), (120, 150)]
    assert sub_columns(spans) == [(0, 3), (1, 3), (2, 3), (1, 3), (0, 1)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 24 * 60 - 5), st.integers(5, 180)).map(
            lambda pair: (pair[0], pair[0] + pair[1])
        ),
        max_size=12,
    )
)
def test_overlapping_spans_never_share_a_sub_column(spans: list[tuple[int, int]]) -> None:
    placed = sub_columns(spans)
    assert len(placed) == len(spans)
    for i, ((sub, count), (start, end)) in enumerate(zip(placed, spans, strict=True)):
        assert 0 <= sub < count
        if not any(s < end and start < e for j, (s, e) in enumerate(spans) if j != i):
            assert (sub, count) == (0, 1)
    for (i, (a_start, a_end)), (j, (b_start, b_end)) in combinations(enumerate(spans), 2):
        if a_start < b_end and b_start < a_end:
            assert placed[i][0] != placed[j][0]  # side by side, never on top of each other
            assert placed[i][1] == placed[j][1]  # one cluster, one width


def test_card_boxes_split_only_the_column_whose_sessions_overlap() -> None:
    day = TUESDAY
    columns = [Column(day, None, 7, "Room 7"), Column(day, None, 0, "No room")]
    grid = Grid(2, column_width=204.0, first_minute=8 * 60, last_minute=18 * 60)

    def card(number: int, room: int | None, start: str, end: str) -> SessionCard:
        starts, ends = (datetime.fromisoformat(f"2026-11-24T{t}") for t in (start, end))
        return SessionCard(
            id=number,
            reference=f"BK-{number}",
            therapist_id=number,
            client_id=number,
            client_name=f"Client {number}",
            service_id=1,
            room_id=room,
            starts_at=starts,
            ends_at=ends,
            status="scheduled",
            session_type="follow_up",
            overridden=False,
            revision=1,
        )

    cards = [
        card(1, 7, "09:00", "10:00"),
        card(2, None, "09:00", "10:00"),
        card(3, None, "09:30", "10:30"),
        card(4, None, "11:00", "12:00"),
    ]
    boxes = card_boxes(cards, columns, grid)
    no_room = grid.x_of(1) + 2
    assert boxes[1] == (0, Box(grid.x_of(0) + 2, grid.y_of_minute(9 * 60), 200.0, 60 * 1.2))
    assert boxes[2] == (1, Box(no_room, grid.y_of_minute(9 * 60), 100.0, 60 * 1.2))
    assert boxes[3] == (1, Box(no_room + 100, grid.y_of_minute(9 * 60 + 30), 100.0, 60 * 1.2))
    assert boxes[4] == (1, Box(no_room, grid.y_of_minute(11 * 60), 200.0, 60 * 1.2))


# -- the items of a view ---------------------------------------------------------------


def overlaps(a: SessionCard, b: SessionCard) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def without_rooms(database: Database) -> tuple[list[SessionCard], list[SessionCard], SessionCard]:
    """Leave some of Tuesday's sessions without a room: a chain A–B–C (A and C apart), a
    pair that overlaps, and one that overlaps none of them; returns them as loaded."""
    cards = sorted(
        load_desk_calendar(database, TUESDAY, TUESDAY, NOW).sessions, key=lambda c: c.starts_at
    )
    chain = next(
        [a, b, c]
        for a, b, c in permutations(cards, 3)
        if a.starts_at < b.starts_at < c.starts_at
        and overlaps(a, b)
        and overlaps(b, c)
        and not overlaps(a, c)
    )
    pair = next(
        [d, e]
        for d, e in combinations(cards, 2)
        if overlaps(d, e) and not any(overlaps(x, y) for x in (d, e) for y in chain)
    )
    alone = next(
        f for f in cards if f not in chain + pair and not any(overlaps(f, y) for y in chain + pair)
    )
    ids = [card.id for card in [*chain, *pair, alone]]
    with database.write() as session:
        session.execute(
            update(TherapySession).where(TherapySession.id.in_(ids)).values(room_id=None)
        )
    shown = {c.id: c for c in load_desk_calendar(database, TUESDAY, TUESDAY, NOW).sessions}
    return [shown[c.id] for c in chain], [shown[c.id] for c in pair], shown[alone.id]


def room_view(qtbot, calendar: DeskCalendar) -> CalendarView:
    view = CalendarView()
    qtbot.addWidget(view)
    view.resize(1500, 1000)
    view.show()
    view.show_calendar(calendar, ViewMode.ROOMS, TUESDAY)
    view.zoom(0.45)  # the whole day fits without scrolling
    return view


def test_overlapping_sessions_of_the_no_room_column_sit_side_by_side(
    qtbot, demo_database: Database
) -> None:
    chain, pair, alone = without_rooms(demo_database)
    view = room_view(qtbot, load_desk_calendar(demo_database, TUESDAY, TUESDAY, NOW))
    index = len(view.columns) - 1
    assert view.columns[index].room_id == 0  # "No room", the last column
    left, right = view.x_of(index), view.x_of(index + 1)
    full = view.column_width - 4
    rects = {card.id: view.items_by_id[card.id].rect() for card in [*chain, *pair, alone]}
    for card in [*chain, *pair, alone]:
        rect = rects[card.id]
        assert view.column_of(card) == index
        assert left <= rect.left() and rect.right() <= right
        assert rect.top() == pytest.approx(view.y_of(card.starts_at))
        assert rect.bottom() == pytest.approx(view.y_of(card.ends_at))
    # the overlapping pair: disjoint x ranges of equal width, half the column each
    first, second = sorted((rects[c.id] for c in pair), key=QRectF.left)
    assert first.width() == pytest.approx(full / 2) == second.width()
    assert first.right() <= second.left()
    # A–B and B–C overlap, A and C do not: two sub-columns, C where A was
    a, b, c = (rects[card.id] for card in chain)
    assert [a.width(), b.width(), c.width()] == [pytest.approx(full / 2)] * 3
    assert a.left() == c.left() == pytest.approx(left + 2)
    assert b.left() == pytest.approx(left + 2 + full / 2)
    # the session that overlaps nothing keeps the whole column, as every room column's do
    assert rects[alone.id].left() == pytest.approx(left + 2)
    assert rects[alone.id].width() == pytest.approx(full)
    for item in view.items_by_id.values():
        if view.column_of(item.card) != index:
            assert item.rect().width() == pytest.approx(full)
    # no card covers another anywhere in the view
    for one, other in combinations(view.items_by_id.values(), 2):
        overlap = one.rect().intersected(other.rect())
        assert overlap.width() * overlap.height() == pytest.approx(0)
    # each card answers its own tooltip where it is drawn
    b_card = chain[1]
    assert hover_text(view, rects[b_card.id].center()) == view.describe(b_card)


def test_a_refresh_lays_out_again_without_new_items(qtbot, demo_database: Database) -> None:
    before_calendar = load_desk_calendar(demo_database, TUESDAY, TUESDAY, NOW)
    view = room_view(qtbot, before_calendar)
    chain, pair, alone = without_rooms(demo_database)
    kept = {card.id: view.items_by_id[card.id] for card in [*chain, *pair, alone]}
    assert all(
        item.rect().width() == pytest.approx(view.column_width - 4) for item in kept.values()
    )
    view.show_calendar(
        load_desk_calendar(demo_database, TUESDAY, TUESDAY, NOW), ViewMode.ROOMS, TUESDAY
    )
    assert view.columns[-1].room_id == 0
    for card in pair:
        item = view.items_by_id[card.id]
        assert item is kept[card.id]  # the same object, moved to its sub-column
        assert view.column_of(item.card) == len(view.columns) - 1
        assert item.rect().width() == pytest.approx((view.column_width - 4) / 2)
