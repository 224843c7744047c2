"""Dates, times, weekday and month names and amounts as the desk shows them, in its language
(docs/translations.md, Locale). Every window and printed document formats through here.

In English each function writes exactly what the desk always wrote (the `strftime`
patterns and `format_amount`), so nothing changes for an English desk. In Spanish it asks
the desk's QLocale: Spanish weekday and month names, "24 de noviembre", the 24-hour clock
and a decimal comma ("1234,50", "12.345,50"). Values are formatted as the wall-clock time
they carry (already in the clinic's zone), never converted.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from app.money.amounts import DEFAULT_CURRENCY, format_amount

_locale: QLocale | None = None  # None: English as written in the code


def use_locale(locale: QLocale | None) -> None:
    """Format in `locale` from now on; None for English (set by `ui.translations`)."""
    global _locale  # one desk language per process, set when the window is built
    _locale = locale


def _qt(value: date | datetime | time) -> QDate | QTime | QDateTime:
    """The same wall-clock value as Qt's type (no time zone conversion)."""
    if isinstance(value, datetime):
        return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
    if isinstance(value, date):
        return QDate(value.year, value.month, value.day)
    return QTime(value.hour, value.minute)


def _format(value: date | datetime | time, english: str, localised: str) -> str:
    """`value` by the strftime pattern `english`, or by the QLocale pattern `localised`."""
    if _locale is None:
        return value.strftime(english)
    return _locale.toString(_qt(value), localised)


def time_of_day(value: datetime | time) -> str:
    """ "14:05"."""
    return _format(value, "%H:%M", "HH:mm")


def weekday_name(value: date) -> str:
    """ "Tuesday" / "martes"."""
    return _format(value, "%A", "dddd")


def day_heading(value: date) -> str:
    """The day bar's title: "Tuesday 24 November 2026" / "martes, 24 de noviembre de 2026"."""
    if _locale is None:
        return f"{value:%A} {value.day} {value:%B %Y}"
    return _format(value, "", "dddd, d 'de' MMMM 'de' yyyy")


def day_heading_without_year(value: date) -> str:
    """ "Tuesday 24 November" / "martes, 24 de noviembre"."""
    if _locale is None:
        return f"{value:%A} {value.day} {value:%B}"
    return _format(value, "", "dddd, d 'de' MMMM")


def column_day(value: date) -> str:
    """A week column's title: "Tue 24 Nov" / "mar 24 nov"."""
    if _locale is None:
        return f"{value:%a} {value.day} {value:%b}"
    return _format(value, "", "ddd d MMM")


def day_month(value: date) -> str:
    """ "24 Nov" / "24 nov"."""
    if _locale is None:
        return f"{value.day} {value:%b}"
    return _format(value, "", "d MMM")


def day_month_year(value: date) -> str:
    """ "24 Nov 2026" / "24 nov 2026"."""
    if _locale is None:
        return f"{value.day} {value:%b %Y}"
    return _format(value, "", "d MMM yyyy")


def day_with_year(value: date) -> str:
    """A report's period: "Mon 2 Nov 2026" / "lun 2 nov 2026"."""
    if _locale is None:
        return f"{value:%a} {value.day} {value:%b %Y}"
    return _format(value, "", "ddd d MMM yyyy")


def short_weekday(value: date) -> str:
    """ "Tue" / "mar"."""
    return _format(value, "%a", "ddd")


def short_day(value: date) -> str:
    """ "Tue 24 Nov" (zero-padded day, as lists show it) / "mar 24 nov"."""
    return _format(value, "%a %d %b", "ddd d MMM")


def padded_day_month(value: date) -> str:
    """ "04 Nov" / "4 nov"."""
    return _format(value, "%d %b", "d MMM")


def padded_day_month_time(value: datetime) -> str:
    """ "04 Nov 14:05" / "4 nov 14:05"."""
    return _format(value, "%d %b %H:%M", "d MMM HH:mm")


def weekday_time(value: datetime) -> str:
    """ "Tue 14:05" / "mar 14:05"."""
    return _format(value, "%a %H:%M", "ddd HH:mm")


def moment(value: datetime) -> str:
    """ "Tue 24 Nov 14:05" / "mar 24 nov 14:05"."""
    return _format(value, "%a %d %b %H:%M", "ddd d MMM HH:mm")


def moment_with_year(value: datetime) -> str:
    """ "Tue 24 Nov 2026 14:05" / "mar 24 nov 2026 14:05"."""
    return _format(value, "%a %d %b %Y %H:%M", "ddd d MMM yyyy HH:mm")


def long_moment(value: datetime) -> str:
    """ "Tuesday 24 November 2026, 14:05" / "martes, 24 de noviembre de 2026, 14:05"."""
    return _format(value, "%A %d %B %Y, %H:%M", "dddd, d 'de' MMMM 'de' yyyy, HH:mm")


def long_day_time(value: datetime) -> str:
    """ "Tuesday 24 November, 14:05" / "martes, 24 de noviembre, 14:05"."""
    return _format(value, "%A %d %B, %H:%M", "dddd, d 'de' MMMM, HH:mm")


def document_moment(value: datetime) -> str:
    """A receipt's date: "24 November 2026, 14:05" / "24 de noviembre de 2026, 14:05"."""
    return _format(value, "%d %B %Y, %H:%M", "d 'de' MMMM 'de' yyyy, HH:mm")


def amount(minor: int, currency: str = DEFAULT_CURRENCY) -> str:
    """An amount in minor units: "1234.50" in English (as `format_amount` writes it);
    "1234,50", "12.345,50" in Spanish (the locale's decimal comma and grouping)."""
    plain = format_amount(minor, currency)
    if _locale is None:
        return plain
    sign = "-" if plain.startswith("-") else ""
    whole, _, part = plain.lstrip("-").partition(".")
    written = _locale.toString(int(whole))
    return f"{sign}{written}{_locale.decimalPoint()}{part}" if part else f"{sign}{written}"


def percent(ratio: float) -> str:
    """A ratio as a percentage with one decimal: "57.4 %" / "57,4 %"."""
    if _locale is None:
        return f"{ratio * 100:.1f} %"
    return f"{_locale.toString(ratio * 100, 'f', 1)} %"


def typed_amount(text: str) -> str:
    """An amount typed at the desk as `parse_amount` reads it ("40.50"). In Spanish "40,50"
    and "1.234,50" are understood too; a dot alone stays a decimal point, so "40.50" typed
    the English way means the same. English text is passed on unchanged."""
    if _locale is not None and _locale.decimalPoint() in text:
        return text.replace(_locale.groupSeparator(), "").replace(_locale.decimalPoint(), ".")
    return text
