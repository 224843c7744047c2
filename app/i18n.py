"""Sentences the domain shows at the desk, in the desk's language (docs/translations.md).

`app` never imports Qt (docs/architecture.md, Layers), yet its refusals and error messages
reach the window. So a call site writes `translate("Context", "English sentence %s") % value`
(`pyside6-lupdate` finds these calls as it finds `self.tr`), and the window installs Qt's
translator here when it starts. Without one — the command line, a server — every sentence
stays the English written in the code, which is what scripts rely on.

Placeholders are filled after translating, so a translation keeps the same `%s`/`%d`/`{name}`
placeholders. A plural is not chosen here (lupdate marks numerus forms only for `tr`): the
window words counts itself, or the code picks between two whole sentences.

Dates, times, amounts and counts inside those sentences go through `desk_formats()` (a
`LocaleFormats` the window installs with `install_formats`), never a `strftime` pattern or
`format_amount` of their own, so they read in the desk's locale too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

Translator = Callable[[str, str], str]

_translator: Translator | None = None


def install(translator: Translator | None) -> None:
    """Use `translator(context, english)` from now on in this process (None: English)."""
    global _translator  # one language per process, set once by the window
    _translator = translator


def translate(context: str, english: str) -> str:
    """`english` in the process's language, or as written when none is installed."""
    return english if _translator is None else _translator(context, english)


def _english_amount(minor: int, currency: str) -> str:
    from app.money.amounts import format_amount  # amounts imports this module

    return format_amount(minor, currency)


def _command_line_moment(value: datetime) -> str:
    from app.timezones import format_local  # as a refusal at the command line names a start

    return format_local(value, value.tzinfo).replace("T", " ")  # type: ignore[arg-type]


@dataclass(frozen=True)
class LocaleFormats:
    """How the domain's sentences write dates, times, amounts and counts. The defaults write
    what the code always wrote (the command line, the JSON and the tests rely on it); the
    window installs its locale's (`ui/locale_format.py`) so a refusal's "Tue 24 Nov 14:05"
    or "40.00" reads "mar 24 nov 14:05", "40,00" at a Spanish desk."""

    moment: Callable[[datetime], str] = lambda value: f"{value:%a %d %b %H:%M}"
    """ "Tue 24 Nov 14:05" (a start in a refusal, an inbox item)."""
    dated_moment: Callable[[datetime], str] = _command_line_moment
    """A start in a booking refusal, in the clinic's zone: "2025-01-15 10:00" (its UTC offset
    too in a repeated DST hour)."""
    day: Callable[[date], str] = lambda value: f"{value:%a %d %b}"
    """ "Tue 24 Nov"."""
    padded_date: Callable[[date], str] = lambda value: f"{value:%d %b %Y}"
    """ "04 Nov 2026" (a block's or a series' end)."""
    padded_day_month: Callable[[date], str] = lambda value: f"{value:%d %b}"
    """ "04 Nov" (a yearly block's day)."""
    day_month: Callable[[date], str] = lambda value: f"{value.day} {value:%b}"
    """ "4 Nov" (a waitlist wish's dates)."""
    day_month_year: Callable[[date], str] = lambda value: f"{value.day} {value:%b %Y}"
    """ "4 Nov 2026"."""
    weekday: Callable[[date], str] = lambda value: f"{value:%A}"
    """ "Monday"."""
    short_weekday: Callable[[date], str] = lambda value: f"{value:%a}"
    """ "Mon" (a waitlist wish's days)."""
    time: Callable[[datetime], str] = lambda value: f"{value:%H:%M}"
    """ "14:05"."""
    amount: Callable[[int, str], str] = _english_amount
    """Minor units as "1234.50" (`app.money.format_amount`)."""
    number: Callable[[int], str] = lambda value: f"{value:,}"
    """A count as "10,000"."""


ENGLISH_FORMATS = LocaleFormats()
_formats: LocaleFormats = ENGLISH_FORMATS


def install_formats(formats: LocaleFormats | None) -> None:
    """Write dates, times and amounts with `formats` from now on (None: as the code does)."""
    global _formats  # one desk language per process, set with the translator
    _formats = ENGLISH_FORMATS if formats is None else formats


def desk_formats() -> LocaleFormats:
    """The formats sentences are written with now: `desk_formats().moment(start)`."""
    return _formats
