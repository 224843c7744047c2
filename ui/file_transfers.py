"""The File menu's transfers: the clinic file imported (all or nothing) or exported, and a
therapist's, room's or the clinic's calendar exported as an .ics file. Files are read and
written off the UI thread; what happened is said in the status bar, and what an import
noted (clients found to be one person, users who cannot sign in yet) in a box that stays
until read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.clinic_file import ImportSummary, export_clinic, import_clinic, read_clinic_json
from app.feeds import FeedScope, feed_choices
from app.files import write_whole
from ui.operations import CLIENTS, CLINIC, SESSIONS, SETUP, run_in_background, run_write

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class FileTransfers(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.notes_box: QMessageBox | None = None  # the last import's notes, while shown

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)

    def choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import clinic file"), "", self.tr("Clinic files (*.json)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        database = self.window.database

        def work() -> ImportSummary:
            data = read_clinic_json(path.read_text(encoding="utf-8"))
            return import_clinic(database, data, actor="gui")

        self.window.statusBar().showMessage(self.tr("Importing %s…") % path.name)
        run_write(
            work,
            self._imported,
            self.window.show_error,
            kinds={CLINIC, SETUP, CLIENTS, SESSIONS},
            parent=self,
        )

    def _imported(self, summary: ImportSummary) -> None:
        self._say(self.tr("Imported: %s") % summary.describe())
        if summary.notes:  # not modal: the desk goes on while it is read
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Clinic file imported"),
                self.tr("Imported: %s") % summary.describe(),
                QMessageBox.StandardButton.Ok,
                self.window,
            )
            box.setInformativeText("\n".join(summary.notes))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(self._notes_read)
            box.open()
            self.notes_box = box

    def _notes_read(self, _result: int) -> None:
        self.notes_box = None  # deleted on close: no handle to a gone box

    def choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export clinic file"),
            "clinic.json",
            self.tr("Clinic files (*.json)"),
        )
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> None:
        database = self.window.database

        def work() -> Path:
            text = json.dumps(export_clinic(database), indent=2, ensure_ascii=False)
            write_whole(path, (text + "\n").encode("utf-8"))
            return path

        run_in_background(
            work,
            lambda p: self._say(self.tr("Exported to %s") % p),
            self.window.show_error,
            self,
        )

    def choose_calendar_export(self) -> None:
        database = self.window.database
        run_in_background(
            lambda: feed_choices(database), self._pick_calendar, self.window.show_error, self
        )

    def _pick_calendar(self, choices: list[tuple[FeedScope, str]]) -> None:
        labels = [label for _scope, label in choices]
        label, chosen = QInputDialog.getItem(
            self.window, self.tr("Export calendar"), self.tr("Which calendar?"), labels, 0, False
        )
        if not chosen:
            return
        scope = choices[labels.index(label)][0]
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export calendar"),
            f"{scope.key or 'clinic'}.ics",
            self.tr("Calendar files (*.ics)"),
        )
        if name:
            self.export_calendar(scope, Path(name))

    def export_calendar(self, scope: FeedScope, path: Path) -> None:
        publisher, database = self.window.publisher, self.window.database
        clock = self.window.clock
        if publisher is None:
            return

        def work() -> tuple[Path, int]:
            body, events = publisher.export(database, scope, clock())
            write_whole(path, body)
            return path, events

        run_in_background(
            work,
            lambda done: self._say(self.tr("Exported %d events to %s") % (done[1], done[0])),
            self.window.show_error,
            self,
        )
