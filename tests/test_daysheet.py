"""The day sheet (docs/desk.md, Day sheet; docs/interfaces.md, `frontdesk daysheet`): one
clinic date's sessions in time order as the PDF reads back, for the whole clinic, one
therapist, one room, one therapist per page; the command line's refusals, which write
nothing; the desk's Ctrl+Shift+P saving the sheet of the day shown."""

from __future__ import annotations

import io
import os
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from app.auth.staff import StaffUser
from app.clinic_file import import_clinic
from app.reports.daysheet import DaySheet, DaySheetRow, day_sheet
from db.engine import Database
from db.enums import Role, SessionStatus
from tests.booking_support import ZONE, at, booking_clinic
from tests.test_cli import run, run_in_process
from ui.day_sheet_dialog import DaySheetDialog
from ui.documents.daysheet import day_sheet_document
from ui.documents.pdf import pdf_bytes
from ui.main_window import MainWindow

DAY = "2026-11-24"  # a Tuesday
# Each line as the sheet prints it: time, client, service, therapist, room, status, due.
KIM_EARLY = "07:05–07:55 Ana One Individual Dr. Kim Room 2 Completed 100.00"
CARTER_NINE = "09:00–09:50 Ben Two Individual Dr. Carter Room 2 Scheduled 150.00"
KIM_NINE = "09:00–10:00 Cy Three Family Dr. Kim Family Room Confirmed 200.00"
CARTER_CANCELLED = "10:00–10:50 Dee Four Individual Dr. Carter — Cancelled"
LEE_NO_SHOW = "11:00–11:50 Eva Five Individual Dr. Lee Room 2 No-show"  # no fee: nothing due
KIM_LATE = "13:00–13:50 Ana One Individual Dr. Kim — Late cancellation"
LEE_EVENING = "17:30–18:20 Ben Two Individual Dr. Lee — Scheduled 150.00"
WHOLE_DAY = [KIM_EARLY, CARTER_NINE, KIM_NINE, CARTER_CANCELLED, LEE_NO_SHOW, KIM_LATE,
             LEE_EVENING]  # fmt: skip


def a_day_of_sessions(database: Database) -> None:
    """Three therapists' Tuesday: a session at 07:05 partly paid (100.00 still due), two at
    09:00 with different therapists, a cancellation and a late one, a no-show, one at 17:30
    without a room; and sessions either side of the day's local midnights."""
    clinic = booking_clinic()
    clinic["therapists"].append({**clinic["therapists"][1], "key": "lee", "name": "Dr. Lee"})
    clinic["clients"] += [{"key": "c4", "name": "Dee Four"}, {"key": "c5", "name": "Eva Five"}]

    def session(number: int, start: str, **fields: Any) -> dict[str, Any]:
        return {"reference": f"BK-2026-{number:06d}", "therapist": "kim", "client": "c1",
                "service": "individual", "start": start, **fields}  # fmt: skip

    cancelled = {"status": "cancelled", "cancelled_at": "2026-11-20T10:00"}
    clinic["sessions"] = [
        session(1, f"{DAY}T07:05", room="r2", status="completed"),
        session(2, f"{DAY}T09:00", therapist="carter", client="c2", room="r2"),
        session(3, f"{DAY}T09:00", client="c3", service="family", room="r1", status="confirmed"),
        session(4, f"{DAY}T10:00", therapist="carter", client="c4", **cancelled),
        session(5, f"{DAY}T11:00", therapist="lee", client="c5", room="r2", status="no_show"),
        session(6, f"{DAY}T13:00", **cancelled, late_cancellation=True),
        session(7, f"{DAY}T17:30", therapist="lee", client="c2"),
        session(8, "2026-11-23T23:10", therapist="lee", client="c3", room="r2"),
        session(9, "2026-11-25T00:00", therapist="carter", client="c3", room="r2"),
    ]
    clinic["payments"] = [
        {"receipt": "RC-2026-000001", "kind": "payment", "client": "c1", "amount": "50.00",
         "method": "cash", "taken_by": "alex", "taken_at": f"{DAY}T08:00",
         "allocations": [{"session": "BK-2026-000001", "amount": "50.00"}]},
    ]  # fmt: skip
    import_clinic(database, clinic, actor="test")


@pytest.fixture(params=["sqlite", "postgresql"])
def sheet_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    database = Database(url)
    a_day_of_sessions(database)
    database.dispose()
    yield url


def pages_text(path: Path) -> list[str]:
    """Each page's words, single-spaced (pypdf reads word gaps as tabs), ligatures undone."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in PdfReader(path).pages
    ]


def lines_in_order(text: str, lines: list[str]) -> bool:
    places = [text.find(line) for line in lines]
    return -1 not in places and places == sorted(places)


def daysheet(url: str, *options: str, runner: Any = run_in_process) -> Any:
    return runner("--db", url, "daysheet", "--date", DAY, *options)


def test_the_whole_clinics_sheet_lists_every_session_of_the_day_in_time_order(
    sheet_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "day.pdf"
    result = daysheet(sheet_url, "--pdf", str(target))
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    (text,) = pages_text(target)
    assert "Test Clinic" in text and "Day sheet — Tuesday 24 November 2026" in text
    assert "Whole clinic" in text and "Due (USD)" in text
    assert lines_in_order(text, WHOLE_DAY), text
    assert "7 sessions (2 cancelled)" in text
    # the sessions of the evening before and of the next day's first minute are not on it
    assert "23:10" not in text and "00:00" not in text
    box = PdfReader(target).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # landscape A4


@pytest.mark.parametrize(
    ("option", "scope", "lines"),
    [
        (("--therapist", "kim"), "Therapist: Dr. Kim", [KIM_EARLY, KIM_NINE, KIM_LATE]),
        (("--room", "r2"), "Room: Room 2", [KIM_EARLY, CARTER_NINE, LEE_NO_SHOW]),
    ],
)
def test_one_therapists_or_one_rooms_sheet_holds_only_theirs(
    sheet_url: str, tmp_path: Path, option: tuple[str, str], scope: str, lines: list[str]
) -> None:
    target = tmp_path / "day.pdf"
    result = daysheet(sheet_url, *option, "--pdf", str(target))
    assert result.returncode == 0, result.stderr
    (text,) = pages_text(target)
    assert scope in text and lines_in_order(text, lines), text
    assert [line for line in WHOLE_DAY if line in text] == lines
    assert f"{len(lines)} sessions" in text


def test_one_therapist_per_page_gives_each_their_own_page(sheet_url: str, tmp_path: Path) -> None:
    target = tmp_path / "day.pdf"
    result = daysheet(sheet_url, "--per-therapist", "--pdf", str(target))
    assert result.returncode == 0, result.stderr
    pages = pages_text(target)
    assert len(pages) == 3
    expected = {
        "Dr. Carter": [CARTER_NINE, CARTER_CANCELLED],
        "Dr. Kim": [KIM_EARLY, KIM_NINE, KIM_LATE],
        "Dr. Lee": [LEE_NO_SHOW, LEE_EVENING],
    }
    for page, (therapist, lines) in zip(pages, expected.items(), strict=True):
        assert f"Therapist: {therapist}" in page
        assert [line for line in WHOLE_DAY if line in page] == lines, page


def test_a_day_without_sessions_prints_a_sheet_that_says_so(
    sqlite_url: str, tmp_path: Path
) -> None:
    database = Database(sqlite_url)
    a_day_of_sessions(database)
    database.dispose()
    target = tmp_path / "sunday.pdf"
    result = run_in_process("--db", sqlite_url, "daysheet", "--date", "2026-11-29",
                            "--per-therapist", "--pdf", str(target))  # fmt: skip
    assert result.returncode == 0, result.stderr
    (text,) = pages_text(target)
    assert "Sunday 29 November 2026" in text and "No sessions on this day." in text


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        (("--date", "2026-13-01"), "--date"),
        (("--date", "tuesday"), "--date"),
        (("--date", DAY, "--therapist", "kim", "--room", "r2"), "not both"),
        (("--date", DAY, "--therapist", "nobody"), "--therapist"),
        (("--date", DAY, "--room", "r9"), "--room"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    sqlite_url: str, tmp_path: Path, options: tuple[str, ...], complaint: str
) -> None:
    database = Database(sqlite_url)
    a_day_of_sessions(database)
    database.dispose()
    target = tmp_path / "out" / "day.pdf"
    target.parent.mkdir()
    result = run_in_process("--db", sqlite_url, "daysheet", *options, "--pdf", str(target))
    assert result.returncode == 2, result.stderr
    assert complaint in result.stderr and result.stdout == ""
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("where", ["missing folder", "a folder", "a file as folder"])
def test_a_path_it_cannot_write_exits_2_and_leaves_nothing(
    sqlite_url: str, tmp_path: Path, where: str
) -> None:
    database = Database(sqlite_url)
    a_day_of_sessions(database)
    database.dispose()
    out = tmp_path / "out"
    out.mkdir()
    if where == "missing folder":
        target = out / "missing" / "day.pdf"
    elif where == "a folder":
        target = out / "sheets"
        target.mkdir()
    else:
        (out / "plain").write_text("not a folder")
        target = out / "plain" / "day.pdf"
    before = sorted(path.name for path in out.rglob("*"))
    result = run_in_process("--db", sqlite_url, "daysheet", "--date", DAY, "--pdf", str(target))
    assert result.returncode == 2, result.stderr
    assert "--pdf" in result.stderr
    assert sorted(path.name for path in out.rglob("*")) == before


def test_a_database_without_a_clinic_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    target = tmp_path / "day.pdf"
    result = run_in_process("--db", sqlite_url, "daysheet", "--date", DAY, "--pdf", str(target))
    assert result.returncode == 3 and "no clinic" in result.stderr
    assert not target.exists()


def test_the_real_command_writes_the_sheet(sqlite_url: str, tmp_path: Path) -> None:
    database = Database(sqlite_url)
    a_day_of_sessions(database)
    database.dispose()
    target = tmp_path / "day.pdf"
    result = daysheet(sqlite_url, "--room", "r1", "--pdf", str(target), runner=run)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(target))
    (text,) = pages_text(target)
    assert "Room: Family Room" in text and KIM_NINE in text and "1 session" in text


def test_fifty_therapists_day_is_built_in_under_a_second(qapp: Any) -> None:
    """The desk builds the page on the UI thread: a large clinic's day must not stall it."""
    start = at(f"{DAY}T08:00")
    rows = tuple(
        DaySheetRow(
            reference=f"BK-2026-{therapist * 10 + slot:06d}",
            starts_at=start + timedelta(hours=slot),
            ends_at=start + timedelta(hours=slot, minutes=50),
            client=f"Client {therapist}-{slot}",
            service="Individual",
            therapist_key=f"t{therapist}",
            therapist=f"Dr. Therapist {therapist:02d}",
            room=f"Room {therapist}",
            status=SessionStatus.SCHEDULED,
            late_cancellation=False,
            due_cents=15000,
        )
        for slot in range(10)
        for therapist in range(50)
    )
    sheet = DaySheet(date(2026, 11, 24), "Big Clinic", "USD", "", rows)
    for per_therapist in (False, True):
        began = time.perf_counter()
        document = day_sheet_document(sheet, per_therapist=per_therapist)
        built = time.perf_counter() - began
        assert built < 1.0, built
        pages = PdfReader(io.BytesIO(pdf_bytes(document, landscape=True))).pages
        assert len(pages) > 20
        # every page the table runs onto starts with its headings
        heading = "Time Client Service Therapist Room Status Due (USD)"
        assert all(heading in " ".join(page.extract_text().split()) for page in pages)


def test_ctrl_shift_p_opens_the_dialog_and_saves_the_sheet_of_the_day_shown(
    qtbot: Any, sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_day_of_sessions(sqlite_database)
    clock = at("2026-11-23T10:00").astimezone(UTC)
    window = MainWindow(
        sqlite_database, user=StaffUser("alex", "Alex", Role.FRONT_DESK), clock=lambda: clock
    )
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    window.show_day(date(2026, 11, 24))  # the day after the clinic's today
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    QTest.keyClick(
        window.calendar_view,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.day_sheet_dialog
    assert isinstance(dialog, DaySheetDialog) and dialog.isVisible()
    assert dialog.day == date(2026, 11, 24) and dialog.whole.isChecked()
    assert [dialog.therapist_box.itemText(i) for i in range(dialog.therapist_box.count())] == [
        "Dr. Carter", "Dr. Kim", "Dr. Lee"
    ]  # fmt: skip
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF files (*.pdf)")
    )
    dialog.per_therapist.setChecked(True)
    with qtbot.waitSignal(dialog.finished_paper, timeout=10_000) as saved:
        dialog.pdf_button.click()
    assert saved.args == [True]
    assert str(target) in dialog.message.text()
    pages = pages_text(target)
    assert len(pages) == 3 and "Therapist: Dr. Carter" in pages[0]
    assert lines_in_order(pages[1], [KIM_EARLY, KIM_NINE, KIM_LATE]), pages[1]
    shots = Path(os.environ.get("FRONTDESK_TEST_SCREENSHOT_DIR", tmp_path))
    assert dialog.grab().save(str(shots / "day_sheet_dialog.png"))


def test_the_dialog_starts_with_the_week_views_therapist_and_says_why_a_save_failed(
    qtbot: Any, sqlite_database: Database, tmp_path: Path
) -> None:
    a_day_of_sessions(sqlite_database)
    dialog = DaySheetDialog(
        sqlite_database,
        date(2026, 11, 24),
        [("carter", "Dr. Carter"), ("kim", "Dr. Kim")],
        [("r1", "Family Room")],
        therapist_key="kim",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.one_therapist.isChecked() and dialog.chosen() == ("kim", None)
    assert not dialog.per_therapist.isEnabled()
    target = tmp_path / "missing" / "sheet.pdf"
    with qtbot.waitSignal(dialog.finished_paper, timeout=10_000) as saved:
        dialog.save_pdf_to(target)
    assert saved.args == [False]
    assert "does not exist" in dialog.message.text()
    assert not target.parent.exists()
    kims = day_sheet(sqlite_database, date(2026, 11, 24), therapist_key="kim")
    assert kims.scope_kind == "therapist" and kims.rows[0].starts_at.tzinfo == ZONE


def test_two_therapists_of_the_same_name_get_a_page_each() -> None:
    from dataclasses import replace

    from app.reports.daysheet import DaySheetRow

    start = at("2026-11-24 09:00")
    row = DaySheetRow(
        reference="BK-2026-000001",
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        client="A Client",
        service="Individual Therapy",
        therapist_key="lee-1",
        therapist="Dr. Lee",
        room=None,
        status=SessionStatus.SCHEDULED,
        late_cancellation=False,
        due_cents=0,
    )
    other = replace(row, reference="BK-2026-000002", therapist_key="lee-2", client="B Client")
    sheet = DaySheet(date(2026, 11, 24), "Clinic", "USD", "", (row, other))
    pages = sheet.by_therapist()
    assert [(name, [r.client for r in rows]) for name, rows in pages] == [
        ("Dr. Lee", ["A Client"]),
        ("Dr. Lee", ["B Client"]),
    ]
