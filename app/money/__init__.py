"""Money at the desk (SPEC F11, docs/money.md): amounts, prices, payments and receipts,
fees, refunds, balances and the day's cash-up. Integer minor units ("cents") everywhere."""

from app.money.amounts import format_amount, parse_amount

__all__ = ["format_amount", "parse_amount"]
