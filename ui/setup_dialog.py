"""Clinic setup editors (SPEC F1, F8): therapists' hours, exceptions and blocked times for
supervisors; rooms, services, therapists, users and clinic settings for admins.

Each page edits a fragment of the clinic file (CONTRACTS.md) and is checked while typing by
the same parser an imported file goes through (`app.clinic_setup.check_fragment`), so a
page can only be saved when the import would accept it; saving applies it in one audited
transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clinic_file import ClinicFileError, ImportSummary, Problem, export_setup
from app.clinic_file.document import KnownKeys
from app.clinic_setup import (
    check_fragment,
    describe_block,
    save_setup,
    sessions_under_blocks,
    setup_keys,
)
from db.engine import Database
from db.enums import WEEKDAYS, BlockType, Role, TherapistStatus
from ui.feedback import describe_error, say, shows_error
from ui.operations import run_in_background

MAX_SHOWN_PROBLEMS = 6
MAX_LISTED_SESSIONS = 12


@dataclass(frozen=True)
class Field:
    """One editable value of a clinic-file object. Kinds: text, int, bool, list (comma
    separated), hours ("09:00-12:00, 13:00-17:00"), choice, password (never shown), rrule."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


def to_text(field: Field, value: Any) -> str:
    if value is None:
        return ""
    if field.kind == "list":
        return ", ".join(str(v) for v in value)
    if field.kind == "hours":
        return ", ".join(f"{h.get('start', '')}-{h.get('end', '')}" for h in value)
    return str(value)


def to_value(field: Field, text: str) -> Any:
    """The clinic-file value of what was typed; text that is not a number stays text, so the
    parser's message names the field ("must be an integer")."""
    text = text.strip()
    if field.kind == "int":
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return text
    if field.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if field.kind == "hours":
        hours = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            start, _dash, end = part.partition("-")
            hours.append({"start": start.strip(), "end": end.strip()})
        return hours
    return text or None


class FragmentTable(QTableWidget):
    """Rows of clinic-file objects; values not shown as columns are kept as they were."""

    edited = Signal()

    def __init__(self, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(0, len(fields), parent)
        self.fields = fields
        self.originals: list[dict[str, Any]] = []
        self.setHorizontalHeaderLabels([f.label for f in fields])
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.itemChanged.connect(lambda _item: self.edited.emit())

    def load(self, rows: list[dict[str, Any]]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        self.originals = []
        for row in rows:
            self.add_row(row, emit=False)
        self.blockSignals(False)

    def add_row(self, values: dict[str, Any] | None = None, *, emit: bool = True) -> int:
        values = copy.deepcopy(values or {})
        was_blocked = self.blockSignals(True)  # a half-built row is not checked
        row = self.rowCount()
        self.insertRow(row)
        self.originals.append(values)
        for column, field in enumerate(self.fields):
            value = values.get(field.name)
            if field.kind in ("choice", "rrule"):
                combo = QComboBox(self)
                combo.setEditable(field.kind == "rrule")
                for data, label in field.choices:
                    combo.addItem(label, data)
                if value is not None and combo.findData(value) < 0:
                    combo.addItem(str(value), value)
                combo.setCurrentIndex(max(0, combo.findData(value if value is not None else "")))
                combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
                combo.editTextChanged.connect(lambda _t: self.edited.emit())
                combo.setAccessibleName(field.label)
                self.setCellWidget(row, column, combo)
                continue
            item = QTableWidgetItem()
            if field.kind == "bool":
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                default = field.name == "active" if value is None else bool(value)
                item.setCheckState(Qt.CheckState.Checked if default else Qt.CheckState.Unchecked)
            elif field.kind == "readonly":
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QColor("#37474f"))
            else:
                item.setText("" if field.kind == "password" else to_text(field, value))
            self.setItem(row, column, item)
        self.blockSignals(was_blocked)
        if emit:
            self.edited.emit()
        return row

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.selectedIndexes()}, reverse=True)
        for row in rows:
            self.removeRow(row)
            del self.originals[row]
        if rows:
            self.edited.emit()

    def set_cell(self, row: int, name: str, text: str) -> None:
        """Type into a cell (or choose in its list) as a person would."""
        column = next(i for i, f in enumerate(self.fields) if f.name == name)
        field = self.fields[column]
        widget = self.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            index = widget.findData(text)
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setEditText(text)
            return
        item = self.item(row, column)
        if field.kind == "bool":
            item.setCheckState(Qt.CheckState.Checked if text else Qt.CheckState.Unchecked)
        else:
            item.setText(text)

    def values(self) -> list[dict[str, Any]]:
        rows = []
        for row in range(self.rowCount()):
            values = copy.deepcopy(self.originals[row])
            for column, field in enumerate(self.fields):
                if field.kind == "readonly":
                    continue
                widget = self.cellWidget(row, column)
                if isinstance(widget, QComboBox):
                    data = widget.currentData()
                    text = widget.currentText().strip()
                    if field.kind == "rrule" and widget.itemText(widget.currentIndex()) != text:
                        data = text  # typed by hand
                    value = data if data not in ("", None) else None
                else:
                    item = self.item(row, column)
                    if field.kind == "bool":
                        value = item.checkState() == Qt.CheckState.Checked
                    else:
                        value = to_value(field, item.text())
                if field.kind == "password" and not value:
                    values.pop(field.name, None)  # blank: the password stays as it is
                    continue
                if field.kind in ("list", "hours"):
                    values[field.name] = value or []
                elif value is None and field.name not in self.originals[row]:
                    values.pop(field.name, None)
                else:
                    values[field.name] = value  # None clears a value that was set
            rows.append(values)
        return rows


class SetupPage(QWidget):
    """What every setup page shares: checked as typed by the import's own parser, Save off
    while the import would refuse, and a save that is all or nothing."""

    saved = Signal(object)  # the ImportSummary

    def __init__(self, dialog: ClinicSetupDialog, fragment: Callable[[], dict[str, Any]]) -> None:
        """`fragment`: the page's part of the setup in the clinic file's format, as typed."""
        super().__init__(dialog.tabs)
        self.dialog = dialog
        self.fragment = fragment
        self.problems: list[Problem] = []
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.clicked.connect(self.save)

    def ready(self) -> bool:
        """False while the page is being filled (nothing typed yet to check)."""
        return True

    def check(self) -> list[Problem]:
        """Validate as typed; Save stays off while the import would refuse."""
        known = self.dialog.known
        if known is None or not self.ready():
            return []
        self.problems = check_fragment(self.fragment(), known)
        self.save_button.setEnabled(not self.problems)
        if self.problems:
            self._say(self._listed(self.problems), error=True)
        elif shows_error(self.message):
            self._say("")  # fixed; a "Saved" note stays
        self.after_check()
        return self.problems

    def _listed(self, problems: list[Problem]) -> str:
        shown = "\n".join(f"• {p}" for p in problems[:MAX_SHOWN_PROBLEMS])
        more = len(problems) - MAX_SHOWN_PROBLEMS
        return shown + (self.tr("\n… and %d more") % more if more > 0 else "")

    def after_check(self) -> None:
        """Pages with extra warnings (blocks over sessions) add them here."""

    def confirm_save(self) -> bool:
        return True

    def save(self) -> None:
        if self.check() or not self.confirm_save():
            return
        fragment = self.fragment()
        user = self.dialog.user
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving…"))
        run_in_background(
            lambda: save_setup(self.dialog.database, fragment, user.username),
            self._saved,
            self._failed,
            self,
        )

    def _saved(self, summary: ImportSummary) -> None:
        self.save_button.setEnabled(True)
        self._say(self.tr("Saved: %s") % summary.describe())
        self.saved.emit(summary)

    def _failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ClinicFileError):
            self._say(self._listed(error.problems), error=True)
        else:
            self._say(describe_error(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)


class EditorPage(SetupPage):
    """A table of one part of the setup with Add / Remove / Save."""

    def __init__(
        self,
        dialog: ClinicSetupDialog,
        fields: list[Field],
        fragment: Callable[[], dict[str, Any]],
        *,
        removable: bool,
        hint: str,
    ) -> None:
        super().__init__(dialog, fragment)
        layout = QVBoxLayout(self)
        note = QLabel(hint, self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #455a64;")
        layout.addWidget(note)
        self.table = FragmentTable(fields, self)
        layout.addWidget(self.table, 1)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300;")
        self.warning.setVisible(False)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.clicked.connect(lambda: self.table.add_row())
        self.remove_button = QPushButton(self.tr("&Remove selected"), self)
        self.remove_button.clicked.connect(self.table.remove_selected)
        self.remove_button.setVisible(removable)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.table.edited.connect(self.check)


def _choices(values: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((v, v.replace("_", " ")) for v in values)


ROOM_FIELDS = [
    Field("key", "Key"),
    Field("name", "Name"),
    Field("capacity", "Capacity", "int"),
    Field("features", "Features (comma separated)", "list"),
    Field("active", "Active", "bool"),
]
SERVICE_FIELDS = [
    Field("key", "Key"),
    Field("name", "Name"),
    Field("duration_minutes", "Minutes", "int"),
    Field("price", "Price"),
    Field("required_features", "Needs room features", "list"),
    Field("active", "Active", "bool"),
]
USER_FIELDS = [
    Field("username", "Username"),
    Field("display_name", "Name"),
    Field("role", "Role", "choice", _choices([r.value for r in Role])),
    Field("active", "Active", "bool"),
    Field("password", "New password (blank: unchanged)", "password"),
]
HOURS_FIELDS = [
    Field("weekday", "Day", "choice", tuple((d, d.capitalize()) for d in WEEKDAYS)),
    Field("start", "From (HH:MM)"),
    Field("end", "To (HH:MM)"),
]
EXCEPTION_FIELDS = [
    Field("date", "Date (YYYY-MM-DD)"),
    Field("available", "Works", "bool"),
    Field("hours", "Hours that day (09:00-12:00, …)", "hours"),
    Field("reason", "Reason"),
]
REPEATS = (
    ("", "Does not repeat"),
    ("FREQ=DAILY", "Every day"),
    ("FREQ=WEEKLY", "Every week"),
    ("FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks"),
    ("FREQ=MONTHLY", "Every month"),
)
BLOCK_FIELDS = [
    Field("type", "Type", "choice", _choices([t.value for t in BlockType])),
    Field("start", "Start (YYYY-MM-DDTHH:MM or date)"),
    Field("end", "End"),
    Field("all_day", "All day", "bool"),
    Field("rrule", "Repeats (or an RRULE)", "rrule", REPEATS),
    Field("reason", "Reason"),
    Field("active", "Active", "bool"),
    Field("summary", "In words", "readonly"),
]
CALENDAR_PARTS = ("working_hours", "exceptions", "blocks")
CLINIC_FIELDS = [
    Field("name", "Clinic name"),
    Field("timezone", "Time zone (IANA)"),
    Field("address", "Address"),
    Field("phone", "Phone"),
    Field("email", "Email"),
    Field("phone_region", "Phone region (e.g. US)"),
    Field("slot_interval_minutes", "Slot interval (minutes)", "int"),
    Field("hold_minutes", "Hold a start while booking (minutes)", "int"),
    Field("cancellation_notice_hours", "Cancellation notice (hours)", "int"),
    Field("reminder_offsets_minutes", "Reminders (minutes before, comma separated)", "list"),
    Field("recurring_days_ahead", "Generate recurring sessions (days ahead)", "int"),
    Field("backup_retention", "Backups kept", "int"),
]


def _therapist_fields(rooms: list[str]) -> list[Field]:
    return [
        Field("key", "Key"),
        Field("name", "Name"),
        Field("email", "Email"),
        Field("colour", "Colour (#rrggbb)"),
        Field("default_session_minutes", "Session min", "int"),
        Field("max_clients_per_day", "Cap per day", "int"),
        Field("buffer_before_minutes", "Buffer before", "int"),
        Field("buffer_after_minutes", "Buffer after", "int"),
        Field("min_notice_minutes", "Notice (min)", "int"),
        Field("max_advance_days", "Books ahead (days)", "int"),
        Field("status", "Status", "choice", _choices([s.value for s in TherapistStatus])),
        Field("preferred_room", "Preferred room", "choice", (("", "none"), *_choices(rooms))),
        Field("active", "Active", "bool"),
    ]


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
        summary_column = next(i for i, f in enumerate(table.fields) if f.name == "summary")
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
                f"{c.reference} ({c.starts_at:%a %d %b %H:%M})"
                for c in covered[:MAX_LISTED_SESSIONS]
            )
            more = len(covered) - MAX_LISTED_SESSIONS
            if more > 0:
                listed += self.tr(" and %d more") % more
            self.warning.setText(
                self.tr("%d booked session(s) fall inside the new block: %s.")
                % (len(covered), listed)
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


class ClinicPage(SetupPage):
    """The clinic's settings as a form (one object, not a table)."""

    def __init__(self, dialog: ClinicSetupDialog) -> None:
        super().__init__(dialog, self.clinic_fragment)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for field in CLINIC_FIELDS:
            edit = QLineEdit(self)
            edit.setAccessibleName(field.label)
            edit.textChanged.connect(lambda _t: self.check())
            form.addRow(field.label, edit)
            self.edits[field.name] = edit
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.save_button.setText(self.tr("&Save settings"))
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        self._loading = False

    def ready(self) -> bool:
        return not self._loading

    def load(self, clinic: dict[str, Any]) -> None:
        self._loading = True
        for field in CLINIC_FIELDS:
            self.edits[field.name].setText(to_text(field, clinic.get(field.name)))
        self._loading = False
        self.check()

    def clinic_fragment(self) -> dict[str, Any]:
        current = dict((self.dialog.setup or {}).get("clinic", {}))
        for field in CLINIC_FIELDS:
            value = to_value(field, self.edits[field.name].text())
            if field.kind == "list":
                value = [int(v) if v.isdigit() else v for v in value]
            if value is None:
                current.pop(field.name, None)
            else:
                current[field.name] = value
        return {"clinic": current}


class ClinicSetupDialog(QDialog):
    """Supervisors edit therapists' calendars; admins everything."""

    changed = Signal()
    loaded = Signal()

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.setup: dict[str, Any] | None = None
        self.known: KnownKeys | None = None
        self.setWindowTitle(self.tr("Clinic setup"))
        self.resize(1100, 640)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.calendar = CalendarPage(self)
        self.tabs.addTab(self.calendar, self.tr("Therapists' &calendars"))
        self.pages: dict[str, EditorPage] = {}
        self.clinic_page: ClinicPage | None = None
        if user.is_admin:
            admin_pages = (
                (
                    "therapists",
                    "&Therapists",
                    _therapist_fields([]),
                    "Untick Active to retire a therapist (history stays).",
                ),
                ("rooms", "&Rooms", ROOM_FIELDS, "Untick Active to take a room out of use."),
                (
                    "services",
                    "&Services",
                    SERVICE_FIELDS,
                    "Price like 150.00. Untick Active to stop offering a service.",
                ),
                ("users", "&Users", USER_FIELDS, "Untick Active to stop someone signing in."),
            )
            for name, label, fields, hint in admin_pages:
                page = EditorPage(
                    self,
                    fields,
                    lambda name=name: {name: self._section(name)},
                    removable=False,
                    hint=self.tr(hint),
                )
                self.pages[name] = page
                self.tabs.addTab(page, self.tr(label))
                page.saved.connect(lambda _s: self.reload())
            self.clinic_page = ClinicPage(self)
            self.clinic_page.saved.connect(lambda _s: self.reload())
            self.tabs.addTab(self.clinic_page, self.tr("C&linic settings"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload(initial=True)

    def _section(self, name: str) -> list[dict[str, Any]]:
        """A page's rows as the clinic file's section (therapists without their calendars,
        which the calendar tab saves)."""
        rows = self.pages[name].table.values()
        if name == "therapists":
            return [{k: v for k, v in t.items() if k not in CALENDAR_PARTS} for t in rows]
        return rows

    def reload(self, *, initial: bool = False) -> None:
        if not initial:
            self.changed.emit()
        run_in_background(
            lambda: (export_setup(self.database), setup_keys(self.database)),
            self._loaded,
            lambda error: QMessageBox.warning(self, self.tr("Clinic setup"), str(error)),
            self,
        )

    def _loaded(self, loaded: tuple[dict[str, Any], KnownKeys]) -> None:
        self.setup, self.known = loaded
        self.calendar.load(self.setup["therapists"])
        if self.user.role == Role.ADMIN:
            rooms = [r["key"] for r in self.setup["rooms"]]
            therapists = self.pages["therapists"]
            therapists.table.fields[:] = _therapist_fields(rooms)
            therapists.table.load(self.setup["therapists"])
            self.pages["rooms"].table.load(self.setup["rooms"])
            self.pages["services"].table.load(self.setup["services"])
            self.pages["users"].table.load(self.setup["users"])
            for page in self.pages.values():
                page.check()
            if self.clinic_page is not None:
                self.clinic_page.load(self.setup["clinic"])
        self.loaded.emit()
