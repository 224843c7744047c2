"""How the window and its dialogs tell the person at the desk what happened: one wording of
errors (details stay in the log) and one look for a message line."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from app.booking import BookingRefusedError
from app.clinic_file import ClinicFileError
from app.money.payments import MoneyRefusedError
from app.outbox import ConnectionProblemError
from db.engine import DatabaseBusyError, TransactionEndedError

ERROR_STYLE = "color: #b00020;"
DONE_STYLE = "color: #1b5e20;"
OWES_STYLE = "color: #b35c00; font-weight: 600;"  # a client's balance owed: a warning
CREDIT_STYLE = "color: #1b5e20; font-weight: 600;"


def describe_error(error: Exception) -> str:
    """A message for the person at the desk; details stay in the log. The app's refusals
    and input errors are written to be shown; anything else is named by its kind only."""
    if isinstance(error, ClinicFileError):
        return str(error)
    if isinstance(error, json.JSONDecodeError):
        return (
            QCoreApplication.translate(
                "Feedback", "The file is not valid JSON (line %1, column %2)."
            )
            .replace("%1", str(error.lineno))
            .replace("%2", str(error.colno))
        )
    if isinstance(error, BookingRefusedError):
        return error.message
    if isinstance(error, MoneyRefusedError):
        return str(error)
    if isinstance(error, DatabaseBusyError | TransactionEndedError):
        return str(error)
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "Feedback", "The file could not be read or written: %1"
        ).replace("%1", str(error.strerror or error))
    if isinstance(
        error,
        LookupError | PermissionError | ValueError | ConnectionProblemError | MoneyRefusedError,
    ):
        return str(error)
    return QCoreApplication.translate(
        "Feedback", "Something went wrong: %1. Details are in the log file."
    ).replace("%1", type(error).__name__)


def balance_style(balance_cents: int) -> str:
    """A balance's look: owing stands out in a warning colour, credit is good news."""
    if balance_cents > 0:
        return OWES_STYLE
    return CREDIT_STYLE if balance_cents < 0 else ""


def say(label: QLabel, text: str, *, error: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else DONE_STYLE)


def shows_error(label: QLabel) -> bool:
    return label.styleSheet() == ERROR_STYLE
