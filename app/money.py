"""Prices as integer cents inside, as `"150.00"` strings at the edges."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def parse_amount(value: str | int | float) -> int:
    """`"150.00"`, `150` or `150.5` → cents; refuses negatives and fractions of a cent."""
    if isinstance(value, bool):
        raise ValueError(f'{value!r} is not an amount like "150.00"')
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f'{value!r} is not an amount like "150.00"') from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{value!r} is not an amount of zero or more")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{value!r} has fractions of a cent")
    if cents > 10**10:
        raise ValueError(f"{value!r} is too large")
    return int(cents)


def format_amount(cents: int) -> str:
    """`-150` → `"-1.50"` (a balance in credit is negative)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
