"""The Reports window (docs/desk.md, Reports) on real databases: opened from Clinic ▸ Reports…
(Ctrl+R) by a supervisor and refused to the front desk; every report, grouping and period
shows `run_report`'s figures; the total stays last when sorting; the CSV is the command
line's; the PDF reads back with its title, names and total; the chart draws; a newer
request wins over a slower older one; errors are said in words; money taken while it is
open is shown."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

import ui.reports_window as reports_module
from app.auth.staff import StaffUser
from app.money.payments import PaymentRequest, take_payment
from app.reports import GROUPINGS, Report, ReportKind, no_clinic, run_report
from db.engine import Database
from db.enums import PaymentMethod, Role
from tests.booking_support import at
from tests.test_money_cashup import a_day_of_money
from ui.documents.report import cell_text
from ui.main_window import MainWindow
from ui.operations import PAYMENTS, changes
from ui.qt_values import python_date
from ui.report_chart import BAR_COLOUR
from ui.reports_window import Period, ReportsWindow, period_dates

TODAY = date(2026, 11, 24)  # a Tuesday in the demo clinic's busy month
NOW = datetime(2026, 11, 24, 15, 20, tzinfo=UTC)
MARIA = StaffUser("maria", "Maria Lopez", Role.SUPERVISOR)
ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)


def open_main_window(qtbot: Any, database: Database, user: StaffUser) -> MainWindow:
    window = MainWindow(database, user=user, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    return window


def reports_window(qtbot: Any, database: Database, today: date = TODAY) -> ReportsWindow:
    window = ReportsWindow(database, lambda: today)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.report is not None, timeout=10_000)
    return window


def choose(qtbot: Any, window: ReportsWindow, **choice: Any) -> None:
    """Pick as a person would, and wait for the last request's answer."""
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.choose(**choice)
    qtbot.waitUntil(lambda: not window.busy.isVisible(), timeout=10_000)


def shown(window: ReportsWindow) -> Report:
    assert window.report is not None
    return window.report


def expected_rows(report: Report) -> list[list[str]]:
    """`report`'s rows and total as the window should show them (the key left out)."""
    shown = []
    for values in [*report.rows, report.total]:
        shown.append(
            [
                cell_text(column, value, report.currency)
                for column, value in zip(report.columns[1:], values[1:], strict=True)
            ]
        )
    return shown


def test_a_supervisor_opens_one_reports_window_with_ctrl_r(
    qtbot: Any, demo_database: Database
) -> None:
    window = open_main_window(qtbot, demo_database, MARIA)
    assert window.menus.reports_action.shortcut() == QKeySequence("Ctrl+R")
    assert window.menus.series_action.shortcut() == QKeySequence("Ctrl+Shift+R")
    window.menus.reports_action.trigger()
    reports = window.dialogs.reports_window
    assert reports is not None and reports.isVisible()
    assert reports.today == date(2026, 11, 24)  # the clinic's (New York's) today
    window.menus.reports_action.trigger()  # open already: the same one comes to the front
    assert window.dialogs.reports_window is reports
    qtbot.waitUntil(lambda: reports.report is not None, timeout=10_000)
    reports.reject()
    assert window.dialogs.reports_window is None


def menu_actions(window: MainWindow) -> list[QAction]:
    """Every action of the main window's menus, submenus included."""
    found: list[QAction] = []
    menus = [action.menu() for action in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            elif not action.isSeparator():
                found.append(action)
    return found


def test_no_two_actions_share_a_shortcut_and_refresh_is_not_ctrl_r(
    qtbot: Any, demo_database: Database
) -> None:
    """Qt's standard Refresh is Ctrl+R under GNOME and on macOS, where it would take Reports'
    Ctrl+R (an ambiguous shortcut: neither fires); Refresh has keys of its own everywhere."""
    window = open_main_window(qtbot, demo_database, MARIA)
    owners: dict[str, str] = {}
    for action in menu_actions(window):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in owners, f"{name} is {owners[name]!r} and {action.text()!r}"
            owners[name] = action.text()
    assert owners["Ctrl+R"] == "&Reports…"
    refresh = window.menus.refresh_action
    # the same on every platform (not the standard key, which differs by keyboard scheme)
    assert [key.toString() for key in refresh.shortcuts()] == ["F5", "Refresh"]


def test_the_front_desk_is_told_reports_are_for_supervisors(
    qtbot: Any, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    window = open_main_window(qtbot, demo_database, ALEX)
    assert not window.menus.reports_action.isEnabled()  # Clinic ▸ Reports… and Ctrl+R are off
    window.open_reports()  # asked some other way all the same
    assert window.dialogs.reports_window is None
    assert told == ["Reports are for supervisors and admins."]


def test_a_front_desk_sign_in_closes_the_reports_but_not_the_cashup(
    qtbot: Any, demo_database: Database
) -> None:
    """The role is the signed-in user's, not the one who opened the window: after a front-desk
    sign-in the supervisor's figures are gone; the cash-up, open to every user, stays."""
    window = open_main_window(qtbot, demo_database, MARIA)
    assert window.menus.reports_action.isEnabled()
    reports = window.open_reports()
    cashup = window.open_cashup()
    assert reports is not None and cashup is not None
    qtbot.waitUntil(lambda: reports.report is not None, timeout=10_000)
    window.set_user(ALEX)
    assert not reports.isVisible()
    assert window.dialogs.reports_window is None
    assert not window.menus.reports_action.isEnabled()
    assert cashup.isVisible() and window.dialogs.cashup_window is cashup
    window.set_user(MARIA)  # a supervisor again: Reports can be opened again
    assert window.menus.reports_action.isEnabled()
    window.menus.reports_action.trigger()
    assert window.dialogs.reports_window is not None
    assert window.dialogs.reports_window is not reports


@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_grouping_shows_the_reports_figures(
    qtbot: Any, demo_database: Database, kind: ReportKind, tmp_path: Path
) -> None:
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, kind=kind, period=Period.THIS_MONTH)
    for by in GROUPINGS[kind]:
        if window.by != by:
            choose(qtbot, window, by=by)
        expected = run_report(demo_database, kind, by, date(2026, 11, 1), date(2026, 11, 30))
        assert window.report == expected
        assert window.shown_rows() == expected_rows(expected)
        assert len(expected.rows) > 1
    window.grab().save(str(tmp_path / f"reports-{kind.value}.png"))


def test_periods_and_a_custom_range(qtbot: Any, demo_database: Database) -> None:
    window = reports_window(qtbot, demo_database)
    assert (window.kind, window.by, window.period) == (
        ReportKind.UTILISATION, "therapist", Period.THIS_WEEK
    )  # fmt: skip
    assert (shown(window).first, shown(window).last) == (date(2026, 11, 23), date(2026, 11, 29))
    choose(qtbot, window, kind=ReportKind.ATTENDANCE, period=Period.LAST_MONTH)
    assert (shown(window).first, shown(window).last) == (date(2026, 10, 1), date(2026, 10, 31))
    assert not window.first_edit.isEnabled()
    choose(qtbot, window, period=Period.CUSTOM)
    assert window.first_edit.isEnabled() and window.last_edit.isEnabled()
    choose(qtbot, window, first=date(2026, 10, 20))
    choose(qtbot, window, last=date(2026, 11, 10))
    expected = run_report(
        demo_database, ReportKind.ATTENDANCE, "therapist", date(2026, 10, 20), date(2026, 11, 10)
    )
    assert window.report == expected
    assert window.shown_rows() == expected_rows(expected)
    assert [week.first for week, _ in shown(window).weeks][:2] == [date(2026, 10, 20),
                                                                  date(2026, 10, 26)]  # fmt: skip


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, Any]]:
    """The moment and request of every report read the window starts from now on."""
    started: list[tuple[float, Any]] = []
    real_read = reports_module.read_report

    def counted(database: Database, request: Any) -> Any:
        started.append((time.monotonic(), request))
        return real_read(database, request)

    monkeypatch.setattr(reports_module, "read_report", counted)
    return started


def test_typing_custom_dates_reads_once_after_the_last_edit(
    qtbot: Any, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each date edit would start a read on the shared thread pool; a burst of them reads
    once, about 400 ms after the last."""
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, period=Period.CUSTOM)
    started = count_reads(monkeypatch)
    for day in (1, 2, 3, 4):
        window.choose(first=date(2026, 11, day))
        qtbot.wait(100)
    last_edit = time.monotonic()
    window.choose(last=date(2026, 11, 20))
    assert started == []
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        pass
    assert len(started) == 1
    moment, request = started[0]
    assert moment - last_edit >= reports_module.REFRESH_DELAY_MS / 1000 * 0.9
    assert (request.first, request.last) == (date(2026, 11, 4), date(2026, 11, 20))
    assert (shown(window).first, shown(window).last) == (date(2026, 11, 4), date(2026, 11, 20))
    qtbot.wait(600)
    assert len(started) == 1


def test_a_period_over_ten_years_is_refused_without_reading(
    qtbot: Any, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, period=Period.CUSTOM)
    started = count_reads(monkeypatch)
    with qtbot.waitSignal(window.failed, timeout=10_000):
        window.choose(first=date(2016, 11, 24), last=date(2026, 11, 24))
    assert started == []
    assert window.message.text() == "A report covers at most 10 years."
    assert window.report is None and not window.csv_button.isEnabled()
    choose(qtbot, window, last=date(2026, 11, 23))  # ten years to the day: read
    assert len(started) == 1
    assert (shown(window).first, shown(window).last) == (date(2016, 11, 24), date(2026, 11, 23))
    assert window.message.text() == ""


def test_named_periods_around_the_clinics_today() -> None:
    assert period_dates(Period.THIS_WEEK, TODAY) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_dates(Period.LAST_WEEK, TODAY) == (date(2026, 11, 16), date(2026, 11, 22))
    assert period_dates(Period.THIS_MONTH, TODAY) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_dates(Period.LAST_MONTH, date(2026, 1, 5)) == (date(2025, 12, 1),
                                                                 date(2025, 12, 31))  # fmt: skip
    assert period_dates(Period.THIS_MONTH, date(2028, 2, 10)) == (date(2028, 2, 1),
                                                                  date(2028, 2, 29))  # fmt: skip
    assert period_dates(Period.LAST_YEAR, TODAY) == (date(2025, 1, 1), date(2025, 12, 31))


def test_named_periods_follow_the_clinics_today_while_open(
    qtbot: Any, demo_database: Database
) -> None:
    """Left open over Sunday night, "This week" is the new week at the next read (a change
    read again, or a period chosen), not the week the window was opened in."""
    now = [datetime(2026, 11, 30, 4, 0, tzinfo=UTC)]  # Sunday 29 Nov, 23:00 in New York
    window = MainWindow(demo_database, user=MARIA, clock=lambda: now[0])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    reports = window.open_reports()
    assert reports is not None
    qtbot.waitUntil(lambda: reports.report is not None, timeout=10_000)
    assert (shown(reports).first, shown(reports).last) == (date(2026, 11, 23), date(2026, 11, 29))
    now[0] = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # Monday 30 Nov, 01:00 in New York
    assert reports.today == date(2026, 11, 30)
    changes().announce({PAYMENTS}, {date(2026, 11, 30)})
    qtbot.waitUntil(lambda: shown(reports).first == date(2026, 11, 30), timeout=10_000)
    assert shown(reports).last == date(2026, 12, 6)
    assert python_date(reports.first_edit.date()) == date(2026, 11, 30)
    assert python_date(reports.last_edit.date()) == date(2026, 12, 6)
    now[0] = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    choose(qtbot, reports, period=Period.THIS_MONTH)
    assert (shown(reports).first, shown(reports).last) == (date(2026, 12, 1), date(2026, 12, 31))


def test_sorting_keeps_the_total_last(qtbot: Any, demo_database: Database) -> None:
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, kind=ReportKind.REVENUE, period=Period.THIS_MONTH)
    report = window.report
    assert report is not None
    collected = report.columns.index("collected_cents")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        window.table.sortByColumn(collected - 1, order)
        rows = window.shown_rows()
        assert rows[-1][0] == "Total"
        assert rows[-1][-1] == cell_text("collected_cents", report.total[collected], "USD")
        amounts = [
            int(str(values[collected])) for values in sorted(
                report.rows, key=lambda v: int(str(v[collected])),
                reverse=order == Qt.SortOrder.DescendingOrder)
        ]  # fmt: skip
        assert [row[-1] for row in rows[:-1]] == [cell_text("collected_cents", a, "USD")
                                                   for a in amounts]  # fmt: skip
        window.table.sortByColumn(0, order)  # by name: the total still last
        names = [row[0] for row in window.shown_rows()]
        assert names[-1] == "Total"
        assert names[:-1] == sorted(names[:-1], key=str.casefold,
                                    reverse=order == Qt.SortOrder.DescendingOrder)  # fmt: skip
    total_font = window.proxy.index(len(report.rows), 0).data(Qt.ItemDataRole.FontRole)
    assert total_font is not None and total_font.bold()


def test_export_csv_writes_the_command_lines_csv(
    qtbot: Any, demo_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, kind=ReportKind.ATTENDANCE, by="service", period=Period.THIS_MONTH)
    target = tmp_path / "attendance.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "CSV files (*.csv)")
    )
    window.csv_button.click()
    expected = run_report(
        demo_database, ReportKind.ATTENDANCE, "service", date(2026, 11, 1), date(2026, 11, 30)
    )
    assert target.read_text(encoding="utf-8") == expected.csv_text()
    assert target.read_text(encoding="utf-8").startswith(
        "key,name,sessions,completed,no_show,cancelled,late_cancelled,upcoming,no_show_rate\n"
    )
    assert "Saved" in window.message.text()
    # a folder that is not there: said in words, nothing written
    assert not window.save_csv_to(tmp_path / "missing" / "attendance.csv")
    assert "does not exist" in window.message.text()
    assert not (tmp_path / "missing").exists()


def test_the_saved_pdf_holds_the_title_names_and_total(
    qtbot: Any, demo_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, kind=ReportKind.REVENUE, period=Period.THIS_MONTH)
    target = tmp_path / "revenue.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window.pdf_button.click()
    text = " ".join("".join(page.extract_text() for page in PdfReader(target).pages).split())
    report = window.report
    assert report is not None
    assert "Revenue report" in text
    assert "Riverside Therapy Center" in text
    assert "Sun 1 Nov 2026 – Mon 30 Nov 2026" in text
    assert "Dr. Emily Carter" in text
    billed, collected = (cell_text(c, report.total[report.columns.index(c)], "USD")
                         for c in ("billed_cents", "collected_cents"))  # fmt: skip
    assert f"Total {billed} {collected}" in text
    assert not window.save_pdf_to(tmp_path / "missing" / "revenue.pdf")
    assert "does not exist" in window.message.text()


def test_the_chart_draws_a_bar_per_row_with_figures(
    qtbot: Any, demo_database: Database, tmp_path: Path
) -> None:
    window = reports_window(qtbot, demo_database)
    choose(qtbot, window, kind=ReportKind.UTILISATION, by="room", period=Period.THIS_MONTH)
    picture = window.chart.grab().toImage()
    assert not picture.isNull() and picture.width() > 300
    assert window.chart.bars_drawn == len(shown(window).rows) > 0
    bar_pixels = sum(
        1
        for x in range(0, picture.width(), 3)
        for y in range(0, picture.height() // 2, 3)
        if picture.pixelColor(x, y) == BAR_COLOUR
    )
    assert bar_pixels > 100
    assert "Room 101" in window.chart.accessibleDescription()
    printed = window.chart.image(640, 460)
    assert printed.width() == 640 * 3 and printed.devicePixelRatio() == 3
    assert printed.pixelColor(0, 0) == QColor("white")
    shots = Path(os.environ.get("FRONTDESK_TEST_SCREENSHOT_DIR", tmp_path))
    for kind, by in ((ReportKind.UTILISATION, "therapist"), (ReportKind.REVENUE, "therapist")):
        choose(qtbot, window, kind=kind, by=by)
        assert window.grab().save(str(shots / f"reports-{kind.value}.png"))


def test_a_newer_request_wins_over_a_slower_older_one(
    qtbot: Any, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = reports_window(qtbot, demo_database)
    real_read = reports_module.read_report

    def slow_for_revenue(database: Database, request: Any) -> Any:
        if request.kind == ReportKind.REVENUE:
            time.sleep(0.8)  # the older request's answer arrives after the newer one's
        return real_read(database, request)

    monkeypatch.setattr(reports_module, "read_report", slow_for_revenue)
    window.choose(kind=ReportKind.REVENUE)
    assert window.busy.isVisible() and window.working.isVisible()
    window.choose(kind=ReportKind.ATTENDANCE)
    qtbot.waitUntil(lambda: shown(window).kind == ReportKind.ATTENDANCE, timeout=10_000)
    qtbot.wait(1200)  # the revenue answer has come back meanwhile, and was dropped
    assert shown(window).kind == ReportKind.ATTENDANCE
    assert window.shown_rows() == expected_rows(shown(window))
    assert not window.busy.isVisible()


def document_buttons_enabled(window: ReportsWindow) -> list[bool]:
    return [b.isEnabled() for b in (window.csv_button, window.print_button, window.pdf_button)]


def test_export_print_and_pdf_wait_for_the_report_asked_for(
    qtbot: Any, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a newer choice is read (or typed), the report shown is not the one the fields
    say: Export CSV…, Print… and Save as PDF… would give the old one, so they are off."""
    window = reports_window(qtbot, demo_database)
    assert document_buttons_enabled(window) == [True, True, True]
    real_read = reports_module.read_report

    def slow(database: Database, request: Any) -> Any:
        time.sleep(0.5)
        return real_read(database, request)

    monkeypatch.setattr(reports_module, "read_report", slow)
    window.choose(kind=ReportKind.REVENUE)
    assert shown(window).kind == ReportKind.UTILISATION  # the old one, still on screen
    assert document_buttons_enabled(window) == [False, False, False]
    qtbot.waitUntil(lambda: shown(window).kind == ReportKind.REVENUE, timeout=10_000)
    assert document_buttons_enabled(window) == [True, True, True]
    choose(qtbot, window, period=Period.CUSTOM)
    window.choose(last=date(2026, 12, 6))  # typed: read in a moment
    assert document_buttons_enabled(window) == [False, False, False]
    qtbot.waitUntil(lambda: shown(window).last == date(2026, 12, 6), timeout=10_000)
    assert document_buttons_enabled(window) == [True, True, True]


def test_errors_are_said_in_words(
    qtbot: Any, demo_database: Database, sqlite_database: Database
) -> None:
    window = reports_window(qtbot, demo_database)
    with qtbot.waitSignal(window.failed, timeout=10_000):
        window.choose(period=Period.CUSTOM, first=date(2026, 11, 20), last=date(2026, 11, 10))
    assert window.message.text() == "The period ends before it starts."
    assert window.report is None and not window.csv_button.isEnabled()
    assert window.proxy.rowCount() == 0

    empty = ReportsWindow(sqlite_database, lambda: TODAY)
    qtbot.addWidget(empty)
    with qtbot.waitSignal(empty.failed, timeout=10_000):
        empty.show()
    assert empty.message.text() == no_clinic()


def test_money_taken_while_open_is_shown(qtbot: Any, database: Database) -> None:
    """On both databases: a payment, announced as `run_write` announces it, reads the
    revenue by payment method again."""
    a_day_of_money(database)
    window = reports_window(qtbot, database)
    choose(qtbot, window, kind=ReportKind.REVENUE, by="method", period=Period.THIS_MONTH)
    before = run_report(database, ReportKind.REVENUE, "method", date(2026, 11, 1),
                        date(2026, 11, 30))  # fmt: skip
    assert window.report == before
    take_payment(database, PaymentRequest("c2", 2500, PaymentMethod.CARD), actor="maria",
                 now=at("2026-11-24T17:00"))  # fmt: skip
    changes().announce({PAYMENTS}, {TODAY})
    after = run_report(database, ReportKind.REVENUE, "method", date(2026, 11, 1),
                       date(2026, 11, 30))  # fmt: skip
    assert after != before
    qtbot.waitUntil(lambda: window.report == after, timeout=10_000)
    card = next(row for row in window.shown_rows() if row[0] == "Card")
    card_cents = next(row[3] for row in after.rows if row[0] == "card")
    assert card == ["Card", "—", cell_text("collected_cents", card_cents, "USD")]
    assert "—" in card  # billed money belongs to sessions, not to a payment method


def test_tab_reaches_every_control_in_reading_order(qtbot: Any, demo_database: Database) -> None:
    window = reports_window(qtbot, demo_database)
    wanted = [window.kind_box, window.by_box, window.period_box, window.first_edit,
              window.last_edit, window.table, window.chart, window.csv_button,
              window.print_button, window.pdf_button]  # fmt: skip
    chain: list[QWidget] = []
    widget: QWidget | None = window.kind_box.nextInFocusChain()
    while widget is not None and widget is not window.kind_box and len(chain) < 200:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    reached = [w for w in chain if w in wanted]
    assert reached == wanted[1:]
    assert window.chart.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert window.table.accessibleName() == "Report table"
    assert window.chart.accessibleName() == "Report chart"
