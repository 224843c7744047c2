"""The clinic setup editors: bad input is refused with the parser's message and changes
nothing; good input is saved, audited, and seen by the engine."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.auth.staff import StaffUser
from app.booking import available_slots
from db.engine import Database
from db.enums import Role
from db.models import (
    AuditEntry,
    BlockedTime,
    ClinicSettings,
    DateException,
    Room,
    Therapist,
    User,
    WorkingHours,
)
from ui.main_window import MainWindow
from ui.operations import SETUP, changes
from ui.setup_dialog import ClinicSetupDialog
from ui.setup_fields import CLINIC_FIELDS, EXCEPTION_FIELDS, ROOM_FIELDS, to_text, to_value

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
ADMIN = StaffUser("admin", "Admin", Role.ADMIN)
SUPERVISOR = StaffUser("maria", "Maria", Role.SUPERVISOR)


@pytest.fixture
def setup(qtbot, demo_database: Database) -> ClinicSetupDialog:
    dialog = ClinicSetupDialog(demo_database, ADMIN, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.setup is not None, timeout=10_000)
    return dialog


def choose_therapist(dialog: ClinicSetupDialog, key: str) -> None:
    dialog.calendar.chooser.setCurrentIndex(dialog.calendar.chooser.findData(key))
    assert dialog.calendar.therapist is not None and dialog.calendar.therapist["key"] == key


def test_typed_text_becomes_the_clinic_files_value_and_back() -> None:
    capacity, features = ROOM_FIELDS[2], ROOM_FIELDS[3]
    hours = next(f for f in EXCEPTION_FIELDS if f.kind == "hours")
    assert to_value(capacity, " 3 ") == 3
    assert to_value(capacity, "two") == "two"  # left for the parser to name the field
    assert to_value(capacity, "") is None
    assert to_value(features, "family, , accessible") == ["family", "accessible"]
    typed = "09:00-12:00, 13:00 - 17:00"
    assert to_value(hours, typed) == [
        {"start": "09:00", "end": "12:00"},
        {"start": "13:00", "end": "17:00"},
    ]
    assert to_text(hours, to_value(hours, typed)) == "09:00-12:00, 13:00-17:00"
    assert to_text(features, ["family", "accessible"]) == "family, accessible"
    assert to_value(CLINIC_FIELDS[0], "  ") is None and to_text(CLINIC_FIELDS[0], None) == ""


def hours_of(database: Database, key: str) -> list[tuple[int, int, int]]:
    with database.read() as session:
        return [
            (h.weekday, h.start_minute, h.end_minute)
            for h in session.scalars(
                select(WorkingHours)
                .join(Therapist)
                .where(Therapist.key == key)
                .order_by(WorkingHours.weekday, WorkingHours.start_minute)
            )
        ]


def test_working_hours_are_checked_while_typing_and_saved_when_right(
    qtbot, setup: ClinicSetupDialog, demo_database: Database
) -> None:
    choose_therapist(setup, "carter")
    page = setup.calendar.hours
    before = hours_of(demo_database, "carter")
    original_end = page.table.values()[0]["end"]
    page.table.set_cell(0, "end", "07:00")  # before its start
    assert not page.save_button.isEnabled()
    assert "is not after start" in page.message.text()
    page.save()  # refused before anything is sent
    assert hours_of(demo_database, "carter") == before
    # A second block on Saturday morning, and the first block back to normal.
    page.table.set_cell(0, "end", original_end)
    row = page.table.add_row({"weekday": "saturday"})
    page.table.set_cell(row, "start", "09:00")
    page.table.set_cell(row, "end", "11:30")
    assert page.save_button.isEnabled(), page.message.text()
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    after = hours_of(demo_database, "carter")
    assert (5, 540, 690) in after and len(after) == len(before) + 1
    with demo_database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "therapist.update")
            .order_by(AuditEntry.id.desc())
        ).first()  # fmt: skip
        assert entry is not None and entry.actor == "admin"
        assert entry.reason == "edited at the front desk"
    # the engine offers Saturday starts now
    saturday = date(2026, 11, 28)
    slots = available_slots(demo_database, "carter", "individual", saturday, 1, NOW)
    first = slots.days[0].slots[0].start.astimezone(ZoneInfo("America/New_York"))
    assert (first.hour, first.minute) == (9, 0)


def test_overlapping_hours_are_refused(setup: ClinicSetupDialog, demo_database: Database) -> None:
    choose_therapist(setup, "carter")
    page = setup.calendar.hours
    first = page.table.values()[0]
    row = page.table.add_row({"weekday": first["weekday"]})
    page.table.set_cell(row, "start", first["start"])
    page.table.set_cell(row, "end", first["end"])
    assert not page.save_button.isEnabled()
    assert "overlap" in page.message.text()


def test_a_new_block_lists_the_sessions_it_covers_and_saves_after_confirmation(
    qtbot, setup: ClinicSetupDialog, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_therapist(setup, "garcia")
    page = setup.calendar.blocks
    row = page.table.add_row({"type": "training"})
    page.table.set_cell(row, "start", "2026-11-24T13:00")
    page.table.set_cell(row, "end", "2026-11-24T17:00")
    page.table.set_cell(row, "rrule", "FREQ=WEEKLY;COUNT=2")
    page.table.set_cell(row, "reason", "Course")
    assert page.save_button.isEnabled(), page.message.text()
    summary = page.table.item(row, len(page.table.fields) - 1).text()
    assert summary == "Every Tuesday 13:00–17:00 (2 times) from 24 Nov 2026"
    qtbot.waitUntil(lambda: bool(page.covered), timeout=10_000)  # read off the UI thread
    assert page.covered and not page.warning.isHidden()
    assert page.covered[0].reference in page.warning.text()
    assert {c.starts_at.date() for c in page.covered} <= {date(2026, 11, 24), date(2026, 12, 1)}
    # Declining the confirmation saves nothing.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.save()
    with demo_database.read() as session:
        assert session.scalar(select(BlockedTime).where(BlockedTime.reason == "Course")) is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    with demo_database.read() as session:
        block = session.scalar(select(BlockedTime).where(BlockedTime.reason == "Course"))
        assert block is not None and block.rrule == "FREQ=WEEKLY;COUNT=2"
        assert block.block_type.value == "training"
    week = available_slots(demo_database, "garcia", "individual", date(2026, 12, 1), 8, NOW)
    training = {s.start.date() for d in week.days for s in d.slots if s.detail == "training"}
    assert (
        date(2026, 12, 1)
        in {d.day for d in week.days if any(s.detail == "training" for s in d.slots)}
        and len(training) == 1
    )  # COUNT=2: ends


def test_a_day_off_exception_is_saved(
    qtbot, setup: ClinicSetupDialog, demo_database: Database
) -> None:
    choose_therapist(setup, "carter")
    page = setup.calendar.exceptions
    row = page.table.add_row({})
    page.table.set_cell(row, "date", "2026-12-24")
    page.table.set_cell(row, "reason", "Christmas Eve")
    assert page.save_button.isEnabled(), page.message.text()
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    with demo_database.read() as session:
        saved = session.scalar(select(DateException).where(DateException.reason == "Christmas Eve"))
        assert saved is not None and saved.on_date == date(2026, 12, 24) and not saved.available
    page.table.set_cell(row, "date", "24/12/2026")
    assert not page.save_button.isEnabled() and "date" in page.message.text()


def test_rooms_reject_bad_capacity_then_save(
    qtbot, setup: ClinicSetupDialog, demo_database: Database
) -> None:
    page = setup.pages["rooms"]
    row = page.table.add_row({})
    page.table.set_cell(row, "key", "r301")
    page.table.set_cell(row, "name", "Room 301")
    page.table.set_cell(row, "capacity", "two")
    page.table.set_cell(row, "features", "family, accessible")
    assert not page.save_button.isEnabled()
    assert "rooms[r301].capacity" in page.message.text()
    page.table.set_cell(row, "capacity", "3")
    with (
        qtbot.waitSignal(page.saved, timeout=10_000),
        qtbot.waitSignal(changes().changed, timeout=10_000) as announced,
    ):
        page.save()
    assert announced.args == [frozenset({SETUP}), frozenset()]  # every view hears of it
    with demo_database.read() as session:
        room = session.scalar(select(Room).where(Room.key == "r301"))
        assert room is not None and room.capacity == 3
        assert sorted(room.features) == ["accessible", "family"]


def test_users_set_a_password_and_deactivate(
    qtbot, setup: ClinicSetupDialog, demo_database: Database
) -> None:
    page = setup.pages["users"]
    row = page.table.add_row({})
    page.table.set_cell(row, "username", "sam")
    page.table.set_cell(row, "display_name", "Sam Reed")
    page.table.set_cell(row, "role", "front_desk")
    page.table.set_cell(row, "password", "a-long-enough-password")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    from app.auth.staff import sign_in

    assert sign_in(demo_database, "sam", "a-long-enough-password", NOW).role == Role.FRONT_DESK
    qtbot.waitUntil(lambda: page.table.rowCount() == row + 1 and page.save_button.isEnabled())
    sam = next(i for i, v in enumerate(page.table.values()) if v["username"] == "sam")
    page.table.set_cell(sam, "active", "")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    with demo_database.read() as session:
        user = session.scalar(select(User).where(User.username == "sam"))
        assert user is not None and not user.active


def test_clinic_settings_form(qtbot, setup: ClinicSetupDialog, demo_database: Database) -> None:
    page = setup.clinic_page
    assert page is not None
    page.edits["timezone"].setText("Mars/Olympus")
    assert not page.save_button.isEnabled() and "timezone" in page.message.text()
    page.edits["timezone"].setText("America/New_York")
    page.edits["cancellation_notice_hours"].setText("48")
    page.edits["reminder_offsets_minutes"].setText("1440, 60")
    assert page.save_button.isEnabled(), page.message.text()
    page.save()
    qtbot.waitUntil(lambda: page.message.text().startswith("Saved"), timeout=10_000)
    with demo_database.read() as session:
        settings = session.get(ClinicSettings, 1)
        assert settings is not None and settings.cancellation_notice_hours == 48
        assert list(settings.reminder_offsets_minutes) == [1440, 60]


def test_the_clinic_form_sets_the_currency_and_the_cancellation_policy(
    qtbot, setup: ClinicSetupDialog, demo_database: Database, tmp_path
) -> None:
    page = setup.clinic_page
    assert page is not None
    late_kind, late_value = page.fees["late_cancel_fee"]
    no_show_kind, no_show_value = page.fees["no_show_fee"]
    page.edits["currency"].setText("eur")
    late_kind.setCurrentIndex(late_kind.findData("percent"))
    late_value.setText("150")
    assert not page.save_button.isEnabled()
    assert "clinic.late_cancel_fee.value: 150 is outside 0–100" in page.message.text()
    late_value.setText("50")
    no_show_kind.setCurrentIndex(no_show_kind.findData("fixed"))
    assert no_show_value.isEnabled() and no_show_value.placeholderText() == "e.g. 40.00"
    no_show_value.setText("40.005")
    assert "has more decimals than EUR has" in page.message.text()
    no_show_value.setText("40.00")
    assert page.save_button.isEnabled(), page.message.text()
    setup.tabs.setCurrentWidget(page)
    setup.resize(900, 720)
    # The demo has taken payments in dollars: its currency stays, and nothing is saved.
    page.save()
    qtbot.waitUntil(lambda: "it stays USD" in page.message.text(), timeout=10_000)
    assert "clinic.currency: the clinic already has payments" in page.message.text()
    setup.grab().save(str(tmp_path / "currency_refused.png"))
    page.edits["currency"].setText("USD")
    setup.grab().save(str(tmp_path / "clinic_settings.png"))
    page.save()
    qtbot.waitUntil(lambda: page.message.text().startswith("Saved"), timeout=10_000)
    with demo_database.read() as session:
        settings = session.get(ClinicSettings, 1)
        assert settings is not None and settings.currency == "USD"
        assert (settings.late_cancel_fee_kind.value, settings.late_cancel_fee_value) == (
            "percent",
            50,
        )
        assert (settings.no_show_fee_kind.value, settings.no_show_fee_value) == ("fixed", 4000)
    # No fee again: the value is cleared and not asked for.
    late_kind.setCurrentIndex(late_kind.findData("none"))
    assert not late_value.isEnabled() and late_value.text() == ""
    assert page.clinic_fragment()["clinic"]["late_cancel_fee"] == {"kind": "none"}


def test_supervisors_edit_calendars_only_and_front_desk_not_at_all(
    qtbot, demo_database: Database
) -> None:
    dialog = ClinicSetupDialog(demo_database, SUPERVISOR, lambda: NOW)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 1 and not dialog.pages
    window = MainWindow(demo_database, user=StaffUser("alex", "Alex", Role.FRONT_DESK))
    qtbot.addWidget(window)
    assert not window.setup_action.isEnabled()


def test_saving_before_the_covered_sessions_are_known_waits_for_them(
    qtbot, setup: ClinicSetupDialog, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_therapist(setup, "garcia")
    page = setup.calendar.blocks
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    row = page.table.add_row({"type": "training"})
    page.table.set_cell(row, "start", "2026-11-24T13:00")
    page.table.set_cell(row, "end", "2026-11-24T17:00")
    page.table.set_cell(row, "reason", "Course")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()  # at once: the sessions under the block are still being read
    assert len(asked) == 1 and "fall inside the new block" in asked[0]
    with demo_database.read() as session:
        assert session.scalar(select(BlockedTime).where(BlockedTime.reason == "Course"))


@pytest.mark.parametrize(
    ("refused", "said", "accepted"),
    [
        (("FREQ=MINUTELY", "FREQ=DAILY;BYHOUR=13,15"), "add one block per time", "FREQ=DAILY"),
        (
            ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", "FREQ=WEEKLY;BYDAY=TU;BYSETPOS=2"),
            "this rule never happens (e.g. 30 February)",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        ),
    ],
    ids=["more-often-than-daily", "never-happens"],
)
def test_a_block_rule_the_engine_cannot_bound_is_refused_while_typing(
    setup: ClinicSetupDialog,
    demo_database: Database,
    refused: tuple[str, ...],
    said: str,
    accepted: str,
) -> None:
    choose_therapist(setup, "garcia")
    page = setup.calendar.blocks
    row = page.table.add_row({"type": "other"})
    page.table.set_cell(row, "start", "2026-11-24T13:00")
    page.table.set_cell(row, "end", "2026-11-24T13:05")
    page.table.set_cell(row, "reason", "Typed rule")
    for rule in refused:
        page.table.set_cell(row, "rrule", rule)
        assert not page.save_button.isEnabled()
        assert said in page.message.text(), rule
        assert "blocks[" in page.message.text()  # names the block
        page.save()  # refused before anything is sent
    page.table.set_cell(row, "rrule", accepted)
    assert page.save_button.isEnabled(), page.message.text()
    with demo_database.read() as session:
        assert session.scalar(select(BlockedTime).where(BlockedTime.reason == "Typed rule")) is None
