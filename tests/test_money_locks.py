"""The order of locks between a merge and the money use cases on PostgreSQL (SQLite's
writers take turns for the whole file, so none of this can happen there).

A merge locks both clients, then moves their sessions and payments. A cancellation, a
no-show, a waiver or a price change locks the session's client before the session, so
it never holds a session a merge waits for while waiting for the merge's client; a
refund reads its payment's client again once that client is locked; a refund of credit
reads the credit under the lock. Each test holds a real merge (or a real use of credit)
half-way, starts the use case in a thread, waits until PostgreSQL shows it waiting for a
lock, and then lets the other side go on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import text

from app.booking import BookingRequest, BookingResult, book, cancel, change_status
from app.clients.merging import _locked_pair, _merge
from app.money.fees import change_price, refund_credit, waive_fee
from app.money.payments import (
    MoneyRefusedError,
    PaymentRequest,
    lock_client,
    refund_payment,
    take_payment,
    use_credit,
)
from db.engine import Database
from db.enums import PaymentMethod, SessionStatus
from tests.booking_support import at
from tests.money_support import BOOKED_AT, book_session, complete, money_clinic, rows

START = "2026-11-24T09:00"
LATE = at("2026-11-24T07:00")
IN_TIME = at("2026-11-23T08:00")
AFTER_START = at("2026-11-24T09:20")


@pytest.fixture
def database(postgres_url: str) -> Iterator[Database]:
    db = Database(postgres_url)
    money_clinic(db)
    yield db
    db.dispose()


def client_id(database: Database, key: str) -> int:
    return int(rows(database, "SELECT id FROM clients WHERE key = :k", k=key)[0][0])


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """`work` started in a thread; the list gets its result or the exception it raised."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # reported to the test
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until_waiting_for_a_lock(database: Database) -> None:
    """Until one backend of this database waits for a lock (the thread's)."""
    deadline = time.monotonic() + 10
    with database.engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            if waiting:
                return
            connection.rollback()  # the server's view of its backends is kept per transaction
            time.sleep(0.02)
    pytest.fail("the use case never waited for the merge's lock")


def merge_half_way(database: Database, work: Callable[[], Any]) -> list[Any]:
    """c2 merged into c1: both clients locked, `work` started and waiting, then the merge
    moves c2's sessions and payments (within half a second: well before PostgreSQL would
    look for a deadlock) and commits. Returns `work`'s outcome."""
    keep, other = client_id(database, "c1"), client_id(database, "c2")
    with database.write() as session:
        kept, merged = _locked_pair(session, keep, other)
        thread, outcome = in_thread(work)
        wait_until_waiting_for_a_lock(database)
        session.execute(text("SET LOCAL lock_timeout = '500ms'"))
        _merge(session, kept, merged, actor="root", reason="one person", now=LATE)
    thread.join(timeout=30)
    assert outcome, "the use case did not finish"
    return outcome


def _late_cancelled(database: Database) -> str:
    with database.write() as session:
        session.execute(text("UPDATE clinic_settings SET late_cancel_fee_kind = 'fixed',"
                             " late_cancel_fee_value = 2500"))  # fmt: skip
    reference = book_session(database, "c2", START)
    cancel(database, reference, "ill", actor="alex", now=LATE)
    return reference


USE_CASES: dict[str, tuple[Callable[[Database], str], Callable[[Database, str], Any]]] = {
    "cancel": (
        lambda db: book_session(db, "c2", START),
        lambda db, ref: cancel(db, ref, "ill", actor="alex", now=LATE),
    ),
    "no-show": (
        lambda db: book_session(db, "c2", START),
        lambda db, ref: change_status(
            db, ref, SessionStatus.NO_SHOW, actor="alex", now=AFTER_START
        ),
    ),
    "waive": (
        _late_cancelled,
        lambda db, ref: waive_fee(db, ref, reason="first time", actor="maria", now=LATE),
    ),
    "price": (
        lambda db: book_session(db, "c2", START),
        lambda db, ref: change_price(db, ref, 10000, reason="scale", actor="maria", now=LATE),
    ),
}


@pytest.mark.parametrize("use_case", list(USE_CASES))
def test_a_session_change_takes_the_client_before_the_session_so_a_merge_goes_on(
    database: Database, use_case: str
) -> None:
    prepare, change = USE_CASES[use_case]
    reference = prepare(database)
    (outcome,) = merge_half_way(database, lambda: change(database, reference))
    assert not isinstance(outcome, Exception), outcome
    # it ran after the merge, on the session now of the kept client
    assert rows(
        database,
        "SELECT c.key FROM sessions s JOIN clients c ON c.id = s.client_id WHERE s.reference = :r",
        r=reference,
    ) == [("c1",)]


def test_a_refund_waiting_for_a_merge_gives_back_the_kept_clients_money(
    database: Database,
) -> None:
    request = PaymentRequest("c2", 5000, PaymentMethod.CARD)  # nothing owed: all credit
    paid = take_payment(database, request, actor="alex", now=BOOKED_AT).receipt
    (outcome,) = merge_half_way(
        database,
        lambda: refund_payment(
            database, paid, reason="overpaid", actor="maria", now=LATE, amount_cents=2000
        ),
    )
    assert not isinstance(outcome, Exception), outcome
    assert outcome.taken_back == ()
    assert rows(
        database,
        "SELECT p.kind, c.key, p.amount_cents FROM payments p JOIN clients c"
        " ON c.id = p.client_id ORDER BY p.id",
    ) == [("payment", "c1", 5000), ("refund", "c1", 2000)]


def test_a_refund_of_credit_reads_the_credit_once_another_desk_has_used_it(
    database: Database,
) -> None:
    owed = book_session(database, "c1", "2026-11-23T10:00")
    complete(database, owed, at("2026-11-23T11:00"))
    reference = book_session(database, "c1", START)
    request = PaymentRequest("c1", 15000, PaymentMethod.CARD, sessions=(reference,))
    take_payment(database, request, actor="alex", now=BOOKED_AT)
    cancel(database, reference, "plans changed", actor="alex", now=IN_TIME)  # 150.00 credit
    c1 = client_id(database, "c1")
    with database.write() as session:  # another desk settles the owed session from credit
        lock_client(session, c1)
        thread, outcome = in_thread(
            lambda: refund_credit(
                database, reference, 15000, reason="back", actor="maria", now=IN_TIME
            )
        )
        wait_until_waiting_for_a_lock(database)
        use_credit(session, c1, "alex", [owed])
    thread.join(timeout=30)
    (refused,) = outcome
    assert isinstance(refused, MoneyRefusedError) and refused.reason == "more_than_paid"
    assert rows(database, "SELECT kind FROM payments ORDER BY id") == [("payment",)]
    held = rows(
        database,
        "SELECT sum(a.amount_cents) FROM payment_allocations a JOIN sessions s"
        " ON s.id = a.session_id WHERE s.reference = :r",
        r=owed,
    )
    assert held == [(15000,)]  # the owed session keeps what settled it


def test_a_booking_waiting_on_a_merge_books_for_the_kept_client(database: Database) -> None:
    """The booking's session names c2, whom the merge deletes: PostgreSQL refuses it (a
    foreign key) once the merge commits. That is a lost race, tried again: c2's key now
    names c1 (client_aliases), as it does for scripts and clinic files."""
    request = BookingRequest("kim", "c2", "individual", at(START))
    [result] = merge_half_way(
        database, lambda: book(database, request, actor="alex", now=BOOKED_AT)
    )
    assert isinstance(result, BookingResult), result
    assert rows(
        database,
        "SELECT c.key FROM sessions AS s JOIN clients AS c ON c.id = s.client_id"
        " WHERE s.reference = :r",
        r=result.reference,
    ) == [("c1",)]
