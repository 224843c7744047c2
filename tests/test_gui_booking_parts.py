"""The booking dialog's parts on their own: a day's starts as the desk sees them, and finding
or adding the client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from app.auth.staff import StaffUser
from app.scheduling import Slot, SlotStatus
from db.engine import Database
from db.enums import Role
from ui.client_picker import ClientPicker
from ui.start_list import StartList

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 24, hour, minute, tzinfo=ZONE)


def slot(
    start: datetime,
    status: SlotStatus = SlotStatus.AVAILABLE,
    detail: str | None = None,
    *,
    override: bool = False,
) -> Slot:
    utc = start.astimezone(UTC)
    return Slot(utc, utc + timedelta(minutes=50), status, detail, override)


def test_starts_are_listed_by_part_of_day_with_the_reason_they_are_not_free(qtbot) -> None:
    starts = StartList()
    qtbot.addWidget(starts)
    slots = [
        slot(at(9, 0)),
        slot(at(9, 15), SlotStatus.BOOKED),
        slot(at(13, 0)),
        slot(at(17, 30), SlotStatus.BLOCKED, "team_meeting", override=True),
    ]
    assert starts.show_slots(slots, ZONE, wanted=at(13, 0))
    assert [starts.item(i).text() for i in range(starts.count())] == [
        "Morning",
        "  09:00",
        "  09:15   — booked",
        "Afternoon",
        "  13:00",
        "Evening",
        "  17:30   — blocked: team meeting (supervisor may override)",
    ]
    assert starts.chosen() == (at(13, 0), True, False)
    assert starts.item(2).flags() == Qt.ItemFlag.NoItemFlags  # booked: cannot be chosen
    assert starts.item(6).flags() != Qt.ItemFlag.NoItemFlags  # a supervisor may override
    assert starts.select_start(at(17, 30)) and starts.chosen() == (at(17, 30), False, True)
    assert not starts.select_start(at(8, 0))
    assert not starts.show_slots([], ZONE, wanted=None)
    assert starts.item(0).text() == "No working hours on this day."
    assert starts.chosen() is None and starts.chosen_start() is None


def test_the_client_is_found_as_typed_and_a_note_row_chooses_nobody(
    qtbot, demo_database: Database
) -> None:
    picker = ClientPicker(demo_database, StaffUser("alex", "Alex", Role.FRONT_DESK), lambda: NOW)
    qtbot.addWidget(picker)
    picker.client_search.setText("no such person at all")
    qtbot.waitUntil(lambda: picker.client_list.count() == 1)
    picker.take(picker.client_list.item(0))  # "No client found — add one with New client…"
    assert picker.client is None and not picker.series_button.isEnabled()
    picker.client_search.setText("Harris")
    qtbot.waitUntil(
        lambda: picker.client_list.count() > 1 and bool(picker.client_list.item(0).data(256))
    )
    with qtbot.waitSignal(picker.chosen) as chosen:
        picker.client_search.returnPressed.emit()  # Enter takes the first match
    assert chosen.args[0] is picker.client and "Harris" in picker.client.name
    assert picker.series_button.isEnabled()
