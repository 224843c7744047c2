"""What every clinic setup page shares (checked as typed, Save off while the import would
refuse, an all-or-nothing save), the table page with Add / Remove, and the clinic's settings
as a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clinic_file import ClinicFileError, ImportSummary, Problem
from app.clinic_setup import check_fragment, save_setup
from app.text_limits import TEXT_LIMITS
from ui.feedback import describe_error, say, shows_error
from ui.operations import SETUP, run_write
from ui.setup_fields import (
    CLINIC_FIELDS,
    FEE_FIELDS,
    FEE_HINTS,
    FEE_KINDS,
    Field,
    setup_word,
    to_text,
    to_value,
)
from ui.setup_table import FragmentTable

if TYPE_CHECKING:
    from ui.setup_dialog import ClinicSetupDialog

MAX_SHOWN_PROBLEMS = 6


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
        run_write(
            lambda: save_setup(self.dialog.database, fragment, user.username),
            self._saved,
            self._failed,
            kinds={SETUP},
            parent=self,
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


class ClinicPage(SetupPage):
    """The clinic's settings as a form (one object, not a table)."""

    def __init__(self, dialog: ClinicSetupDialog) -> None:
        super().__init__(dialog, self.clinic_fragment)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for field in CLINIC_FIELDS:
            edit = QLineEdit(self)
            limit = TEXT_LIMITS.get(f"clinic.{field.name}")
            if limit is not None:
                edit.setMaxLength(limit)
            edit.setAccessibleName(setup_word(field.label))
            edit.textChanged.connect(lambda _t: self.check())
            form.addRow(setup_word(field.label), edit)
            self.edits[field.name] = edit
        self.edits["currency"].setMaxLength(3)
        self.edits["currency"].setMaximumWidth(80)
        self.edits["currency"].textChanged.connect(lambda _t: self._show_units())
        self.fees: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.fee_units: dict[str, QLabel] = {}
        for name, english in FEE_FIELDS:
            label = setup_word(english)
            form.addRow(label, self._fee_row(name, label))
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.save_button.setText(self.tr("&Save settings"))
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        self._loading = False

    def _fee_row(self, name: str, label: str) -> QWidget:
        """A fee's kind and, unless it is none, its amount or percentage."""
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        kind = QComboBox(row)
        for value, text in FEE_KINDS:
            kind.addItem(self.tr(text), value)
        kind.setAccessibleName(label)
        value_edit = QLineEdit(row)
        value_edit.setAccessibleName(self.tr("%s value") % label)
        value_edit.setMaximumWidth(140)
        unit = QLabel(row)  # "%" or the currency, so the value reads as one
        line.addWidget(kind)
        line.addWidget(value_edit)
        line.addWidget(unit)
        line.addStretch(1)
        self.fees[name] = (kind, value_edit)
        self.fee_units[name] = unit
        kind.currentIndexChanged.connect(lambda _i: self._fee_kind_changed(name))
        value_edit.textChanged.connect(lambda _t: self.check())
        self._fee_kind_changed(name)
        return row

    def _fee_kind_changed(self, name: str) -> None:
        kind, value_edit = self.fees[name]
        chosen = kind.currentData()
        value_edit.setEnabled(chosen != "none")
        value_edit.setPlaceholderText(self.tr(FEE_HINTS[chosen]))
        if chosen == "none":
            value_edit.clear()
        self._show_units()
        self.check()

    def _show_units(self) -> None:
        currency = self.edits["currency"].text().strip().upper() or "USD"
        for name, (kind, _value) in self.fees.items():
            units = {"fixed": currency, "percent": "%"}
            self.fee_units[name].setText(units.get(kind.currentData(), ""))

    def ready(self) -> bool:
        return not self._loading

    def load(self, clinic: dict[str, Any]) -> None:
        self._loading = True
        for field in CLINIC_FIELDS:
            self.edits[field.name].setText(to_text(field, clinic.get(field.name)))
        for name, (kind, value_edit) in self.fees.items():
            fee = clinic.get(name) or {"kind": "none"}
            kind.setCurrentIndex(max(0, kind.findData(fee.get("kind"))))
            value_edit.setText("" if fee.get("value") is None else str(fee["value"]))
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
        for name, (kind, value_edit) in self.fees.items():
            fee: dict[str, Any] = {"kind": kind.currentData()}
            typed = value_edit.text().strip()
            if fee["kind"] != "none":  # a percentage is a whole number, an amount text
                fee["value"] = int(typed) if fee["kind"] == "percent" and typed.isdigit() else typed
            current[name] = fee
        return {"clinic": current}
