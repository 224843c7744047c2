"""The clients list and a client's profile, driven through the real widgets on real
databases (docs/desk.md, Clients)."""

from __future__ import annotations

import csv
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, text, update

from app.auth.staff import StaffUser
from app.clients.adding import create_client
from app.clients.editing import archive_client
from app.clients.erasure import erase_client
from app.clients.listing import clients_by_name
from app.clients.merging import merge_clients
from app.clinic_file import import_clinic
from app.files import csv_bytes, spreadsheet_safe
from db.engine import Database
from db.enums import Role
from db.models import AuditEntry, Client
from tests.booking_support import at, booking_clinic
from ui.client_profile import ClientProfileDialog
from ui.main_window import MainWindow
from ui.operations import CLIENTS, changes

NOW = at("2026-10-05T08:00").astimezone(UTC)  # a Monday
ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)
WAIT = 10_000


def _session(reference: str, therapist: str, start: str, status: str, **extra: Any) -> dict:
    return {
        "reference": reference, "therapist": therapist, "client": "c1",
        "service": "individual", "start": start, "status": status, **extra,
    }  # fmt: skip


def clients_clinic() -> dict[str, Any]:
    """Ana One (c1) has six sessions with two therapists: two completed, a no-show, a late
    cancellation, and two to come; Ben Two (c2) one. Dee Four is archived later."""
    data = booking_clinic()
    data["therapists"][0]["blocks"] = []
    data["clients"][0].update(
        {
            "email": "ana@example.com",
            "notes": "Call before 6 pm only",
            "preferences": {"days": ["mon"], "times": "mornings", "parking": True},
        }
    )
    data["clients"].append({"key": "c4", "name": "Dee Four", "email": "dee@example.com"})
    data["clients"].append({"key": "c5", "name": "=HYPERLINK(1)", "phone": "+15551230005"})
    data["users"].append({"username": "root", "role": "admin", "password": "admin-password"})
    cancelled = {
        "cancelled_at": "2026-09-14T18:00",
        "cancellation_reason": "unwell",
        "late_cancellation": True,
    }
    data["sessions"] = [
        _session("BK-2026-000001", "carter", "2026-09-01T10:00", "completed"),
        _session("BK-2026-000002", "carter", "2026-09-08T10:00", "no_show"),
        _session("BK-2026-000003", "kim", "2026-09-15T10:00", "cancelled", **cancelled),
        _session("BK-2026-000004", "kim", "2026-09-22T10:00", "completed"),
        _session("BK-2026-000005", "carter", "2026-10-07T10:00", "scheduled"),
        _session("BK-2026-000006", "kim", "2026-10-14T14:00", "confirmed"),
        {**_session("BK-2026-000007", "carter", "2026-10-07T11:00", "scheduled"), "client": "c2"},
    ]
    return data


@pytest.fixture
def clinic_db(sqlite_database: Database) -> Database:
    import_clinic(sqlite_database, clients_clinic(), actor="test")
    return sqlite_database


def client_id(database: Database, key: str) -> int:
    with database.read() as session:
        found = session.scalar(select(Client.id).where(Client.key == key))
    assert found is not None
    return found


def clients_and_audit(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """What a refused edit must leave as it was, straight from SQL."""
    queries = {
        "clients": "SELECT id, key, name, phone, email, date_of_birth, emergency_contact,"
        " preferred_channel, language, referral_source, notes, preferences FROM clients"
        " ORDER BY id",
        "audit_log": "SELECT id, action, entity_id FROM audit_log ORDER BY id",
    }
    with database.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(text(query))]
            for name, query in queries.items()
        }


def open_profile(qtbot, database: Database, key: str = "c1") -> ClientProfileDialog:
    profile = ClientProfileDialog(database, client_id(database, key), ALEX, lambda: NOW)
    qtbot.addWidget(profile)
    profile.show()
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    return profile


def open_window(qtbot, database: Database) -> MainWindow:
    window = MainWindow(database, user=ALEX, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=WAIT)
    return window


def history_references(profile: ClientProfileDialog) -> list[str]:
    return profile.history.references()


def close_all(window: MainWindow) -> None:
    """The parentless windows the desk opened, closed with it (as its close does)."""
    assert window.dialogs.close_client_windows()


# -- the profile -------------------------------------------------------------------------


def test_an_edit_is_checked_as_typed_saved_and_audited(qtbot, database: Database) -> None:
    import_clinic(database, clients_clinic(), actor="test")
    profile = open_profile(qtbot, database)
    form = profile.form
    assert form.name.text() == "Ana One" and form.phone.text() == "+15551230001"
    assert form.notes.toPlainText() == "Call before 6 pm only"
    assert not profile.save_button.isEnabled()  # nothing typed yet

    form.phone.setText("555 12")
    assert form.errors["phone"].isVisible()
    assert "not a possible phone number" in form.errors["phone"].text()
    form.email.setText("not an email")
    assert form.errors["email"].isVisible()
    assert not profile.save_button.isEnabled()
    before = clients_and_audit(database)
    profile.save()  # Save is off; asking anyway writes nothing
    assert clients_and_audit(database) == before

    form.phone.setText("(555) 123-0999")
    form.email.setText("Ana.One@Example.com")
    form.date_of_birth.set_value(date(1990, 4, 2))
    form.preferred_channel.setCurrentIndex(form.preferred_channel.findData("sms"))
    form.day_boxes["thu"].setChecked(True)
    form.times.setText("after 17:00")
    assert not form.errors["phone"].isVisible() and not form.errors["email"].isVisible()
    assert profile.save_button.isEnabled()
    with qtbot.waitSignal(profile.saved, timeout=WAIT):
        QTest.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert profile.message.text() == "Saved."
    assert not profile.save_button.isEnabled()
    with database.read() as session:
        client = session.scalar(select(Client).where(Client.key == "c1"))
        assert client is not None
        assert (client.phone, client.email) == ("+15551230999", "ana.one@example.com")
        assert client.date_of_birth == date(1990, 4, 2)
        assert client.preferred_channel == "sms"
        # the days and times as typed; a key the profile does not show is kept
        assert client.preferences == {
            "days": ["mon", "thu"],
            "times": "after 17:00",
            "parking": True,
        }
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "client.update", AuditEntry.entity_id == client.id
            )
        )
        assert entry is not None and entry.actor == "alex"
        assert entry.before is not None and entry.before["phone"] == "+15551230001"
        assert entry.after is not None and entry.after["phone"] == "+15551230999"
    # the form shows what is stored now
    qtbot.waitUntil(lambda: form.phone.text() == "+15551230999", timeout=WAIT)


def test_a_name_saved_in_the_profile_reaches_the_schedule(qtbot, clinic_db: Database) -> None:
    """The rename touches no session, yet the cards of the week carry the new name."""
    window = open_window(qtbot, clinic_db)

    def card_names() -> set[str]:
        calendar = window.calendar
        assert calendar is not None
        return {c.client_name for c in calendar.sessions if c.reference == "BK-2026-000005"}

    assert card_names() == {"Ana One"}
    profile = window.open_profile(client_id(clinic_db, "c1"))
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    profile.form.name.setText("Ana Uno")
    with qtbot.waitSignal(profile.saved, timeout=WAIT):
        profile.save_button.click()
    qtbot.waitUntil(lambda: window.calendar is not None and card_names() == {"Ana Uno"},
                    timeout=WAIT)  # fmt: skip
    close_all(window)


def test_a_phone_of_another_client_names_them_and_opens_their_profile(
    qtbot, clinic_db: Database
) -> None:
    window = open_window(qtbot, clinic_db)
    profile = window.open_profile(client_id(clinic_db, "c1"))
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    before = clients_and_audit(clinic_db)
    profile.form.phone.setText("(555) 123-0002")  # Ben Two's, typed another way
    profile.save()
    qtbot.waitUntil(lambda: profile.duplicate_box.isVisible(), timeout=WAIT)
    assert "already belongs to Ben Two" in profile.duplicate_label.text()
    assert clients_and_audit(clinic_db) == before
    profile.open_duplicate_button.click()
    other = window.client_profile
    assert other is not None and other is not profile
    qtbot.waitUntil(lambda: other.profile is not None, timeout=WAIT)
    assert other.heading.text() == "Ben Two"
    profile.revert()  # what was typed goes: closing asks nothing
    assert profile.form.phone.text() == "+15551230001"
    close_all(window)


def test_history_filters_by_status_therapist_and_period(qtbot, clinic_db: Database) -> None:
    profile = open_profile(qtbot, clinic_db)
    # newest first, every status; Ben Two's session is not his
    assert history_references(profile) == [f"BK-2026-00000{n}" for n in (6, 5, 4, 3, 2, 1)]
    stats = profile.stat_values
    assert stats["attended"].text() == "2" and stats["no_show"].text() == "1"
    assert stats["cancelled"].text() == "1 (1 late)"
    assert stats["attendance_rate"].text() == "67%"
    assert stats["last_session"].text() == "Tue 22 Sep 2026 10:00"
    assert stats["next_session"].text() == "Wed 07 Oct 2026 10:00"
    # two completed sessions of 150.00 owe their price; the no-show and the late
    # cancellation owe the fee they were charged, none here
    assert stats["balance"].text() == "owes 300.00"
    assert profile.history.model().index(3, 4).data() == "Cancelled (late)"

    profile.status_filter.setCurrentText("Completed")
    assert history_references(profile) == ["BK-2026-000004", "BK-2026-000001"]
    profile.status_filter.setCurrentText("Upcoming")
    assert history_references(profile) == ["BK-2026-000006", "BK-2026-000005"]
    profile.status_filter.setCurrentIndex(0)
    profile.therapist_filter.setCurrentText("Dr. Kim")
    assert history_references(profile) == ["BK-2026-000006", "BK-2026-000004", "BK-2026-000003"]
    profile.from_filter.set_value(date(2026, 9, 20))
    profile.to_filter.set_value(date(2026, 10, 13))
    assert history_references(profile) == ["BK-2026-000004"]
    assert profile.history_count.text() == "Showing 1 of 6 sessions"
    # the filters are kept when the client is read again
    with qtbot.waitSignal(profile.loaded, timeout=WAIT):
        changes().announce({CLIENTS})
    assert history_references(profile) == ["BK-2026-000004"]
    profile.clear_filters_button.click()
    assert len(history_references(profile)) == 6


def test_a_history_row_opens_its_session_and_the_panel_opens_the_profile(
    qtbot, clinic_db: Database
) -> None:
    window = open_window(qtbot, clinic_db)
    profile = window.open_profile(client_id(clinic_db, "c1"))
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    # Enter on a row (the keyboard's double-click) opens that session's panel
    profile.activateWindow()
    profile.history.setFocus()
    profile.history.setCurrentIndex(profile.history.model().index(1, 0))
    QTest.keyClick(profile.history, Qt.Key.Key_Return)
    panel = window.session_panel
    assert panel is not None and panel.reference == "BK-2026-000005"
    qtbot.waitUntil(lambda: panel.details is not None, timeout=WAIT)
    # a double-click too
    centre = profile.history.visualRect(profile.history.model().index(3, 0)).center()
    QTest.mouseClick(profile.history.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(profile.history.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.session_panel is not None and window.session_panel.reference == "BK-2026-000003"
    # the panel's Client profile… brings up the profile already open
    ben_panel = window.open_session("BK-2026-000007")
    assert ben_panel is not None
    qtbot.waitUntil(lambda: ben_panel.details is not None, timeout=WAIT)
    ben_panel.profile_button.click()
    qtbot.waitUntil(lambda: len(window.dialogs.profiles) == 2, timeout=WAIT)
    ben = window.client_profile
    assert ben is not None
    qtbot.waitUntil(lambda: ben.profile is not None, timeout=WAIT)
    assert ben.heading.text() == "Ben Two"
    panel.profile_button.click()  # Ana's: the one open comes up, no second window
    qtbot.waitUntil(lambda: window.client_profile is profile, timeout=WAIT)
    assert len(window.dialogs.profiles) == 2
    close_all(window)
    assert window.dialogs.profiles == {}


def test_the_booking_dialogs_chosen_client_opens_their_profile(qtbot, clinic_db: Database) -> None:
    window = open_window(qtbot, clinic_db)
    dialog = window.open_booking()
    assert dialog is not None
    picker = dialog.client_picker
    assert not picker.profile_button.isEnabled()
    # Ctrl+L in the booking dialog goes to its own client search
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    dialog.notes.setFocus()
    QTest.keyClick(dialog.notes, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: picker.client_search.hasFocus(), timeout=WAIT)
    assert window.clients_window is None
    picker.client_search.setText("Ana")
    qtbot.waitUntil(lambda: picker.client_list.count() == 1, timeout=WAIT)
    picker.take(picker.client_list.item(0))
    assert picker.profile_button.isEnabled()
    picker.profile_button.click()
    profile = window.client_profile
    assert profile is not None and profile.client_id == client_id(clinic_db, "c1")
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    # a window of its own: the booking dialog, modal over the desk's window, leaves it usable
    assert profile.parent() is None and profile.isVisible()
    dialog.reject()
    close_all(window)


def test_unsaved_edits_are_asked_about_before_closing(
    qtbot, clinic_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = open_profile(qtbot, clinic_db)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []

    def question(_parent: object, _title: str, text_: str, *_args: object) -> object:
        asked.append(text_)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    profile.form.referral_source.setText("a flyer")
    QTest.keyClick(profile, Qt.Key.Key_Escape)
    assert profile.isVisible() and asked == [
        "Close Ana One's profile without saving what was typed?"
    ]
    QTest.keyClick(profile, Qt.Key.Key_Escape)
    assert not profile.isVisible() and len(asked) == 2
    # nothing typed: Esc closes without asking
    again = open_profile(qtbot, clinic_db)
    QTest.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible() and len(asked) == 2


def test_a_change_elsewhere_is_shown_and_what_is_typed_is_kept(qtbot, clinic_db: Database) -> None:
    profile = open_profile(qtbot, clinic_db)
    profile.form.emergency_contact.setText("Sam One 555 0100")
    with clinic_db.write() as session:  # another desk renames her and changes her phone
        session.execute(
            update(Client)
            .where(Client.key == "c1")
            .values(name="Ana Uno", emergency_contact="Someone else")
        )
    with qtbot.waitSignal(profile.loaded, timeout=WAIT):
        changes().announce({CLIENTS})
    assert profile.heading.text() == "Ana Uno"
    assert profile.form.name.text() == "Ana Uno"  # untouched: the new value
    assert profile.form.emergency_contact.text() == "Sam One 555 0100"  # typed: kept
    assert profile.elsewhere.isVisible() and "emergency contact" in profile.elsewhere.text()
    profile.revert()
    assert profile.form.emergency_contact.text() == "Someone else"
    assert not profile.elsewhere.isVisible()


def test_a_client_merged_away_points_to_the_client_kept(qtbot, clinic_db: Database) -> None:
    window = open_window(qtbot, clinic_db)
    ana, ben = client_id(clinic_db, "c1"), client_id(clinic_db, "c2")
    profile = window.open_profile(ben)
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    profile.form.referral_source.setText("typed before the merge")
    merge_clients(clinic_db, ana, ben, actor="root", reason="the same person", now=NOW)
    changes().announce({CLIENTS})
    qtbot.waitUntil(lambda: profile.duplicate_box.isVisible(), timeout=WAIT)
    assert profile.duplicate_label.text() == "This client was merged into another client."
    assert not profile.form.isEnabled() and not profile.save_button.isEnabled()
    profile.open_duplicate_button.click()
    kept = window.client_profile
    assert kept is not None and kept.client_id == ana
    qtbot.waitUntil(lambda: kept.profile is not None, timeout=WAIT)
    assert "BK-2026-000007" in kept.history.references()
    profile.reject()  # nothing it could save: closes without asking
    assert not profile.isVisible()
    close_all(window)


def test_a_later_client_given_a_merged_clients_id_is_not_shown_in_its_profile(
    qtbot, clinic_db: Database
) -> None:
    """SQLite gives the id of a client merged away (the newest: a duplicate usually is) to
    the next client added: a profile still open on the merged client, reading again only
    after both, must not become the new client's, with what was typed ready to be saved
    onto them."""
    duplicate = create_client(clinic_db, "Ana Dup", "+15551239999", None, actor="alex", now=NOW)
    profile = open_profile(qtbot, clinic_db, duplicate.key)
    profile.form.referral_source.setText("typed before the merge")
    merge_clients(clinic_db, client_id(clinic_db, "c1"), duplicate.id, actor="root",
                  reason="the same person", now=NOW)  # fmt: skip
    later = create_client(clinic_db, "Zed Later", "+15551239876", None, actor="alex",
                          now=NOW + timedelta(minutes=1))  # fmt: skip
    assert later.id == duplicate.id
    changes().announce({CLIENTS})
    try:
        qtbot.waitUntil(lambda: profile.duplicate_box.isVisible(), timeout=WAIT)
        assert profile.gone and profile.heading.text() == "Ana Dup"
        assert not profile.form.isEnabled() and not profile.save_button.isEnabled()
    finally:
        profile.revert()  # whatever happened, closing it asks nothing


def test_an_erased_client_cannot_be_edited_and_archived_ones_say_so(
    qtbot, clinic_db: Database
) -> None:
    archive_client(clinic_db, client_id(clinic_db, "c4"), actor="maria", now=NOW)
    ben = client_id(clinic_db, "c2")
    erase_client(clinic_db, ben, actor="root", reason="asked", now=NOW)
    archived = open_profile(qtbot, clinic_db, "c4")
    assert archived.badge.text() == "Archived" and archived.form.isEnabled()
    erased = open_profile(qtbot, clinic_db, f"erased-{ben}")  # its key is a tombstone too
    assert erased.badge.text() == "Erased" and erased.heading.text() == f"Erased client #{ben}"
    assert not erased.form.isEnabled() and erased.form.notes.isReadOnly()
    assert not erased.save_button.isEnabled()


def test_the_series_and_waitlist_of_the_client_are_listed(qtbot, clinic_db: Database) -> None:
    from app.booking.series import SeriesSpec, create_series
    from app.waitlist import WaitlistRequest, add_entry
    from db.enums import Frequency
    from db.models import Service

    create_series(
        clinic_db,
        SeriesSpec("carter", "c1", "individual", Frequency.WEEKLY, date(2026, 10, 21), 9 * 60),
        actor="t",
        now=NOW,
    )
    with clinic_db.read() as session:
        service_id = session.scalar(select(Service.id).where(Service.key == "individual"))
    assert service_id is not None
    add_entry(
        clinic_db,
        WaitlistRequest(
            client_id=client_id(clinic_db, "c1"),
            service_id=service_id,
            therapist_id=None,
            weekdays=0b1,  # Mondays
            earliest_minute=9 * 60,
            latest_minute=12 * 60,
            from_date=date(2026, 10, 6),
            to_date=date(2026, 11, 30),
        ),
        actor="t",
        now=NOW,
    )
    profile = open_profile(qtbot, clinic_db)
    assert profile.series_list.item(0).text().startswith("Every Wednesday 09:00 with Dr. Carter")
    assert profile.tabs.tabText(1) == "Seri&es (1)"
    assert profile.waitlist_list.count() == 1
    assert profile.waitlist_list.item(0).text().startswith("Individual — ")
    assert profile.tabs.tabText(2) == "&Waitlist (1)"
    # Archive, merge and erase are there, hidden from a front desk (ui.client_admin).
    assert profile.admin.visible_buttons() == []
    profile.tabs.setCurrentIndex(1)
    dialog = profile.open_series()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=WAIT)
    dialog.reject()


# -- the clients list --------------------------------------------------------------------


def test_ctrl_l_finds_a_client_from_the_window_and_from_a_profile(
    qtbot, clinic_db: Database
) -> None:
    window = open_window(qtbot, clinic_db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    QTest.keyClick(window.calendar_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    clients = window.clients_window
    assert clients is not None and clients.isVisible()
    qtbot.waitUntil(lambda: clients.search.hasFocus(), timeout=WAIT)
    qtbot.waitUntil(lambda: len(clients.matches) == 5, timeout=WAIT)
    QTest.keyClicks(clients.search, "ben")
    qtbot.waitUntil(lambda: [m.key for m in clients.visible_matches()] == ["c2"], timeout=WAIT)
    QTest.keyClick(clients.search, Qt.Key.Key_Return)  # Enter opens the top row
    profile = window.client_profile
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    assert profile.heading.text() == "Ben Two"
    # from the profile, Ctrl+L goes back to the search, its text selected to type over
    profile.activateWindow()
    qtbot.waitUntil(profile.isActiveWindow, timeout=WAIT)
    profile.form.name.setFocus()
    QTest.keyClick(profile.form.name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: clients.search.hasFocus(), timeout=WAIT)
    assert clients.search.selectedText() == "ben"
    # the sign-in moved to Ctrl+Shift+L
    assert window.menus.sign_in_action.shortcut().toString() == "Ctrl+Shift+L"
    close_all(window)


def test_the_list_searches_shows_archived_and_exports_the_visible_rows(
    qtbot, clinic_db: Database, tmp_path: Path
) -> None:
    from ui.clients_window import ClientsWindow

    with clinic_db.write() as session:
        session.execute(update(Client).where(Client.key == "c4").values(archived_at=NOW))
    clients = ClientsWindow(clinic_db)
    qtbot.addWidget(clients)
    clients.show()
    # nothing typed: the first clients by name, archived ones left out
    qtbot.waitUntil(lambda: len(clients.matches) == 4, timeout=WAIT)
    assert [m.name for m in clients.visible_matches()] == [
        "=HYPERLINK(1)", "Ana One", "Ben Two", "Cy Three",
    ]  # fmt: skip
    with qtbot.waitSignal(clients.loaded, timeout=WAIT):
        clients.show_archived.setChecked(True)
    assert "c4" in [m.key for m in clients.visible_matches()]
    archived_row = next(
        row for row in range(clients.table.rowCount()) if clients.table.item(row, 3).text() == "c4"
    )
    assert clients.table.item(archived_row, 4).text() == "Archived"
    # typing searches (off the UI thread); the latest text's answer is what shows
    QTest.keyClicks(clients.search, "55512300")
    qtbot.waitUntil(
        lambda: [m.key for m in clients.visible_matches()] == ["c5", "c1", "c2", "c3"],
        timeout=WAIT,
    )
    # sorted by phone, newest number first: the export follows what is shown
    clients.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    shown = [m.key for m in clients.visible_matches()]
    assert shown == ["c5", "c3", "c2", "c1"]
    target = tmp_path / "clients.csv"
    with qtbot.waitSignal(clients.exported, timeout=WAIT):
        clients.export_csv(target)
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["key", "name", "phone", "email", "archived"],
        ["c5", "'=HYPERLINK(1)", "'+15551230005", "", "no"],
        ["c3", "Cy Three", "'+15551230003", "", "no"],
        ["c2", "Ben Two", "'+15551230002", "", "no"],
        ["c1", "Ana One", "'+15551230001", "ana@example.com", "no"],
    ]
    assert (target.stat().st_mode & 0o777) == 0o600  # client data: its owner's only
    # Enter on a row asks for that client's profile
    with qtbot.waitSignal(clients.profile_requested, timeout=WAIT) as asked:
        clients.table.setFocus()
        clients.table.selectRow(1)
        QTest.keyClick(clients.table, Qt.Key.Key_Return)
    assert asked.args == [client_id(clinic_db, "c3")]


def test_an_answer_to_older_text_is_dropped(qtbot, clinic_db: Database) -> None:
    from ui.clients_window import ClientsWindow

    clients = ClientsWindow(clinic_db)
    qtbot.addWidget(clients)
    qtbot.waitUntil(lambda: len(clients.matches) == 5, timeout=WAIT)
    clients.search.setText("Ana")
    clients.load()
    asked = clients._asked
    clients.search.setText("Ben")
    clients.load()
    qtbot.waitUntil(lambda: [m.key for m in clients.matches] == ["c2"], timeout=WAIT)
    clients._found(asked, "Ana", [])  # the older answer, arriving late: not shown
    assert [m.key for m in clients.matches] == ["c2"]


# -- the parts without a window ----------------------------------------------------------


def test_cells_a_spreadsheet_would_run_are_written_as_text() -> None:
    assert [spreadsheet_safe(c) for c in ("=1+1", "+1555", "-2", "@SUM(A1)", "\tx", "Ana")] == [
        "'=1+1", "'+1555", "'-2", "'@SUM(A1)", "'\tx", "Ana",
    ]  # fmt: skip
    written = csv_bytes(("a", "b"), [("José", 'say "hi"'), ("=x", "")])
    assert written == '\ufeffa,b\r\nJosé,"say ""hi"""\r\n\'=x,\r\n'.encode()


def test_the_first_page_is_by_name_without_archived_or_erased_clients(
    database: Database,
) -> None:
    import_clinic(database, clients_clinic(), actor="test")
    with database.write() as session:
        session.execute(update(Client).where(Client.key == "c4").values(archived_at=NOW))
        session.execute(
            update(Client).where(Client.key == "c3").values(archived_at=NOW, erased_at=NOW)
        )
    assert [m.key for m in clients_by_name(database)] == ["c5", "c1", "c2"]
    shown = clients_by_name(database, include_archived=True)
    assert [(m.key, m.archived) for m in shown] == [
        ("c5", False), ("c1", False), ("c2", False), ("c4", True),
    ]  # fmt: skip
    assert [m.key for m in clients_by_name(database, 2)] == ["c5", "c1"]


def test_a_date_left_unset_is_none(qtbot) -> None:
    from ui.client_form import OptionalDate

    field = OptionalDate("known", QDate(1980, 1, 1))
    qtbot.addWidget(field)
    assert field.value() is None and not field.edit.isEnabled()
    field.given.setChecked(True)
    assert field.value() == date(1980, 1, 1)
    field.set_value(None)
    assert field.value() is None


def test_the_emails_language_is_picked_by_name_and_an_other_code_is_kept(
    qtbot, database: Database
) -> None:
    """Client emails come in English and Spanish: the profile names them ("Español"), not
    codes; a code a clinic file gave ("fr") is shown and kept as it is."""
    clinic = clients_clinic()
    clinic["clients"][0]["language"] = "fr"
    import_clinic(database, clinic, actor="test")
    profile = open_profile(qtbot, database)
    language = profile.form.language
    assert [language.itemText(i) for i in range(language.count())] == [
        "—", "English", "Español", "fr",
    ]  # fmt: skip
    assert language.currentText() == "fr"
    profile.form.phone.setText("(555) 123-0998")  # saved with another change: fr kept
    with qtbot.waitSignal(profile.saved, timeout=WAIT):
        profile.save()
    assert clients_and_audit(database)["clients"][0][8] == "fr"
    language.setCurrentIndex(language.findText("Español"))
    with qtbot.waitSignal(profile.saved, timeout=WAIT):
        profile.save()
    assert clients_and_audit(database)["clients"][0][8] == "es"
