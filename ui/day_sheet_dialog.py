"""File ▸ Print day sheet… (`Ctrl+Shift+P`; docs/desk.md, Day sheet): which sheet of the day
the view shows (the whole clinic, one therapist, one room), one therapist per page or not,
then Print… or Save as PDF…. The sessions are read off the UI thread when a button is
pressed, so the paper holds what the database holds at that moment; the page is the one
`frontdesk daysheet` writes (`ui.documents.daysheet`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.daysheet import DaySheet, day_sheet
from db.engine import Database
from ui import locale_format
from ui.documents.daysheet import LANDSCAPE, day_sheet_document, write_day_sheet_pdf
from ui.documents.pdf import print_document
from ui.feedback import describe_error, say
from ui.operations import run_in_background

# (key, name) of a therapist or room the sheet can be narrowed to
Choice = tuple[str, str]


class DaySheetDialog(QDialog):
    # True when the sheet went to paper or to a file, False when it did not (tests wait on it)
    finished_paper = Signal(bool)

    def __init__(
        self,
        database: Database,
        day: date,
        therapists: Sequence[Choice],
        rooms: Sequence[Choice],
        *,
        therapist_key: str | None = None,
        room_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`therapist_key` / `room_key`: what the day view shows now, chosen to start with;
        neither means the whole clinic."""
        super().__init__(parent)
        self.database = database
        self.day = day
        self._reading = False
        self.setWindowTitle(self.tr("Print day sheet"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        sheet = self.tr("Day sheet")  # outside the f-string, where the extractor finds it
        heading = QLabel(f"<b>{sheet}</b> — {locale_format.day_heading(day)}", self)
        layout.addWidget(heading)

        grid = QGridLayout()
        self.whole = QRadioButton(self.tr("&Whole clinic"), self)
        self.one_therapist = QRadioButton(self.tr("One &therapist:"), self)
        self.one_room = QRadioButton(self.tr("One &room:"), self)
        self.therapist_box = self._choices(therapists, self.tr("Therapist"))
        self.room_box = self._choices(rooms, self.tr("Room"))
        self.one_therapist.setEnabled(bool(therapists))
        self.one_room.setEnabled(bool(rooms))
        self.scope = QButtonGroup(self)
        for row, (button, box) in enumerate(
            ((self.whole, None), (self.one_therapist, self.therapist_box),
             (self.one_room, self.room_box))
        ):  # fmt: skip
            self.scope.addButton(button)
            grid.addWidget(button, row, 0)
            if box is not None:
                grid.addWidget(box, row, 1)
        layout.addLayout(grid)
        self.per_therapist = QCheckBox(self.tr("One therapist per &page"), self)
        layout.addWidget(self.per_therapist)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        layout.addWidget(buttons)

        self._start_with(therapist_key, room_key)
        self.scope.buttonToggled.connect(lambda _b, _on: self._scope_changed())
        self.therapist_box.activated.connect(lambda _i: self.one_therapist.setChecked(True))
        self.room_box.activated.connect(lambda _i: self.one_room.setChecked(True))
        self._scope_changed()

    def _choices(self, choices: Sequence[Choice], name: str) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        for key, label in choices:
            box.addItem(label, key)
        box.setEnabled(bool(choices))
        return box

    def _start_with(self, therapist_key: str | None, room_key: str | None) -> None:
        for key, box, button in (
            (therapist_key, self.therapist_box, self.one_therapist),
            (room_key, self.room_box, self.one_room),
        ):
            index = -1 if key is None else box.findData(key)
            if index >= 0:
                box.setCurrentIndex(index)
                button.setChecked(True)
                return
        self.whole.setChecked(True)

    def _scope_changed(self) -> None:
        # One therapist's sheet is one therapist's page already.
        self.per_therapist.setEnabled(not self.one_therapist.isChecked())

    # -- what to read --------------------------------------------------------------------

    def chosen(self) -> tuple[str | None, str | None]:
        """(therapist key, room key) of the chosen sheet; (None, None) for the whole clinic."""
        if self.one_therapist.isChecked():
            return self.therapist_box.currentData(), None
        if self.one_room.isChecked():
            return None, self.room_box.currentData()
        return None, None

    @property
    def one_per_page(self) -> bool:
        return self.per_therapist.isEnabled() and self.per_therapist.isChecked()

    def _read_then(
        self,
        use: Callable[[DaySheet], bool],
        *,
        in_background: Callable[[DaySheet], None] | None = None,
    ) -> None:
        """Read the chosen sheet off the UI thread (and run `in_background` on it there, such
        as writing the PDF: a large clinic's day takes seconds to draw), then hand it to
        `use` on the UI thread."""
        if self._reading:
            return
        self._reading = True
        self._set_buttons()
        therapist, room = self.chosen()
        say(self.message, self.tr("Reading the day's sessions…"))

        def work() -> DaySheet:
            sheet = day_sheet(self.database, self.day, therapist_key=therapist, room_key=room)
            if in_background is not None:
                in_background(sheet)
            return sheet

        def done(sheet: DaySheet) -> None:
            self._reading = False
            self._set_buttons()
            self.finished_paper.emit(use(sheet))

        run_in_background(work, done, self._failed, self)

    def _failed(self, error: Exception) -> None:
        self._reading = False
        self._set_buttons()
        say(self.message, describe_error(error), error=True)
        self.finished_paper.emit(False)

    def _set_buttons(self) -> None:
        self.print_button.setEnabled(not self._reading)
        self.pdf_button.setEnabled(not self._reading)

    # -- paper ---------------------------------------------------------------------------

    def print_sheet(self) -> None:
        self._read_then(self._print)

    def _print(self, sheet: DaySheet) -> bool:
        document = day_sheet_document(sheet, per_therapist=self.one_per_page)
        printed = print_document(self, document, landscape=LANDSCAPE)
        say(self.message, self.tr("Sent to the printer.") if printed else "")
        return printed

    def choose_pdf_file(self) -> None:
        suggested = str(Path.home() / f"day-sheet-{self.day.isoformat()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the day sheet as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> None:
        """The chosen sheet as a PDF at `path`, read and written off the UI thread; says
        where it went, or why it could not (nothing is left behind then)."""
        per_therapist = self.one_per_page

        def write(sheet: DaySheet) -> None:
            write_day_sheet_pdf(sheet, path, per_therapist=per_therapist)

        self._read_then(lambda _sheet: self._saved(path), in_background=write)

    def _saved(self, path: Path) -> bool:
        say(self.message, self.tr("Saved %s") % path)
        return True
