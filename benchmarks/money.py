"""Money at a busy front desk (issue 18): payments taken at once, a long account's balance.

Builds the clinic of `benchmarks/clients.py` at a smaller size (5,000 clients, 50,000
sessions over a year of weekdays; plain rows inserted many at a time), gives its profile
client 500 sessions and 300 payments (bulk-inserted in SQL: 150.00 set against each of
the sessions that ask for a price, oldest first, every tenth 200.00 leaving 50.00 of
credit), then on SQLite and on PostgreSQL (a database of its own, dropped after) prints:

- the profile client's account: p50/p95/max of `client_balance` (in its own read
  transaction, as the desk opens it) and of `propose_allocation` (a payment of 150.00),
  and the p50 of the CPU time they took in the calling process (a busy machine inflates
  the wall-clock figures, not these);
- one desk alone taking 50 payments one after the other: what a payment costs with nobody
  to wait for;
- 8 desk processes taking payments at once: in each of 50 rounds every desk takes a
  payment at the same moment (a barrier; for a random active client, the default split),
  so the last of the 8 waits for the 7 before it: p50/p95/max per `take_payment`, payments
  per second while a round's payments were being taken (how fast the database clears a
  queue of them), and the receipts check in SQL (every number of the year from 1 to its
  counter used exactly once).

`--quick` builds a small clinic (1,000 clients, 4,000 sessions, a client of 60 sessions
and 30 payments; 5 rounds) for a test. It exits 1 when the receipts break.

    .venv/bin/python benchmarks/money.py [--quick] [--sqlite-only | --postgres-only]
        [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import queue
import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_databases import postgres_database, sqlite_database
from clients import NOW, ZONE, Clinic, Size, Timings, build, timings
from clients import _analyse as analyse
from desk_checks import gaps, percentile
from sqlalchemy import func, insert, select

from app.money.ledger import client_balance
from app.money.payments import PaymentRequest, propose_allocation, take_payment
from app.startup import freeze_startup_objects
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod, SessionStatus
from db.models import Payment, PaymentAllocation, ReceiptCounter, TherapySession

DESKS = 8
PAID_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class MoneySize:
    clinic: Size
    account_payments: int  # bulk-inserted for the profile client
    rounds: int  # of payments, one per desk, all desks at the same moment
    account_loads: int  # calls of client_balance and of propose_allocation, each


def _clinic(clients: int, weekdays: int, profile_sessions: int) -> Size:
    """The clients benchmark's clinic (its search and waitlist figures unused here)."""
    return Size(clients, weekdays, profile_sessions, 0, 0, 0, 0)


FULL = MoneySize(_clinic(5_000, 250, 500), 300, 50, 200)
QUICK = MoneySize(_clinic(1_000, 20, 60), 30, 5, 5)


# The account ------------------------------------------------------------------------------


def add_account(database: Database, clinic: Clinic, count: int) -> tuple[int, int]:
    """`count` payments of the profile client, written as take_payment leaves them (receipts
    numbered from 1 in NOW's year, the counter raised): 150.00 against each of its sessions
    that ask for a price (completed, or paid in advance), oldest first; every tenth payment
    is 200.00 and leaves 50.00 of credit. Returns (sessions, payments) of the client."""
    client = clinic.profile_client
    sessions = TherapySession.__table__.c
    with database.write() as session:
        priced = session.execute(
            select(sessions.id, sessions.price_cents)
            .where(
                sessions.client_id == client,
                sessions.status.in_([SessionStatus.COMPLETED, SessionStatus.SCHEDULED]),
            )
            .order_by(sessions.starts_at)
        ).all()
        held = session.scalar(select(func.count()).where(sessions.client_id == client))
        year = NOW.astimezone(ZONE).year
        payments = []
        for number in range(1, count + 1):
            amount = 20000 if number % 10 == 0 else 15000
            payments.append(
                {"receipt": f"RC-{year}-{number:06d}", "kind": PaymentKind.PAYMENT,
                 "client_id": client, "amount_cents": amount, "method": PaymentMethod.CARD,
                 "taken_by": "bench", "taken_at": NOW - timedelta(hours=count + 1 - number)}
            )  # fmt: skip
        session.execute(insert(Payment), payments)
        ids = dict(session.execute(select(Payment.receipt, Payment.id)).all())
        allocations = [
            {"payment_id": ids[payment["receipt"]], "session_id": session_id,
             "amount_cents": min(price, payment["amount_cents"]), "created_by": "bench"}
            for payment, (session_id, price) in zip(payments, priced, strict=False)
        ]  # fmt: skip
        if allocations:
            session.execute(insert(PaymentAllocation), allocations)
        session.execute(insert(ReceiptCounter).values(year=year, last_number=count))
    analyse(database)
    return int(held or 0), count


def measure_account(
    database: Database, clinic: Clinic, loads: int
) -> tuple[Timings, Timings, float, float]:
    """client_balance (a read transaction of its own, as the desk's) and propose_allocation
    of 150.00 for the profile client, each `loads` times after a warm call: their timings,
    and the p50 of this process's CPU time of each (what a busy machine does not inflate:
    on SQLite all of the work, on PostgreSQL the client's part)."""
    client = clinic.profile_client
    key = clinic.people[client - 1].key

    def balance() -> None:
        with database.read() as session:
            client_balance(session, client)

    def proposal() -> None:
        propose_allocation(database, key, 15000)

    spent: list[Timings] = []
    cpu: list[float] = []
    for call in (balance, proposal):
        call()
        values, used = [], []
        for _ in range(loads):
            began, began_cpu = time.perf_counter(), time.process_time()
            call()
            values.append((time.perf_counter() - began) * 1000)
            used.append((time.process_time() - began_cpu) * 1000)
        spent.append(timings(values))
        cpu.append(percentile(used, 0.5))
    return spent[0], spent[1], cpu[0], cpu[1]


def measure_alone(database: Database, keys: list[str], count: int) -> Timings:
    """One desk alone taking `count` payments one after the other (after a warm one): what a
    payment costs with nobody to wait for."""
    rng = random.Random(99)
    spent = []
    for number in range(count + 1):
        request = PaymentRequest(rng.choice(keys), 10000, PaymentMethod.CASH)
        began = time.perf_counter()
        take_payment(database, request, actor="alone", now=NOW)
        if number:
            spent.append((time.perf_counter() - began) * 1000)
    return timings(spent)


# The desks --------------------------------------------------------------------------------


def desk(url: str, index: int, keys: list[str], rounds: int, ready: Any, barrier: Any,
         results: Any) -> None:  # fmt: skip
    """One desk process: warm (a payment of its own, untimed), then a payment
    in each round, all desks at the same moment; reports (began, ended, ms) of each, and
    its errors."""
    database = Database(url)
    rng = random.Random(100 + index)
    try:
        # warm: its writer connection open, its statements compiled (a payment, untimed)
        take_payment(database, PaymentRequest(rng.choice(keys), 5000, "cash"), actor="warm",
                     now=NOW)  # fmt: skip
        ready.put(index)
        paid, errors = [], []
        for _ in range(rounds):
            request = PaymentRequest(
                rng.choice(keys),
                rng.choice((5000, 10000, 15000, 20000)),
                rng.choice(tuple(PaymentMethod)),
            )
            barrier.wait(120)
            began = time.perf_counter()
            try:
                take_payment(database, request, actor=f"desk{index}", now=NOW)
            except Exception as error:  # reported: an error at a desk is a result too
                errors.append(f"{type(error).__name__}: {error}")
            ended = time.perf_counter()
            paid.append((began, ended, (ended - began) * 1000))
        results.put((index, paid, errors))
    finally:
        database.dispose()


@dataclass(frozen=True)
class DesksResult:
    per_payment: Timings
    per_second: float  # while a round's payments were being taken
    errors: list[str]
    receipts: int
    broken: int  # receipt numbers missing or repeated against the year's counter


def payers(clinic: Clinic) -> list[str]:
    """The keys of the active clients but the profile client (whose account is measured)."""
    return [
        person.key
        for number, person in enumerate(clinic.people, start=1)
        if number != clinic.profile_client and number not in clinic.archived
    ]


def run_desks(database: Database, url: str, clinic: Clinic, rounds: int) -> DesksResult:
    keys = payers(clinic)
    context = multiprocessing.get_context("spawn")
    ready: Any = context.Queue()
    results: Any = context.Queue()
    barrier = context.Barrier(DESKS)
    desks = [
        context.Process(target=desk, args=(url, i, keys, rounds, ready, barrier, results))
        for i in range(DESKS)
    ]
    for each in desks:
        each.start()
    reports = []
    try:
        for _ in desks:
            ready.get(timeout=120)
        for _ in desks:
            reports.append(results.get(timeout=PAID_TIMEOUT_SECONDS))
    except queue.Empty:
        raise RuntimeError(f"only {len(reports)} of {DESKS} desks reported") from None
    finally:
        for each in desks:
            each.join(30)
            if each.is_alive():
                each.kill()
    # perf_counter is the system's monotonic clock on Linux: comparable across processes
    spans = [
        max(report[1][n][1] for report in reports) - min(report[1][n][0] for report in reports)
        for n in range(rounds)
    ]
    spent = [ms for report in reports for _began, _ended, ms in report[1]]
    errors = [error for report in reports for error in report[2]]
    receipts, broken = receipt_gaps(database)
    return DesksResult(timings(spent), (len(spent) - len(errors)) / sum(spans), errors,
                       receipts, broken)  # fmt: skip


def receipt_gaps(database: Database) -> tuple[int, int]:
    """(receipts, numbers missing or repeated): each year's numbers against its counter."""
    with database.read() as session:
        numbers: dict[str, list[int]] = {}
        for receipt in session.scalars(select(Payment.receipt)):
            series, _, number = receipt.rpartition("-")
            numbers.setdefault(series, []).append(int(number))
        last = {
            f"RC-{year}": number
            for year, number in session.execute(
                select(ReceiptCounter.year, ReceiptCounter.last_number)
            )
        }
    return sum(len(n) for n in numbers.values()), gaps(numbers, last)


# Report -----------------------------------------------------------------------------------


def run(label: str, url: str, size: MoneySize) -> bool:
    """Print the figures; False when the receipts broke."""
    from db.migrate import upgrade

    database = Database(url)
    upgrade(database)
    began = time.perf_counter()
    clinic = build(database, size.clinic)
    sessions, payments = add_account(database, clinic, size.account_payments)
    print(
        f"\n{label}: built {size.clinic.clients:,} clients and {clinic.sessions:,} sessions,"
        f" a client of {sessions} sessions and {payments} payments,"
        f" in {time.perf_counter() - began:.1f} s"
    )
    gc.collect()
    freeze_startup_objects()
    balance, proposal, balance_cpu, proposal_cpu = measure_account(
        database, clinic, size.account_loads
    )
    print(f"  the account of a client with {sessions} sessions and {payments} payments:")
    print(f"    client_balance     {balance} (target < 10 ms)")
    print(f"    propose_allocation {proposal}")
    print(
        f"    CPU time of the desk's process, p50: client_balance {balance_cpu:.1f} ms,"
        f" propose_allocation {proposal_cpu:.1f} ms"
    )
    alone = measure_alone(database, payers(clinic), size.rounds)
    print(f"  one desk alone, {size.rounds} payments one after the other:")
    print(f"    take_payment       {alone}")
    desks = run_desks(database, url, clinic, size.rounds)
    print(f"  {DESKS} desks taking a payment at the same moment, {size.rounds} times:")
    print(f"    take_payment       {desks.per_payment} (target p95 < 50 ms)")
    print(
        f"    {desks.per_second:.0f} payments/s while a round's were being taken;"
        f" {len(desks.errors)} errors"
    )
    for error in sorted(set(desks.errors))[:5]:
        print(f"      {error.splitlines()[0][:160]}")
    verdict = "PASS" if desks.broken == 0 and not desks.errors else "FAIL"
    print(
        f"  {verdict} receipts gapless: {desks.receipts:,} receipts,"
        f" {desks.broken} missing or repeated against the counter"
    )
    database.dispose()
    return verdict == "PASS"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small clinic, for a test")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--pg-host", default="127.0.0.1")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    held = True
    if not args.postgres_only:
        with sqlite_database() as url:
            held &= run("SQLite", url, size)
    if not args.sqlite_only:
        with postgres_database(args.pg_host) as url:
            held &= run("PostgreSQL", url, size)
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
