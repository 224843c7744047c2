"""Qt's date and time values as the Python types they convert to.

PySide's stubs declare `toPython()` as returning `object`; these say what it returns, so the
type checker follows a picked date or time into the code that uses it.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime


def python_date(value: QDate) -> date:
    converted = value.toPython()
    assert isinstance(converted, date)
    return converted


def python_time(value: QTime) -> time:
    converted = value.toPython()
    assert isinstance(converted, time)
    return converted
