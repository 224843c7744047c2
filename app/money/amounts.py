"""Amounts as integer minor units ("cents") inside, as `"150.00"` strings at the edges, in
the clinic's currency (ISO 4217): most have two decimals, some none (JPY), a few three."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.i18n import desk_formats, translate

DEFAULT_CURRENCY = "USD"
# ISO 4217 currencies whose minor unit is not the cent (the rest have two decimals).
_NO_DECIMALS = frozenset(
    "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split()
)
_THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_CODE = re.compile(r"[A-Z]{3}")
# Minor units: far above any price or payment, inside PostgreSQL's 32-bit INTEGER columns
# (10,000,000.00 USD; 1,000,000,000 JPY).
_LARGEST = 10**9
# Plain digits with at most one decimal point (and a sign, refused as negative below): no
# exponent ("1e3" is not 1,000.00), no digit separators, no other scripts' digits.
_PLAIN_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def check_currency(code: str) -> str:
    """An ISO 4217 code as the settings keep it (three capital letters)."""
    if not isinstance(code, str) or not _CODE.fullmatch(code.strip().upper()):
        raise ValueError(
            translate("Money", '{code!r} is not a currency code like "USD" or "EUR"').format(
                code=code
            )
        )
    return code.strip().upper()


def currency_decimals(currency: str = DEFAULT_CURRENCY) -> int:
    """How many decimals an amount in `currency` has (its minor unit)."""
    if currency in _NO_DECIMALS:
        return 0
    return 3 if currency in _THREE_DECIMALS else 2


def parse_amount(value: str | int | float, currency: str = DEFAULT_CURRENCY) -> int:
    """`"150.00"`, `150` or `150.5` → minor units; refuses negatives, more decimals than the
    currency has, and text that is not a number."""
    if isinstance(value, bool):
        raise ValueError(
            translate("Money", '{value!r} is not an amount like "150.00"').format(value=value)
        )
    text = str(value).strip()
    try:
        if not _PLAIN_AMOUNT.fullmatch(text):
            raise ValueError(text)
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(
            translate("Money", '{value!r} is not an amount like "150.00"').format(value=value)
        ) from None
    if amount < 0:
        raise ValueError(
            translate("Money", "{value!r} is not an amount of zero or more").format(value=value)
        )
    decimals = currency_decimals(currency)
    minor = amount.scaleb(decimals)
    if minor != minor.to_integral_value():
        sentence = (
            translate("Money", "{value!r} has more decimals than {currency} has (no decimals)")
            if decimals == 0
            else translate(
                "Money",
                "{value!r} has more decimals than {currency} has (at most {places} decimals)",
            )
        )
        raise ValueError(sentence.format(value=value, currency=currency, places=decimals))
    if minor > _LARGEST:
        raise ValueError(
            translate("Money", "{value!r} is too large (at most {largest})").format(
                value=value, largest=desk_formats().amount(_LARGEST, currency)
            )
        )
    return int(minor)


def parse_positive_amount(value: str | int | float, currency: str = DEFAULT_CURRENCY) -> int:
    """`parse_amount` for money that moves (a payment, a refund): zero is refused too."""
    minor = parse_amount(value, currency)
    if minor == 0:
        raise ValueError(
            translate("Money", "{value!r}: an amount of money must be more than zero").format(
                value=value
            )
        )
    return minor


def format_amount(minor: int, currency: str = DEFAULT_CURRENCY) -> str:
    """`-150` → `"-1.50"` (a balance in credit is negative); `1500` JPY → `"1500"`."""
    decimals = currency_decimals(currency)
    sign = "-" if minor < 0 else ""
    whole, part = divmod(abs(minor), 10**decimals)
    return f"{sign}{whole}.{part:0{decimals}d}" if decimals else f"{sign}{whole}"
