"""The desktop shell, driven through its real widgets (offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread, QThreadPool

from app.agenda import day_agenda
from db.engine import Database
from ui.main_window import MainWindow
from ui.operations import CLINIC, changes, run_write


def test_main_window_shows_clinic_database_and_the_day(
    qtbot, qtmodeltester, demo_database: Database
) -> None:
    # Given the demo clinic, when the window opens,
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.show()
    # then title and status bar say which clinic and database this desk is on,
    qtbot.waitUntil(lambda: "Riverside Therapy Center" in window.windowTitle())
    assert window.windowTitle() == "Clinic Front Desk — Riverside Therapy Center"
    assert window.clinic_label.text() == "Clinic: Riverside Therapy Center · America/New_York"
    assert "clinic.sqlite3" in window.database_label.text()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Session", "&View", "&Clinic", "&Help"]
    # and the day's sessions are listed once loaded (off the UI thread).
    day = date(2026, 11, 24)
    window.show_day(day)
    assert window.day_label.text() == "Tuesday 24 November 2026"
    expected = day_agenda(demo_database, day)
    assert expected, "the demo has sessions on a Tuesday"
    qtbot.waitUntil(lambda: window.model.rowCount() == len(expected))
    qtmodeltester.check(window.model)
    first = window.model.index(0, 0).data()
    assert first == f"{expected[0].starts_at:%H:%M}–{expected[0].ends_at:%H:%M}"
    assert window.model.index(0, 6).data() == expected[0].reference
    # Next day loads that day.
    window.next_button.click()
    assert window.shown_day == date(2026, 11, 25)
    qtbot.waitUntil(
        lambda: window.model.rowCount() == len(day_agenda(demo_database, date(2026, 11, 25)))
    )


def test_window_on_an_empty_database_says_what_to_do(qtbot, sqlite_database: Database) -> None:
    window = MainWindow(sqlite_database)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "No clinic yet" in window.clinic_label.text())
    qtbot.waitUntil(lambda: window.empty_label.text() == "No sessions on this day.")


def test_import_through_the_window(
    qtbot, sqlite_database: Database, tmp_path: Path, contract_clinic: dict, warnings: list[str]
) -> None:
    window = MainWindow(sqlite_database)
    qtbot.addWidget(window)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"rooms": [{"key": "r1"}]}))
    window.import_file(bad)
    qtbot.waitUntil(lambda: bool(warnings))
    assert 'rooms[r1]: missing field "name"' in warnings[0]
    good = tmp_path / "good.json"
    good.write_text(json.dumps(contract_clinic))
    window.import_file(good)
    qtbot.waitUntil(lambda: window.windowTitle().endswith("SmartHub Center"))
    out = tmp_path / "out.json"
    window.export_file(out)
    qtbot.waitUntil(out.exists)
    assert json.loads(out.read_text())["clinic"]["name"] == "SmartHub Center"


def test_what_an_import_noted_is_shown_until_read(
    qtbot, sqlite_database: Database, tmp_path: Path, contract_clinic: dict
) -> None:
    """A user the file gives no password cannot sign in: the desk that imported it says so."""
    window = MainWindow(sqlite_database)
    qtbot.addWidget(window)
    contract_clinic["users"].append({"username": "sam", "role": "front_desk"})
    good = tmp_path / "good.json"
    good.write_text(json.dumps(contract_clinic))
    window.import_file(good)
    qtbot.waitUntil(lambda: window.files.notes_box is not None, timeout=10_000)
    box = window.files.notes_box
    assert box is not None and box.isVisible()
    assert box.text().startswith("Imported: ") and "users: 2 new, 0 updated" in box.text()
    assert box.informativeText() == (
        'user "sam" has no password yet and cannot log in until an admin sets one'
    )
    box.accept()
    assert window.files.notes_box is None  # no handle kept to a box deleted on close


def test_an_import_is_announced_and_the_window_reads_the_clinic_again(
    qtbot, sqlite_database: Database, tmp_path: Path, contract_clinic: dict
) -> None:
    window = MainWindow(sqlite_database)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "No clinic yet" in window.clinic_label.text())
    good = tmp_path / "good.json"
    good.write_text(json.dumps(contract_clinic))
    with qtbot.waitSignal(changes().changed, timeout=10_000) as announced:
        window.import_file(good)
    kinds, days = announced.args
    assert CLINIC in kinds and days == frozenset()
    qtbot.waitUntil(lambda: window.clinic_label.text().startswith("Clinic: SmartHub Center"))


def test_a_write_tells_its_caller_first_then_every_view(qtbot) -> None:
    heard: list[object] = []

    def listener(kinds: frozenset[str], days: frozenset[date]) -> None:
        heard.append(("changed", kinds, days))

    changes().changed.connect(listener)
    try:
        with qtbot.waitSignal(changes().changed, timeout=5_000):
            run_write(
                lambda: 42,
                lambda result: heard.append(("done", result)),
                lambda error: heard.append(("failed", error)),
                kinds={"sessions", "outbox"},
                days=[date(2026, 11, 24)],
            )
        assert heard == [
            ("done", 42),
            ("changed", frozenset({"sessions", "outbox"}), frozenset({date(2026, 11, 24)})),
        ]
        # A write that failed changed nothing, so it announces nothing.
        heard.clear()
        with qtbot.assertNotEmitted(changes().changed, wait=300):
            run_write(
                lambda: 1 / 0,
                lambda result: heard.append(("done", result)),
                lambda error: heard.append(("failed", type(error).__name__)),
                kinds={"sessions"},
            )
        qtbot.waitUntil(lambda: bool(heard))
        assert heard == [("failed", "ZeroDivisionError")]
    finally:
        changes().changed.disconnect(listener)


def test_a_window_deleted_while_its_jobs_run_hears_nothing_and_nothing_crashes(qtbot) -> None:
    """Twenty jobs whose window is deleted while they run: their answers are dropped (the
    window's callbacks never run), and the workers' emits find their relays alive."""
    from PySide6.QtWidgets import QWidget

    from ui.operations import run_in_background

    window = QWidget()
    release = threading.Event()
    heard: list[object] = []
    for number in range(20):
        run_in_background(
            lambda n=number: release.wait(5) and n,
            heard.append,
            heard.append,
            window,
        )
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken_alive(window))
    release.set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # every job has finished and emitted
        QCoreApplication.processEvents()
        time.sleep(0.01)
        if QThreadPool.globalInstance().activeThreadCount() == 0:
            break
    QCoreApplication.processEvents()
    assert heard == []


def shiboken_alive(widget: object) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_a_change_announced_off_the_ui_thread_is_heard_on_it(qtbot) -> None:
    on_ui_thread: list[bool] = []

    def listener(_kinds: frozenset[str], _days: frozenset[date]) -> None:
        on_ui_thread.append(QThread.currentThread() == QCoreApplication.instance().thread())

    changes().changed.connect(listener)
    try:
        with qtbot.waitSignal(changes().changed, timeout=5_000) as announced:
            threading.Thread(target=lambda: changes().announce({"outbox"})).start()
        assert announced.args == [frozenset({"outbox"}), frozenset()]
        assert on_ui_thread == [True]
    finally:
        changes().changed.disconnect(listener)


def test_window_screenshot(qtbot, demo_database: Database, tmp_path: Path) -> None:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    window.show_day(date(2026, 11, 24))
    qtbot.waitUntil(lambda: window.model.rowCount() > 10)
    target = Path(os.environ.get("FRONTDESK_TEST_SCREENSHOT_DIR", tmp_path)) / "main_window.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(target))
    assert target.stat().st_size > 10_000


def test_frontdesk_gui_starts_and_stays_up(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'gui.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    demo = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, "demo", "--if-empty"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--db", db, "gui"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)
        assert process.poll() is None, process.communicate()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
