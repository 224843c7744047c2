"""A client's details as the profile edits them (docs/desk.md, Clients): every F5 field,
each checked as it is typed by the clinic file's own reader (`check_client_field`), its
problem in red under it.

The form knows the details it was given and what has been typed since: `changes()` is what
Save sends (only fields whose stored value would differ), `problems()` what keeps Save
off. Details read again while something is typed replace only the untouched fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.clients.editing import ClientFieldError, check_client_field
from app.clients.profile import ClientDetails
from app.text_limits import limit_of
from ui.feedback import ERROR_STYLE
from ui.qt_values import python_date, within_years

# Preferred days, stored in `preferences` as {"days": ["mon", "thu"]} (the waitlist's codes).
WEEKDAYS = (
    ("mon", str(QT_TRANSLATE_NOOP("ClientForm", "Mon"))),
    ("tue", str(QT_TRANSLATE_NOOP("ClientForm", "Tue"))),
    ("wed", str(QT_TRANSLATE_NOOP("ClientForm", "Wed"))),
    ("thu", str(QT_TRANSLATE_NOOP("ClientForm", "Thu"))),
    ("fri", str(QT_TRANSLATE_NOOP("ClientForm", "Fri"))),
    ("sat", str(QT_TRANSLATE_NOOP("ClientForm", "Sat"))),
    ("sun", str(QT_TRANSLATE_NOOP("ClientForm", "Sun"))),
)
DAY_NAMES = {code: code for code, _label in WEEKDAYS} | {
    name: code
    for code, name in zip(
        (c for c, _l in WEEKDAYS),
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        strict=True,
    )
}
CHANNELS = (
    ("—", None),
    (str(QT_TRANSLATE_NOOP("ClientForm", "Email")), "email"),
    (str(QT_TRANSLATE_NOOP("ClientForm", "Phone")), "phone"),
    (str(QT_TRANSLATE_NOOP("ClientForm", "SMS")), "sms"),
)
# The languages client emails are written in (resources/email/), each named in itself, as
# language lists do; a client's other code (from a clinic file) is kept and shown as it is.
LANGUAGES = (("English", "en"), ("Español", "es"))
# The fields on the form, in tab order. `notes` is shown apart (pinned, on top).
FORM_FIELDS = (
    "name",
    "phone",
    "email",
    "date_of_birth",
    "emergency_contact",
    "preferred_channel",
    "language",
    "referral_source",
    "preferences",
)
NOTES_STYLE = (
    "QPlainTextEdit { background: #fff8d6; border: 1px solid #e0c060; border-radius: 3px;"
    " font-weight: 600; color: #3d3000; }"
)


class OptionalDate(QWidget):
    """A date that may be unset: a check box says whether there is one, and only then is
    the date asked (a date field alone cannot be empty, and typing over a "—" fails).
    Unset, the field shows "—"; ticked, it starts from `default`."""

    changed = Signal()

    def __init__(self, label: str, default: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = default
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.given = QCheckBox(label, self)
        self.edit = within_years(QDateEdit(self))
        self.edit.setMinimumDate(self.edit.minimumDate().addDays(-1))  # stands for "none"
        self.edit.setSpecialValueText("—")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self._show_unset()
        row.addWidget(self.given)
        row.addWidget(self.edit, 1)
        self.given.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.setFocusProxy(self.given)

    def _show_unset(self) -> None:
        self.edit.blockSignals(True)
        self.edit.setDate(self.edit.minimumDate())
        self.edit.blockSignals(False)
        self.edit.setEnabled(False)

    def _toggled(self, on: bool) -> None:
        if on:
            self.edit.blockSignals(True)
            if self.edit.date() == self.edit.minimumDate():
                self.edit.setDate(self.default)
            self.edit.blockSignals(False)
            self.edit.setEnabled(True)
        else:
            self._show_unset()
        self.changed.emit()

    def value(self) -> date | None:
        return python_date(self.edit.date()) if self.given.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.blockSignals(True)
        if day is not None:
            self.edit.setDate(QDate(day.year, day.month, day.day))
            self.given.setChecked(True)
        else:
            self.given.setChecked(False)
            self._show_unset()
        self.blockSignals(False)
        self.changed.emit()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt override)
        super().setAccessibleName(name)
        self.given.setAccessibleName(self.tr("%s given") % name)
        self.edit.setAccessibleName(name)


def preferred_days(preferences: dict[str, Any]) -> tuple[set[str], bool]:
    """The weekday codes `preferences["days"]` names, and whether it said anything the
    check boxes cannot show (then it is left as it is unless a box is changed)."""
    days = preferences.get("days")
    if days is None:
        return set(), False
    if not isinstance(days, list):
        return set(), True
    codes = {DAY_NAMES.get(d.strip().lower()) for d in days if isinstance(d, str)}
    codes.discard(None)
    return {c for c in codes if c is not None}, len(codes) != len(days)


class ClientForm(QWidget):
    edited = Signal()  # something was typed or chosen (checked already)

    def __init__(self, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = region
        self.details: ClientDetails | None = None
        self.errors: dict[str, QLabel] = {}
        self._filling = False
        self._days_untouched = True  # the check boxes still show what was loaded
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name = self._line("clients.name", self.tr("Name"))
        self.phone = self._line("clients.phone", self.tr("Phone"))
        self.phone.setPlaceholderText(self.tr("e.g. (555) 123-4567 or +34 600 000 000"))
        self.email = self._line("clients.email", self.tr("Email"))
        self.date_of_birth = OptionalDate(self.tr("known"), QDate(1980, 1, 1), self)
        self.date_of_birth.setAccessibleName(self.tr("Date of birth"))
        self.date_of_birth.edit.setMaximumDate(QDate.currentDate())
        self.emergency_contact = self._line(
            "clients.emergency_contact", self.tr("Emergency contact")
        )
        self.emergency_contact.setPlaceholderText(self.tr("name and phone"))
        self.preferred_channel = QComboBox(self)
        self.preferred_channel.setAccessibleName(self.tr("Preferred channel"))
        for label, value in CHANNELS:
            self.preferred_channel.addItem(self.tr(label), value)
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem("—", "")
        for name, code in LANGUAGES:
            self.language.addItem(name, code)
        self.referral_source = self._line("clients.referral_source", self.tr("Referral source"))
        days_row = QGridLayout()  # Monday to Thursday, then Friday to Sunday
        days_row.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: dict[str, QCheckBox] = {}
        for index, (code, label) in enumerate(WEEKDAYS):
            box = QCheckBox(self.tr(label), self)
            box.setAccessibleName(self.tr("Prefers %s") % self.tr(label))
            box.toggled.connect(self._day_toggled)
            self.day_boxes[code] = box
            days_row.addWidget(box, *divmod(index, 4))
        days_row.setColumnStretch(4, 1)
        self.days_note = QLabel(self)
        self.days_note.setWordWrap(True)
        self.days_note.hide()
        self.times = QLineEdit(self)
        self.times.setAccessibleName(self.tr("Preferred times"))
        self.times.setPlaceholderText(self.tr("e.g. mornings, or 09:00–12:00"))
        self.times.setMaxLength(200)
        self.notes = QPlainTextEdit(self)  # placed by the profile, above everything
        self.notes.setAccessibleName(self.tr("Pinned administrative notes"))
        self.notes.setPlaceholderText(self.tr("Administrative notes, never clinical"))
        self.notes.setStyleSheet(NOTES_STYLE)
        self.notes.setTabChangesFocus(True)

        for label, field, widget in (
            (self.tr("&Name"), "name", self.name),
            (self.tr("&Phone"), "phone", self.phone),
            (self.tr("E&mail"), "email", self.email),
            (self.tr("Date of &birth"), "date_of_birth", self.date_of_birth),
            (self.tr("Emer&gency contact"), "emergency_contact", self.emergency_contact),
            (self.tr("C&hannel"), "preferred_channel", self.preferred_channel),
            (self.tr("&Language"), "language", self.language),
            (self.tr("&Referral source"), "referral_source", self.referral_source),
        ):
            self._add_row(layout, label, field, widget)
        days = QWidget(self)
        days_box = QVBoxLayout(days)
        days_box.setContentsMargins(0, 0, 0, 0)
        days_box.addLayout(days_row)
        days_box.addWidget(self.days_note)
        days_label = QLabel(self.tr("Preferred &days"), self)
        days_label.setBuddy(self.day_boxes["mon"])
        layout.addRow(days_label, days)
        self._add_row(layout, self.tr("Preferred &times"), "preferences", self.times)
        self.errors["notes"] = self._error_label()

        for edit in (self.name, self.phone, self.email, self.emergency_contact):
            edit.textChanged.connect(self._changed)
        self.referral_source.textChanged.connect(self._changed)
        self.times.textChanged.connect(self._changed)
        self.date_of_birth.changed.connect(self._changed)
        self.preferred_channel.currentIndexChanged.connect(lambda _i: self._changed())
        self.language.currentIndexChanged.connect(lambda _i: self._changed())
        self.notes.textChanged.connect(self._changed)

    def _line(self, limit: str, accessible: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMaxLength(limit_of(limit))
        edit.setAccessibleName(accessible)
        return edit

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        return label

    def _add_row(self, layout: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        """The field with its problem (if any) right under it."""
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = self._error_label()
        error.setAccessibleName(self.tr("Problem with %s") % label.replace("&", "").lower())
        column.addWidget(error)
        self.errors[field] = error
        shown = QLabel(label, self)
        shown.setBuddy(widget)
        layout.addRow(shown, cell)

    # -- values --------------------------------------------------------------------------

    def typed(self, field: str) -> Any:
        """What the field holds now, as the clinic file would be given it."""
        if field == "preferences":
            return self._typed_preferences()
        if field == "notes":
            return self.notes.toPlainText()
        if field == "date_of_birth":
            return self.date_of_birth.value()
        if field == "preferred_channel":
            return self.preferred_channel.currentData()
        if field == "language":
            return self.language.currentData()
        edit: QLineEdit = getattr(self, field)
        return edit.text()

    def _typed_preferences(self) -> dict[str, Any]:
        """The loaded object with "days" and "times" as the form shows them; other keys
        kept untouched."""
        loaded = dict(self.details.preferences) if self.details else {}
        if not self._days_untouched:
            days = [code for code, box in self.day_boxes.items() if box.isChecked()]
            if days:
                loaded["days"] = days
            else:
                loaded.pop("days", None)
        times = self.times.text().strip()
        if times:
            loaded["times"] = times
        elif isinstance(loaded.get("times"), str):
            loaded.pop("times")
        return loaded

    def _check(self, field: str) -> tuple[Any, str | None]:
        """The value to store, or the problem with what is typed."""
        try:
            return check_client_field(field, self.typed(field), region=self.region), None
        except ClientFieldError as error:
            return None, error.message

    def _loaded(self, field: str) -> Any:
        return getattr(self.details, field) if self.details is not None else None

    def changes(self) -> dict[str, Any]:
        """The fields whose stored value would change, as typed (update_client checks
        them again in its transaction)."""
        changed = {}
        for field in (*FORM_FIELDS, "notes"):
            value, problem = self._check(field)
            if problem is None and value != self._loaded(field):
                changed[field] = self.typed(field)
        return changed

    def problems(self) -> dict[str, str]:
        found = {}
        for field in (*FORM_FIELDS, "notes"):
            _value, problem = self._check(field)
            if problem is not None:
                found[field] = problem
        return found

    def is_edited(self, field: str) -> bool:
        value, problem = self._check(field)
        return problem is not None or value != self._loaded(field)

    # -- showing -------------------------------------------------------------------------

    def reset(self, details: ClientDetails) -> None:
        """Show `details` in every field, whatever was typed (after a save, or Revert)."""
        self.details = None
        self.show_details(details)

    def show_details(self, details: ClientDetails) -> list[str]:
        """Fill the form from `details`. A field typed into keeps what was typed; the names
        of such fields that `details` changed (another desk) are returned."""
        kept = []
        first = self.details is None
        edited = set() if first else {f for f in (*FORM_FIELDS, "notes") if self.is_edited(f)}
        before = self.details
        self._filling = True
        try:
            for field in (*FORM_FIELDS, "notes"):
                if field in edited:
                    if before is not None and getattr(before, field) != getattr(details, field):
                        kept.append(field)
                    continue
                self._fill(field, details)
            self.details = details
        finally:
            self._filling = False
        self.setEnabled(details.erased_at is None)
        self.notes.setReadOnly(details.erased_at is not None)
        self._changed()
        return kept

    def _fill(self, field: str, details: ClientDetails) -> None:
        value = getattr(details, field)
        if field == "preferences":
            days, unreadable = preferred_days(value)
            for code, box in self.day_boxes.items():
                box.setChecked(code in days)
            self._days_untouched = True
            self.days_note.setVisible(unreadable)
            if unreadable:
                self.days_note.setText(
                    self.tr("Kept as imported: %s (ticking a day replaces it)") % value.get("days")
                )
            times = value.get("times")
            self.times.setText(times if isinstance(times, str) else "")
        elif field == "notes":
            self.notes.setPlainText(value or "")
        elif field == "date_of_birth":
            self.date_of_birth.set_value(value)
        elif field == "preferred_channel":
            self.preferred_channel.setCurrentIndex(max(0, self.preferred_channel.findData(value)))
        elif field == "language":
            if self.language.findData(value or "") < 0:  # a code the file gave: kept
                self.language.addItem(str(value), value)
            self.language.setCurrentIndex(self.language.findData(value or ""))
        else:
            edit: QLineEdit = getattr(self, field)
            edit.setText(value or "")

    def _day_toggled(self) -> None:
        if not self._filling:
            self._days_untouched = False
            self._changed()

    def _changed(self) -> None:
        if self._filling:
            return
        problems = self.problems()
        for field, label in self.errors.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)
        self.edited.emit()
