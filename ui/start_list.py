"""A day's starts as the booking dialog lists them: under Morning / Afternoon / Evening, the
available ones to choose, the others greyed with the engine's reason (amber and still
choosable where a supervisor may override)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.booking.wording import block_word
from app.scheduling import Slot, SlotStatus
from ui import locale_format

START_ROLE = Qt.ItemDataRole.UserRole  # (start, free, overridable) of a start's row
# Marked for the extractor (QT_TRANSLATE_NOOP returns the English); translated when shown.
STATUS_WORDS: dict[str, str] = cast(
    dict[str, str],
    {
        "on_leave": QT_TRANSLATE_NOOP("StartList", "on leave"),
        "too_soon": QT_TRANSLATE_NOOP("StartList", "too soon"),
        "too_far": QT_TRANSLATE_NOOP("StartList", "too far ahead"),
        "cap_reached": QT_TRANSLATE_NOOP("StartList", "day is full"),
        "blocked": QT_TRANSLATE_NOOP("StartList", "blocked"),
        "external_busy": QT_TRANSLATE_NOOP("StartList", "busy (own calendar)"),
        "booked": QT_TRANSLATE_NOOP("StartList", "booked"),
        "held": QT_TRANSLATE_NOOP("StartList", "held"),
        "no_room": QT_TRANSLATE_NOOP("StartList", "no room free"),
    },
)


def part_of_day(moment: datetime) -> str:
    if moment.hour < 12:
        return str(QT_TRANSLATE_NOOP("StartList", "Morning"))
    if moment.hour < 17:
        return str(QT_TRANSLATE_NOOP("StartList", "Afternoon"))
    return str(QT_TRANSLATE_NOOP("StartList", "Evening"))


class StartList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Starts of the day"))

    def show_note(self, text: str) -> None:
        """A line instead of starts (loading, nothing to show)."""
        self.clear()
        self.addItem(text)

    def show_slots(self, slots: Sequence[Slot], zone: tzinfo, wanted: datetime | None) -> bool:
        """List the day's starts in the clinic's zone; True when `wanted` was among them and
        is now the chosen one."""
        self.clear()
        if not slots:
            self.addItem(self.tr("No working hours on this day."))
            return False
        heading = None
        wanted_item = None
        for slot in slots:
            start = slot.start.astimezone(zone)
            part = part_of_day(start)
            if part != heading:
                heading = part
                header = QListWidgetItem(self.tr(part))
                font = QFont(header.font())
                font.setBold(True)
                header.setFont(font)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                self.addItem(header)
            free = slot.status == SlotStatus.AVAILABLE
            label = "  " + locale_format.time_of_day(start)
            if not free:
                words = self.tr(STATUS_WORDS.get(slot.status.value, slot.status.value))
                if slot.detail:
                    words += f": {block_word(slot.detail)}"
                label += f"   — {words}"
                if slot.override:
                    label += self.tr(" (supervisor may override)")
            item = QListWidgetItem(label)
            item.setData(START_ROLE, (start, free, slot.override))
            if not free and not slot.override:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setForeground(QColor("#8a8a8a"))
            elif not free:
                item.setForeground(QColor("#9a5b00"))
            self.addItem(item)
            if wanted is not None and start == wanted:
                wanted_item = item
        if wanted_item is None:
            return False
        self.setCurrentItem(wanted_item)
        return True

    def chosen(self) -> tuple[datetime, bool, bool] | None:
        """The chosen start, whether it is free, and whether a supervisor may override it."""
        item = self.currentItem()
        data = item.data(START_ROLE) if item is not None else None
        return data or None

    def chosen_start(self) -> datetime | None:
        chosen = self.chosen()
        return chosen[0] if chosen else None

    def select_start(self, start: datetime) -> bool:
        for row in range(self.count()):
            data = self.item(row).data(START_ROLE)
            if data and data[0] == start:
                self.setCurrentRow(row)
                return True
        return False
