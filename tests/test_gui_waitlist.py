"""The waitlist at the desk (docs/desk.md, Waitlist and Inbox), driven through the real
widgets on a real database: a client put on the waitlist from a full day, a cancellation
elsewhere, the inbox's match, booking it, and the entry closing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from app.auth.staff import StaffUser
from app.booking import BookingRequest, cancel
from app.booking import book as book_session
from app.clients.editing import archive_client
from app.clients.finding import ClientMatch, find_clients
from app.clinic_file import import_clinic
from app.inbox import WAITLIST_MATCH
from app.waitlist import WaitlistRequest, add_entry, remove_entry
from db.engine import Database
from db.enums import Role
from db.models import Service, Therapist, WaitlistEntry, WaitlistMatch
from tests.booking_support import at, booking_clinic
from ui.booking_dialog import BookingDialog
from ui.client_profile import ClientProfileDialog
from ui.inbox_panel import InboxPanel
from ui.live import LiveChanges
from ui.main_window import MainWindow
from ui.waitlist_dialog import WaitlistDialog

NOW = at("2026-10-05T08:00").astimezone(UTC)  # a Monday
TUESDAY, WEDNESDAY = date(2026, 10, 6), date(2026, 10, 7)
ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)


def clinic_data(**kim: Any) -> dict[str, Any]:
    data = booking_clinic()
    data["therapists"][0]["blocks"] = []
    data["therapists"][1].update(kim)
    return data


@pytest.fixture
def clinic(database: Database) -> Database:
    import_clinic(database, clinic_data(), actor="test")
    return database


@pytest.fixture
def sqlite_clinic(sqlite_database: Database) -> Database:
    import_clinic(sqlite_database, clinic_data(), actor="test")
    return sqlite_database


def fill_wednesday(database: Database) -> list[str]:
    """Dr. Carter's Wednesday at its cap of 3: no start is left for anyone."""
    return [
        book_session(
            database,
            BookingRequest("carter", client, "individual", at(f"2026-10-07T{start}")),
            actor="other-desk",
            now=NOW,
        ).reference
        for client, start in (("c1", "09:00"), ("c2", "10:00"), ("c1", "14:00"))
    ]


def ids(database: Database) -> dict[str, int]:
    with database.read() as session:
        found = {key: id_ for id_, key in session.execute(select(Therapist.id, Therapist.key))}
        found.update({key: id_ for id_, key in session.execute(select(Service.id, Service.key))})
    return found


def client(database: Database, key: str) -> ClientMatch:
    return next(match for match in find_clients(database, key) if match.key == key)


def waitlist_rows(database: Database) -> list[tuple[Any, ...]]:
    """The waitlist's tables as stored (what a refusal must leave untouched)."""
    entry = WaitlistEntry
    with database.read() as session:
        entries = session.execute(
            select(
                entry.id, entry.client_id, entry.service_id, entry.therapist_id, entry.weekdays,
                entry.earliest_minute, entry.latest_minute, entry.from_date, entry.to_date,
                entry.closed_reason, entry.session_id,
            ).order_by(entry.id)
        ).all()  # fmt: skip
        matches = session.execute(
            select(
                WaitlistMatch.entry_id, WaitlistMatch.therapist_id, WaitlistMatch.starts_at
            ).order_by(WaitlistMatch.id)
        ).all()
    return [tuple(row) for row in entries] + [("match", *row) for row in matches]


def open_window(qtbot: Any, database: Database) -> MainWindow:
    window = MainWindow(database, user=ALEX, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    return window


@pytest.fixture
def live_window(qtbot: Any, clinic: Database) -> Iterator[MainWindow]:
    """The window following the database's change signal, as at a real desk."""
    window = open_window(qtbot, clinic)
    live = LiveChanges(clinic)
    window.follow(live)
    assert live.ready.wait(10)
    yield window
    window.close()  # stops the follower


def tab_chain(dialog: QWidget) -> list[QWidget]:
    """The widgets Tab reaches in `dialog`, in order (visible, enabled, taking Tab)."""
    chain, widget = [], dialog.nextInFocusChain()
    while widget is not dialog and widget not in chain:
        if (
            widget.isVisibleTo(dialog)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def matches_shown(panel: InboxPanel) -> list[Any]:
    rows = (panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount()))
    return [row for row in rows if row.data(0, Qt.ItemDataRole.UserRole).kind == WAITLIST_MATCH]


def test_a_waiting_client_is_offered_a_freed_start_booked_from_the_inbox_and_the_entry_closes(
    qtbot: Any, live_window: MainWindow, clinic: Database
) -> None:
    window, known = live_window, ids(clinic)
    references = fill_wednesday(clinic)

    # Wednesday is full: the booking dialog offers the waitlist instead, filled in
    dialog = window.open_booking(known["carter"])
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None, timeout=10_000)
    dialog.date.setDate(QDate(2026, 10, 7))
    dialog.choose_client_key("c3")
    qtbot.waitUntil(lambda: dialog.client is not None, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.waitlist_button.isVisibleTo(dialog), timeout=10_000)
    texts = [dialog.starts.item(i).text() for i in range(dialog.starts.count())]
    assert any("day is full" in t for t in texts) and dialog.starts.chosen() is None
    assert dialog.waitlist_button in tab_chain(dialog)
    dialog.waitlist_button.click()
    waiting = dialog.waitlist_dialog
    assert isinstance(waiting, WaitlistDialog)
    qtbot.waitUntil(lambda: waiting.choices is not None, timeout=10_000)
    assert waiting.client is not None and waiting.client.key == "c3"
    assert waiting.service.currentData() == known["individual"]
    assert waiting.therapist.currentData() == known["carter"]
    assert [box.isChecked() for box in waiting.weekdays] == [i == 2 for i in range(7)]
    assert waiting.from_date.date() == QDate(2026, 10, 7)
    assert waiting.to_date.date() == QDate(2026, 11, 4)  # four weeks on
    assert waiting.any_time.isChecked() and not waiting.earliest.isEnabled()
    waiting.to_date.setDate(QDate(2026, 10, 7))  # that Wednesday only
    with qtbot.waitSignal(waiting.added, timeout=10_000):
        QTest.keyClick(waiting, Qt.Key.Key_Return)  # Enter adds
    assert not waiting.isVisible() and dialog.message.text() == "Added to the waitlist."
    assert waitlist_rows(clinic) == [
        (waiting.entry_id, client(clinic, "c3").id, known["individual"], known["carter"],
         1 << 2, None, None, WEDNESDAY, WEDNESDAY, None, None),
    ]  # fmt: skip
    dialog.reject()

    # nothing has freed up yet: nothing to offer
    panel = window.open_inbox()
    assert panel is not None
    qtbot.waitUntil(lambda: panel.summary.text() != "", timeout=10_000)
    assert matches_shown(panel) == []

    # another desk cancels a Wednesday session: the inbox shows the start, unasked
    cancel(clinic, references[1], "client phoned", actor="other-desk", now=NOW)
    qtbot.waitUntil(lambda: len(matches_shown(panel)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.inbox_button.text() == "Inbox (1)", timeout=10_000)
    row = matches_shown(panel)[0]
    assert "Cy Three" in row.text(1) and "Dr. Carter" in row.text(1)
    assert "Wed 07 Oct 10:00" in row.text(1)
    assert "Individual" in row.text(2) and "waiting since today" in row.text(2).lower()
    assert row.text(0) == "Waiting since 05 Oct"
    panel.tree.setCurrentItem(row)
    assert panel.book_button.isEnabled() and panel.remove_button.isEnabled()
    assert not panel.done_button.isEnabled()
    chain = tab_chain(panel)
    assert chain.index(panel.tree) < chain.index(panel.book_button)
    assert chain.index(panel.book_button) < chain.index(panel.remove_button)

    # Book: the booking dialog comes filled in, the offered start chosen
    panel.book_button.click()
    booking = window.booking_dialog
    assert isinstance(booking, BookingDialog) and booking is not dialog
    qtbot.waitUntil(
        lambda: booking.client is not None and booking.chosen_start() is not None,
        timeout=10_000,
    )
    assert booking.client is not None and booking.client.key == "c3"
    assert booking.day == WEDNESDAY and booking.chosen_start() == at("2026-10-07T10:00")
    assert booking.therapist.currentData() == known["carter"]
    assert booking.service.currentData() == known["individual"]
    with qtbot.waitSignal(booking.accepted, timeout=10_000):
        QTest.keyClick(booking, Qt.Key.Key_Return)
    result = booking.result_booking
    assert result is not None

    # the entry closes with the new session, and the match leaves the inbox
    def closed() -> tuple[Any, ...] | None:
        with clinic.read() as session:
            entry = session.scalar(select(WaitlistEntry))
            assert entry is not None
            return (entry.closed_reason, entry.session_id)

    qtbot.waitUntil(lambda: closed() == ("booked", result.session_id), timeout=10_000)
    qtbot.waitUntil(lambda: matches_shown(panel) == [], timeout=10_000)
    qtbot.waitUntil(lambda: window.inbox_button.text() == "Inbox", timeout=10_000)
    assert "waitlist entry is closed" in window.statusBar().currentMessage()


def test_bad_input_is_said_in_the_dialog_and_adds_nothing(
    qtbot: Any, sqlite_clinic: Database
) -> None:
    database = sqlite_clinic
    dialog = WaitlistDialog(database, ALEX, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.choices is not None, timeout=10_000)
    # today in the clinic, four weeks on; any therapist, any day, any time unless told
    assert dialog.from_date.date() == QDate(2026, 10, 5)
    assert dialog.to_date.date() == QDate(2026, 11, 2)
    assert dialog.therapist.currentText() == "Any therapist"
    # every field and button is reached with Tab, each named for a screen reader
    dialog.any_time.setChecked(False)
    fields = [dialog.service, dialog.therapist, *dialog.weekdays, dialog.any_time,
              dialog.earliest, dialog.latest, dialog.from_date, dialog.to_date]  # fmt: skip
    chain = tab_chain(dialog)
    assert all(field in chain for field in [*fields, dialog.add_button])
    assert all(field.accessibleName() for field in fields)
    dialog.any_time.setChecked(True)
    before = waitlist_rows(database)

    def refused(expected: str) -> None:
        dialog.add_button.click()
        qtbot.waitUntil(lambda: expected in dialog.message.text(), timeout=10_000)
        assert dialog.isVisible() and dialog.add_button.isEnabled()
        assert waitlist_rows(database) == before

    refused("Choose the client first")
    dialog.client_picker.choose(client(database, "c2"))
    dialog.from_date.setDate(QDate(2026, 10, 14))
    dialog.to_date.setDate(QDate(2026, 10, 7))
    refused("the date range ends (2026-10-07) before it starts (2026-10-14)")
    dialog.to_date.setDate(QDate(2026, 10, 28))
    dialog.any_time.setChecked(False)
    dialog.earliest.setTime(QTime(9, 0))
    dialog.latest.setTime(QTime(9, 30))
    refused("09:00–09:30 is shorter than the service (Family: 60 minutes)")
    dialog.latest.setTime(QTime(8, 0))
    refused("the time range must lie within one day and end after it starts")

    # mended, it is added as typed
    dialog.latest.setTime(QTime(11, 0))
    dialog.weekdays[1].setChecked(True)
    dialog.weekdays[3].setChecked(True)
    with qtbot.waitSignal(dialog.added, timeout=10_000):
        dialog.add_button.click()
    entries = [row for row in waitlist_rows(database) if row[0] != "match"]
    assert entries == [
        (dialog.entry_id, client(database, "c2").id, ids(database)["family"], None,
         0b1010, 9 * 60, 11 * 60, date(2026, 10, 14), date(2026, 10, 28), None, None),
    ]  # fmt: skip


def test_a_refused_booking_offers_the_waitlist_for_what_was_refused(
    qtbot: Any, sqlite_database: Database
) -> None:
    # Dr. Kim takes no new clients: a front desk's Book for a new client is refused
    import_clinic(sqlite_database, clinic_data(status="limited"), actor="test")
    known = ids(sqlite_database)
    window = open_window(qtbot, sqlite_database)
    dialog = window.open_booking(known["kim"])
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None, timeout=10_000)
    dialog.date.setDate(QDate(2026, 10, 6))
    dialog.choose_client_key("c3")
    qtbot.waitUntil(lambda: dialog.client is not None, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.starts.select_start(at("2026-10-06T11:00")), timeout=10_000)
    assert not dialog.waitlist_button.isVisibleTo(dialog)  # free starts: nothing to wait for
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    dialog.submit()
    qtbot.waitUntil(lambda: "Not booked" in dialog.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.starts.count() > 3, timeout=10_000)  # the day read again
    assert dialog.waitlist_button.isVisibleTo(dialog)
    waiting = dialog.add_to_waitlist()
    qtbot.waitUntil(lambda: waiting.choices is not None, timeout=10_000)
    assert waiting.client is not None and waiting.client.key == "c3"
    assert waiting.therapist.currentData() == known["kim"]
    assert [box.isChecked() for box in waiting.weekdays] == [i == 1 for i in range(7)]
    assert waiting.from_date.date() == QDate(2026, 10, 6)
    waiting.reject()
    # another therapist, with free starts: the refusal no longer stands
    dialog.therapist.setCurrentIndex(dialog.therapist.findData(known["carter"]))
    assert not dialog.waitlist_button.isVisibleTo(dialog)


def wait_on_tuesday(database: Database, client_key: str) -> int:
    """An entry for Dr. Kim's Tuesday, whose free starts fit it at once."""
    known = ids(database)
    request = WaitlistRequest(client(database, client_key).id, known["individual"],
                              known["kim"], 1 << 1, None, None, TUESDAY, TUESDAY)  # fmt: skip
    return add_entry(database, request, actor="alex", now=NOW)


def entries_closed(database: Database) -> dict[int, str | None]:
    with database.read() as session:
        return dict(session.execute(select(WaitlistEntry.id, WaitlistEntry.closed_reason)).all())


def test_remove_from_waitlist_closes_the_entry_and_the_match_goes(
    qtbot: Any, sqlite_clinic: Database
) -> None:
    database = sqlite_clinic
    entry = wait_on_tuesday(database, "c3")  # offered a start as soon as it is added
    window = open_window(qtbot, database)
    qtbot.waitUntil(lambda: window.inbox_button.text() == "Inbox (1)", timeout=10_000)
    panel = window.open_inbox()
    assert panel is not None
    qtbot.waitUntil(lambda: len(matches_shown(panel)) == 1, timeout=10_000)
    panel.tree.setFocus()
    panel.tree.setCurrentItem(matches_shown(panel)[0])
    assert "Dr. Kim, Tue 06 Oct 09:00" in matches_shown(panel)[0].text(1)
    panel.remove_button.click()
    qtbot.waitUntil(lambda: matches_shown(panel) == [], timeout=10_000)
    assert panel.message.text() == "Removed 1 from the waitlist."
    assert entries_closed(database) == {entry: "removed"}
    qtbot.waitUntil(lambda: window.inbox_button.text() == "Inbox", timeout=10_000)


def test_removing_several_when_another_desk_removed_one_says_so_and_shows_what_is_left(
    qtbot: Any, sqlite_clinic: Database
) -> None:
    database = sqlite_clinic
    first, second = wait_on_tuesday(database, "c2"), wait_on_tuesday(database, "c3")
    panel = InboxPanel(database, ALEX, lambda: NOW)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: len(matches_shown(panel)) == 2, timeout=10_000)
    for row in matches_shown(panel):
        row.setSelected(True)
    remove_entry(database, second, actor="other-desk", now=NOW)  # not heard here yet
    panel.remove_button.click()
    qtbot.waitUntil(
        lambda: f"waitlist entry {second} is closed already" in panel.message.text(),
        timeout=10_000,
    )
    assert entries_closed(database) == {first: "removed", second: "removed"}
    qtbot.waitUntil(lambda: matches_shown(panel) == [], timeout=10_000)


def test_the_profile_adds_its_client_to_the_waitlist_and_removes_an_entry(
    qtbot: Any, sqlite_clinic: Database
) -> None:
    database, known = sqlite_clinic, ids(sqlite_clinic)
    cy = client(database, "c3")
    profile = ClientProfileDialog(database, cy.id, ALEX, lambda: NOW)
    qtbot.addWidget(profile)
    profile.show()
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=10_000)
    actions = profile.waitlist_actions
    assert actions.add_button.isEnabled() and not actions.remove_button.isEnabled()
    profile.tabs.setCurrentIndex(2)
    assert actions.add_button in tab_chain(profile)

    profile.activateWindow()
    QTest.keyClick(profile, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Add to waitlist…
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=10_000)
    waiting = actions.dialog
    assert waiting is not None
    qtbot.waitUntil(lambda: waiting.choices is not None, timeout=10_000)
    assert waiting.client == cy  # the profile's client, nobody to search for
    waiting.service.setCurrentIndex(waiting.service.findData(known["individual"]))
    waiting.therapist.setCurrentIndex(waiting.therapist.findData(known["kim"]))
    waiting.weekdays[4].setChecked(True)  # Fridays
    # the profile hears of the entry and reads it
    with qtbot.waitSignals([waiting.added, profile.loaded], timeout=10_000):
        waiting.add_button.click()
    assert profile.message.text() == "Added to the waitlist."
    assert profile.tabs.tabText(2) == "&Waitlist (1)"
    assert profile.waitlist_list.item(0).text().startswith("Individual — Dr. Kim · Fri")

    profile.waitlist_list.setCurrentRow(0)
    assert actions.remove_button.isEnabled() and actions.remove_button in tab_chain(profile)
    with qtbot.waitSignal(profile.loaded, timeout=10_000):
        actions.remove_button.click()
    assert profile.message.text() == "Removed from the waitlist."
    assert entries_closed(database) == {waiting.entry_id: "removed"}
    assert profile.tabs.tabText(2) == "&Waitlist (0)"
    assert not actions.remove_button.isEnabled()
    profile.show_closed.setChecked(True)  # a closed entry is listed, never removed again
    qtbot.waitUntil(lambda: "(closed: removed)" in profile.waitlist_list.item(0).text())
    profile.waitlist_list.setCurrentRow(0)
    assert not actions.remove_button.isEnabled()


def test_an_archived_client_is_not_offered_the_waitlist(
    qtbot: Any, sqlite_clinic: Database
) -> None:
    database = sqlite_clinic
    ben = client(database, "c2").id
    archive_client(database, ben, actor="maria", now=NOW)
    profile = ClientProfileDialog(database, ben, ALEX, lambda: NOW)
    qtbot.addWidget(profile)
    profile.show()
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=10_000)
    assert not profile.waitlist_actions.add_button.isEnabled()
    assert "do not wait" in profile.waitlist_actions.add_button.toolTip()
