"""Clinic setup editors (docs/desk.md, Clinic setup): therapists' hours, exceptions and blocked
times for supervisors; rooms, services, therapists, users and clinic settings for admins.

Each page edits a fragment of the clinic file (docs/interfaces.md) and is checked while typing by
the same parser an imported file goes through (`app.clinic_setup.check_fragment`), so a
page can only be saved when the import would accept it; saving applies it in one audited
transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clinic_file import export_setup
from app.clinic_file.document import KnownKeys
from app.clinic_file.schema import CALENDAR_PARTS
from app.clinic_setup import setup_keys
from db.engine import Database
from db.enums import Role
from ui.operations import run_in_background
from ui.setup_calendar import CalendarPage
from ui.setup_fields import ROOM_FIELDS, SERVICE_FIELDS, USER_FIELDS, therapist_fields
from ui.setup_pages import ClinicPage, EditorPage


class ClinicSetupDialog(QDialog):
    """Supervisors edit therapists' calendars; admins everything."""

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
                    self.tr("&Therapists"),
                    therapist_fields([]),
                    self.tr("Untick Active to retire a therapist (history stays)."),
                ),
                (
                    "rooms",
                    self.tr("&Rooms"),
                    ROOM_FIELDS,
                    self.tr("Untick Active to take a room out of use."),
                ),
                (
                    "services",
                    self.tr("&Services"),
                    SERVICE_FIELDS,
                    self.tr("Price like 150.00. Untick Active to stop offering a service."),
                ),
                (
                    "users",
                    self.tr("&Users"),
                    USER_FIELDS,
                    self.tr("Untick Active to stop someone signing in."),
                ),
            )
            for name, label, fields, hint in admin_pages:
                page = EditorPage(
                    self,
                    fields,
                    partial(self._fragment, name),
                    removable=False,
                    hint=hint,  # translated above, where the extractor sees it
                )
                self.pages[name] = page
                self.tabs.addTab(page, label)
                page.saved.connect(lambda _s: self.reload())
            self.clinic_page = ClinicPage(self)
            self.clinic_page.saved.connect(lambda _s: self.reload())
            self.tabs.addTab(self.clinic_page, self.tr("C&linic settings"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def _fragment(self, name: str) -> dict[str, Any]:
        return {name: self._section(name)}

    def _section(self, name: str) -> list[dict[str, Any]]:
        """A page's rows as the clinic file's section (therapists without their calendars,
        which the calendar tab saves)."""
        rows = self.pages[name].table.values()
        if name == "therapists":
            return [{k: v for k, v in t.items() if k not in CALENDAR_PARTS} for t in rows]
        return rows

    def reload(self) -> None:
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
            therapists.table.fields[:] = therapist_fields(rooms)
            therapists.table.load(self.setup["therapists"])
            self.pages["rooms"].table.load(self.setup["rooms"])
            self.pages["services"].table.load(self.setup["services"])
            self.pages["users"].table.load(self.setup["users"])
            for page in self.pages.values():
                page.check()
            if self.clinic_page is not None:
                self.clinic_page.load(self.setup["clinic"])
        self.loaded.emit()
