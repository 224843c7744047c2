"""The inbox and the series editor, driven through the real widgets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from app.auth.staff import StaffUser
from app.booking import BookingRequest, book
from app.booking.recurring import generate_recurring
from app.booking.series import SeriesSpec, create_series
from app.clinic_file import import_clinic
from db.engine import Database
from db.enums import Frequency, Role
from db.models import Notice, RecurringSeries, TherapySession
from tests.booking_support import at, booking_clinic
from ui.main_window import MainWindow
from ui.series_dialog import SeriesDialog, SeriesForm

NOW = at("2026-10-05T08:00").astimezone(UTC)  # a Monday
ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)


@pytest.fixture
def clinic_db(sqlite_database: Database) -> Database:
    data = booking_clinic()
    data["therapists"][0]["blocks"] = []
    import_clinic(sqlite_database, data, actor="test")
    return sqlite_database


def wednesday_series(database: Database) -> str:
    return create_series(
        database,
        SeriesSpec("carter", "c1", "individual", Frequency.WEEKLY, date(2026, 10, 7), 14 * 60),
        actor="t",
        now=NOW,
    )


def test_inbox_shows_a_conflict_books_it_by_hand_and_marks_it_done(
    qtbot, clinic_db: Database
) -> None:
    wednesday_series(clinic_db)
    book(
        clinic_db,
        BookingRequest("carter", "c2", "individual", at("2026-10-14T14:00")),
        actor="t",
        now=NOW,
    )
    summary = generate_recurring(clinic_db, NOW, days_ahead=14)
    assert (summary.generated, summary.skipped) == (1, 1)
    window = MainWindow(clinic_db, user=ALEX, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.inbox_button.text() == "Inbox (1)", timeout=10_000)
    panel = window.open_inbox()
    assert panel is not None
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        pass
    assert panel.tree.topLevelItemCount() == 1
    row = panel.tree.topLevelItem(0)
    assert "Not booked: Ana One with Dr. Carter on Wed 14 Oct" in row.text(1)
    assert "already has a session" in row.text(2)
    panel.tree.setCurrentItem(row)
    assert panel.book_button.isEnabled() and panel.done_button.isEnabled()
    panel.book_button.click()
    dialog = window.booking_dialog
    qtbot.waitUntil(lambda: dialog.client is not None and dialog.calendar is not None)
    assert dialog.client.key == "c1" and dialog.day == date(2026, 10, 14)
    dialog.reject()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.done_button.click()
    assert panel.tree.topLevelItemCount() == 0
    with clinic_db.read() as session:
        notice = session.scalar(select(Notice))
        assert notice is not None and notice.done_by == "alex"
    qtbot.waitUntil(lambda: window.inbox_button.text() == "Inbox", timeout=10_000)


def fill_form(values: dict[str, object]) -> None:
    def act() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, SeriesForm):
            QTimer.singleShot(50, act)
            return
        form.therapist.setCurrentIndex(form.therapist.findData(values["therapist"]))
        form.frequency.setCurrentIndex(form.frequency.findData(values["frequency"]))
        start = values["start"]
        assert isinstance(start, date)
        form.start_date.setDate(start)
        form.time.setTime(QTime(10, 30))
        form.price.setText(str(values.get("price", "")))
        if values.get("move"):
            form.move_booked.setChecked(True)
        form.submit()
        if form.result() != QDialog.DialogCode.Accepted:  # a refused price: say so, give up
            values["message"] = form.message.text()
            form.reject()

    QTimer.singleShot(50, act)


def test_series_editor_creates_pauses_resumes_and_stops(
    qtbot, clinic_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SeriesDialog(clinic_db, ALEX, lambda: NOW, "c1", "Ana One")
    qtbot.addWidget(dialog)
    # Two loads run at once (the week's calendar, the client's series): wait for both.
    qtbot.waitUntil(
        lambda: (
            dialog.calendar is not None and dialog.message.text() == "No recurring sessions yet."
        ),
        timeout=10_000,
    )
    # a bad price is refused in the form, nothing is created
    bad: dict[str, object] = {
        "therapist": "kim",
        "frequency": Frequency.BIWEEKLY,
        "start": date(2026, 10, 8),
        "price": "lots",
    }
    fill_form(bad)
    dialog.new_series()
    assert "lots" in str(bad.get("message", ""))
    with clinic_db.read() as session:
        assert session.scalar(select(RecurringSeries)) is None
    fill_form(
        {
            "therapist": "kim",
            "frequency": Frequency.BIWEEKLY,
            "start": date(2026, 10, 8),
            "price": "120.00",
        }
    )
    dialog.new_series()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)

    assert dialog.views[0].summary == "Every other Thursday 10:30 with Dr. Kim"
    with clinic_db.read() as session:
        series = session.scalar(select(RecurringSeries))
        assert series is not None and series.price_cents == 12000
    generate_recurring(clinic_db, NOW, days_ahead=21)  # 8 and 22 Oct
    dialog.list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.pause_button.click()
    assert dialog.views[0].state == "paused" and dialog.resume_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.resume_button.click()
    assert dialog.views[0].state == "active"
    assert [f"{s:%d %b}" for s in dialog.views[0].next_starts] == ["08 Oct", "22 Oct"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.stop_button.click()
    assert dialog.views[0].state == "ended" and not dialog.views[0].next_starts
    assert "2 future session(s) cancelled" in dialog.message.text()


def test_session_panel_names_the_series(qtbot, clinic_db: Database) -> None:
    wednesday_series(clinic_db)
    generate_recurring(clinic_db, NOW, days_ahead=14)
    with clinic_db.read() as session:
        reference = session.scalars(
            select(TherapySession.reference).order_by(TherapySession.starts_at)
        ).first()
    assert reference is not None
    window = MainWindow(clinic_db, user=ALEX, clock=lambda: datetime(2026, 10, 5, 12, tzinfo=UTC))
    qtbot.addWidget(window)
    panel = window.open_session(reference)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.details is not None, timeout=10_000)
    assert panel.series_text.startswith("Every Wednesday 14:00 with Dr. Carter; next: Wed 07 Oct")
    panel.series_button.click()
    qtbot.waitUntil(lambda: getattr(window, "series_dialog", None) is not None, timeout=10_000)
    series = window.series_dialog
    qtbot.waitUntil(lambda: series.list.count() == 1, timeout=10_000)
    panel.close()
    series.close()


def test_series_editor_changes_the_rule_read_off_the_ui_thread(qtbot, clinic_db: Database) -> None:
    wednesday_series(clinic_db)
    dialog = SeriesDialog(clinic_db, ALEX, lambda: NOW, "c1", "Ana One")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.list.count() == 1)
    dialog.list.setCurrentRow(0)
    assert dialog.views[0].summary == "Every Wednesday 14:00 with Dr. Carter"
    fill_form({"therapist": "carter", "frequency": Frequency.WEEKLY, "start": date(2026, 10, 7)})
    dialog.change_selected()
    qtbot.waitUntil(
        lambda: dialog.views[0].summary == "Every Wednesday 10:30 with Dr. Carter", timeout=10_000
    )
    assert dialog.message.text().startswith("Changed; 0 booked session(s) moved.")
    with clinic_db.read() as session:
        series = session.scalar(select(RecurringSeries))
        assert series is not None and series.start_minute == 10 * 60 + 30
