"""`frontdesk pay`, `refund` and `receipt` as scripts run them, on both databases: the
CONTRACTS JSON, the PDF read back, and every bad input or refusal exiting 2 or 3 with the
money tables unchanged (compared in plain SQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from app.money.payments import PaymentRequest, take_payment
from db.engine import Database
from db.enums import PaymentMethod
from tests.booking_support import FRONT_DESK_PASSWORD, SUPERVISOR_PASSWORD, at
from tests.money_support import book_session, complete, money_clinic, rows
from tests.test_cli import run

NOW = "2026-11-24T18:00"
ADDRESS = "12 Harbour Street, Portland"


class Clinic:
    """A clinic with c1's completed session (150.00 owed), c1's upcoming one, c2's
    session, and one payment of c1 (RC-2026-000001, 50.00 cash, on the completed one)."""

    def __init__(self, url: str) -> None:
        self.url = url
        database = Database(url)
        try:
            money_clinic(database)
            with database.write() as session:
                session.execute(
                    text("UPDATE clinic_settings SET address = :a, phone = '+1 207 555 0100'"),
                    {"a": ADDRESS},
                )
            self.done = book_session(database, "c1", "2026-11-24T09:00")
            self.upcoming = book_session(database, "c1", "2026-11-26T09:00")
            self.others = book_session(database, "c2", "2026-11-24T13:00")
            complete(database, self.done, at("2026-11-24T09:10"))
            take_payment(
                database,
                PaymentRequest("c1", 5000, PaymentMethod.CASH, sessions=(self.done,)),
                actor="alex",
                now=at("2026-11-24T10:00"),
            )
        finally:
            database.dispose()

    def money(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every money row, and what the audit log says of money."""
        database = Database(self.url)
        try:
            return {
                "payments": rows(database, "SELECT * FROM payments ORDER BY id"),
                "allocations": rows(database, "SELECT * FROM payment_allocations ORDER BY id"),
                "counters": rows(database, "SELECT * FROM receipt_counters ORDER BY year"),
                "audit": rows(
                    database,
                    "SELECT id, action FROM audit_log WHERE action LIKE 'payment.%' ORDER BY id",
                ),
            }
        finally:
            database.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def clinic(request: pytest.FixtureRequest) -> Iterator[Clinic]:
    yield Clinic(request.getfixturevalue(f"{request.param}_url"))


def _pdf_words(path: Path) -> str:
    """The PDF's text with all spacing taken out (pypdf reads word gaps, and sometimes the
    gaps between a word's letters, as spaces or tabs)."""
    return "".join("".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_pay_refund_and_receipt_as_scripts_run_them(clinic: Clinic, tmp_path: Path) -> None:
    paid = run(
        "--db", clinic.url, "pay", "--client", "c1", "--session", clinic.upcoming,
        "--session", clinic.done, "--amount", "200.00", "--method", "card",
        "--reference", "VISA 4242", "--as", "alex", "--now", NOW, "--json",
        env={"FRONTDESK_PASSWORD": FRONT_DESK_PASSWORD},
    )  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    assert json.loads(paid.stdout) == {
        "receipt": "RC-2026-000002",
        "amount_cents": 20000,
        "allocated": [
            {"reference": clinic.upcoming, "amount_cents": 15000},
            {"reference": clinic.done, "amount_cents": 5000},
        ],
        "credit_cents": 0,
    }

    refunded = run(
        "--db", clinic.url, "refund", "RC-2026-000002", "--amount", "30.00", "--as", "maria",
        "--reason", "Session moved to a colleague", "--now", NOW, "--json",
        env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD},
    )  # fmt: skip
    assert refunded.returncode == 0, refunded.stderr
    assert json.loads(refunded.stdout) == {
        "receipt": "RC-2026-000003",
        "refunds": "RC-2026-000002",
        "kind": "refund",
        "amount_cents": 3000,
        "method": "card",
        "taken_back": [{"reference": clinic.upcoming, "amount_cents": 3000}],
    }

    pdf = tmp_path / "receipt.pdf"
    printed = run("--db", clinic.url, "receipt", "RC-2026-000002", "--pdf", str(pdf))
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == f"wrote RC-2026-000002 to {pdf}"
    words = _pdf_words(pdf)
    for expected in (
        "Test Clinic", ADDRESS, "Receipt RC-2026-000002", "Ana One (c1)",
        clinic.done, clinic.upcoming, "Paid 200.00 USD", "120.00 USD", "50.00 USD",
        "Method Card", "VISA 4242", "Refund RC-2026-000003", "Taken by alex",
    ):  # fmt: skip
        assert "".join(expected.split()) in words, expected


def test_a_refund_receipt_names_the_payment_it_answers_and_why(
    clinic: Clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli import main

    monkeypatch.setenv("FRONTDESK_PASSWORD", SUPERVISOR_PASSWORD)
    assert main(["--db", clinic.url, "refund", "RC-2026-000001", "--as", "maria",
                 "--reason", "Paid twice", "--now", NOW]) == 0  # fmt: skip
    pdf = tmp_path / "refund.pdf"
    assert main(["--db", clinic.url, "receipt", "RC-2026-000002", "--pdf", str(pdf)]) == 0
    words = _pdf_words(pdf)
    for expected in ("Refund RC-2026-000002", "RC-2026-000001", "Paid twice", "50.00 USD",
                     "Method Cash", "Taken by maria", clinic.done):  # fmt: skip
        assert "".join(expected.split()) in words, expected


def test_pay_without_sessions_settles_what_is_owed_and_keeps_the_rest_as_credit(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    monkeypatch.setenv("FRONTDESK_PASSWORD", FRONT_DESK_PASSWORD)
    status = main(["--db", clinic.url, "pay", "--client", "c1", "--amount", "120",
                   "--method", "transfer", "--as", "alex", "--now", NOW, "--json"])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    assert json.loads(capsys.readouterr().out) == {
        "receipt": "RC-2026-000002",
        "amount_cents": 12000,
        "allocated": [{"reference": clinic.done, "amount_cents": 10000}],
        "credit_cents": 2000,
    }
    status = main(["--db", clinic.url, "pay", "--client", "c1", "--amount", "5",
                   "--method", "cash", "--as", "alex", "--now", NOW])  # fmt: skip
    assert status == 0
    assert capsys.readouterr().out.strip() == "RC-2026-000003: 5.00 USD; credit 5.00"


PAY = ["pay", "--client", "c1", "--method", "cash", "--as", "alex", "--now", NOW]

BAD_INPUT = [
    ([*PAY, "--amount", "0"], "--amount: '0': an amount of money must be more than zero"),
    ([*PAY, "--amount=-5.00"], "--amount: '-5.00' is not an amount of zero or more"),
    ([*PAY, "--amount", "ten"], "--amount: 'ten' is not an amount like \"150.00\""),
    ([*PAY, "--amount", "10.001"], "--amount: '10.001' has more decimals than USD has"),
    ([*PAY, "--amount", "1e3"], "--amount: '1e3' is not an amount like \"150.00\""),
    ([*PAY, "--amount", "25000000.00"], "--amount: '25000000.00' is too large"),
    ([*PAY, "--amount", "10", "--client", "nobody"], "no client 'nobody'"),
    ([*PAY, "--amount", "10", "--session", "BK-2026-999999"], "no session BK-2026-999999"),
    ([*PAY, "--amount", "10", "--session", "{others}"], "{others} is a session of another client"),
    (["pay", "--client", "c1", "--method", "bitcoin", "--as", "alex", "--amount", "10"],
     "--method: 'bitcoin' is not a payment method (cash, card, transfer, other)"),
    ([*PAY, "--amount", "10", "--reference", "x" * 101], "--reference: the reference is longer"),
    ([*PAY, "--amount", "10", "--as", "maria"], "unknown username or wrong password"),
    ([*PAY, "--amount", "10", "--as", "nobody"], "unknown username or wrong password"),
    (["refund", "RC-2026-000009", "--as", "alex", "--reason", "x"], "no receipt RC-2026-000009"),
    (["refund", "RC-2026-000001", "--as", "alex", "--reason", " "], "--reason: give a reason"),
    (["refund", "RC-2026-000001", "--amount", "0", "--as", "alex", "--reason", "x"],
     "--amount: '0': an amount of money must be more than zero"),
    (["refund", "RC-2026-000001", "--amount", "1.234", "--as", "alex", "--reason", "x"],
     "--amount: '1.234' has more decimals than USD has"),
    (["receipt", "RC-2026-000009", "--pdf", "{tmp}/r.pdf"], "no receipt RC-2026-000009"),
]  # fmt: skip

REFUSED = [
    (["refund", "RC-2026-000001", "--as", "alex", "--reason", "Paid twice"],
     FRONT_DESK_PASSWORD, "a refund needs a supervisor or an admin", "not_permitted"),
    (["refund", "RC-2026-000001", "--amount", "50.01", "--as", "maria", "--reason", "x"],
     SUPERVISOR_PASSWORD, "RC-2026-000001 has 50.00 USD left to give back, not 50.01 USD",
     "more_than_paid"),
]  # fmt: skip


def test_bad_input_exits_2_with_one_line_and_changes_no_money(
    clinic: Clinic,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In-process (the same `main` the script runs), to keep the many cases quick. The
    password is alex's: `--as maria` with it is a wrong password."""
    from app.cli import main

    monkeypatch.setenv("FRONTDESK_PASSWORD", FRONT_DESK_PASSWORD)
    before = clinic.money()
    for args, message in BAD_INPUT:
        argv = [a.format(others=clinic.others, tmp=tmp_path) for a in args]
        status = main(["--db", clinic.url, *argv])
        captured = capsys.readouterr()
        expected = message.format(others=clinic.others)
        assert status == 2, (argv, captured.err)
        assert captured.err.startswith(f"frontdesk: {expected}"), (argv, captured.err)
        assert len(captured.err.splitlines()) == 1 and captured.out == ""
    assert clinic.money() == before
    assert list(tmp_path.glob("*.pdf")) == []


def test_refusals_exit_3_with_their_reason_and_change_no_money(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    before = clinic.money()
    for args, password, message, reason in REFUSED:
        monkeypatch.setenv("FRONTDESK_PASSWORD", password)
        status = main(["--db", clinic.url, *args, "--now", NOW, "--json"])
        captured = capsys.readouterr()
        assert status == 3, (args, captured.err)
        assert json.loads(captured.out) == {"error": message, "reason": reason}
        assert captured.err == f"frontdesk: refused: {message}\n"
    assert clinic.money() == before


def test_a_receipt_pdf_that_cannot_be_written_says_where_and_leaves_nothing(
    clinic: Clinic, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    target = tmp_path / "missing" / "receipt.pdf"
    status = main(["--db", clinic.url, "receipt", "RC-2026-000001", "--pdf", str(target)])
    assert status == 1
    assert capsys.readouterr().err == f"frontdesk: The folder {target.parent} does not exist.\n"
    assert not target.parent.exists()


MONEY_FUZZ = {
    "pay": (["pay", "--client", "c1", "--method", "cash", "--as", "maria", "--now", NOW,
             "--amount", "10", "--session", "{done}"],
            ["--client", "--amount", "--method", "--reference", "--session", "--as", "--now"]),
    "refund": (["refund", "RC-2026-000001", "--amount", "1", "--as", "maria", "--reason", "x"],
               ["--amount", "--reason", "--as", "--now"]),
}  # fmt: skip


def test_hostile_values_in_every_money_option_end_in_a_clear_exit(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the booking commands' test: 0, 2 or 3 with at most one line, never a traceback;
    on PostgreSQL too (a NUL byte in a name must not reach the server)."""
    from app.cli import main
    from tests.test_cli_booking import HOSTILE_VALUES

    monkeypatch.setenv("FRONTDESK_PASSWORD", SUPERVISOR_PASSWORD)
    surprises = []
    for name, (base, options) in MONEY_FUZZ.items():
        for option in options:
            for value in HOSTILE_VALUES:
                args = [a.format(done=clinic.done) for a in base]
                if option in args:
                    args[args.index(option) + 1] = value
                else:
                    args += [option, value]
                try:
                    status = main(["--db", clinic.url, *args, "--json"])
                except SystemExit as stop:  # argparse's own refusals
                    status = stop.code if isinstance(stop.code, int) else 1
                captured = capsys.readouterr()
                errors = [line for line in captured.err.splitlines()
                          if not line.startswith(("usage:", "  "))]  # fmt: skip
                if status not in (0, 2, 3) or len(errors) > 1 or "Traceback" in captured.err:
                    surprises.append((name, option, value[:20], status, captured.err[-300:]))
    assert surprises == []
