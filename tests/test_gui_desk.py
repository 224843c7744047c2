"""The front-desk window driven through its real widgets: sign in, the schedule views, drag
and drop (valid, invalid, override), the booking dialog, the session panel, month preview.

The demo clinic is frozen at 22 Nov 2026 15:00 UTC and the window's clock is set to that
moment, so the same starts are free or taken on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QListWidgetItem
from sqlalchemy import select

from app.auth.staff import StaffUser
from app.booking import BookingRequest, book, cancel
from app.desk_calendar import SessionCard
from db.engine import Database
from db.enums import Role, SessionStatus, SessionType
from db.models import AuditEntry, Client, Therapist, TherapySession
from ui.booking_dialog import BookingDialog
from ui.calendar_view import CalendarView, ViewMode
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.month_preview import MonthPreview
from ui.operations import CLIENTS, HOLDS, OUTBOX, SESSIONS, changes
from ui.override_dialog import SupervisorDialog

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
TUESDAY = date(2026, 11, 24)
FRONT_DESK = StaffUser("alex", "Alex", Role.FRONT_DESK)
SUPERVISOR = StaffUser("maria", "Maria", Role.SUPERVISOR)


def open_window(qtbot, database: Database, user: StaffUser | None, mode: ViewMode) -> MainWindow:
    window = MainWindow(database, user=user, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1500, 1100)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    window.set_mode(mode)
    with qtbot.waitSignal(window.calendar_shown, timeout=10_000):
        window.show_day(TUESDAY)
    window.calendar_view.zoom(0.45)  # the whole day fits without scrolling
    return window


def session_row(database: Database, reference: str) -> TherapySession:
    with database.read() as session:
        row = session.scalar(select(TherapySession).where(TherapySession.reference == reference))
        assert row is not None
        return row


def live_sessions(database: Database) -> list[tuple[str, datetime, int, int | None, str]]:
    with database.read() as session:
        return [
            (s.reference, s.starts_at, s.therapist_id, s.room_id, s.status.value)
            for s in session.scalars(select(TherapySession).order_by(TherapySession.id))
        ]


def find_target(
    view: CalendarView, card: SessionCard, wanted: Callable[[object], bool]
) -> tuple[int, datetime]:
    """A column and start for `card` whose check satisfies `wanted`."""
    calendar = view.calendar
    assert calendar is not None
    for index, column in enumerate(view.columns):
        for minute in range(view.first_minute, view.last_minute - 60, calendar.slot_minutes):
            start = view.start_at(
                column, view.y_of(datetime(2000, 1, 1, minute // 60, minute % 60))
            )
            therapist = column.therapist_id or card.therapist_id
            room = column.room_id or None
            check = calendar.check_move(card, start, therapist, room)
            if start != card.starts_at and wanted(check):
                return index, start
    raise AssertionError("no such target in the view")


def drag(qtbot, view: CalendarView, card: SessionCard, index: int, start: datetime) -> None:
    """Press on the card, move in steps to the target, (the caller releases)."""
    item = view.items_by_id[card.id]
    grab = item.boundingRect().center()
    offset = grab.y() - item._rect.top()
    press = view.mapFromScene(grab)
    target = view.mapFromScene(
        QPointF(view.x_of(index) + view.column_width / 2, view.y_of(start) + offset + 1)
    )
    QTest.mousePress(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press
    )
    for step in range(1, 6):
        point = press + (target - press) * step / 5
        QTest.mouseMove(view.viewport(), QPoint(int(point.x()), int(point.y())))
    assert view.drop_target is not None
    assert view.drop_target.start == start, (view.drop_target.start, start)


def release(view: CalendarView, card: SessionCard, index: int, start: datetime) -> None:
    item = view.items_by_id[card.id]
    offset = item.boundingRect().center().y() - item._rect.top()
    point = view.mapFromScene(
        QPointF(view.x_of(index) + view.column_width / 2, view.y_of(start) + offset + 1)
    )
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )


def hover_text(view: CalendarView, scene_point: QPointF) -> str:
    """The tooltip the view shows with the pointer resting at `scene_point`."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    local = view.mapFromScene(scene_point)
    event = QHelpEvent(QEvent.Type.ToolTip, local, view.viewport().mapToGlobal(local))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text()


def painted(view: CalendarView, scene_point: QPointF) -> str:
    """The colour the view shows at `scene_point`."""
    image = view.viewport().grab().toImage()
    return image.pixelColor(view.mapFromScene(scene_point)).name()


def movable_card(view: CalendarView, therapist_name: str) -> SessionCard:
    calendar = view.calendar
    assert calendar is not None
    therapist = next(t for t in calendar.therapists if t.name == therapist_name)
    return next(
        c
        for c in calendar.sessions
        if c.therapist_id == therapist.id and c.movable and c.starts_at.date() == TUESDAY
    )


def answer_modal(qtbot, fill: Callable[[QDialog], None]) -> list[str]:
    """Fill and accept the next modal dialog once it shows (exec() blocks the test)."""
    seen: list[str] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, act)
            return
        seen.append(type(dialog).__name__)
        fill(dialog)

    QTimer.singleShot(50, act)
    return seen


# -- sign in -------------------------------------------------------------------------


def test_sign_in_refuses_bad_credentials_and_remembers_the_last_user(
    qtbot, demo_database: Database
) -> None:
    dialog = LoginDialog(demo_database, lambda: NOW)
    qtbot.addWidget(dialog)
    assert dialog.username.text() == ""
    dialog.username.setText("maria")
    dialog.password.setText("wrong")
    dialog.submit()
    qtbot.waitUntil(lambda: "wrong password" in dialog.message.text())
    assert dialog.user is None and dialog.password.text() == ""
    dialog.submit()  # empty password: said so, nothing asked of the database
    assert "username and password" in dialog.message.text()
    dialog.password.setText("supervisor-demo")
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert dialog.user is not None
    assert (dialog.user.username, dialog.user.role) == ("maria", Role.SUPERVISOR)
    assert dialog.user.may_override
    again = LoginDialog(demo_database, lambda: NOW)
    qtbot.addWidget(again)
    assert again.username.text() == "maria"  # remembered on this desk


def test_sign_in_after_five_failures_says_how_long_to_wait(qtbot, demo_database: Database) -> None:
    dialog = LoginDialog(demo_database, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.username.setText("maria")
    for attempt in range(5):
        dialog.password.setText(f"wrong-{attempt}")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
        assert "wrong password" in dialog.message.text()
    dialog.password.setText("supervisor-demo")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10_000)
    assert dialog.message.text() == (
        "Too many failed attempts for this name; try again in 60 seconds."
    )
    assert dialog.user is None


# -- the views -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", [ViewMode.THERAPISTS, ViewMode.ROOMS, ViewMode.WEEK])
def test_views_show_the_loaded_sessions_blocks_and_loads(
    qtbot, demo_database: Database, mode: ViewMode
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, mode)
    view = window.calendar_view
    calendar = window.calendar
    assert calendar is not None
    if mode == ViewMode.WEEK:
        assert [c.day.weekday() for c in view.columns] == list(range(7))
        therapist = window.therapist_box.currentData()
        shown = {c.id for c in calendar.sessions if c.therapist_id == therapist}
        assert set(view.items_by_id) == shown
    else:
        assert {c.day for c in view.columns} == {TUESDAY}
        tuesday = {c.id for c in calendar.sessions if c.starts_at.date() == TUESDAY}
        assert set(view.items_by_id) == tuesday
    if mode == ViewMode.THERAPISTS:
        # the header load matches the database's count of the day's non-cancelled sessions
        column = view.columns[0]
        with demo_database.read() as session:
            count = sum(
                1
                for s in session.scalars(
                    select(TherapySession).where(
                        TherapySession.therapist_id == column.therapist_id,
                        TherapySession.status != SessionStatus.CANCELLED,
                    )
                )
                if s.starts_at.astimezone(calendar.zone).date() == TUESDAY
            )
        assert column.load == (count, calendar.therapist_by_id[column.therapist_id].cap)


def test_refresh_repaints_only_changed_items(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    before = dict(view.items_by_id)
    card = movable_card(view, "Dr. Emily Carter")
    cancel(demo_database, card.reference, "phoned in", actor="other-desk", now=NOW)
    with qtbot.waitSignal(window.calendar_shown, timeout=10_000):
        window.refresh()
    # the cancelled session is gone; every other item is the very same object as before
    assert card.id not in view.items_by_id
    assert set(view.items_by_id) == set(before) - {card.id}
    assert all(view.items_by_id[i] is before[i] for i in view.items_by_id)


# -- drag and drop -------------------------------------------------------------------


def carter_with_a_free_target(
    qtbot, database: Database
) -> tuple[MainWindow, CalendarView, SessionCard, int, datetime]:
    """The window by therapist, one of Dr. Carter's movable sessions, and a column and start
    the engine allows it to move to."""
    window = open_window(qtbot, database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index, start = find_target(view, card, lambda check: check.allowed)
    return window, view, card, index, start


def test_drag_to_a_free_start_moves_the_session_and_undo_puts_it_back(
    qtbot, demo_database: Database
) -> None:
    window, view, card, index, start = carter_with_a_free_target(qtbot, demo_database)
    drag(qtbot, view, card, index, start)
    assert view.ghost_state == "valid"
    assert "free" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.calendar_shown, timeout=10_000):
        release(view, card, index, start)
    qtbot.waitUntil(lambda: bool(window.undo_moves))
    moved = window.undo_moves[-1].reference
    assert session_row(demo_database, card.reference).status == SessionStatus.CANCELLED
    new = session_row(demo_database, moved)
    assert new.starts_at == start.astimezone(UTC)
    assert new.therapist_id == view.columns[index].therapist_id
    # Ctrl+Z: back where it was, as a move of its own
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: session_row(demo_database, moved).status == SessionStatus.CANCELLED)
    with demo_database.read() as session:
        back = session.scalar(
            select(TherapySession).where(TherapySession.rescheduled_from_id == new.id)
        )
        assert back is not None
        assert back.starts_at == card.starts_at.astimezone(UTC)


def test_a_move_is_announced_with_both_days_and_the_window_reloads_once(
    qtbot, demo_database: Database
) -> None:
    # Given a session dragged to a free start on another day of the shown week,
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.WEEK)
    view = window.calendar_view
    card, index, start = next(_moves_to_another_day(window))
    reloads: list[str] = []
    window.calendar_shown.connect(lambda: reloads.append("schedule"))
    window.model.modelReset.connect(lambda: reloads.append("list"))
    drag(qtbot, view, card, index, start)
    # when it is dropped, the move is announced once, with the day it left and the day it
    # went to,
    with qtbot.waitSignal(changes().changed, timeout=10_000) as announced:
        release(view, card, index, start)
    assert announced.args == [frozenset({SESSIONS, OUTBOX}), frozenset({TUESDAY, start.date()})]
    # and the window reloads the schedule and the day list once each, by hearing of it.
    qtbot.waitUntil(lambda: sorted(reloads) == ["list", "schedule"], timeout=10_000)
    QTest.qWait(300)
    assert sorted(reloads) == ["list", "schedule"]
    moved = window.undo_moves[-1].reference
    assert session_row(demo_database, moved).starts_at == start.astimezone(UTC)


def test_a_change_heard_while_the_week_is_read_is_read_again(
    qtbot, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week read that started before a change may miss it: the window reads the changed
    day again and only then draws, so the change is never lost behind a read on its way."""
    import threading

    import ui.schedule_panel

    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    calendar = window.calendar
    assert calendar is not None
    carter = next(t for t in calendar.therapists if t.key == "carter")
    service = next(s for s in calendar.services.values() if s.key == "individual")
    slots = calendar.day_slots(carter.id, service.id, TUESDAY).slots
    free = next(slot.start for slot in slots if slot.status == "available")
    request = BookingRequest("carter", "c0002", "individual", free)
    read_done, may_answer = threading.Event(), threading.Event()
    reads: list[tuple[str, int]] = []
    real_week, real_days = ui.schedule_panel.load_desk_calendar, ui.schedule_panel.reload_days

    def slow_first_read(*args: object, **kwargs: object) -> object:
        calendar = real_week(*args, **kwargs)  # type: ignore[arg-type]
        reads.append(("week", len(calendar.sessions)))
        if len(reads) == 1:  # the first read has what it read; it answers late
            read_done.set()
            may_answer.wait(10)
        return calendar

    def days_read(database: Database, calendar: Any, days: Any, now: datetime) -> object:
        again = real_days(database, calendar, days, now)
        reads.append((f"days {sorted(days)}", len(again.sessions)))
        return again

    monkeypatch.setattr(ui.schedule_panel, "load_desk_calendar", slow_first_read)
    monkeypatch.setattr(ui.schedule_panel, "reload_days", days_read)
    shown: list[int] = []
    window.calendar_shown.connect(lambda: shown.append(len(window.calendar.sessions)))  # type: ignore[union-attr]
    window.reload_schedule()  # e.g. the minute refresh
    assert read_done.wait(10)
    booked = book(demo_database, request, actor="alex", now=NOW)
    changes().announce({SESSIONS}, {TUESDAY})  # as the booking's write would
    may_answer.set()
    qtbot.waitUntil(lambda: booked.session_id in window.calendar_view.items_by_id)
    count = reads[0][1]
    # only the changed day was read again, and the stale answer was not drawn
    assert reads == [("week", count), (f"days {[TUESDAY]}", count + 1)]
    assert shown == [count + 1]


def _moves_to_another_day(window: MainWindow) -> Iterator[tuple[SessionCard, int, datetime]]:
    """Tuesday sessions of each therapist's week in turn (shown as it is reached) with a
    column and start on another day that the engine allows."""
    view, calendar = window.calendar_view, window.calendar
    assert calendar is not None
    for therapist in calendar.therapists:
        window.therapist_box.setCurrentIndex(window.therapist_box.findData(therapist.id))
        for card in calendar.sessions:
            if card.therapist_id != therapist.id or not card.movable:
                continue
            if card.starts_at.date() != TUESDAY:
                continue
            for index, column in enumerate(view.columns):
                if column.day == TUESDAY:
                    continue
                for minute in range(
                    view.first_minute, view.last_minute - 60, calendar.slot_minutes
                ):
                    start = view.start_at(
                        column, view.y_of(datetime(2000, 1, 1, minute // 60, minute % 60))
                    )
                    if calendar.check_move(card, start, therapist.id, None).allowed:
                        yield card, index, start


def test_drag_onto_a_booked_start_changes_nothing_and_says_why(
    qtbot, demo_database: Database, warnings: list[str]
) -> None:
    window = open_window(qtbot, demo_database, SUPERVISOR, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index, start = find_target(view, card, lambda check: check.reason == "booked")
    before = live_sessions(demo_database)
    drag(qtbot, view, card, index, start)
    assert view.ghost_state == "invalid"
    assert "already has a session" in window.statusBar().currentMessage()
    release(view, card, index, start)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "already has a session" in warnings[0]  # not overridable: no override offered
    assert live_sessions(demo_database) == before


def test_esc_cancels_a_drag(qtbot, demo_database: Database) -> None:
    window, view, card, index, start = carter_with_a_free_target(qtbot, demo_database)
    before = live_sessions(demo_database)
    drag(qtbot, view, card, index, start)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.ghost_state is None and view.drop_target is None
    release(view, card, index, start)
    QTest.qWait(200)
    assert live_sessions(demo_database) == before
    assert not window.undo_moves


def test_a_change_heard_during_a_drag_is_checked_at_once_and_drawn_when_it_ends(
    qtbot, demo_database: Database
) -> None:
    """The drag's checks take the fresh data at once; the items under the drag are never
    pulled away: they are redrawn once the drag ends."""
    window, view, card, index, start = carter_with_a_free_target(qtbot, demo_database)
    shown: list[str] = []
    window.calendar_shown.connect(lambda: shown.append("schedule"))
    week = window.calendar
    items = dict(view.items_by_id)
    drag(qtbot, view, card, index, start)
    with qtbot.waitSignal(window.schedule.calendar_read, timeout=10_000):
        changes().announce({SESSIONS}, {TUESDAY})  # another change of the shown week
    QTest.qWait(200)
    assert view.dragging and shown == []  # nothing redrawn under the drag,
    assert view.items_by_id == items and view.items_by_id[card.id].card is card
    assert view.calendar is window.calendar is not week  # but the checks use the fresh week
    QTest.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown == ["schedule"], timeout=10_000)


def overridable(check: object) -> bool:
    return not check.allowed and check.overridable and check.reason == "outside_hours"  # type: ignore[attr-defined]


def test_front_desk_is_not_offered_an_override(
    qtbot, demo_database: Database, warnings: list[str]
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index, start = find_target(view, card, overridable)
    before = live_sessions(demo_database)
    drag(qtbot, view, card, index, start)
    assert "a supervisor may override" in window.statusBar().currentMessage()
    release(view, card, index, start)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "does not work at" in warnings[0]
    assert live_sessions(demo_database) == before


def test_supervisor_overrides_with_credentials_and_reason_and_it_is_audited(
    qtbot, demo_database: Database
) -> None:
    window = open_window(qtbot, demo_database, SUPERVISOR, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index, start = find_target(view, card, overridable)
    drag(qtbot, view, card, index, start)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SupervisorDialog)
        assert dialog.username.text() == "maria"
        dialog.password.setText("supervisor-demo")
        dialog.reason.setText("crisis session")
        dialog.submit()

    seen = answer_modal(qtbot, fill)
    release(view, card, index, start)
    assert seen == ["SupervisorDialog"]
    qtbot.waitUntil(lambda: bool(window.undo_moves), timeout=10_000)
    new = session_row(demo_database, window.undo_moves[-1].reference)
    assert new.overridden and new.override_reason == "crisis session"
    with demo_database.read() as session:
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_id == new.id, AuditEntry.action == "session.reschedule"
            )
        )
        assert entry is not None and entry.actor == "maria"
        assert entry.after["authorised_by"] == "maria"
        assert "outside_hours" in entry.after["overridden_rules"]
        assert entry.reason == "crisis session"


def test_drag_to_another_room_column_moves_the_room(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.ROOMS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    index = next(
        i
        for i, column in enumerate(view.columns)
        if column.room_id not in (0, card.room_id)
        and view.calendar.check_move(card, card.starts_at, None, column.room_id).allowed  # type: ignore[union-attr]
    )
    drag(qtbot, view, card, index, card.starts_at)
    assert view.ghost_state == "valid"
    release(view, card, index, card.starts_at)
    qtbot.waitUntil(lambda: bool(window.undo_moves), timeout=10_000)
    new = session_row(demo_database, window.undo_moves[-1].reference)
    assert new.room_id == view.columns[index].room_id
    assert new.starts_at == card.starts_at.astimezone(UTC)


def test_keyboard_moves_the_selection_and_opens_the_session(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Down)
    first = view.selected_card()
    assert first is not None
    QTest.keyClick(view, Qt.Key.Key_Down)
    second = view.selected_card()
    assert second is not None and second.id != first.id
    column = view.column_of(second)
    assert column is not None
    QTest.keyClick(view, Qt.Key.Key_Right)
    right = view.selected_card()
    assert right is not None
    has_right = any(view.column_of(c) == column + 1 for c in view._cards())
    assert view.column_of(right) == (column + 1 if has_right else column)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(window, "session_panel", None) is not None)
    panel = window.session_panel
    qtbot.waitUntil(lambda: panel.details is not None)
    assert panel.details is not None and panel.details.reference == view.selected_card().reference  # type: ignore[union-attr]
    panel.close()


# -- booking dialog ------------------------------------------------------------------


def free_starts(dialog: BookingDialog) -> list[QListWidgetItem]:
    """The dialog's selectable, available starts, in time order."""
    items = [dialog.starts.item(i) for i in range(dialog.starts.count())]
    return [item for item in items if item.data(256) and item.data(256)[1]]


def choose_client(qtbot, dialog: BookingDialog, text: str) -> None:
    dialog.client_search.setText(text)
    qtbot.waitUntil(
        lambda: dialog.client_list.count() > 0 and bool(dialog.client_list.item(0).data(256))
    )
    dialog.client_list.setCurrentRow(0)
    dialog._client_chosen(dialog.client_list.item(0))


def test_booking_dialog_books_a_free_start(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.name == "Dr. Emily Carter")  # type: ignore[union-attr]
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    # unavailable starts are shown greyed with their reason and cannot be chosen
    texts = [dialog.starts.item(i).text() for i in range(dialog.starts.count())]
    assert "Morning" in texts and any("booked" in t for t in texts)
    choose_client(qtbot, dialog, "Harris")
    free = free_starts(dialog)[0]
    dialog.starts.setCurrentItem(free)
    assert dialog.room.itemText(0).startswith("Automatic — ")
    dialog.notes.setText("first visit after referral")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        QTest.keyClick(dialog, Qt.Key.Key_Return)  # Enter books
    result = dialog.result_booking
    assert result is not None
    # the window hears of the booking and shows it
    qtbot.waitUntil(lambda: result.session_id in window.calendar_view.items_by_id)
    row = session_row(demo_database, result.reference)
    assert row.therapist_id == carter.id and row.notes == "first visit after referral"
    assert row.starts_at == free.data(256)[0].astimezone(UTC)
    assert result.session_id in window.calendar_view.items_by_id


def test_booking_dialog_refusal_shows_reason_and_alternatives(
    qtbot, demo_database: Database
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.name == "Dr. Emily Carter")  # type: ignore[union-attr]
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    choose_client(qtbot, dialog, "Harris")
    free = free_starts(dialog)[0]
    dialog.starts.setCurrentItem(free)
    # another desk takes that start meanwhile
    with demo_database.read() as session:
        other = session.scalars(select(Client).order_by(Client.id.desc())).first()
        assert other is not None
    # our hold keeps it only for the clinic's hold time (10 min): later, it is fair game
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    book(
        demo_database,
        BookingRequest(
            "carter",
            other.key,
            dialog.calendar.services[dialog.service.currentData()].key,  # type: ignore[union-attr]
            free.data(256)[0],
        ),
        actor="other-desk",
        now=NOW + timedelta(minutes=11),
    )
    before = live_sessions(demo_database)
    dialog.submit()
    qtbot.waitUntil(lambda: "Not booked" in dialog.message.text(), timeout=10_000)
    assert "already has a session" in dialog.message.text()
    assert len(dialog.alternative_buttons()) == 3
    assert live_sessions(demo_database) == before
    # an alternative is one click away
    dialog.alternative_buttons()[0].click()
    qtbot.waitUntil(lambda: dialog.chosen_start() is not None)


def test_booking_dialog_offers_no_start_the_client_is_busy_at(
    qtbot, demo_database: Database
) -> None:
    """The client takes a session with another therapist at the chosen start meanwhile:
    the refusal says so and its buttons offer only starts the client is free at."""
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    dialog = window.open_booking()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    calendar = dialog.calendar
    assert calendar is not None
    choose_client(qtbot, dialog, "Harris")
    client = dialog.client
    assert client is not None
    service = calendar.services[dialog.service.currentData()]

    def free(therapist_id: int) -> list[datetime]:
        slots = calendar.day_slots(therapist_id, service.id, TUESDAY).slots
        return [s.start for s in slots if s.status == "available"]

    # the therapist with the most free starts, and one of them another therapist gives the
    # client (as another desk would)
    chosen = max(calendar.therapists, key=lambda t: len(free(t.id)))
    start = None
    for candidate in free(chosen.id):
        for other in (t for t in calendar.therapists if t.id != chosen.id):
            if candidate in free(other.id):
                book(demo_database, BookingRequest(other.key, client.key, service.key, candidate),
                     actor="other-desk", now=NOW)  # fmt: skip
                start = candidate
                break
        if start is not None:
            break
    assert start is not None
    end = start + timedelta(minutes=service.duration_minutes)
    dialog.therapist.setCurrentIndex(dialog.therapist.findData(chosen.id))
    assert dialog.starts.select_start(start.astimezone(calendar.zone))
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    before = live_sessions(demo_database)
    dialog.submit()
    qtbot.waitUntil(lambda: "Not booked" in dialog.message.text(), timeout=10_000)
    assert "the client already has a session at that time" in dialog.message.text()
    offered = [b.text() for b in dialog.alternative_buttons()]
    assert len(offered) == 3
    local = start.astimezone(calendar.zone)
    assert f"{local:%a %d %b %H:%M}" not in offered
    for text in offered:  # none overlaps the client's other session
        when = datetime.strptime(f"{local.year} {text}", "%Y %a %d %b %H:%M")
        begins = when.replace(tzinfo=calendar.zone)
        assert begins >= end or begins + (end - start) <= start
    assert live_sessions(demo_database) == before


def new_to(database: Database, therapist_key: str) -> Client:
    """A client who never had a session with that therapist that was not cancelled, and
    has none on Tuesday (free whatever start is chosen)."""
    live = TherapySession.status != SessionStatus.CANCELLED
    with database.read() as session:
        seen = (
            select(TherapySession.client_id)
            .join(Therapist, Therapist.id == TherapySession.therapist_id)
            .where(Therapist.key == therapist_key, live)
        )
        tuesday = datetime(2026, 11, 24, tzinfo=UTC)
        busy = select(TherapySession.client_id).where(
            live,
            TherapySession.starts_at > tuesday - timedelta(days=1),
            TherapySession.starts_at < tuesday + timedelta(days=2),
        )
        client = session.scalars(
            select(Client).where(Client.id.not_in(seen), Client.id.not_in(busy)).order_by(Client.id)
        ).first()
        assert client is not None
        return client


@pytest.mark.parametrize("user", [FRONT_DESK, SUPERVISOR], ids=["front_desk", "supervisor"])
def test_booking_dialog_warns_that_a_limited_therapist_takes_no_new_clients(
    qtbot, demo_database: Database, user: StaffUser
) -> None:
    """Dr. Rossi is limited: once she, a client new to her and the type are chosen, the
    dialog says so before Book; a front desk's Book is refused with the reason, a
    supervisor's asks for the override and books."""
    window = open_window(qtbot, demo_database, user, ViewMode.THERAPISTS)
    calendar = window.calendar
    assert calendar is not None
    rossi = next(t for t in calendar.therapists if t.key == "rossi")
    dialog = window.open_booking(rossi.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    newcomer = new_to(demo_database, "rossi")
    choose_client(qtbot, dialog, newcomer.name)
    assert dialog.client is not None and dialog.client.key == newcomer.key
    sentence = "Giulia Rossi, PsyD is not taking new clients"
    qtbot.waitUntil(lambda: dialog.new_client_warning == sentence, timeout=10_000)
    assert sentence in dialog.new_client_label.text()
    dialog.session_type.setCurrentIndex(dialog.session_type.findData(SessionType.INITIAL))
    qtbot.waitUntil(lambda: "initial session" in dialog.new_client_label.text())
    dialog.session_type.setCurrentIndex(dialog.session_type.findData(SessionType.FOLLOW_UP))
    qtbot.waitUntil(lambda: dialog.new_client_warning == sentence, timeout=10_000)
    dialog.starts.setCurrentItem(free_starts(dialog)[0])
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    before = live_sessions(demo_database)
    if user is FRONT_DESK:
        dialog.submit()
        qtbot.waitUntil(lambda: "Not booked" in dialog.message.text(), timeout=10_000)
        assert sentence in dialog.message.text()
        assert live_sessions(demo_database) == before
        return

    asked: list[str] = []

    def fill() -> None:  # the booking dialog is modal too: wait for the one it opens
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, SupervisorDialog):
            QTimer.singleShot(50, fill)
            return
        asked.append(modal.windowTitle())
        modal.password.setText("supervisor-demo")
        modal.reason.setText("referral from the GP")
        modal.submit()

    QTimer.singleShot(50, fill)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    assert asked == ["Override"]
    assert dialog.result_booking is not None
    assert dialog.result_booking.overridden_rules == ("not_taking_new_clients",)


def test_a_supervisor_dropping_a_session_on_a_limited_therapist_is_asked_to_override(
    qtbot, demo_database: Database, warnings: list[str]
) -> None:
    """The drag cannot know the client is new to Dr. Rossi (she is limited); the turn
    refuses, and a supervisor is then asked for the override and the move goes through."""
    window = open_window(qtbot, demo_database, SUPERVISOR, ViewMode.THERAPISTS)
    view = window.calendar_view
    calendar = view.calendar
    assert calendar is not None
    rossi = next(t for t in calendar.therapists if t.key == "rossi")
    carter = next(t for t in calendar.therapists if t.name == "Dr. Emily Carter")
    with demo_database.read() as session:
        seen_by_rossi = set(
            session.scalars(
                select(TherapySession.client_id).where(
                    TherapySession.therapist_id == rossi.id,
                    TherapySession.status != SessionStatus.CANCELLED,
                )
            )
        )
    card = next(
        c
        for c in calendar.sessions
        if c.therapist_id == carter.id
        and c.movable
        and c.starts_at.date() == TUESDAY
        and c.client_id not in seen_by_rossi
    )
    column = next(i for i, c in enumerate(view.columns) if c.therapist_id == rossi.id)
    index, start = column, _free_start_in(view, card, column)
    drag(qtbot, view, card, index, start)
    assert view.ghost_state == "valid"

    said: list[str] = []

    def fill(dialog: QDialog) -> None:  # asserted after: a failure here would leave it open
        said.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.password.setText("supervisor-demo")  # type: ignore[attr-defined]
        dialog.reason.setText("referral from the GP")  # type: ignore[attr-defined]
        dialog.submit()  # type: ignore[attr-defined]

    seen = answer_modal(qtbot, fill)
    release(view, card, index, start)
    qtbot.waitUntil(lambda: bool(window.undo_moves), timeout=15_000)
    assert seen == ["SupervisorDialog"]
    assert any("not taking new clients" in text for text in said), said
    assert warnings == []
    new = session_row(demo_database, window.undo_moves[-1].reference)
    assert new.therapist_id == rossi.id and new.overridden
    assert new.override_reason == "referral from the GP"


def _free_start_in(view: CalendarView, card: SessionCard, index: int) -> datetime:
    """A start in column `index` the drag shows as valid for `card`."""
    calendar = view.calendar
    assert calendar is not None
    column = view.columns[index]
    for minute in range(view.first_minute, view.last_minute - 60, calendar.slot_minutes):
        start = view.start_at(column, view.y_of(datetime(2000, 1, 1, minute // 60, minute % 60)))
        if calendar.check_move(card, start, column.therapist_id, None).allowed:
            return start
    raise AssertionError("no free start in that column")


def test_new_client_is_validated_then_added(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    dialog = window.open_booking()
    assert dialog is not None
    dialog.new_client_button.click()
    dialog.new_name.setText("Nora Quinn")
    dialog.new_phone.setText("12")
    dialog.save_new_client()
    qtbot.waitUntil(lambda: "phone" in dialog.message.text())
    assert dialog.client is None
    with demo_database.read() as session:
        assert session.scalar(select(Client).where(Client.name == "Nora Quinn")) is None
    dialog.new_phone.setText("(555) 010-7788")
    dialog.new_email.setText("Nora.Quinn@Example.com")
    dialog.save_new_client()
    qtbot.waitUntil(lambda: dialog.client is not None)
    assert dialog.client is not None and dialog.client.key == "nquinn"
    assert dialog.client.email == "nora.quinn@example.com"


def test_the_booking_dialogs_writes_are_announced_with_their_day(
    qtbot, demo_database: Database
) -> None:
    """A hold, a new client and the booking each tell every view what they changed."""
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.name == "Dr. Emily Carter")  # type: ignore[union-attr]
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    free = free_starts(dialog)[0]
    day = free.data(256)[0].date()
    with qtbot.waitSignal(changes().changed, timeout=10_000) as held:
        dialog.starts.setCurrentItem(free)
    assert held.args == [frozenset({HOLDS}), frozenset({day})]
    dialog.new_client_button.click()
    dialog.new_name.setText("Nora Quinn")
    dialog.new_phone.setText("(555) 010-7788")
    with qtbot.waitSignal(changes().changed, timeout=10_000) as added:
        dialog.save_new_client()
    assert added.args == [frozenset({CLIENTS}), frozenset()]
    qtbot.waitUntil(lambda: dialog.client is not None)
    with qtbot.waitSignal(
        changes().changed, timeout=10_000, check_params_cb=lambda kinds, _days: SESSIONS in kinds
    ) as booked:
        dialog.submit()
    assert booked.args == [frozenset({SESSIONS, HOLDS, OUTBOX}), frozenset({day})]


# -- session panel and month preview -------------------------------------------------


def open_a_tuesday_session(qtbot, database: Database) -> tuple[MainWindow, SessionCard, Any]:
    """The window, a scheduled Tuesday session, and its panel once loaded."""
    window = open_window(qtbot, database, FRONT_DESK, ViewMode.THERAPISTS)
    card = next(
        c
        for c in window.calendar.sessions  # type: ignore[union-attr]
        if c.status == "scheduled" and c.starts_at.date() == TUESDAY
    )
    panel = window.open_session(card.reference)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.details is not None)
    return window, card, panel


def test_session_panel_changes_status_and_cancels_with_a_reason(
    qtbot, demo_database: Database
) -> None:
    _window, card, panel = open_a_tuesday_session(qtbot, demo_database)
    assert set(panel.status_buttons) == {"confirmed", "in_progress", "no_show"}
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.status_buttons["confirmed"].click()
    assert session_row(demo_database, card.reference).status == SessionStatus.CONFIRMED
    assert set(panel.status_buttons) == {"in_progress", "no_show"}
    assert [line.action for line in panel.details.history][-1] == "status"  # type: ignore[union-attr]
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.cancel_with("client has the flu")
    row = session_row(demo_database, card.reference)
    assert row.status == SessionStatus.CANCELLED and row.cancellation_reason == "client has the flu"
    assert panel.cancel_button is None and not panel.status_buttons


def test_a_status_change_in_the_session_panel_reloads_the_window_for_its_day(
    qtbot, demo_database: Database
) -> None:
    window, card, panel = open_a_tuesday_session(qtbot, demo_database)
    with (
        qtbot.waitSignal(window.calendar_shown, timeout=10_000),
        qtbot.waitSignal(changes().changed, timeout=10_000) as announced,
    ):
        panel.status_buttons["confirmed"].click()
    assert announced.args == [frozenset({SESSIONS, OUTBOX}), frozenset({TUESDAY})]
    shown = next(c for c in window.calendar.sessions if c.id == card.id)  # type: ignore[union-attr]
    assert shown.status == "confirmed"


def test_month_preview_shows_booked_over_cap_and_days_off(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.WEEK)
    preview = MonthPreview(
        demo_database,
        lambda: NOW,
        window,
        therapist_id=next(t.id for t in window.calendar.therapists if t.key == "carter"),  # type: ignore[union-attr]
        month=date(2026, 11, 1),
    )
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.summary is not None, timeout=10_000)
    summary = preview.summary
    assert summary is not None and len(summary.days) == 30
    tuesday = next(d for d in summary.days if d.day == TUESDAY)
    cell = preview.cell_for(TUESDAY)
    assert cell is not None and f"{tuesday.booked}/{tuesday.cap}" in cell.text()
    assert preview.therapist.currentData() == "carter"
    past = preview.cell_for(date(2026, 11, 2))  # a Monday she works, already gone
    assert past is not None and past.text().endswith("Too soon")
    sunday = preview.cell_for(date(2026, 11, 29))
    assert sunday is not None and sunday.text() == "29\nDay off"
    assert preview.next_label.text().startswith("Next free start:")


def test_an_open_month_preview_follows_changes_of_its_month(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.key == "carter")  # type: ignore[union-attr]
    preview = MonthPreview(
        demo_database, lambda: NOW, window, therapist_id=carter.id, month=date(2026, 11, 1)
    )
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.summary is not None, timeout=10_000)
    before = next(d for d in preview.summary.days if d.day == TUESDAY)  # type: ignore[union-attr]
    calendar = window.calendar
    assert calendar is not None
    service = next(iter(calendar.services))
    start = next(
        s.start
        for s in calendar.day_slots(carter.id, service, TUESDAY).slots
        if s.status.value == "available"
    )
    request = BookingRequest("carter", "c0002", calendar.services[service].key, start)
    book(demo_database, request, actor="other-desk", now=NOW)
    # a change of its month is announced: the preview reads the month again
    changes().announce({SESSIONS}, {TUESDAY})
    qtbot.waitUntil(
        lambda: (
            next(d for d in preview.summary.days if d.day == TUESDAY).booked  # type: ignore[union-attr]
            == before.booked + 1
        ),
        timeout=10_000,
    )


def test_qt_bindings_do_not_drop_references_to_none() -> None:
    """PySide6 6.12.0 dropped a reference to None on every method call of a Python subclass
    of a Qt class; a window running all day then crashed. The pin in pyproject keeps it out."""
    import sys

    from PySide6.QtWidgets import QGraphicsRectItem

    class Plain(QGraphicsRectItem):
        pass

    item = Plain()
    before = sys.getrefcount(None)
    for z in range(2000):
        item.setZValue(z)
    assert sys.getrefcount(None) >= before - 50


def test_drag_on_empty_time_opens_the_booking_dialog_at_that_start(
    qtbot, demo_database: Database
) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    calendar = window.calendar
    assert calendar is not None
    carter = next(t for t in calendar.therapists if t.name == "Dr. Emily Carter")
    index = next(i for i, c in enumerate(view.columns) if c.therapist_id == carter.id)
    free = next(
        s.start
        for s in calendar.day_slots(carter.id, next(iter(calendar.services)), TUESDAY).slots
        if s.status.value == "available"
    ).astimezone(calendar.zone)
    x = view.x_of(index) + view.column_width / 2
    press = view.mapFromScene(QPointF(x, view.y_of(free) + 1))
    end = view.mapFromScene(QPointF(x, view.y_of(free) + 40))
    QTest.mousePress(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press
    )
    QTest.mouseMove(view.viewport(), end)
    assert view.ghost_state == "valid"
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end
    )
    dialog = window.booking_dialog
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.chosen_start() is not None)
    assert dialog.chosen_start() == free
    assert dialog.therapist.currentData() == carter.id
    dialog.reject()


def test_delete_asks_for_a_reason_and_cancels(qtbot, demo_database: Database) -> None:
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    view = window.calendar_view
    card = movable_card(view, "Dr. Emily Carter")
    view.select(card.id)
    view.setFocus()
    # Tue is more than a day ahead of the clock: not late, so no supervisor is asked for.
    QTest.keyClick(view, Qt.Key.Key_Delete)
    panel = window.dialogs.session_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.charge_dialog is not None, timeout=10_000)
    dialog = panel.charge_dialog
    assert dialog is not None and dialog.reason is not None and dialog.waive_button is None
    # not late: no fee; what the demo's client paid ahead (if anything) becomes credit
    assert dialog.charge.text().startswith("No fee.")
    dialog.reason.setText("client moved away")
    dialog.confirm.click()
    qtbot.waitUntil(
        lambda: session_row(demo_database, card.reference).status == SessionStatus.CANCELLED,
        timeout=10_000,
    )
    assert session_row(demo_database, card.reference).cancellation_reason == "client moved away"
    assert not session_row(demo_database, card.reference).late_cancellation
    qtbot.waitUntil(lambda: card.id not in view.items_by_id, timeout=10_000)


def test_a_session_cancelled_at_another_desk_mid_drag_ends_the_drag(
    qtbot, demo_database: Database
) -> None:
    window, view, card, index, start = carter_with_a_free_target(qtbot, demo_database)
    drag(qtbot, view, card, index, start)
    window._refresh_unless_busy()  # the minute timer leaves a drag alone
    assert view.dragging and window.calendar is not None
    cancel(demo_database, card.reference, "phoned in", actor="other-desk", now=NOW)
    with qtbot.waitSignal(window.calendar_shown, timeout=10_000):
        window.refresh()  # F5 does reload
    assert not view.dragging and view.ghost_state is None
    assert "another desk" in window.statusBar().currentMessage()
    point = view.mapFromScene(QPointF(view.x_of(index) + 5, view.y_of(start) + 5))
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    QTest.qWait(100)
    assert not window.undo_moves


def test_the_chosen_start_is_held_for_other_desks_until_booked_or_closed(
    qtbot, demo_database: Database
) -> None:
    from app.booking import BookingRefusedError
    from app.desk_calendar import load_desk_calendar
    from db.models import BookingHold

    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.name == "Dr. Emily Carter")  # type: ignore[union-attr]
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    dialog.date.setDate(date(2026, 11, 26))  # a Thursday with several free starts
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.calendar.first_day.day == 26)
    qtbot.waitUntil(lambda: dialog.starts.count() > 3)
    free = free_starts(dialog)
    assert len(free) >= 2
    dialog.starts.setCurrentItem(free[0])
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    assert dialog.hold_label.text().startswith("Held for you until")
    start = free[0].data(256)[0]
    # another desk sees it held and cannot book it
    thursday = date(2026, 11, 26)
    other = load_desk_calendar(demo_database, thursday, thursday, NOW)
    assert [(h.therapist_id, h.starts_at) for h in other.holds] == [(carter.id, start)]
    with pytest.raises(BookingRefusedError) as refused:
        book(
            demo_database,
            BookingRequest("carter", "c0002", "individual", start),
            actor="other-desk",
            now=NOW,
        )
    assert refused.value.reason == "held"
    # choosing another start gives the first one back and holds the new one
    dialog.starts.setCurrentItem(free[1])
    qtbot.waitUntil(
        lambda: dialog._held is not None and dialog._held[3] == free[1].data(256)[0],
        timeout=10_000,
    )
    qtbot.waitUntil(
        lambda: len(load_desk_calendar(demo_database, thursday, thursday, NOW).holds) == 1
    )
    # booking turns our hold into the session
    choose_client(qtbot, dialog, "Harris")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    assert dialog.result_booking is not None
    with demo_database.read() as session:
        assert session.scalars(select(BookingHold)).all() == []
    # closing a dialog without booking gives its hold back at once
    again = window.open_booking(carter.id)
    assert again is not None
    qtbot.waitUntil(lambda: again.calendar is not None and again.starts.count() > 3)
    again.starts.setCurrentItem(free_starts(again)[0])
    qtbot.waitUntil(lambda: again._held is not None, timeout=10_000)
    again.reject()
    qtbot.waitUntil(
        lambda: (
            not load_desk_calendar(demo_database, TUESDAY, TUESDAY, NOW).holds
            and not load_desk_calendar(demo_database, thursday, thursday, NOW).holds
        ),
        timeout=10_000,
    )


def test_enter_then_esc_while_the_hold_is_on_its_way_books_nothing(
    qtbot, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter waits for the chosen start's hold; closing the dialog meanwhile means no: the
    hold, when it arrives, is given back and nothing is booked."""
    import threading

    import ui.booking_dialog
    from db.models import BookingHold

    arrived, may_answer = threading.Event(), threading.Event()
    real = ui.booking_dialog.hold

    def slow_hold(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        arrived.set()
        may_answer.wait(10)
        return result

    monkeypatch.setattr(ui.booking_dialog, "hold", slow_hold)
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.name == "Dr. Emily Carter")  # type: ignore[union-attr]
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    choose_client(qtbot, dialog, "Harris")
    before = live_sessions(demo_database)
    dialog.starts.setCurrentItem(free_starts(dialog)[0])
    assert arrived.wait(10)
    dialog.submit()  # Enter: waits for the hold
    dialog.reject()  # Esc
    may_answer.set()
    qtbot.waitUntil(lambda: dialog._holding == 0, timeout=10_000)

    def holds() -> list[BookingHold]:
        with demo_database.read() as session:
            return list(session.scalars(select(BookingHold)))

    qtbot.waitUntil(lambda: not holds(), timeout=10_000)  # given back
    QTest.qWait(300)
    assert dialog.result_booking is None and live_sessions(demo_database) == before


def test_the_window_opens_on_the_clinics_today_by_its_clock(qtbot, demo_database: Database) -> None:
    late_evening = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # still Sunday 22:30 in New York
    window = MainWindow(demo_database, user=FRONT_DESK, clock=lambda: late_evening)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    assert window.shown_day == date(2026, 11, 22)
    window.next_button.click()
    window.today_button.click()
    assert window.shown_day == date(2026, 11, 22)


def test_the_window_moves_on_screen_like_any_widget(qtbot, demo_database: Database) -> None:
    """`QWidget.move(x, y)` positions the window (a `move` of sessions once hid it)."""
    window = MainWindow(demo_database, user=FRONT_DESK, clock=lambda: NOW)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    window.move(40, 30)
    assert window.pos() == QPoint(40, 30)


def test_week_view_shades_blocks_shows_holds_greys_off_hours_and_zooms(
    qtbot, demo_database: Database
) -> None:
    from PySide6.QtGui import QWheelEvent

    from app.booking import hold

    carter_hold = at_local("2026-11-24T16:00")
    hold(demo_database, "carter", "individual", carter_hold, actor="maria", now=NOW)
    window = open_window(qtbot, demo_database, FRONT_DESK, ViewMode.WEEK)
    carter = next(t for t in window.calendar.therapists if t.key == "carter")  # type: ignore[union-attr]
    window.therapist_box.setCurrentIndex(window.therapist_box.findData(carter.id))
    view = window.calendar_view
    calendar = window.calendar
    assert calendar is not None
    backdrop = view.scene().backdrop
    # the Monday block: shaded, its type and reason on hover
    days = [column.day for column in view.columns]
    meeting = next(
        b
        for b in calendar.blocks
        if b.therapist_id == carter.id and b.block_type == "meeting" and b.starts_at.date() in days
    )
    middle = QPointF(
        view.x_of(days.index(meeting.starts_at.date())) + view.column_width / 2,
        (view.y_of(meeting.starts_at) + view.y_of(meeting.ends_at)) / 2,
    )
    assert hover_text(view, middle) == "Meeting: Team meeting"
    assert painted(view, middle) not in ("#ffffff", "#e3e6e8")
    # the hold, at its start in Tuesday's column, said so on hover
    assert len(backdrop.holds) == 1
    held = backdrop.holds[0].rect
    tuesday = next(i for i, c in enumerate(view.columns) if c.day == TUESDAY)
    assert held.left() == pytest.approx(view.x_of(tuesday) + 3)
    assert held.top() == pytest.approx(view.y_of(carter_hold))
    assert hover_text(view, held.center()) == "Held for a booking in progress"
    # off hours grey, working hours white, in the column of each day
    assert [colour.name() for _, colour in backdrop.column_fills] == ["#e3e6e8"] * 7
    assert len(backdrop.working) >= 1
    sunday = days.index(date(2026, 11, 29))  # her day off
    early = view.grid.y_of_minute(view.first_minute + 7)  # between two grid lines
    assert painted(view, QPointF(view.x_of(sunday) + view.column_width / 2, early)) == "#e3e6e8"
    free = next(
        point
        for window_rect in backdrop.working
        for minute in range(view.first_minute, view.last_minute, 15)
        if window_rect.contains(
            point := QPointF(window_rect.center().x(), view.grid.y_of_minute(minute + 7))
        )
        and not view.items(view.mapFromScene(point))
        and not view.scene().tooltip_at(point)
    )
    assert painted(view, free) == "#ffffff"
    # colour by service changes the cards' colour; Ctrl+wheel zooms
    card = next(iter(view.items_by_id.values())).card
    by_therapist = view.colour_of(card)
    window.colour_box.setCurrentIndex(1)
    assert view.colour_of(card) == window.calendar.services[card.service_id].colour  # type: ignore[union-attr]
    assert view.colour_of(card) != by_therapist
    before = view.pixels_per_minute
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        view.mapToGlobal(centre.toPoint()).toPointF(),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.pixels_per_minute == pytest.approx(before * 1.15)


def test_a_supervisor_waives_a_late_cancellation(qtbot, demo_database: Database) -> None:

    soon = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 03:00 in New York: inside the 24 h
    window = MainWindow(demo_database, user=SUPERVISOR, clock=lambda: soon)
    qtbot.addWidget(window)
    card = next(
        s
        for s in load_tuesday(demo_database)
        if s.status == "scheduled" and s.starts_at.astimezone(UTC) > soon
    )
    panel = window.open_session(card.reference)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.details is not None, timeout=10_000)
    assert panel.details is not None and panel.details.late_if_cancelled_now
    panel.ask_cancel()
    qtbot.waitUntil(lambda: panel.charge_dialog is not None, timeout=10_000)
    confirm = panel.charge_dialog
    assert confirm is not None and confirm.reason is not None and confirm.waive_button
    assert confirm.charge.text().startswith("Late cancellation")
    confirm.reason.setText("family emergency")

    def waive(dialog: QDialog) -> None:
        assert isinstance(dialog, SupervisorDialog)
        dialog.password.setText("supervisor-demo")
        dialog.reason.setText("hospital")
        dialog.submit()

    answer_modal(qtbot, waive)
    confirm.waive_button.click()
    assert confirm.charge.text().startswith("Waived by maria, so not late.")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        confirm.confirm.click()
    row = session_row(demo_database, card.reference)
    assert row.status == SessionStatus.CANCELLED and not row.late_cancellation
    with demo_database.read() as session:
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_id == row.id, AuditEntry.action == "session.cancel"
            )
        )
        assert entry is not None and entry.after["notice_waived_by"] == "maria"


def at_local(text: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("America/New_York"))


def load_tuesday(database: Database) -> list[SessionCard]:
    from app.desk_calendar import load_desk_calendar

    return load_desk_calendar(database, TUESDAY, TUESDAY, NOW).sessions
