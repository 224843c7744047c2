"""Merging two clients (docs/clients.md, Duplicates and merging), on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.booking import cancel
from app.clients.erasure import erase_client
from app.clients.merging import MergeRefusedError, MergeResult, merge_clients
from app.money.ledger import client_balance
from app.money.payments import PaymentRequest, take_payment
from db.engine import Database
from db.enums import OutboxTarget, PaymentMethod
from db.models import (
    AuditEntry,
    BookingHold,
    Client,
    ClientAlias,
    Notice,
    OutboxItem,
    Payment,
    RecurringSeries,
    TherapySession,
    WaitlistEntry,
)
from sync.google import run_google_once
from tests.booking_support import SUPERVISOR_PASSWORD
from tests.client_records_support import (
    ADMIN_PASSWORD,
    CARTER_CALENDAR,
    KIM_CALENDAR,
    NOW,
    OTHER,
    book_for,
    load_records_clinic,
    snapshot_all,
)
from tests.conftest import PreparedDatabases
from tests.google_fake import FakeGoogle
from tests.test_cli import run_in_process
from tests.test_google_sync import calendars


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    fake = FakeGoogle().start()
    yield fake
    fake.stop()
    assert fake.problems == []


@pytest.fixture(params=["sqlite", "postgresql"])
def records(
    request: pytest.FixtureRequest, prepared_databases: PreparedDatabases
) -> Iterator[tuple[Database, dict[str, Any]]]:
    """The records clinic on each database: built once per process, copied for each test."""
    with prepared_databases.copy(request, request.param, load_records_clinic) as prepared:
        yield prepared


@pytest.fixture
def database(records: tuple[Database, dict[str, Any]]) -> Database:
    """This module's databases all hold the records clinic."""
    return records[0]


@pytest.fixture
def clinic(records: tuple[Database, dict[str, Any]]) -> dict[str, Any]:
    """Ids and references of the records clinic by name (load_records_clinic)."""
    return dict(records[1])


def merge(database: Database, clinic: dict[str, Any], **changes: Any) -> MergeResult:
    arguments: dict[str, Any] = {"actor": "root", "reason": "same person, two files", "now": NOW}
    arguments.update(changes)
    return merge_clients(database, clinic["keep"], clinic["other"], **arguments)


def summaries(google: FakeGoogle) -> list[str]:
    return sorted(
        event["summary"]
        for calendar in (CARTER_CALENDAR, KIM_CALENDAR)
        for event in google.events_in(calendar).values()
    )


def test_merge_moves_everything_and_keeps_both_keys(
    database: Database, clinic: dict[str, Any], google: FakeGoogle
) -> None:
    run_google_once(database, NOW, calendars(google))
    assert summaries(google) == ["Individual · Ana One", "Individual · Anna Uno",
                                 "Individual · Anna Uno"]  # fmt: skip

    result = merge(database, clinic)

    assert result == MergeResult("c1", OTHER["key"], sessions=2, series=1, waitlist_entries=1,
                                 holds=1)  # fmt: skip
    keep, other = clinic["keep"], clinic["other"]
    with database.read() as session:
        assert session.get(Client, other) is None
        for model in (TherapySession, RecurringSeries, WaitlistEntry, BookingHold):
            owners = set(session.scalars(select(model.client_id)))
            assert owners == {keep}, model
        # the old key reaches the kept client
        assert session.scalar(select(ClientAlias.client_id).where(
            ClientAlias.key == OTHER["key"])) == keep  # fmt: skip
        # the notice still points at its series, now the kept client's
        notice_series = session.scalar(select(Notice.series_id))
        assert notice_series == clinic["series"]
        assert session.get(RecurringSeries, notice_series).client_id == keep  # type: ignore[union-attr]
        kept = session.get(Client, keep)
        assert kept is not None
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "client.merge")).one()
    # KEEP's own values stay; its empty fields take OTHER's; OTHER's phone goes to the notes
    assert (kept.name, kept.phone) == ("Ana One", "+15551230001")
    assert kept.email == OTHER["email"]
    assert kept.date_of_birth is not None and kept.date_of_birth.isoformat() == "1990-02-03"
    assert (kept.emergency_contact, kept.language, kept.referral_source) == (
        OTHER["emergency_contact"], OTHER["language"], OTHER["referral_source"])  # fmt: skip
    assert kept.preferences == OTHER["preferences"]
    assert kept.notes == "Pays by card\n\nPrefers the ground floor\n\nAlso: phone +15551230009"
    # one audit entry on KEEP: both keys, the counts, who and why
    assert (entry.actor, entry.entity_type, entry.entity_id, entry.reason) == (
        "root", "client", keep, "same person, two files")  # fmt: skip
    assert entry.after is not None
    assert {k: entry.after[k] for k in ("kept_key", "merged_key", "merged_id", "sessions",
                                        "series", "waitlist_entries", "holds")} == {
        "kept_key": "c1", "merged_key": OTHER["key"], "merged_id": other, "sessions": 2,
        "series": 1, "waitlist_entries": 1, "holds": 1}  # fmt: skip

    # calendars stop showing the merged client's name once the queued updates go out
    run_google_once(database, NOW, calendars(google))
    assert summaries(google) == ["Individual · Ana One"] * 3


def test_calendar_updates_go_to_calendars_only(database: Database, clinic: dict[str, Any],
                                                google: FakeGoogle) -> None:  # fmt: skip
    run_google_once(database, NOW, calendars(google))
    with database.read() as session:
        before = session.scalar(select(func.count()).select_from(OutboxItem))
    merge(database, clinic)
    with database.read() as session:
        queued = session.execute(
            select(OutboxItem.target, OutboxItem.kind).where(OutboxItem.id > (before or 0))
        ).all()
    assert queued == [(OutboxTarget.GOOGLE_CALENDAR, "status")] * 2  # no email to anyone


def test_an_overlap_is_refused_naming_both_sessions_and_nothing_changes(
    database: Database, clinic: dict[str, Any]
) -> None:
    clash = book_for(database, OTHER["key"], "2025-01-13T09:30", "kim")
    before = snapshot_all(database)
    with pytest.raises(MergeRefusedError) as refused:
        merge(database, clinic)
    assert refused.value.reason == "client_busy"
    assert refused.value.overlapping == sorted([clinic["keep_session"], clash])
    assert clinic["keep_session"] in refused.value.message and clash in refused.value.message
    assert snapshot_all(database) == before


def test_a_cancelled_session_does_not_stand_in_the_way(
    database: Database, clinic: dict[str, Any]
) -> None:
    clash = book_for(database, OTHER["key"], "2025-01-13T09:30", "kim")
    cancel(database, clash, "booked twice", actor="alex", now=NOW)
    assert merge(database, clinic).sessions == 3


@pytest.mark.parametrize(
    "actor", ["maria", "alex", "gone", "nobody"], ids=["supervisor", "front desk", "inactive",
                                                       "unknown"]
)  # fmt: skip
def test_only_an_active_admin_merges(
    database: Database, clinic: dict[str, Any], actor: str
) -> None:
    before = snapshot_all(database)
    with pytest.raises(MergeRefusedError) as refused:
        merge(database, clinic, actor=actor)
    assert refused.value.reason == "not_permitted"
    assert snapshot_all(database) == before


def test_an_erased_client_is_not_merged(database: Database, clinic: dict[str, Any]) -> None:
    erase_client(database, clinic["other"], actor="root", reason="asked", now=NOW)
    before = snapshot_all(database)
    for keep, other in ((clinic["keep"], clinic["other"]), (clinic["other"], clinic["keep"])):
        with pytest.raises(MergeRefusedError) as refused:
            merge_clients(database, keep, other, actor="root", reason="dup", now=NOW)
        assert refused.value.reason == "erased"
        assert "Anna" not in refused.value.message
    assert snapshot_all(database) == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"reason": "   "}, "give a reason"),
        ({"reason": "x" * 501}, "longer than 500 characters"),
        ({"reason": "bad\x00text"}, "not valid text"),
    ],
)
def test_bad_input_changes_nothing(
    database: Database, clinic: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    before = snapshot_all(database)
    with pytest.raises(MergeRefusedError, match=message) as refused:
        merge(database, clinic, **changes)
    assert refused.value.reason == "bad_input"
    with pytest.raises(MergeRefusedError, match="into itself"):
        merge_clients(database, clinic["keep"], clinic["keep"], actor="root", reason="r", now=NOW)
    with pytest.raises(MergeRefusedError, match="no client #999"):
        merge_clients(database, clinic["keep"], 999, actor="root", reason="r", now=NOW)
    assert snapshot_all(database) == before


def test_notes_too_long_together_are_refused(database: Database, clinic: dict[str, Any]) -> None:
    with database.write() as session:
        session.execute(text("UPDATE clients SET notes = :notes WHERE id = :id"),
                        {"notes": "n" * 9_990, "id": clinic["keep"]})  # fmt: skip
    before = snapshot_all(database)
    with pytest.raises(MergeRefusedError, match="notes together are longer than 10,000"):
        merge(database, clinic)
    assert snapshot_all(database) == before


def test_phone_and_email_move_when_keep_has_none(
    database: Database, clinic: dict[str, Any]
) -> None:
    """OTHER's row goes before KEEP takes its phone: both columns are unique."""
    with database.write() as session:
        session.execute(text("UPDATE clients SET phone = NULL WHERE id = :id"),
                        {"id": clinic["keep"]})  # fmt: skip
    merge(database, clinic)
    with database.read() as session:
        kept = session.get(Client, clinic["keep"])
    assert kept is not None
    assert (kept.phone, kept.email) == (OTHER["phone"], OTHER["email"])
    assert kept.notes == "Pays by card\n\nPrefers the ground floor"


def test_aliases_follow_through_a_second_merge(database: Database, clinic: dict[str, Any]) -> None:
    merge(database, clinic)  # annauno into c1
    with database.read() as session:
        c2 = session.scalar(select(Client.id).where(Client.key == "c2"))
    assert c2 is not None
    merge_clients(database, c2, clinic["keep"], actor="root", reason="dup", now=NOW)
    with database.read() as session:
        aliases = dict(session.execute(select(ClientAlias.key, ClientAlias.client_id)).all())
    assert aliases == {OTHER["key"]: c2, "c1": c2}


# -- the command line -------------------------------------------------------------------


def merge_command(url: str, keep: str, other: str, *extra: str, as_user: str = "root",
                  password: str = ADMIN_PASSWORD) -> Any:  # fmt: skip
    """`frontdesk clients merge`, in-process (tests/test_cli_clients.py runs the clients
    commands in real processes)."""
    return run_in_process("--db", url, "clients", "merge", keep, other, "--as", as_user,
                          "--reason", "same person", "--json", *extra,
                          env={"FRONTDESK_PASSWORD": password})  # fmt: skip


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_clients_merge_command(request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url")
    database = Database(url)
    try:
        clinic = load_records_clinic(database)
        clash = book_for(database, OTHER["key"], "2025-01-13T09:30", "kim")
        before = snapshot_all(database)
        overlap = merge_command(url, "c1", OTHER["key"])
        assert overlap.returncode == 3, overlap.stderr
        refused = json.loads(overlap.stdout)
        assert (refused["reason"], refused["overlapping"]) == (
            "client_busy", sorted([clinic["keep_session"], clash]))  # fmt: skip
        assert clinic["keep_session"] in overlap.stderr and clash in overlap.stderr
        supervisor = merge_command(url, "c1", OTHER["key"], as_user="maria",
                                   password=SUPERVISOR_PASSWORD)  # fmt: skip
        assert supervisor.returncode == 3
        assert json.loads(supervisor.stdout)["reason"] == "not_permitted"
        itself = merge_command(url, "c1", "c1")
        assert itself.returncode == 2 and "into itself" in itself.stderr
        unknown = merge_command(url, "c1", "nobody")
        assert unknown.returncode == 2 and '"nobody"' in unknown.stderr
        assert snapshot_all(database) == before

        cancel(database, clash, "booked twice", actor="alex", now=NOW)
        merged = merge_command(url, "c1", OTHER["key"], "--now", "2025-01-10T08:00")
        assert merged.returncode == 0, merged.stderr
        assert json.loads(merged.stdout) == {
            "kept_key": "c1", "merged_key": OTHER["key"], "sessions": 3, "series": 1,
            "waitlist_entries": 1, "holds": 1, "payments": 0}  # fmt: skip
        # the old key reaches the kept client: merging "annauno" now merges c1
        again = run_in_process("--db", url, "clients", "merge", "c2", OTHER["key"], "--as",
                               "root", "--reason", "same person again",
                               env={"FRONTDESK_PASSWORD": ADMIN_PASSWORD})  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert again.stdout == (
            "merged c1 into c2: 4 sessions, 1 series, 1 waitlist entries, 1 holds and "
            "0 payments moved; c1 now reaches c2\n")  # fmt: skip
        with database.read() as session:
            aliases = dict(session.execute(select(ClientAlias.key, ClientAlias.client_id)).all())
            c2 = session.scalar(select(Client.id).where(Client.key == "c2"))
        assert aliases == {OTHER["key"]: c2, "c1": c2}
    finally:
        database.dispose()


def test_a_key_that_was_an_alias_before_follows_its_latest_client(
    database: Database, clinic: dict[str, Any]
) -> None:
    """`annauno` was merged into c2 once, then given to the client now merged into c1."""
    with database.write() as session:
        c2 = session.scalar(select(Client.id).where(Client.key == "c2"))
        session.add(ClientAlias(key=OTHER["key"], client_id=c2))
    merge(database, clinic)
    with database.read() as session:
        aliases = session.execute(select(ClientAlias.key, ClientAlias.client_id)).all()
    assert [tuple(alias) for alias in aliases] == [(OTHER["key"], clinic["keep"])]


def test_merge_moves_the_other_clients_payments_and_their_balance(
    database: Database, clinic: dict[str, Any]
) -> None:
    paid = take_payment(
        database,
        PaymentRequest(
            OTHER["key"], 20000, PaymentMethod.CARD, sessions=(clinic["other_session"],)
        ),
        actor="alex",
        now=NOW,
    )
    assert paid.credit_cents == 5000
    result = merge(database, clinic)
    assert result.payments == 1
    with database.read() as session:
        owners = set(session.scalars(select(Payment.client_id)))
        balance = client_balance(session, clinic["keep"])
    assert owners == {clinic["keep"]}
    assert (balance.credit_cents, balance.prepaid_cents) == (5000, 15000)


def test_a_booking_by_the_merged_clients_key_is_the_kept_clients(
    database: Database, clinic: dict[str, Any]
) -> None:
    """As scripts and clinic files reach KEEP by OTHER's old key, so does a booking (a desk
    that picked OTHER before the merge, a script that still says its key)."""
    merge(database, clinic)
    reference = book_for(database, OTHER["key"], "2025-01-16T11:00")
    with database.read() as session:
        owner = session.scalar(
            select(TherapySession.client_id).where(TherapySession.reference == reference)
        )
    assert owner == clinic["keep"]


def test_a_window_still_on_the_merged_client_cannot_write_onto_a_new_one(
    database: Database, clinic: dict[str, Any]
) -> None:
    """SQLite gives OTHER's id, when it was the highest, to the next client added: a profile
    left open on OTHER saves or archives by that id and key, and is refused as for a client
    gone — the new client is left as it was."""
    from app.clients.adding import create_client
    from app.clients.editing import archive_client, update_client
    from app.clients.profile import UnknownClientError

    with database.read() as session:
        highest = session.scalar(select(func.max(Client.id)))
    assert clinic["other"] == highest  # so SQLite reuses it
    merge(database, clinic)
    added = create_client(database, "Zoe New", "555 123 0077", None, actor="alex", now=NOW)
    if database.engine.dialect.name == "sqlite":
        assert added.id == clinic["other"]
    with pytest.raises(UnknownClientError):
        update_client(database, clinic["other"], {"name": "Anna Uno"}, actor="alex", now=NOW,
                      key=OTHER["key"])  # fmt: skip
    with pytest.raises(UnknownClientError):
        archive_client(database, clinic["other"], actor="root", now=NOW, key=OTHER["key"])
    with database.read() as session:
        zoe = session.get(Client, added.id)
        assert zoe is not None and (zoe.name, zoe.archived_at) == ("Zoe New", None)
