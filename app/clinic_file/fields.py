"""Field readers for the clinic file: each turns one JSON value into its stored form or
raises ValueError with a message that says what would be accepted."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.i18n import desk_formats, translate
from app.money.amounts import DEFAULT_CURRENCY, check_currency, parse_amount
from app.text_limits import limit_of, text_problem
from app.timezones import check_year, parse_clock
from db.enums import WEEKDAYS

Reader = Callable[[Any], Any]

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
FEATURE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
REFERENCE_PATTERN = re.compile(r"^BK-(\d{4})-(\d{6})$")
RECEIPT_PATTERN = re.compile(r"^RC-(\d{4})-(\d{6})$")


def key(value: Any) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise ValueError(
            translate(
                "ClinicFile",
                "{value!r} is not a key (1–64 letters, digits, '.', '_' or "
                "'-', starting with a letter or digit)",
            ).format(value=value)
        )
    return value


def text(field: str) -> Reader:
    """A free text within its limit in `app.text_limits` (`field` is "section.name")."""
    limit_of(field)  # a field missing from the table fails here, at import time

    def read(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(translate("ClinicFile", "must be a non-empty text"))
        problem = text_problem(value, field)
        if problem is not None:
            raise ValueError(problem)
        return value.strip()

    return read


def capped(field: str, reader: Reader) -> Reader:
    """`reader` (an email, a phone) given only text within `field`'s limit, so a megabyte
    of text is refused by its length before a parser spends time on it."""
    checked = text(field)

    def read(value: Any) -> Any:
        return reader(checked(value))

    return read


def optional(reader: Reader) -> Reader:
    """Accept null (and, for texts, an empty string) as 'not set'."""

    def read(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return reader(value)

    return read


def integer(low: int, high: int, multiple_of: int = 1) -> Reader:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                translate("ClinicFile", "{value!r} is not a whole number").format(value=value)
            )
        if not low <= value <= high:
            raise ValueError(
                translate("ClinicFile", "{value} is outside {low}–{high}").format(
                    value=value, low=low, high=high
                )
            )
        if value % multiple_of:
            raise ValueError(
                translate("ClinicFile", "{value} is not a multiple of {multiple_of}").format(
                    value=value, multiple_of=multiple_of
                )
            )
        return value

    return read


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(
            translate("ClinicFile", "{value!r} is not true or false").format(value=value)
        )
    return value


def choice(enum_cls: type[StrEnum]) -> Reader:
    def read(value: Any) -> StrEnum:
        try:
            return enum_cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum_cls)
            raise ValueError(
                translate("ClinicFile", "{value!r} is not one of {allowed}").format(
                    value=value, allowed=allowed
                )
            ) from None

    return read


def weekday(value: Any) -> int:
    if isinstance(value, str) and value.strip().lower() in WEEKDAYS:
        return WEEKDAYS.index(value.strip().lower())
    raise ValueError(
        translate("ClinicFile", "{value!r} is not a weekday (monday … sunday)").format(value=value)
    )


def calendar_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(
            translate("ClinicFile", "{value!r} is not a date like 2025-01-20").format(value=value)
        )
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            translate("ClinicFile", "{value!r} is not a date like 2025-01-20").format(value=value)
        ) from None
    return check_year(day)


def past_date(value: Any) -> date:
    day = calendar_date(value)
    if day > date.today():
        raise ValueError(translate("ClinicFile", "{day} is in the future").format(day=day))
    if day.year < 1900:
        raise ValueError(translate("ClinicFile", "{day} is before 1900").format(day=day))
    return day


def clock(value: Any) -> int:
    return parse_clock(value)


def clock_end(value: Any) -> int:
    return parse_clock(value, allow_end_of_day=True)


def amount_in(currency: str) -> Reader:
    """An amount of zero or more in `currency` (`"150.00"`; more decimals than the
    currency has are refused)."""

    def read(value: Any) -> int:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueError(
                translate("ClinicFile", '{value!r} is not an amount like "150.00"').format(
                    value=value
                )
            )
        return parse_amount(value, currency)

    return read


@dataclass(frozen=True)
class InCurrency:
    """A reader of amounts whose decimals depend on the clinic's currency: reads in the
    default currency until `app.clinic_file.schema.in_currency` makes it the file's."""

    make: Callable[[str], Reader]

    def __call__(self, value: Any) -> Any:
        return self.make(DEFAULT_CURRENCY)(value)


amount = InCurrency(amount_in)


def signed_amount_in(currency: str) -> Reader:
    """A nonzero amount that may be negative (`"-50.00"`: money taken back from a session)."""
    unsigned = amount_in(currency)

    def read(value: Any) -> int:
        if isinstance(value, str) and value.strip().startswith("-"):
            negative, minor = True, unsigned(value.strip()[1:])
        elif isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            negative, minor = True, unsigned(-value)
        else:
            negative, minor = False, unsigned(value)
        if minor == 0:
            raise ValueError(
                translate("ClinicFile", "{value!r}: an allocation is never zero").format(
                    value=value
                )
            )
        return -minor if negative else minor

    return read


def currency(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(
            translate("ClinicFile", '{value!r} is not a currency code like "USD" or "EUR"').format(
                value=value
            )
        )
    return check_currency(value)


def features(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(
            translate("ClinicFile", 'must be a list of feature names like ["family", "accessible"]')
        )
    result: list[str] = []
    for item in value:
        if not isinstance(item, str) or not FEATURE_PATTERN.match(item):
            raise ValueError(
                translate(
                    "ClinicFile",
                    "{item!r} is not a feature name (lower-case letters, digits, '-' or '_')",
                ).format(item=item)
            )
        if item not in result:
            result.append(item)
    return sorted(result)


def colour(value: Any) -> str:
    if not isinstance(value, str) or not COLOUR_PATTERN.match(value):
        raise ValueError(
            translate("ClinicFile", "{value!r} is not a colour like #4e79a7").format(value=value)
        )
    return value.lower()


def reference(value: Any) -> str:
    if not isinstance(value, str) or not REFERENCE_PATTERN.match(value):
        raise ValueError(
            translate(
                "ClinicFile", "{value!r} is not a booking reference like BK-2025-000001"
            ).format(value=value)
        )
    return value


def receipt(value: Any) -> str:
    if not isinstance(value, str) or not RECEIPT_PATTERN.match(value):
        raise ValueError(
            translate("ClinicFile", "{value!r} is not a receipt number like RC-2025-000001").format(
                value=value
            )
        )
    return value


def one_of(*allowed: str) -> Reader:
    """One of a few words no enum holds (an old file's `payment_status`)."""

    def read(value: Any) -> str:
        if value not in allowed:
            raise ValueError(
                translate("ClinicFile", "{value!r} is not one of {allowed}").format(
                    value=value, allowed=", ".join(allowed)
                )
            )
        return str(value)

    return read


def minutes_list(value: Any) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 43200 for v in value
    ):
        raise ValueError(
            translate(
                "ClinicFile", "must be a list of minutes before the session, e.g. [1440, 120]"
            )
        )
    return sorted(set(value), reverse=True)


def preferences(value: Any) -> dict[str, Any]:
    """An object of the client's preferences, at most its limit once written as JSON."""
    if not isinstance(value, dict):
        raise ValueError(translate("ClinicFile", "must be an object"))
    limit = limit_of("clients.preferences")
    written = len(json.dumps(value, ensure_ascii=False))
    if written > limit:
        raise ValueError(
            translate(
                "ClinicFile", "is longer than {limit} characters written as JSON ({written})"
            ).format(limit=desk_formats().number(limit), written=desk_formats().number(written))
        )
    return value


def region(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValueError(
            translate(
                "ClinicFile", "{value!r} is not a two-letter country code like US or ES"
            ).format(value=value)
        )
    return value.upper()
