"""Choices of this desk (not of the clinic): kept in `desk.ini` beside the config file."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.config import default_config_file


def desk_settings() -> QSettings:
    path = default_config_file().with_name("desk.ini")
    return QSettings(str(path), QSettings.Format.IniFormat)
