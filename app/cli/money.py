"""`frontdesk pay`, `frontdesk refund` and `frontdesk receipt` (docs/interfaces.md, Money):
amounts typed as decimals of the clinic's currency, a staff member's password (`--as`), and
the use case's answer, its bad input (exit 2) or its refusal (exit 3). Every input is checked
before the password is asked for; nothing is written unless all of it holds."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import composition
from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    clinic_zone_name,
    open_clinic_database,
    parse_now,
    password_for,
    print_json,
)
from app.config import AppConfig

if TYPE_CHECKING:
    from app.money.payments import PaymentResult, RefundResult
    from db.engine import Database


def pay_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.money.payments import PaymentRequest, checked_method, checked_reference, take_payment

    database = open_clinic_database(config)
    now = parse_now(args.now, clinic_zone_name(database), database)
    currency = _currency(database)
    amount = _amount("--amount", args.amount, currency)
    with _money_errors(option="--method"):
        method = checked_method(args.method)
    with _money_errors(option="--reference"):
        reference = checked_reference(args.reference)
    client = _plain("--client", args.client)
    sessions = tuple(_plain("--session", reference) for reference in args.sessions or ())
    request = PaymentRequest(client, amount, method, reference, sessions=sessions)
    actor = _staff(args, database, now)
    with _money_errors(args):
        result = take_payment(database, request, actor=actor, now=now)
    if args.json:
        print_json(result.as_json())
    else:
        print(_paid_line(result, currency))
    return EXIT_OK


def refund_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.clients.admin_actions import checked_reason
    from app.money.payments import MoneyInputError, refund_payment

    database = open_clinic_database(config)
    now = parse_now(args.now, clinic_zone_name(database), database)
    currency = _currency(database)
    amount = None if args.amount is None else _amount("--amount", args.amount, currency)
    receipt = _plain("receipt", args.receipt)
    with _money_errors(option="--reason"):
        reason = checked_reason(args.reason, MoneyInputError)
    actor = _staff(args, database, now)
    with _money_errors(args):
        result = refund_payment(
            database, receipt, reason=reason, actor=actor, now=now, amount_cents=amount
        )
    if args.json:
        print_json(result.as_json())
    else:
        print(_refund_line(result, currency))
    return EXIT_OK


def receipt_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.money.receipts import load_receipt

    database = open_clinic_database(config)
    with _money_errors():
        view = load_receipt(database, _plain("receipt", args.receipt))
    target = Path(args.pdf)
    try:
        composition.save_receipt_pdf(view, target)
    except OSError as error:
        raise CommandError(str(error.strerror or error), EXIT_ERROR) from None
    print(f"wrote {view.receipt} to {target}")
    return EXIT_OK


@contextmanager
def _money_errors(
    args: argparse.Namespace | None = None, option: str | None = None
) -> Iterator[None]:
    """The money use cases' input errors are bad input (exit 2, naming `option` when one
    option is at fault); their refusals exit 3, with `--json` as `{"error", "reason"}` on
    stdout like every refusal."""
    from app.booking import BookingRefusedError
    from app.money.payments import MoneyInputError, MoneyRefusedError

    try:
        yield
    except MoneyInputError as error:
        message = str(error) if option is None else f"{option}: {error}"
        raise CommandError(message, EXIT_BAD_INPUT) from None
    except MoneyRefusedError as error:
        raise _refusal(args, str(error), error.reason) from None
    except BookingRefusedError as error:  # the turn's own refusal: another desk held it (busy)
        raise _refusal(args, error.message, error.reason) from None


def _refusal(args: argparse.Namespace | None, message: str, reason: str) -> CommandError:
    if args is not None and getattr(args, "json", False):
        print_json({"error": message, "reason": reason})
    return CommandError(f"refused: {message}", EXIT_REFUSED)


def _currency(database: Database) -> str:
    from app.money.payments import clinic_currency

    with _money_errors(), database.read() as session:
        return clinic_currency(session)


def _amount(option: str, text: str, currency: str) -> int:
    """An amount typed as a decimal (`50.00`) in minor units; more than zero."""
    from app.money.amounts import parse_positive_amount

    try:
        return parse_positive_amount(text, currency)
    except ValueError as error:
        raise CommandError(f"{option}: {error}", EXIT_BAD_INPUT) from None


def _plain(option: str, text: str) -> str:
    """A key, reference or username as typed; one no database could hold (a NUL, which
    PostgreSQL refuses in any text, or a byte that is not UTF-8) names no one: bad input."""
    from app.text_limits import encodable

    if "\x00" in text or not encodable(text):
        raise CommandError(f"{option}: is not valid text", EXIT_BAD_INPUT)
    return text


def _staff(args: argparse.Namespace, database: Database, now: datetime) -> str:
    """Who takes the money: an active staff member with their password (checked, recorded
    and throttled like a sign-in). A wrong name or password is bad input; a name that must
    wait after too many failures is refused. What each role may do, the use case checks."""
    from app.auth.staff import StaffPermissionError, TooManyAttemptsError, authorise
    from db.enums import Role

    username = _plain("--as", args.as_user)
    password = password_for(username)
    try:
        return authorise(database, username, password, frozenset(Role),
                         "unknown username or wrong password", now=now)  # fmt: skip
    except StaffPermissionError as error:
        raise CommandError(str(error), EXIT_BAD_INPUT) from None
    except TooManyAttemptsError as error:
        raise _refusal(args, str(error), "not_permitted") from None


def _paid_line(result: PaymentResult, currency: str) -> str:
    from app.money import format_amount

    parts = [f"{result.receipt}: {format_amount(result.amount_cents, currency)} {currency}"]
    parts += [f"{a.reference} {format_amount(a.amount_cents, currency)}" for a in result.allocated]
    if result.credit_cents:
        parts.append(f"credit {format_amount(result.credit_cents, currency)}")
    return "; ".join(parts)


def _refund_line(result: RefundResult, currency: str) -> str:
    from app.money import format_amount

    amount = format_amount(result.amount_cents, currency)
    return (
        f"{result.receipt}: {result.kind.value} of {amount} {currency} on {result.refunds} "
        f"({result.method.value})"
    )
