"""Qt's date and time values as the Python types they convert to.

PySide's stubs declare `toPython()` as returning `object`; these say what it returns, so the
type checker follows a picked date or time into the code that uses it.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit

from app.timezones import FIRST_YEAR, LAST_YEAR


def python_date(value: QDate) -> date:
    converted = value.toPython()
    assert isinstance(converted, date)
    return converted


def python_time(value: QTime) -> time:
    converted = value.toPython()
    assert isinstance(converted, time)
    return converted


def within_years(edit: QDateEdit) -> QDateEdit:
    """A date field that offers only the years every date must lie in (docs/interfaces.md):
    Qt's own range reaches 9999, where a week or a month past the day no longer exists."""
    edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
    return edit
