"""What a waitlist entry asks of a session, in words a person types and reads: weekdays, a
time of day, a date range (docs/clients.md, Waitlist). Pure: no database, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.i18n import desk_formats, translate
from app.timezones import format_clock, parse_clock

_A_MONDAY = date(2024, 1, 1)  # day names are asked of the locale for this week's days
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # bit i = WEEKDAY_CODES[i]
ANY_WEEKDAY = 127
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class WaitlistInputError(ValueError):
    """The request itself is wrong or names something that cannot wait (unknown, inactive,
    archived, closed already): a sentence for the desk, exit status 2, nothing changed."""


def parse_weekdays(text: str) -> int:
    """`mon,wed` (or full names, any case) → the weekday bits of an entry."""
    bits = 0
    for part in text.split(","):
        word = part.strip().lower()
        if word in WEEKDAY_CODES:
            bits |= 1 << WEEKDAY_CODES.index(word)
        elif word in _WEEKDAY_NAMES:
            bits |= 1 << _WEEKDAY_NAMES.index(word)
        elif word:
            raise WaitlistInputError(
                translate("Waitlist", "{part!r} is not a weekday (use {items})").format(
                    part=part.strip(), items=", ".join(WEEKDAY_CODES)
                )
            )
    if not bits:
        raise WaitlistInputError(translate("Waitlist", "name at least one weekday, like mon,wed"))
    return bits


def weekday_codes(bits: int) -> list[str]:
    return [code for i, code in enumerate(WEEKDAY_CODES) if bits & (1 << i)]


def parse_between(text: str) -> tuple[int, int]:
    """`09:00-12:00` → (540, 720): the minutes of the day a session must fit in."""
    parts = text.strip().replace("–", "-").split("-")
    if len(parts) != 2:
        raise WaitlistInputError(
            translate("Waitlist", "{text!r} is not a time range like 09:00-12:00").format(text=text)
        )
    try:
        earliest = parse_clock(parts[0].strip())
        latest = parse_clock(parts[1].strip(), allow_end_of_day=True)
    except ValueError as error:
        raise WaitlistInputError(f"{text!r}: {error}") from None
    if latest <= earliest:
        raise WaitlistInputError(
            translate("Waitlist", "the time range {text!r} must end after it starts").format(
                text=text.strip()
            )
        )
    return earliest, latest


def format_between(earliest: int | None, latest: int | None, dash: str = "-") -> str | None:
    if earliest is None or latest is None:
        return None
    return f"{format_clock(earliest)}{dash}{format_clock(latest)}"


@dataclass(frozen=True, slots=True)
class Wish:
    """The part of an entry a session's local start and end are held to."""

    weekdays: int
    earliest_minute: int | None
    latest_minute: int | None
    from_date: date
    to_date: date

    def takes_day(self, day: date) -> bool:
        return self.from_date <= day <= self.to_date and bool(self.weekdays >> day.weekday() & 1)

    def fits(self, local_start: datetime, local_end: datetime) -> bool:
        """Whether a session from `local_start` to `local_end` (clinic wall clock) is one this
        client waits for: its day in the range and among the weekdays, the whole session
        inside the time of day."""
        day = local_start.date()
        if not self.takes_day(day):
            return False
        if self.earliest_minute is None or self.latest_minute is None:
            return True
        first = local_start.hour * 60 + local_start.minute
        last = (local_end.date() - day).days * 1440 + local_end.hour * 60 + local_end.minute
        return self.earliest_minute <= first and last <= self.latest_minute


def weekday_words(bits: int) -> str:
    """ "Mon, Wed" in the desk's language."""
    return ", ".join(
        desk_formats().short_weekday(_A_MONDAY + timedelta(days=WEEKDAY_CODES.index(code)))
        for code in weekday_codes(bits)
    )


def describe_wish(therapist_name: str | None, wish: Wish) -> str:
    """ "Any therapist · Mon, Wed · 09:00–12:00 · 1–31 Dec": an entry in one line."""
    days = (
        translate("Waitlist", "Any day")
        if wish.weekdays == ANY_WEEKDAY
        else weekday_words(wish.weekdays)
    )
    times = format_between(wish.earliest_minute, wish.latest_minute, "–") or translate(
        "Waitlist", "Any time"
    )
    return " · ".join(
        [
            therapist_name or translate("Waitlist", "Any therapist"),
            days,
            times,
            describe_dates(wish),
        ]
    )


def describe_dates(wish: Wish) -> str:
    """ "4 Nov", "1–31 Dec", "28 Nov – 3 Dec", "28 Dec 2026 – 3 Jan 2027" in the desk's
    locale (month names and order)."""
    first, last = wish.from_date, wish.to_date
    formats = desk_formats()
    if first == last:
        return formats.day_month(first)
    if first.year != last.year:
        return f"{formats.day_month_year(first)} – {formats.day_month_year(last)}"
    if first.month != last.month:
        return f"{formats.day_month(first)} – {formats.day_month(last)}"
    return f"{first.day}–{formats.day_month(last)}"
