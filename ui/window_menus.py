"""The window's menu bar: every command with its shortcut, connected to what the window does
with it. Nothing else lives here; the actions the window enables or disables later are
kept as attributes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.day_bar import VIEW_LABELS, view_label
from ui.translations import LanguageChoice, chosen_language

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Shortcut = str | QKeySequence.StandardKey
# View ▸ Refresh's keys, named rather than `QKeySequence.StandardKey.Refresh`: under GNOME and
# on macOS the standard key is Ctrl+R (Cmd+R), which is Clinic ▸ Reports… here; two actions
# on one key make Qt fire neither.
REFRESH_KEYS: list[Shortcut] = ["F5", "Refresh"]


class WindowMenus(QObject):
    """A QObject of its own so that its texts are translated in its own context (the one
    the translation tools give them)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._file_menu()
        self._session_menu()
        self._view_menu()
        self._clinic_menu()
        help_menu = window.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About Clinic Front Desk"), window.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., object],
        shortcut: Shortcut | list[Shortcut] | None = None,
    ) -> QAction:
        """An action in `menu` running `slot`, named `text` (translated by the caller, so the
        translation tools find it), with a shortcut (a text, a standard key, or a list of
        either) when given."""
        action = QAction(text, self.window)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _file_menu(self) -> None:
        window = self.window
        menu = window.menuBar().addMenu(self.tr("&File"))
        self.import_action = self._action(
            menu, self.tr("&Import clinic file…"), window.files.choose_import_file, "Ctrl+I"
        )
        self.export_action = self._action(
            menu, self.tr("&Export clinic file…"), window.files.choose_export_file, "Ctrl+E"
        )
        self.export_calendar_action = self._action(
            menu,
            self.tr("Export &calendar (.ics)…"),
            window.files.choose_calendar_export,
            "Ctrl+Shift+E",
        )
        self.export_calendar_action.setEnabled(window.publisher is not None)
        menu.addSeparator()
        self.day_sheet_action = self._action(
            menu, self.tr("&Print day sheet…"), window.open_day_sheet, "Ctrl+Shift+P"
        )
        self.day_sheet_action.setToolTip(self.tr("The day's sessions in time order, on paper"))
        menu.addSeparator()
        self.sign_in_action = self._action(
            menu, self.tr("Sign in as &another user…"), window.sign_in, "Ctrl+Shift+L"
        )
        menu.addSeparator()
        self._action(menu, self.tr("&Quit"), window.close, QKeySequence.StandardKey.Quit)

    def _session_menu(self) -> None:
        window = self.window
        menu = window.menuBar().addMenu(self.tr("&Session"))
        self.new_booking_action = self._action(
            menu, self.tr("&New booking…"), lambda: window.open_booking(), "Ctrl+N"
        )
        self.open_session_action = self._action(
            menu,
            self.tr("&Open selected session"),
            lambda: window.dialogs.open_selected(),
            "Ctrl+O",
        )
        self.cancel_session_action = self._action(
            menu,
            self.tr("&Cancel selected session…"),
            lambda: window.dialogs.open_selected(cancel=True),
            "Ctrl+Delete",
        )
        self.payment_action = self._action(
            menu,
            self.tr("Take &payment…"),
            lambda: window.dialogs.pay_for_selected(),
            "Ctrl+P",
        )
        self.undo_action = self._action(
            menu, self.tr("&Undo last move"), window.undo_move, QKeySequence.StandardKey.Undo
        )
        self.undo_action.setEnabled(False)
        menu.addSeparator()
        self.series_action = self._action(
            menu,
            self.tr("&Recurring sessions of this client…"),
            window.dialogs.series_of_selected,
            "Ctrl+Shift+R",
        )
        self.month_action = self._action(
            menu, self.tr("&Month preview…"), window.open_month_preview, "Ctrl+M"
        )
        self.inbox_action = self._action(
            menu, self.tr("&Inbox…"), window.open_inbox, "Ctrl+Shift+I"
        )

    def _view_menu(self) -> None:
        window = self.window
        menu = window.menuBar().addMenu(self.tr("&View"))
        self.refresh_action = self._action(menu, self.tr("&Refresh"), window.refresh, REFRESH_KEYS)
        menu.addSeparator()
        for number, (mode, label) in enumerate(VIEW_LABELS, start=1):
            self._action(menu, view_label(label), lambda _c=False, m=mode: window.set_mode(m),
                         f"Ctrl+{number}")  # fmt: skip
        menu.addSeparator()
        self._action(
            menu, self.tr("Colour by therapist / service"), window.day_bar.toggle_colour, "Ctrl+K"
        )
        self._action(
            menu,
            self.tr("Zoom &in"),
            lambda: window.calendar_view.zoom(1.25),
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
        )
        self._action(
            menu,
            self.tr("Zoom &out"),
            lambda: window.calendar_view.zoom(0.8),
            QKeySequence.StandardKey.ZoomOut,
        )
        menu.addSeparator()
        self._language_menu(menu.addMenu(self.tr("&Language")))

    def _language_menu(self, menu: QMenu) -> None:
        """The desk's language: each language named in itself (so whoever reads it finds
        their own), or the computer's; the one kept in this desk's settings ticked."""
        window = self.window
        group = QActionGroup(self)
        chosen = chosen_language()
        self.language_actions: dict[LanguageChoice, QAction] = {}
        for choice, text in (
            (LanguageChoice.ENGLISH, "English"),
            (LanguageChoice.SPANISH, "Español"),
            (LanguageChoice.SYSTEM, self.tr("The computer's language")),
        ):
            action = self._action(menu, text, lambda _c=False, c=choice: window.choose_language(c))
            action.setCheckable(True)
            action.setChecked(choice == chosen)
            group.addAction(action)
            self.language_actions[choice] = action

    def _clinic_menu(self) -> None:
        window = self.window
        menu = window.menuBar().addMenu(self.tr("&Clinic"))
        self.clients_action = self._action(
            menu, self.tr("C&lients…"), lambda: window.open_clients(), "Ctrl+L"
        )
        # Finding a client is asked for from any window of the desk: a profile, the list.
        self.clients_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.cashup_action = self._action(menu, self.tr("C&ash-up…"), window.open_cashup)
        self.cashup_action.setToolTip(self.tr("The day's payments, refunds and cash in the drawer"))
        self.reports_action = self._action(
            menu, self.tr("&Reports…"), window.open_reports, "Ctrl+R"
        )
        self.reports_action.setToolTip(
            self.tr("Utilisation, attendance and revenue over a period (supervisors)")
        )
        menu.addSeparator()
        self.feeds_action = self._action(menu, self.tr("Calendar &feeds…"), window.open_feeds)
        self.feeds_action.setEnabled(window.publisher is not None)
        self.google_action = self._action(
            menu, self.tr("Connect &Google…"), window.sync.start_google_connection
        )
        self.google_action.setEnabled(window.connect_google is not None)
        self.busy_action = self._action(
            menu, self.tr("Read Google &busy times now"), window.sync.refresh_busy_times
        )
        self.busy_action.setEnabled(window.delivery is not None)
        self.setup_action = self._action(
            menu, self.tr("Clinic s&etup…"), window.open_setup, "Ctrl+Shift+S"
        )
        self.setup_action.setToolTip(self.tr("Hours, blocks, rooms, services, users (supervisors)"))
        menu.addSeparator()
        self.sync_action = self._action(menu, self.tr("&Sync status…"), window.open_sync_panel)
