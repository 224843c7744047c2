"""Eight OS processes take payments at once (issue 18: receipts gapless, nothing allocated
twice), on SQLite and PostgreSQL.

Four clients each have three completed sessions and one upcoming; two processes pay for each
client, round after round, at the same moment: both by the default split (the same oldest
sessions), both for the same upcoming session, both for the same share of one session
(exactly one may win), then both more than is owed (the rest is credit). In the last round
four refunds of one receipt race as well (three fit in what it has left). Afterwards plain
SQL, not the app, checks the receipts, the counter, the allocations, each client's money and
the audit trail.
"""

from __future__ import annotations

import multiprocessing
import queue
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from app.clinic_file import import_clinic
from app.money.payments import Allocation, PaymentRequest, take_payment
from db.engine import Database
from db.enums import PaymentMethod
from tests.booking_support import at, booking_clinic
from tests.money_support import book_session, complete

PROCESSES = 8
CLIENTS = ("c1", "c2", "c3", "c4")  # two processes pay for each
REFUNDED_CLIENT = "c5"
PRICE = 15000  # Individual 150.00
NOW = at("2026-11-26T18:00")
REFUND = 6000  # four race for a receipt with 20000 left: three fit
REFUNDERS = 4


def _clinic() -> dict[str, Any]:
    document = booking_clinic()
    document["clients"] += [{"key": f"c{i}", "name": f"Client {i}", "phone": f"+1555123{i:04d}"}
                            for i in range(4, 6)]  # fmt: skip
    return document


def _sessions(database: Database) -> dict[str, dict[str, Any]]:
    """Each client's three completed sessions (oldest first) and one upcoming; c5 has one
    completed session, paid by the receipt the refunds race for."""
    starts = [f"2026-11-{day}T{hour}:00" for day in (24, 25) for hour in
              ("09", "10", "11", "13", "14", "15", "16")]  # fmt: skip
    upcoming = [f"2026-11-27T{hour}:00" for hour in ("09", "10", "11", "13")]
    made: dict[str, dict[str, Any]] = {}
    for number, client in enumerate(CLIENTS):
        done = []
        for start in starts[number * 3 : number * 3 + 3]:
            reference = book_session(database, client, start)
            complete(database, reference, at(start) + timedelta(minutes=10))
            done.append(reference)
        made[client] = {"completed": done, "upcoming": book_session(database, client,
                                                                    upcoming[number])}  # fmt: skip
    reference = book_session(database, REFUNDED_CLIENT, starts[12])
    complete(database, reference, at(starts[12]) + timedelta(minutes=10))
    paid = take_payment(
        database,
        PaymentRequest(REFUNDED_CLIENT, PRICE + 5000, PaymentMethod.CASH),
        actor="alex",
        now=NOW - timedelta(hours=1),
    )
    made[REFUNDED_CLIENT] = {"receipt": paid.receipt}
    return made


def _rounds(index: int, made: dict[str, dict[str, Any]]) -> list[list[tuple[str, Any]]]:
    """What process `index` tries in each round (all processes start a round together)."""
    client = CLIENTS[index % len(CLIENTS)]
    mine = made[client]
    split = (Allocation(mine["completed"][-1], 8000),)
    rounds: list[list[tuple[str, Any]]] = [
        [("pay", PaymentRequest(client, 10000, PaymentMethod.CASH))],
        [("pay", PaymentRequest(client, 10000, PaymentMethod.CARD, sessions=(mine["upcoming"],)))],
        [("pay", PaymentRequest(client, 8000, PaymentMethod.CARD, allocations=split))],
        [("pay", PaymentRequest(client, 20000, PaymentMethod.TRANSFER, reference=f"T{index}"))],
    ]
    if index < REFUNDERS:
        rounds[-1].append(("refund", made[REFUNDED_CLIENT]["receipt"]))
    return rounds


def _worker(url: str, index: int, made: dict[str, Any], barrier: Any, results: Any) -> None:
    from app.money.payments import MoneyInputError, MoneyRefusedError, refund_payment

    database = Database(url)
    try:
        for round_number, attempts in enumerate(_rounds(index, made)):
            barrier.wait(timeout=120)
            for label, what in attempts:
                try:
                    if label == "pay":
                        result: Any = take_payment(database, what, actor="alex", now=NOW)
                    else:
                        result = refund_payment(database, what, reason="Overpaid", actor="maria",
                                                now=NOW, amount_cents=REFUND)  # fmt: skip
                    outcome = ("done", result.receipt)
                except (MoneyInputError, MoneyRefusedError) as error:
                    outcome = ("refused", str(error))
                except Exception as error:  # reported, so the test fails with the cause
                    outcome = ("error", f"{type(error).__name__}: {error}")
                results.put((round_number, index, label, *outcome))
    finally:
        database.dispose()


def _one(connection: Any, sql: str) -> Any:
    return connection.execute(text(sql)).scalar_one()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_eight_processes_paying_at_once_keep_receipts_and_allocations_whole(
    kind: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("sqlite_url" if kind == "sqlite" else "postgres_url")
    database = Database(url)
    import_clinic(database, _clinic(), actor="test")
    made = _sessions(database)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(url, i, made, barrier, results))
        for i in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    expected = sum(len(attempts) for i in range(PROCESSES) for attempts in _rounds(i, made))
    outcomes = []
    try:
        while len(outcomes) < expected:
            outcomes.append(results.get(timeout=180))
    except queue.Empty:
        pytest.fail(f"only {len(outcomes)} of {expected} attempts reported")
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    assert not [o for o in outcomes if o[3] == "error"]
    # the same share of one session, asked twice at once: one wins, one is told what is left
    contested = [o for o in outcomes if o[0] == 2]
    assert sorted(o[3] for o in contested) == ["done"] * 4 + ["refused"] * 4, contested
    assert all("asks for 70.00 USD at most" in o[4] for o in contested if o[3] == "refused")
    refunds = [o for o in outcomes if o[2] == "refund"]
    assert [o[3] for o in refunds].count("done") == 3, refunds
    assert all("left to give back" in o[4] for o in refunds if o[3] == "refused")
    assert all(o[3] == "done" for o in outcomes if o[0] != 2 and o[2] == "pay")
    done = [o[4] for o in outcomes if o[3] == "done"] + [made[REFUNDED_CLIENT]["receipt"]]

    with database.engine.connect() as connection:
        receipts = connection.execute(text("SELECT receipt FROM payments")).scalars().all()
        # gapless and never twice, refunds in the same series; the counter says the same
        assert sorted(receipts) == [f"RC-2026-{n:06d}" for n in range(1, len(receipts) + 1)]
        assert sorted(receipts) == sorted(done)
        assert _one(connection, "SELECT last_number FROM receipt_counters WHERE year = 2026") \
            == len(receipts) == 8 * 4 - len(CLIENTS) + 1 + 3  # fmt: skip
        # no session holds more than it asks (its price here), nor less than nothing
        held = connection.execute(text(
            "SELECT s.reference, s.price_cents, sum(a.amount_cents) FROM sessions s"
            " JOIN payment_allocations a ON a.session_id = s.id GROUP BY s.id, s.reference,"
            " s.price_cents"
        )).all()  # fmt: skip
        assert all(0 <= paid <= price for _ref, price, paid in held), held
        paid = {reference: cents for reference, _price, cents in held}
        for client in CLIENTS:  # every session of theirs is settled, exactly
            for reference in [*made[client]["completed"], made[client]["upcoming"]]:
                assert paid[reference] == PRICE
        # each client's money adds up: paid in − given back − allocated ≥ 0
        money = connection.execute(text(
            "SELECT c.key,"
            " (SELECT coalesce(sum(amount_cents), 0) FROM payments p WHERE p.client_id = c.id"
            "  AND p.kind = 'payment'),"
            " (SELECT coalesce(sum(amount_cents), 0) FROM payments p WHERE p.client_id = c.id"
            "  AND p.kind <> 'payment'),"
            " (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a"
            "  JOIN payments p ON p.id = a.payment_id WHERE p.client_id = c.id)"
            " FROM clients c"
        )).all()  # fmt: skip
        assert all(received - returned - allocated >= 0 for _k, received, returned, allocated
                   in money), money  # fmt: skip
        by_client = {key: (r, g, a) for key, r, g, a in money}
        for client in CLIENTS:  # 2×100 + 2×100 + 80 + 2×200 paid, 4 × 150 allocated
            assert by_client[client] == (88000, 0, 4 * PRICE)
        assert by_client[REFUNDED_CLIENT] == (PRICE + 5000, 3 * REFUND, PRICE - 13000)
        # never more given back than a payment took
        assert _one(connection, "SELECT count(*) FROM payments p WHERE p.amount_cents <"
                    " (SELECT coalesce(sum(r.amount_cents), 0) FROM payments r"
                    "  WHERE r.reverses_id = p.id)") == 0  # fmt: skip
        # every payment and refund has its audit entry, once, naming its receipt
        audited = connection.execute(text(
            "SELECT p.kind, count(l.id) FROM payments p LEFT JOIN audit_log l"
            " ON l.entity_type = 'payment' AND l.entity_id = p.id"
            " AND l.action = 'payment.' || CASE p.kind WHEN 'payment' THEN 'take'"
            " ELSE p.kind END AND CAST(l.after AS TEXT) LIKE '%\"' || p.receipt || '\"%'"
            " GROUP BY p.id, p.kind"
        )).all()  # fmt: skip
        assert len(audited) == len(receipts) and all(count == 1 for _kind, count in audited)
    database.dispose()
