"""Erasure on request (docs/clients.md, Archive and erasure), on both databases: after it
no byte of the database (the SQLite file and its WAL, a PostgreSQL dump), no export, feed,
calendar event, log or search holds an erased value; sessions and the audit's who, when,
what and why stay."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.auth.attempts import FAILED
from app.booking import cancel
from app.clients.adding import create_client
from app.clients.erasure import (
    ERASED,
    ErasureRefusedError,
    ErasureResult,
    erase_client,
    tombstone_name,
)
from app.clients.finding import find_clients
from app.clients.merging import merge_clients
from app.clinic_file import import_clinic
from app.config import load_config
from app.feeds import FeedScope
from app.money.fees import waive_fee
from app.money.payments import PaymentRequest, refund_payment, take_payment
from db.engine import Database, sqlite_path
from db.enums import OutboxStatus, OutboxTarget, PaymentMethod
from db.leftovers import clear_leftovers
from db.models import (
    AuditEntry,
    BookingHold,
    Client,
    ClientAlias,
    OutboxItem,
    Payment,
    RecurringSeries,
    TherapySession,
    WaitlistEntry,
    WaitlistMatch,
)
from sync.feeds.builder import build_feed
from sync.google import run_google_once
from tests.booking_support import SUPERVISOR_PASSWORD, at
from tests.client_records_support import (
    ADMIN_PASSWORD,
    CARTER_CALENDAR,
    NOW,
    OTHER,
    book_for,
    load_records_clinic,
    snapshot_all,
)
from tests.conftest import PG_HOST, PreparedDatabases
from tests.google_fake import FakeGoogle
from tests.test_cli import FRONTDESK, run, run_in_process
from tests.test_google_sync import calendars

# What the clinic file said of the client later (the audit keeps both versions).
UPDATED = {
    "key": OTHER["key"],
    "name": "Anna Vidal-Núñez",
    "phone": "+15551230010",
    "email": "anna.vidal@example.org",
    "emergency_contact": "Rosa Vidal, sister",
    "notes": "Uses a cane since March",
}
# Every erased value as a fragment that any form of it contains (the stored text, JSON's
# escapes, a dump's, lower case, without accents), compared in lower case.
ERASED_FRAGMENTS = [
    "anna uno", "anna vidal", "anna vidal-núñez", "annauno", "5551230009", "5551230010",
    "anna.uno@example.org", "anna.vidal@example.org", "rosa uno", "rosa vidal",
    "ground floor", "uses a cane", "1990-02-03", "asked for room 2", "may come along",
]  # fmt: skip


def found_in(haystack: bytes) -> list[str]:
    """The erased fragments `haystack` holds, in any case, with or without accents."""
    lowered = haystack.lower()
    plain = unicodedata.normalize("NFKD", haystack.decode("utf-8", "replace")).encode(
        "ascii", "ignore"
    ).lower()  # fmt: skip
    return [
        fragment
        for fragment in ERASED_FRAGMENTS
        if fragment.encode() in lowered
        or unicodedata.normalize("NFKD", fragment).encode("ascii", "ignore") in plain
    ]


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    fake = FakeGoogle().start()
    yield fake
    fake.stop()
    assert fake.problems == []


def prepare_erasure_clinic(database: Database) -> dict[str, Any]:
    """The records clinic, then OTHER's details changed by a second clinic file, written
    (on SQLite) by a connection without `secure_delete`, as a SQLite built without it
    writes: the old values' bytes stay in the file's free space, not only in the audit.
    Two hundred other clients spread the tables and indexes over pages the erasure itself
    never writes to."""
    found = load_records_clinic(database)
    others = [{"key": f"other{i:03d}", "name": f"{chr(65 + i % 26)}. Person {i:03d}",
               "notes": "n" * 300} for i in range(200)]  # fmt: skip
    import_clinic(database, {"clients": others})
    updater = Database(database.url)
    if updater.dialect == "sqlite":

        def without_secure_delete(connection: Any, _record: Any) -> None:
            connection.execute("PRAGMA secure_delete=OFF")

        event.listen(updater.engine, "connect", without_secure_delete)
    import_clinic(updater, {"clients": [UPDATED]}, actor="frontdesk-import")
    updater.dispose()
    with database.write() as session:  # an email the server refused, naming the address
        row = session.scalars(
            select(OutboxItem).where(OutboxItem.target == OutboxTarget.EMAIL_CLIENT)
            .order_by(OutboxItem.id.desc())
        ).first()  # fmt: skip
        assert row is not None
        row.status, row.attempts = OutboxStatus.FAILED, 5
        row.last_error = f"550 5.1.1 <{OTHER['email']}>: recipient rejected"
    return found


@pytest.fixture(params=["sqlite", "postgresql"])
def erasure_clinic(
    request: pytest.FixtureRequest, prepared_databases: PreparedDatabases
) -> Iterator[tuple[Database, dict[str, Any]]]:
    """prepare_erasure_clinic on each database: built once per process, copied per test."""
    with prepared_databases.copy(request, request.param, prepare_erasure_clinic) as prepared:
        yield prepared


@pytest.fixture
def database(erasure_clinic: tuple[Database, dict[str, Any]]) -> Database:
    """This module's `database` holds the erasure clinic (`records` the plain one)."""
    return erasure_clinic[0]


@pytest.fixture
def clinic(erasure_clinic: tuple[Database, dict[str, Any]]) -> dict[str, Any]:
    return dict(erasure_clinic[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def records(
    request: pytest.FixtureRequest, prepared_databases: PreparedDatabases
) -> Iterator[tuple[Database, dict[str, Any]]]:
    """The records clinic (load_records_clinic) on each database, copied per test."""
    with prepared_databases.copy(request, request.param, load_records_clinic) as prepared:
        yield prepared


def database_bytes(database: Database) -> bytes:
    """Every byte the database keeps: the SQLite file with its -wal, -shm and -journal (read
    by another process: closing a descriptor of the file here would drop this process's
    SQLite locks), or a PostgreSQL dump."""
    path = sqlite_path(database.url)
    if path is not None:
        reader = ("import sys\nfor p in sys.argv[1:]:\n try: sys.stdout.buffer.write(open(p, 'rb')"
                  ".read())\n except FileNotFoundError: pass")  # fmt: skip
        names = [path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
        result = subprocess.run([sys.executable, "-c", reader, *names], capture_output=True,
                                check=True, timeout=60)  # fmt: skip
        assert len(result.stdout) > 100_000  # the file was read
        return result.stdout
    name = make_url(database.url).database
    assert name is not None
    dump = subprocess.run(["pg_dump", "-h", PG_HOST, "-U", "postgres", name],
                          capture_output=True, check=True, timeout=120)  # fmt: skip
    assert b"COPY public.sessions" in dump.stdout
    return dump.stdout


def erase(database: Database, client_id: int, **changes: Any) -> ErasureResult:
    arguments: dict[str, Any] = {"actor": "root", "reason": "the client asked (GDPR art. 17)",
                                 "now": NOW}  # fmt: skip
    arguments.update(changes)
    return erase_client(database, client_id, **arguments)


def kept_history(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.engine.connect() as connection:
        return {
            "sessions": [tuple(row) for row in connection.execute(text(
                "SELECT id, reference, client_id, therapist_id, starts_at, ends_at, price_cents,"
                " status, cancelled_at FROM sessions ORDER BY id"))],
            "audit": [tuple(row) for row in connection.execute(text(
                "SELECT id, at, actor, action, entity_type, entity_id, reason FROM audit_log"
                " ORDER BY id"))],
        }  # fmt: skip


def test_an_erased_client_leaves_no_trace(
    database: Database, clinic: dict[str, Any], google: FakeGoogle
) -> None:
    other = clinic["other"]
    run_google_once(database, NOW, calendars(google))
    assert found_in(database_bytes(database))  # the values are there to be found at first
    history = kept_history(database)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(WaitlistMatch))  # offers found
    # another desk follows the database the whole time (its connection stays open)
    follower = subprocess.Popen([*FRONTDESK, "--db", database.url, "changes", "follow", "--json"],
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert follower.stdout is not None and "ready" in follower.stdout.readline()
        result = erase(database, other)
        everything = database_bytes(database)
    finally:
        follower.terminate()
        follower.wait(timeout=30)

    assert result == ErasureResult(f"erased-{other}", sessions_kept=2,
                                   audit_entries_scrubbed=result.audit_entries_scrubbed,
                                   file_cleaned=True)  # fmt: skip
    # its creation and update, its series' creation, its two sessions' bookings
    assert result.audit_entries_scrubbed == 5
    assert found_in(everything) == []
    exported = run("--db", database.url, "export", "-")
    assert exported.returncode == 0, exported.stderr
    assert found_in(exported.stdout.encode()) == []
    assert tombstone_name(other) in exported.stdout
    feed = build_feed(database, FeedScope("clinic"), NOW)
    assert found_in(feed.body) == [] and tombstone_name(other).encode() in feed.body
    for value in [*OTHER.values(), *UPDATED.values(), "5551230009", "Anna"]:
        if isinstance(value, str):
            assert [m.key for m in find_clients(database, value)] in ([], ["c1"]), value
    # the calendar shows the tombstone once the queued updates went out
    run_google_once(database, NOW, calendars(google))
    summaries = [e["summary"] for e in google.events_in(CARTER_CALENDAR).values()]
    assert sorted(summaries) == ["Individual · Ana One", f"Individual · {tombstone_name(other)}"]
    assert found_in(json.dumps(list(google.events.values()), ensure_ascii=False).encode()) == []

    # sessions stay with their amounts and dates; every audit entry keeps who, when, what, why
    after = kept_history(database)
    assert after["sessions"] == history["sessions"]
    assert after["audit"][: len(history["audit"])] == history["audit"]
    [erasure] = after["audit"][len(history["audit"]) :]
    assert erasure[2:] == ("root", "client.erase", "client", other,
                           "the client asked (GDPR art. 17)")  # fmt: skip
    with database.read() as session:
        client = session.get(Client, other)
        entry = session.get(AuditEntry, erasure[0])
        notes = session.execute(select(TherapySession.notes, TherapySession.special_requests)
                                .where(TherapySession.client_id == other)).all()  # fmt: skip
        entry_states = session.execute(select(WaitlistEntry.closed_reason)).scalars().all()
        holds = session.scalar(select(func.count()).select_from(BookingHold))
        matches = session.scalar(select(func.count()).select_from(WaitlistMatch))
        aliases = session.scalar(select(func.count()).select_from(ClientAlias))
        series = session.scalars(select(RecurringSeries)).one()
        unsent = session.execute(
            select(OutboxItem.status, OutboxItem.last_error)
            .join(TherapySession, TherapySession.id == OutboxItem.session_id)
            .where(TherapySession.client_id == other,
                   OutboxItem.target == OutboxTarget.EMAIL_CLIENT)
        ).all()  # fmt: skip
    assert client is not None and entry is not None
    assert (client.key, client.name) == (f"erased-{other}", tombstone_name(other))
    assert [client.phone, client.email, client.date_of_birth, client.emergency_contact,
            client.preferred_channel, client.language, client.referral_source,
            client.notes, client.preferences] == [None] * 8 + [{}]  # fmt: skip
    assert client.erased_at == NOW and client.archived_at == NOW
    assert entry.after is not None and entry.after["key"] == f"erased-{other}"
    assert notes == [(None, None), (None, None)]
    assert entry_states == ["removed"] and holds == matches == aliases == 0
    assert not series.active and series.key.startswith(f"erased-{other}-")
    assert unsent == []  # the client's emails not sent are gone (the refused one too)


def test_scrubbed_entries_keep_everything_but_the_values(
    database: Database, clinic: dict[str, Any]
) -> None:
    other = clinic["other"]
    with database.read() as session:
        updated = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "client.update",
                                     AuditEntry.entity_id == other)
        ).one()  # fmt: skip
    erase(database, other)
    with database.read() as session:
        scrubbed = session.get(AuditEntry, updated.id)
    assert scrubbed is not None
    assert (scrubbed.at, scrubbed.actor, scrubbed.action, scrubbed.reason) == (
        updated.at, updated.actor, updated.action, updated.reason)  # fmt: skip
    assert updated.before is not None and scrubbed.before is not None
    assert set(scrubbed.before) == set(updated.before)  # which fields changed stays known
    assert set(scrubbed.before.values()) == {ERASED}


def test_other_clients_entries_are_left_alone(database: Database, clinic: dict[str, Any]) -> None:
    """`annauno2` holds `annauno`, but not as a word: erasing `annauno` leaves it."""
    import_clinic(database, {"clients": [{"key": "annauno2", "name": "Annabel Unoz",
                                          "phone": "+15551230077"}]})  # fmt: skip
    reference = book_for(database, "annauno2", "2025-01-16T15:00")
    with database.read() as session:
        before = session.execute(select(AuditEntry.id, AuditEntry.before, AuditEntry.after)
                                 .where(AuditEntry.entity_type != "client")
                                 .order_by(AuditEntry.id)).all()  # fmt: skip
    erase(database, clinic["other"])
    with database.read() as session:
        booked = session.scalars(
            select(AuditEntry.after).where(AuditEntry.entity_type == "session")
        ).all()
        kept = session.execute(select(AuditEntry.id, AuditEntry.before, AuditEntry.after)
                               .where(AuditEntry.id.in_([row[0] for row in before]))
                               .order_by(AuditEntry.id)).all()  # fmt: skip
    assert {"reference": reference, "client": "annauno2"}.items() <= next(
        a for a in booked if a and a.get("reference") == reference
    ).items()
    changed = [row for row, old in zip(kept, before, strict=True) if tuple(row) != tuple(old)]
    assert changed and all(  # only entries of OTHER's sessions and series changed
        "annauno2" not in json.dumps(row[2]) for row in changed
    )


def test_erasing_a_merged_client_erases_what_the_merge_brought(
    database: Database, clinic: dict[str, Any]
) -> None:
    keep = clinic["keep"]
    merge_clients(database, keep, clinic["other"], actor="root", reason="one person", now=NOW)
    result = erase(database, keep)
    assert result.key == f"erased-{keep}"
    with database.read() as session:
        recorded = session.execute(select(AuditEntry.before, AuditEntry.after)).all()
        left = session.scalar(select(func.count()).select_from(ClientAlias))
    assert found_in(json.dumps([tuple(r) for r in recorded], ensure_ascii=False).encode()) == []
    assert "ana one" not in json.dumps([tuple(r) for r in recorded]).lower()
    assert left == 0
    assert found_in(database_bytes(database)) == []


def test_a_later_client_given_a_merged_clients_id_keeps_its_entries(
    records: tuple[Database, dict[str, Any]],
) -> None:
    """SQLite gives the highest id again once its row is gone: OTHER's, after a merge."""
    database, ids = records
    merge_clients(database, ids["keep"], ids["other"], actor="root", reason="one", now=NOW)
    later = create_client(database, "Zed Later", "+15551239876", None, actor="alex", now=NOW)
    if database.dialect == "sqlite":
        assert later.id == ids["other"]
    erase(database, ids["keep"])
    with database.read() as session:
        created = session.scalars(select(AuditEntry.after).where(
            AuditEntry.action == "client.create", AuditEntry.entity_id == later.id,
            AuditEntry.id > select(func.max(AuditEntry.id)).where(
                AuditEntry.action == "client.merge").scalar_subquery())).one()  # fmt: skip
    assert created == {"key": later.key}


def test_erasing_a_later_client_given_a_merged_clients_id_leaves_the_kept_persons_entries(
    records: tuple[Database, dict[str, Any]],
) -> None:
    """The other way round: OTHER's entries from before its merge are KEEP's person's, not
    those of the later client SQLite gave OTHER's id; erasing that later client leaves them
    (and every text naming KEEP's person) as they were."""
    database, ids = records
    merge_clients(database, ids["keep"], ids["other"], actor="root", reason="one", now=NOW)
    later = create_client(database, "Zed Later", "+15551239876", None, actor="alex", now=NOW)
    if database.dialect == "sqlite":
        assert later.id == ids["other"]
    with database.read() as session:
        before = session.execute(select(AuditEntry.id, AuditEntry.before, AuditEntry.after)
                                 .order_by(AuditEntry.id)).all()  # fmt: skip
    erase(database, later.id)
    with database.read() as session:
        after = session.execute(select(AuditEntry.id, AuditEntry.before, AuditEntry.after)
                                .where(AuditEntry.id.in_([row[0] for row in before]))
                                .order_by(AuditEntry.id)).all()  # fmt: skip
    changed = [tuple(old) for new, old in zip(after, before, strict=True)
               if tuple(new) != tuple(old)]  # fmt: skip
    assert [row for row in changed if "zlater" not in json.dumps(row)] == []


def test_erasing_again_finds_nothing_more(database: Database, clinic: dict[str, Any]) -> None:
    first = erase(database, clinic["other"])
    again = erase(database, clinic["other"], reason="checked again")
    assert (again.key, again.sessions_kept, again.audit_entries_scrubbed) == (
        first.key, first.sessions_kept, 0)  # fmt: skip
    with database.read() as session:
        erasures = session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "client.erase")
        ).all()
    assert [e["key"] for e in erasures if e] == [first.key, first.key]  # the first one kept


@pytest.mark.parametrize(
    "changes, reason, message",
    [
        ({"actor": "maria"}, "not_permitted", "needs an active admin"),
        ({"actor": "gone"}, "not_permitted", "needs an active admin"),
        ({"reason": " "}, "bad_input", "give a reason"),
        ({"reason": "r" * 501}, "bad_input", "longer than 500"),
        ({"client_id": 999}, "bad_input", "no client #999"),
    ],
)
def test_refusals_change_nothing(
    database: Database, clinic: dict[str, Any], changes: dict[str, Any], reason: str,
    message: str,
) -> None:  # fmt: skip
    before = snapshot_all(database)
    changes = dict(changes)  # the parameters are shared by both databases' runs
    client_id = changes.pop("client_id", clinic["other"])
    with pytest.raises(ErasureRefusedError, match=message) as refused:
        erase(database, client_id, **changes)
    assert refused.value.reason == reason
    assert snapshot_all(database) == before


def test_a_stalled_writer_keeps_the_clean_up_out_but_not_the_erasure(
    sqlite_database: Database,
) -> None:
    """The clean-up waits for its turn like any write; a desk stalled in its write makes it
    report False (the data is erased all the same), and it runs once the desk lets go."""
    path = sqlite_path(sqlite_database.url)
    stalled = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], "
         "isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\nprint('holding', flush=True)\n"
         "sys.stdin.readline()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert stalled.stdout is not None and stalled.stdout.readline() == "holding\n"
        assert clear_leftovers(sqlite_database, wait=0.5) is False
    finally:
        assert stalled.stdin is not None
        stalled.stdin.close()
        stalled.wait(timeout=30)
    assert clear_leftovers(sqlite_database, wait=5) is True


# -- the command line -------------------------------------------------------------------


def erase_command(url: str, key: str, *extra: str, password: str = ADMIN_PASSWORD) -> Any:
    """`frontdesk -v clients erase` (debug logging: the log must still hold no value),
    in-process (tests/test_cli_clients.py runs the clients commands in real processes)."""
    return run_in_process("--db", url, "-v", "clients", "erase", key, "--as", "root",
                          "--reason", "the client asked", *extra,
                          env={"FRONTDESK_PASSWORD": password})  # fmt: skip


def log_text() -> bytes:
    """Every log file the commands wrote (this test's own log folder)."""
    folder = load_config(None).log_dir
    logs = list(Path(folder).glob("frontdesk.log*"))
    assert logs, folder
    return b"".join(path.read_bytes() for path in logs)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_clients_erase_command(request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url")
    database = Database(url)
    try:
        other = load_records_clinic(database)["other"]
        before = snapshot_all(database)
        wrong = erase_command(url, OTHER["key"], "--json", password="not-it")
        assert wrong.returncode == 3, wrong.stderr
        assert json.loads(wrong.stdout) == {
            "error": "erasing a client needs an active admin's credentials",
            "reason": "not_permitted",
        }
        supervisor = run_in_process("--db", url, "clients", "erase", OTHER["key"], "--as",
                                    "maria", "--reason", "asked",
                                    env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD})  # fmt: skip
        assert supervisor.returncode == 3 and "admin" in supervisor.stderr
        unknown = erase_command(url, "nobody")
        assert (unknown.returncode, unknown.stderr) == (
            2, 'frontdesk: no client has the key "nobody"\n')  # fmt: skip
        blank = erase_command(url, OTHER["key"], "--reason", " ")
        assert blank.returncode == 2 and "--reason" in blank.stderr
        # nothing changed but the failed passwords, which the sign-in throttle counts
        after_refusals = snapshot_all(database)
        added = after_refusals.pop("audit_log")[len(before.pop("audit_log")) :]
        assert after_refusals == before
        assert [(row[2], row[3]) for row in added] == [("root", FAILED)]

        done = erase_command(url, OTHER["key"], "--json")
        assert done.returncode == 0, done.stderr
        printed = json.loads(done.stdout)
        assert printed == {"key": f"erased-{other}", "sessions_kept": 2,
                           "audit_entries_scrubbed": 4, "file_cleaned": True}  # fmt: skip
        again = erase_command(url, f"erased-{other}")  # its new key reaches it
        assert again.returncode == 0, again.stderr
        assert again.stdout == (f"erased client #{other}, now erased-{other}: 2 sessions kept, "
                                "0 audit entries scrubbed\n")  # fmt: skip
        exported = run_in_process("--db", url, "-v", "export", "-")
        assert exported.returncode == 0, exported.stderr
        for output in (wrong, supervisor, unknown, blank, done, again, exported):
            assert found_in((output.stdout + output.stderr).encode()) == []
        assert found_in(log_text()) == []
    finally:
        database.dispose()


def test_erasure_keeps_payments_amounts_and_blanks_what_could_name_the_client(
    database: Database, clinic: dict[str, Any]
) -> None:
    other, reference = clinic["other"], clinic["other_session"]
    paid = take_payment(database, PaymentRequest(OTHER["key"], 15000, PaymentMethod.TRANSFER,
                                                 reference="from Anna Uno, bank 42",
                                                 sessions=(reference,)),
                        actor="alex", now=NOW)  # fmt: skip
    with database.write() as session:
        session.execute(text("UPDATE clinic_settings SET late_cancel_fee_kind = 'fixed',"
                             " late_cancel_fee_value = 2500"))  # fmt: skip
    late = at("2025-01-14T08:00")
    cancel(database, reference, "ill", actor="alex", now=late)
    waive_fee(database, reference, reason="Anna Uno was in hospital", actor="maria", now=late)
    erase(database, other)
    with database.read() as session:
        kept = session.execute(
            select(Payment.receipt, Payment.client_id, Payment.amount_cents, Payment.reference)
        ).all()
        waiver = session.scalar(
            select(TherapySession.fee_waiver_reason).where(TherapySession.reference == reference)
        )
    assert [tuple(row) for row in kept] == [(paid.receipt, other, 15000, None)]
    assert waiver == "(erased)"


def test_erasure_erases_the_reasons_of_refunds_that_name_the_client(
    database: Database, clinic: dict[str, Any]
) -> None:
    other = clinic["other"]
    paid = take_payment(database, PaymentRequest(OTHER["key"], 15000, PaymentMethod.CASH),
                        actor="alex", now=NOW)  # fmt: skip
    named = f"{OTHER['name']} asked for it back"  # the reason names the client
    refund_payment(database, paid.receipt, reason=named, actor="maria", now=NOW,
                   amount_cents=5000)  # fmt: skip
    refund_payment(database, paid.receipt, reason="overpaid at the desk", actor="maria",
                   now=NOW, amount_cents=2000)  # fmt: skip
    erase(database, other)
    with database.read() as session:
        reasons = session.scalars(
            select(Payment.reason).where(Payment.kind != "payment").order_by(Payment.id)
        ).all()
        audited = session.scalars(
            select(AuditEntry.reason).where(AuditEntry.action == "payment.refund")
        ).all()
    assert reasons == [ERASED, "overpaid at the desk"]
    # the audit log's reason is never rewritten (migration 0011): it keeps what was written
    assert sorted(audited) == sorted([named, "overpaid at the desk"])
    for value in ("changed by hand", None):  # the trigger lets a reason become ERASED only
        with pytest.raises(DBAPIError), database.write() as session:
            session.execute(update(Payment).where(Payment.reason == ERASED).values(reason=value))
