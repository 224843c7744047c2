"""A therapist's calendar in the clinic setup: working hours, date exceptions and blocked
times on three tabs saved together, the blocks with a readable summary and the booked
sessions a new block would cover."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clinic_file.schema import CALENDAR_PARTS
from app.clinic_setup import describe_block, sessions_under_blocks
from ui import locale_format
from ui.operations import run_in_background
from ui.setup_fields import BLOCK_FIELDS, EXCEPTION_FIELDS, HOURS_FIELDS
from ui.setup_pages import EditorPage

if TYPE_CHECKING:
    from ui.setup_dialog import ClinicSetupDialog

MAX_LISTED_SESSIONS = 12


class CalendarPage(QWidget):
    """One therapist's working hours, date exceptions and blocked times, saved together."""

    def __init__(self, dialog: ClinicSetupDialog) -> None:
        super().__init__(dialog.tabs)
        self.dialog = dialog
        self.therapist: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(self.tr("&Therapist"), self)
        top.addWidget(label)
        self.chooser = QComboBox(self)
        label.setBuddy(self.chooser)
        self.chooser.setAccessibleName(self.tr("Therapist"))
        top.addWidget(self.chooser, 1)
        layout.addLayout(top)
        self.parts = QTabWidget(self)
        layout.addWidget(self.parts, 1)
        hint = self.tr("Saved together with the other two tabs of this therapist.")
        self.hours = EditorPage(
            dialog,
            HOURS_FIELDS,
            self.fragment,
            removable=True,
            hint=self.tr("Several blocks a day are fine; they must not overlap. ") + hint,
        )
        self.exceptions = EditorPage(
            dialog,
            EXCEPTION_FIELDS,
            self.fragment,
            removable=True,
            hint=self.tr("A date's own hours replace its weekday's; untick Works for a day off. ")
            + hint,
        )
        self.blocks = BlocksPage(dialog, self)
        for page in (self.hours, self.exceptions, self.blocks):
            page.setParent(self.parts)
            page.saved.connect(lambda _s: self.dialog.reload())
        self.parts.addTab(self.hours, self.tr("Working &hours"))
        self.parts.addTab(self.exceptions, self.tr("Date &exceptions"))
        self.parts.addTab(self.blocks, self.tr("&Blocked times"))
        self.chooser.currentIndexChanged.connect(lambda _i: self.show_therapist())

    def load(self, therapists: list[dict[str, Any]]) -> None:
        current = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for therapist in therapists:
            self.chooser.addItem(therapist["name"], therapist["key"])
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(current)))
        self.chooser.blockSignals(False)
        self.show_therapist()

    def show_therapist(self) -> None:
        key = self.chooser.currentData()
        setup = self.dialog.setup or {}
        self.therapist = next((t for t in setup.get("therapists", []) if t["key"] == key), None)
        if self.therapist is None:
            return
        self.hours.table.load(self.therapist.get("working_hours", []))
        self.exceptions.table.load(
            [{"available": False, **e} for e in self.therapist.get("exceptions", [])]
        )
        self.blocks.table.load(
            [{**b, "summary": describe_block(b)} for b in self.therapist.get("blocks", [])]
        )
        for page in (self.hours, self.exceptions, self.blocks):
            page.check()

    def fragment(self) -> dict[str, Any]:
        if self.therapist is None:
            return {}
        entry = {k: v for k, v in self.therapist.items() if k not in CALENDAR_PARTS}
        entry["working_hours"] = self.hours.table.values()
        entry["exceptions"] = [
            {k: v for k, v in e.items() if not (k == "hours" and not e.get("available"))}
            for e in self.exceptions.table.values()
        ]
        entry["blocks"] = [
            {k: v for k, v in b.items() if k != "summary"} for b in self.blocks.table.values()
        ]
        return {"therapists": [entry]}


class BlocksPage(EditorPage):
    """Blocked times with a readable summary, and a warning naming the booked sessions a new
    or changed block would cover (they stay booked; the receptionist decides)."""

    def __init__(self, dialog: ClinicSetupDialog, calendar: CalendarPage) -> None:
        super().__init__(
            dialog,
            BLOCK_FIELDS,
            calendar.fragment,
            removable=True,
            hint=self.tr(
                "Recurring blocks keep their local times across daylight saving. "
                "Sessions already booked inside a new block are listed before saving."
            ),
        )
        self.calendar = calendar
        self.covered: list[Any] = []
        # The blocks whose covered sessions were last asked for (read off the UI thread),
        # whether that answer is in, and whether Save waits for it.
        self._coverage_for: object = None
        self._coverage_known = True
        self._save_waiting = False

    def _changed_blocks(self) -> tuple[dict[str, Any], set[int]]:
        fragment = self.calendar.fragment()
        if not fragment:
            return {}, set()
        entry = fragment["therapists"][0]
        old = (self.calendar.therapist or {}).get("blocks", [])
        changed = {i for i, block in enumerate(entry["blocks"]) if block not in old}
        return entry, changed

    def after_check(self) -> None:
        table = self.table
        summary_column = table.column_of("summary")
        table.blockSignals(True)
        for row, values in enumerate(table.values()):
            item = table.item(row, summary_column)
            if item is not None:
                item.setText(describe_block(values))
        table.blockSignals(False)
        entry, changed = self._changed_blocks()
        known = self.dialog.known
        wanted = (entry, changed) if entry and changed and not self.problems else None
        if wanted == self._coverage_for:
            return  # the sessions under these blocks are known or on their way
        self._coverage_for = wanted
        self._coverage_known = False
        if wanted is None or known is None:
            self._covered_loaded(wanted, [])
            return
        run_in_background(
            lambda: sessions_under_blocks(
                self.dialog.database, entry, known, self.dialog.clock(), only=changed
            ),
            lambda covered: self._covered_loaded(wanted, covered),
            self._failed,
            self,
        )

    def _covered_loaded(self, asked: object, covered: list[Any]) -> None:
        if asked != self._coverage_for:
            return  # edited meanwhile: a newer answer is on its way
        self._coverage_known = True
        self.covered = covered
        if covered:
            listed = ", ".join(
                f"{c.reference} ({locale_format.moment(c.starts_at)})"
                for c in covered[:MAX_LISTED_SESSIONS]
            )
            more = len(covered) - MAX_LISTED_SESSIONS
            if more > 0:
                listed += self.tr(" and %d more") % more
            self.warning.setText(
                self.tr("%n booked session(s) fall inside the new block: %s.", "", len(covered))
                % listed
            )
        self.warning.setVisible(bool(covered))
        if self._save_waiting:
            self._save_waiting = False
            self.save()

    def confirm_save(self) -> bool:
        if self._coverage_for is not None and not self._coverage_known:
            self._save_waiting = True  # saved once the booked sessions are known
            self._say(self.tr("Checking booked sessions…"))
            return False
        if not self.covered:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Sessions inside the block"),
            self.warning.text() + self.tr("\n\nThey stay booked. Save the block anyway?"),
        )
        return answer == QMessageBox.StandardButton.Yes
