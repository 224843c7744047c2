"""The desk follows changes made elsewhere (docs/desk.md, Staying live): only the days a
change names are read again and spliced into the loaded week, changes heard together cost
at most two reads, an open drag is re-checked against the fresh week, holds taken
elsewhere appear, and an open session panel says when its session changed elsewhere.

"Another desk" here is the app's own use case called outside the window, followed by the
announcement the change signal makes of it; the tests at the end start real processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.booking import (
    BookingRefusedError,
    BookingRequest,
    BookingResult,
    book,
    change_status,
    expire_holds,
    hold,
    reschedule,
)
from app.desk_calendar import DeskCalendar, SessionCard, load_desk_calendar, reload_days
from app.live_changes import Change, missed_change
from db.engine import Database
from db.enums import SessionStatus
from tests.conftest import PreparedDatabases, prepare_demo_clinic
from tests.test_cli import FRONTDESK
from tests.test_gui_desk import (
    FRONT_DESK,
    NOW,
    TUESDAY,
    drag,
    find_target,
    movable_card,
    open_window,
    release,
)
from ui.calendar_view import ViewMode
from ui.live import EVERYTHING, LiveChanges, desk_change
from ui.main_window import MainWindow
from ui.operations import (
    CLIENTS,
    FEEDS,
    HOLDS,
    INBOX,
    OUTBOX,
    PAYMENTS,
    SERIES,
    SESSIONS,
    SETUP,
    WAITLIST,
    changes,
)
from ui.session_panel import SessionPanel

WEDNESDAY = TUESDAY + timedelta(days=1)
MONDAY, SUNDAY = TUESDAY - timedelta(days=1), TUESDAY + timedelta(days=5)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """What the window reads from the database: whole weeks, some days, a day's list."""
    import ui.schedule_panel

    seen: list[tuple[Any, ...]] = []
    week, days, agenda = (
        ui.schedule_panel.load_desk_calendar,
        ui.schedule_panel.reload_days,
        ui.schedule_panel.day_agenda,
    )

    def read_week(database: Database, first: date, last: date, now: datetime) -> DeskCalendar:
        seen.append(("week", first, last))
        return week(database, first, last, now)

    def read_days(database: Database, calendar: DeskCalendar, changed: Any, now: datetime) -> Any:
        seen.append(("days", *sorted(changed)))
        return days(database, calendar, changed, now)

    def read_agenda(database: Database, day: date) -> Any:
        seen.append(("list", day))
        return agenda(database, day)

    monkeypatch.setattr(ui.schedule_panel, "load_desk_calendar", read_week)
    monkeypatch.setattr(ui.schedule_panel, "reload_days", read_days)
    monkeypatch.setattr(ui.schedule_panel, "day_agenda", read_agenda)
    return seen


def free_start(calendar: DeskCalendar, therapist_key: str, day: date) -> datetime:
    therapist = next(t for t in calendar.therapists if t.key == therapist_key)
    service = next(s for s in calendar.services.values() if s.key == "individual")
    slots = calendar.day_slots(therapist.id, service.id, day).slots
    return next(slot.start for slot in slots if slot.status == "available")


def another_free_day(calendar: DeskCalendar, therapist_key: str) -> tuple[date, datetime]:
    """A day of the week after Tuesday with a free start for the therapist, and that start."""
    for day in calendar.days:
        if day > TUESDAY:
            try:
                return day, free_start(calendar, therapist_key, day)
            except StopIteration:
                continue
    raise AssertionError("no free start after Tuesday")


def book_elsewhere(database: Database, therapist_key: str, start: datetime) -> BookingResult:
    """Another desk books `start` for the first client free then."""
    for number in range(1, 60):
        request = BookingRequest(therapist_key, f"c{number:04d}", "individual", start)
        try:
            return book(database, request, actor="other-desk", now=NOW)
        except BookingRefusedError:
            continue
    raise AssertionError("no client could be booked there")


def movable_to_another_day(
    calendar: DeskCalendar, avoid: datetime | None = None, status: str | None = None
) -> tuple[SessionCard, datetime]:
    """A Tuesday session (of that status) and a start on a later day (not `avoid`) the
    engine lets it move to."""
    for card in calendar.sessions:
        if card.starts_at.date() != TUESDAY or not card.movable:
            continue
        if status is not None and card.status != status:
            continue
        for day in calendar.days[2:]:
            for hour in range(8, 19):
                start = datetime.combine(day, time(hour), calendar.zone)
                if start != avoid and calendar.check_move(card, start).allowed:
                    return card, start
    raise AssertionError("no session can move to a later day")


# -- the days a change names, spliced into the loaded week --------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_clinic(
    request: pytest.FixtureRequest, prepared_databases: PreparedDatabases
) -> Iterator[Database]:
    """The demo clinic as of NOW on each database (built once per process, then copied)."""
    with prepared_databases.copy(request, request.param, prepare_demo_clinic) as (database, _):
        yield database


def test_days_read_again_and_spliced_answer_as_a_whole_week_read_would(
    demo_clinic: Database,
) -> None:
    database = demo_clinic
    week = load_desk_calendar(database, MONDAY, SUNDAY, NOW)
    start = free_start(week, "carter", TUESDAY)
    booked = book_elsewhere(database, "carter", start).session_id
    held_day, held = another_free_day(week, "carter")
    hold(database, "carter", "individual", held, actor="other-desk", now=NOW)
    moved, target = movable_to_another_day(week, held)
    moved_day = target.astimezone(week.zone).date()
    reschedule(database, moved.reference, target, actor="other-desk", now=NOW)
    changed = {TUESDAY, held_day, moved_day}

    spliced = reload_days(database, week, changed | {date(2030, 1, 1)}, NOW)
    whole = load_desk_calendar(database, MONDAY, SUNDAY, NOW)

    assert spliced.sessions == whole.sessions and booked in {c.id for c in spliced.sessions}
    assert spliced.holds == whole.holds and any(h.starts_at == held for h in spliced.holds)
    assert spliced.blocks == whole.blocks
    for day in whole.days:
        for therapist in whole.therapists:
            assert spliced.day_load(therapist.id, day) == whole.day_load(therapist.id, day)
            for service in whole.services:
                assert spliced.day_slots(therapist.id, service, day) == whole.day_slots(
                    therapist.id, service, day
                )
    # the other days' cards are the very objects read before
    before = {c.id: c for c in week.sessions}
    kept = [c for c in spliced.sessions if c.starts_at.date() not in changed]
    assert kept and all(before[c.id] is c for c in kept)


# -- the window ----------------------------------------------------------------------------


def test_a_change_of_one_day_reads_only_that_day_and_keeps_every_other_item(
    qtbot, demo_database: Database, reads: list[tuple[Any, ...]]
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.WEEK)
    view, week = window.calendar_view, window.calendar
    assert week is not None
    window.therapist_box.setCurrentIndex(
        window.therapist_box.findData(next(t.id for t in week.therapists if t.key == "carter"))
    )
    items = dict(view.items_by_id)
    day, start = another_free_day(week, "carter")
    assert any(i.card.starts_at.date() != day for i in items.values())
    reads.clear()
    booked = book_elsewhere(demo_database, "carter", start).session_id
    changes().announce({SESSIONS}, {day})  # as the change signal tells of it
    qtbot.waitUntil(lambda: booked in view.items_by_id, timeout=10_000)
    # one read of that day alone; the day list shows Tuesday: not read
    assert reads == [("days", day)]
    fresh = window.calendar
    assert fresh is not None and fresh is not week
    cards = {c.id: c for c in week.sessions}
    assert all(
        cards[c.id] is c for c in fresh.sessions if c.starts_at.date() != day
    )  # untouched days' cards are the same objects, and so are their items
    assert all(view.items_by_id[i] is item for i, item in items.items())
    # a change of the shown day reads the day list too
    reads.clear()
    with qtbot.waitSignal(window.model.modelReset, timeout=10_000):
        changes().announce({SESSIONS}, {TUESDAY})
    qtbot.waitUntil(lambda: ("days", TUESDAY) in reads, timeout=10_000)
    QTest.qWait(200)
    assert sorted(reads, key=str) == [("days", TUESDAY), ("list", TUESDAY)]


def test_twenty_changes_heard_together_cost_at_most_two_reads(
    qtbot, demo_database: Database, reads: list[tuple[Any, ...]]
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    assert window.calendar is not None
    booked = book_elsewhere(demo_database, "carter", free_start(window.calendar, "carter", TUESDAY))
    reads.clear()
    for _ in range(20):  # e.g. this desk's own announcement, then the signal's echo, and more
        changes().announce({SESSIONS, HOLDS}, {TUESDAY})
    qtbot.waitUntil(lambda: booked.session_id in window.calendar_view.items_by_id, timeout=10_000)
    qtbot.waitUntil(  # the day list's read is its own (a busy machine finishes it later)
        lambda: (
            booked.reference
            in {window.model.row_at(i).reference for i in range(window.model.rowCount())}
        ),
        timeout=10_000,
    )
    QTest.qWait(500)  # any read still to come would show in the counts
    schedule = [r for r in reads if r[0] != "list"]
    day_list = [r for r in reads if r[0] == "list"]
    assert 1 <= len(schedule) <= 2 and 1 <= len(day_list) <= 2, reads


def test_a_drag_turns_red_at_once_when_another_desk_takes_its_start(
    qtbot, demo_database: Database, warnings: list[str]
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index, start = find_target(view, card, lambda check: check.allowed)
    drag(qtbot, view, card, index, start)
    assert view.ghost_state == "valid"
    calendar = view.calendar
    assert calendar is not None
    therapist = view.columns[index].therapist_id or card.therapist_id
    book_elsewhere(demo_database, calendar.therapist_by_id[therapist].key, start)
    changes().announce({SESSIONS}, {start.date()})
    # still dragging, the same target turns red and says why
    qtbot.waitUntil(lambda: view.ghost_state == "invalid", timeout=10_000)
    assert view.dragging and view.drop_target is not None and view.drop_target.start == start
    assert "already has a session" in window.statusBar().currentMessage()
    assert view.items_by_id[card.id].card is card  # the dragged item was never pulled away
    release(view, card, index, start)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)  # refused, nothing moved
    assert not window.undo_moves


def test_a_hold_taken_elsewhere_appears_and_goes_when_it_lapses(
    qtbot, demo_database: Database
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    assert window.calendar is not None
    start = free_start(window.calendar, "carter", TUESDAY)
    hold(demo_database, "carter", "individual", start, actor="other-desk", now=NOW)
    changes().announce({HOLDS}, {TUESDAY})

    def held_shown() -> bool:
        calendar = window.calendar_view.calendar
        return calendar is not None and any(h.starts_at == start for h in calendar.holds)

    qtbot.waitUntil(held_shown, timeout=10_000)
    assert window.calendar_view.scene().backdrop.holds  # drawn, dashed yellow "Held"
    # the jobs leader deletes it once lapsed, and says so
    assert expire_holds(demo_database, NOW + timedelta(hours=1)) == 1
    changes().announce({HOLDS}, {TUESDAY})
    qtbot.waitUntil(lambda: not held_shown(), timeout=10_000)
    assert not window.calendar_view.scene().backdrop.holds


def open_panel(qtbot, window: MainWindow, reference: str) -> SessionPanel:
    panel = window.open_session(reference)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.details is not None, timeout=10_000)
    return panel


def test_an_open_session_panel_says_when_another_desk_changed_its_session(
    qtbot, demo_database: Database
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    assert window.calendar is not None
    card, target = movable_to_another_day(window.calendar, status="scheduled")
    panel = open_panel(qtbot, window, card.reference)
    assert panel.elsewhere.isHidden()
    change_status(
        demo_database, card.reference, SessionStatus.CONFIRMED, actor="other-desk", now=NOW
    )
    changes().announce({SESSIONS}, {TUESDAY})
    qtbot.waitUntil(lambda: panel.elsewhere.isVisible(), timeout=10_000)
    assert "Changed at another desk" in panel.elsewhere.text()
    assert "confirmed" in panel.elsewhere.text()
    assert panel.details is not None and panel.details.status == "confirmed"
    # moved elsewhere: where to, and a button to open the new booking
    moved_day = target.astimezone(window.calendar.zone).date()
    moved = reschedule(demo_database, card.reference, target, actor="other-desk", now=NOW)
    changes().announce({SESSIONS}, {TUESDAY, moved_day})
    qtbot.waitUntil(lambda: moved.reference in panel.elsewhere.text(), timeout=10_000)
    assert f"moved to {target:%a %d %b %H:%M}" in panel.elsewhere.text()
    assert panel.details is not None and panel.details.status == "cancelled"
    assert panel.open_moved_button.isVisible()
    panel.open_moved_button.click()
    qtbot.waitUntil(
        lambda: (
            window.session_panel is not panel
            and window.session_panel is not None
            and window.session_panel.details is not None
        ),
        timeout=10_000,
    )
    assert window.session_panel is not None and window.session_panel.details is not None
    assert window.session_panel.details.reference == moved.reference


def test_the_panels_own_writes_are_not_said_to_come_from_elsewhere(
    qtbot, demo_database: Database
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    assert window.calendar is not None
    card, _target = movable_to_another_day(window.calendar, status="scheduled")
    panel = open_panel(qtbot, window, card.reference)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_status("confirmed")
    changes().announce({SESSIONS}, {TUESDAY})  # the change signal's echo of that write
    QTest.qWait(500)
    assert panel.details is not None and panel.details.status == "confirmed"
    assert panel.elsewhere.isHidden()


# -- real processes, heard through the change signal ----------------------------------------

NOW_OPTION = ["--now", NOW.isoformat()]


def frontdesk(database: Database, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line, in a process of its own, on the window's database."""
    url = database.url
    return subprocess.run(
        [*FRONTDESK, "--db", url, *args], capture_output=True, text=True, timeout=120
    )


def in_another_process(database: Database, code: str) -> None:
    """Run `code` (with `database` and NOW defined) in a Python process of its own."""
    url = database.url
    prelude = (
        "from datetime import datetime\n"
        "from db.engine import Database\n"
        f"database = Database({url!r})\n"
        f"NOW = datetime.fromisoformat({NOW.isoformat()!r})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def live_window(qtbot, demo_clinic: Database) -> Iterator[MainWindow]:
    """The window by therapist on Tuesday, following the database's change signal."""
    window = open_window(qtbot, demo_clinic, FRONT_DESK, ViewMode.THERAPISTS)
    live = LiveChanges(demo_clinic)
    window.follow(live)
    assert live.ready.wait(10)
    yield window
    window.close()  # stops the follower


def test_a_booking_by_another_process_appears_and_a_drag_over_its_start_turns_red(
    qtbot, live_window: MainWindow, demo_clinic: Database
) -> None:
    window, view = live_window, live_window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index, start = find_target(view, card, lambda check: check.allowed)
    drag(qtbot, view, card, index, start)
    assert view.ghost_state == "valid"
    calendar = view.calendar
    assert calendar is not None
    therapist = calendar.therapist_by_id[view.columns[index].therapist_id or card.therapist_id]
    for number in range(1, 10):  # the first client free at that start
        booked = frontdesk(demo_clinic, "book", "--therapist", therapist.key, "--client",
                           f"c{number:04d}", "--service", "individual", "--start",
                           start.isoformat(), *NOW_OPTION, "--json")  # fmt: skip
        if booked.returncode == 0:
            break
    assert booked.returncode == 0, booked.stderr
    reference = json.loads(booked.stdout)["reference"]
    # no F5: while still dragging, the start turns red
    qtbot.waitUntil(lambda: view.ghost_state == "invalid", timeout=10_000)
    assert view.dragging and "already has a session" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    # and once the drag ends the new booking is drawn
    qtbot.waitUntil(
        lambda: any(i.card.reference == reference for i in view.items_by_id.values()),
        timeout=10_000,
    )


def test_a_hold_taken_by_another_process_appears(
    qtbot, live_window: MainWindow, demo_clinic: Database
) -> None:
    window = live_window
    assert window.calendar is not None
    start = free_start(window.calendar, "carter", TUESDAY)
    in_another_process(
        demo_clinic,
        "from app.booking import hold\n"
        f"hold(database, 'carter', 'individual', datetime.fromisoformat({start.isoformat()!r}),"
        " actor='other-desk', now=NOW)\n",
    )

    def held_shown() -> bool:
        calendar = window.calendar_view.calendar
        return calendar is not None and any(h.starts_at == start for h in calendar.holds)

    qtbot.waitUntil(held_shown, timeout=10_000)
    assert window.calendar_view.scene().backdrop.holds


def test_a_session_panel_says_when_another_process_moved_or_cancelled_its_session(
    qtbot, live_window: MainWindow, demo_clinic: Database
) -> None:
    window = live_window
    assert window.calendar is not None
    card, target = movable_to_another_day(window.calendar)
    panel = open_panel(qtbot, window, card.reference)
    moved = frontdesk(demo_clinic, "reschedule", card.reference, "--start", target.isoformat(),
                      *NOW_OPTION, "--json")  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    reference = json.loads(moved.stdout)["reference"]
    qtbot.waitUntil(lambda: panel.elsewhere.isVisible(), timeout=10_000)
    assert f"moved to {target:%a %d %b %H:%M} as {reference}" in panel.elsewhere.text()
    # the booking it became, cancelled at yet another desk
    window.open_session(reference)
    successor = window.session_panel
    assert successor is not None
    qtbot.waitUntil(lambda: successor.details is not None, timeout=10_000)
    cancelled = frontdesk(demo_clinic, "cancel", reference, "--reason", "phoned", *NOW_OPTION)
    assert cancelled.returncode == 0, cancelled.stderr
    qtbot.waitUntil(lambda: "cancelled" in successor.elsewhere.text(), timeout=10_000)
    assert successor.details is not None and successor.details.status == "cancelled"


def test_the_signal_kinds_become_the_desks_kinds() -> None:
    at = datetime.now(UTC)
    assert desk_change(Change(at, frozenset({"session"}), frozenset({TUESDAY}))) == (
        frozenset({SESSIONS, SERIES}),
        frozenset({TUESDAY}),
    )
    assert desk_change(Change(at, frozenset({"hold", "client"}), frozenset())) == (
        frozenset({HOLDS, CLIENTS}),
        frozenset(),
    )
    assert desk_change(Change(at, frozenset({"setup"}), frozenset()))[0] == {SETUP, FEEDS}  # type: ignore[index]
    assert desk_change(Change(at, frozenset({"outbox"}), frozenset()))[0] == {OUTBOX, INBOX}  # type: ignore[index]
    assert desk_change(Change(at, frozenset({"waitlist"}), frozenset()))[0] == {WAITLIST, INBOX}  # type: ignore[index]
    assert desk_change(Change(at, frozenset({"payment"}), frozenset({TUESDAY}))) == (
        frozenset({PAYMENTS}),
        frozenset({TUESDAY}),
    )
    assert desk_change(missed_change()) == (EVERYTHING, frozenset())


def test_a_missed_change_reloads_everything_the_window_shows(
    qtbot, demo_database: Database, reads: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.status_bar

    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    card = movable_card(window.calendar_view, "Dr. Emily Carter")
    panel = open_panel(qtbot, window, card.reference)
    counted: list[str] = []
    inbox, outbox = ui.status_bar.open_items, ui.status_bar.outbox_summary
    monkeypatch.setattr(
        ui.status_bar, "open_items", lambda db: counted.append("inbox") or inbox(db)
    )
    monkeypatch.setattr(
        ui.status_bar, "outbox_summary", lambda db: counted.append("sync") or outbox(db)
    )
    reads.clear()
    live = LiveChanges(demo_database)  # not started: its thread's part is called below
    heard = threading.Thread(target=live._heard, args=(missed_change(),))
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        heard.start()
    qtbot.waitUntil(lambda: ("week", MONDAY, SUNDAY) in reads, timeout=10_000)
    qtbot.waitUntil(lambda: {"inbox", "sync"} <= set(counted), timeout=10_000)
    qtbot.waitUntil(lambda: ("list", TUESDAY) in reads, timeout=10_000)
    heard.join()


def test_what_another_process_committed_before_the_desk_listened_is_read_again(
    qtbot, demo_clinic: Database
) -> None:
    """The window reads its week before its follower listens: a change committed in between
    is read when the follower is ready, not at the next safety poll."""
    window = open_window(qtbot, demo_clinic, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    cancelled = frontdesk(demo_clinic, "cancel", card.reference, "--reason", "client ill",
                          *NOW_OPTION)  # fmt: skip
    assert cancelled.returncode == 0, cancelled.stderr
    assert card.id in view.items_by_id  # nobody has told this window yet
    live = LiveChanges(demo_clinic)
    window.follow(live)
    try:
        assert live.ready.wait(10)
        qtbot.waitUntil(lambda: card.id not in view.items_by_id, timeout=10_000)
    finally:
        window.close()


def test_days_whose_read_failed_are_read_with_the_next_change(
    qtbot, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read of the changed days that fails (the network dropped a moment) leaves them out
    of date: the next change's read takes them too, they are not forgotten."""
    import ui.schedule_panel

    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.WEEK)
    errors: list[str] = []
    monkeypatch.setattr(window, "warn", errors.append)
    days_read: list[frozenset[date]] = []
    reload_days = ui.schedule_panel.reload_days

    def fails_once(database: Database, calendar: DeskCalendar, days: Any, now: datetime) -> Any:
        days_read.append(frozenset(days))
        if len(days_read) == 1:
            raise OSError("the network dropped a moment")
        return reload_days(database, calendar, days, now)

    monkeypatch.setattr(ui.schedule_panel, "reload_days", fails_once)
    monday = TUESDAY - timedelta(days=1)
    changes().announce({SESSIONS}, {monday})
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    changes().announce({SESSIONS}, {TUESDAY + timedelta(days=1)})
    qtbot.waitUntil(lambda: len(days_read) == 2, timeout=10_000)
    assert days_read == [frozenset({monday}), frozenset({monday, TUESDAY + timedelta(days=1)})]


def test_a_client_change_heard_with_another_days_session_still_reaches_the_panel(
    qtbot, demo_database: Database
) -> None:
    """One change may carry a client renamed and a session on another day: its days place
    the session, not the client, so the panel showing that client reads it again."""
    from sqlalchemy import update

    from db.models import Client, TherapySession

    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    assert window.calendar is not None
    card, _target = movable_to_another_day(window.calendar, status="scheduled")
    panel = open_panel(qtbot, window, card.reference)
    with demo_database.write() as session:
        client_id = session.get(TherapySession, card.id).client_id  # type: ignore[union-attr]
        session.execute(update(Client).where(Client.id == client_id).values(name="Renamed Here"))
    changes().announce({SESSIONS, CLIENTS}, {TUESDAY + timedelta(days=2)})
    qtbot.waitUntil(
        lambda: panel.details is not None and panel.details.client_name == "Renamed Here",
        timeout=10_000,
    )
