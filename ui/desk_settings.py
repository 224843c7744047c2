"""Choices of this desk (not of the clinic): kept in `desk.ini` beside the config file.
Among them where the window was left, so it opens there again (docs/desk.md, The window)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.config import default_config_file

WINDOW_GEOMETRY_KEY = "window/geometry"  # the window's normal (not maximised) rectangle
WINDOW_MAXIMISED_KEY = "window/maximised"
# How much of a window must show on a screen to count as on it: enough to grab and move.
MIN_VISIBLE_WIDTH = 200
MIN_VISIBLE_HEIGHT = 100
FIRST_SIZE = 0.8  # un-maximised the first time: this share of the screen, centred


def desk_settings() -> QSettings:
    path = default_config_file().with_name("desk.ini")
    return QSettings(str(path), QSettings.Format.IniFormat)


def save_window_place(window: QWidget) -> None:
    """Remember where the window is (its normal rectangle, and whether it is maximised)."""
    settings = desk_settings()
    normal = window.normalGeometry()
    if normal.isValid():  # not known for a window never shown un-maximised on some platforms
        settings.setValue(WINDOW_GEOMETRY_KEY, normal)
    settings.setValue(WINDOW_MAXIMISED_KEY, window.isMaximized())
    settings.sync()


def window_place(saved: QRect | None, screens: Sequence[QRect]) -> QRect | None:
    """Where a window left at `saved` opens now among the screens' available areas: there
    again while enough of it shows on one of them; None (open maximised on the primary
    screen) the first time, or once its screen is gone (a monitor unplugged)."""
    if saved is None or not saved.isValid():
        return None
    for screen in screens:
        visible = screen.intersected(saved)
        if visible.width() >= min(MIN_VISIBLE_WIDTH, saved.width()) and visible.height() >= min(
            MIN_VISIBLE_HEIGHT, saved.height()
        ):
            return saved
    return None


def show_window_in_place(window: QWidget) -> None:
    """Show the window where it was left on this desk, maximised if it was; maximised on
    the primary screen the first time or when that place is on no screen now."""
    settings = desk_settings()
    saved = settings.value(WINDOW_GEOMETRY_KEY)
    screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
    place = window_place(saved if isinstance(saved, QRect) else None, screens)
    if place is None:
        primary = QGuiApplication.primaryScreen().availableGeometry()
        normal = QRect(0, 0, int(primary.width() * FIRST_SIZE), int(primary.height() * FIRST_SIZE))
        normal.moveCenter(primary.center())
        window.setGeometry(normal)  # where "restore" puts it, on the primary screen
        window.showMaximized()
        return
    window.setGeometry(place)
    maximised = settings.value(WINDOW_MAXIMISED_KEY, False, type=bool)
    window.showMaximized() if maximised else window.show()
