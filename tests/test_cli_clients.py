"""`frontdesk clients show` and `clients archive` as scripts run them, on both databases: the
JSON's statistics against sessions counted in plain SQL. In-process (`main`, as the script
runs it), but for the last test, which runs real processes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from db.engine import Database
from db.models import AuditEntry, Client, ClientAlias
from tests.booking_support import (
    FRONT_DESK_PASSWORD,
    SUPERVISOR_PASSWORD,
    ZONE,
    load_booking_clinic,
)
from tests.test_cli import run, run_in_process
from tests.test_client_profile import add_history, stats_in_sql

CONTRACT_KEYS = {"key", "name", "phone", "email", "archived", "stats", "balance_cents"}
STATS_KEYS = {"attended", "cancelled", "late_cancelled", "no_show", "attendance_rate",
              "last_session", "next_session"}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def clinic_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    database = Database(url)
    load_booking_clinic(database)
    database.dispose()
    yield url


def show(url: str, key: str, *args: str, runner: Any = run_in_process) -> Any:
    result = runner("--db", url, "clients", "show", key, *args)
    assert result.returncode == 0, result.stderr
    return result


def client_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """The clients and what the audit says about them (a refused password's attempt is
    recorded, as every attempt is; that is not a change to the client)."""
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return {
                "clients": [tuple(r) for r in connection.execute(
                    text("SELECT * FROM clients ORDER BY id"))],
                "audit": [tuple(r) for r in connection.execute(
                    text("SELECT id, actor, action, entity_id FROM audit_log"
                         " WHERE entity_type = 'client' ORDER BY id"))],
            }  # fmt: skip
    finally:
        database.dispose()


def test_show_json_counts_every_statistic_as_sql_does(clinic_url: str) -> None:
    database = Database(clinic_url)
    try:
        history = add_history(database, "c1", 150, seed=23)
        moments = [
            history.now,
            history.now + timedelta(hours=30),
            history.now - timedelta(days=400),
        ]
        expected = [stats_in_sql(database, history.client_id, moment) for moment in moments]
    finally:
        database.dispose()
    for moment, counted in zip(moments, expected, strict=True):
        result = show(clinic_url, "c1", "--now", moment.isoformat(), "--json")
        payload = json.loads(result.stdout)
        assert set(payload) == CONTRACT_KEYS and set(payload["stats"]) == STATS_KEYS
        assert (payload["key"], payload["name"], payload["phone"], payload["email"]) == (
            "c1",
            "Ana One",
            "+15551230001",
            None,
        )
        assert payload["archived"] is False and payload["balance_cents"] == 0
        stats = payload["stats"]
        for name in ("attended", "cancelled", "late_cancelled", "no_show"):
            assert stats[name] == counted[name], name
        done, missed = counted["attended"], counted["no_show"]
        assert stats["attendance_rate"] == (
            round(done / (done + missed), 3) if done + missed else None
        )
        for name in ("last_session", "next_session"):
            wanted = counted[name]
            local = (
                None if wanted is None else wanted.astimezone(ZONE).isoformat(timespec="seconds")
            )
            assert stats[name] == local, name
    # The first moment is a start: that session is the next one, not the last.
    assert expected[0]["next_session"] == history.now


def test_show_without_sessions_an_alias_and_an_unknown_key(clinic_url: str) -> None:
    database = Database(clinic_url)
    try:
        with database.write() as session:
            ben = session.scalar(select(Client.id).where(Client.key == "c2"))
            session.add(ClientAlias(key="ben-before-merge", client_id=ben))
    finally:
        database.dispose()
    payload = json.loads(show(clinic_url, "ben-before-merge", "--json").stdout)
    assert payload["key"] == "c2" and payload["name"] == "Ben Two"
    assert payload["stats"] == {"attended": 0, "cancelled": 0, "late_cancelled": 0,
                                "no_show": 0, "attendance_rate": None,
                                "last_session": None, "next_session": None}  # fmt: skip

    summary = show(clinic_url, "c2", "--now", "2025-01-10T08:00").stdout.splitlines()
    assert summary == [
        "Ben Two (c2)",
        "  phone +15551230002 · email —",
        "  attended 0 · cancelled 0 (0 late) · no-shows 0 · attendance —",
        "  last session none · next session none",
        "  balance 0.00",
    ]
    unknown = run_in_process("--db", clinic_url, "clients", "show", "nobody", "--json")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == 'frontdesk: no client has the key "nobody"'
    assert unknown.stdout == ""


def test_archive_and_bring_back(clinic_url: str) -> None:
    archived = run_in_process("--db", clinic_url, "clients", "archive", "c1")
    assert archived.returncode == 0, archived.stderr
    assert archived.stdout.strip() == "archived c1"
    assert json.loads(show(clinic_url, "c1", "--json").stdout)["archived"] is True
    again = run_in_process("--db", clinic_url, "clients", "archive", "c1")
    assert again.returncode == 0 and again.stdout.strip() == "c1 was already archived"
    summary = show(clinic_url, "c1").stdout
    assert "  archived 20" in summary and "(out of search)" in summary

    before = client_rows(clinic_url)
    for username, password in (("maria", "wrong-password"), ("alex", FRONT_DESK_PASSWORD)):
        refused = run_in_process("--db", clinic_url, "clients", "archive", "c1", "--undo", "--as",
                                 username, env={"FRONTDESK_PASSWORD": password})  # fmt: skip
        assert refused.returncode == 3, refused.stderr
        assert refused.stderr.strip() == (
            "frontdesk: archiving a client needs the password of an active supervisor or admin"
        )
    assert client_rows(clinic_url) == before

    back = run_in_process("--db", clinic_url, "clients", "archive", "c1", "--undo", "--as",
                          "maria", env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD})  # fmt: skip
    assert back.returncode == 0, back.stderr
    assert back.stdout.strip() == "c1 is back in search"
    assert json.loads(show(clinic_url, "c1", "--json").stdout)["archived"] is False

    database = Database(clinic_url)
    try:
        with database.read() as session:
            entries = session.execute(
                select(AuditEntry.actor, AuditEntry.action)
                .where(AuditEntry.entity_type == "client", AuditEntry.action.like("client.%arch%"))
                .order_by(AuditEntry.id)
            ).all()
    finally:
        database.dispose()
    assert [tuple(e) for e in entries] == [("cli", "client.archive"), ("maria", "client.unarchive")]


def test_an_erased_client_is_not_brought_back(clinic_url: str) -> None:
    """Real processes."""
    database = Database(clinic_url)
    try:
        with database.write() as session:
            cy = session.scalar(select(Client).where(Client.key == "c3"))
            assert cy is not None
            cy.erased_at = cy.archived_at = datetime(2025, 1, 2, tzinfo=ZONE)
    finally:
        database.dispose()
    before = client_rows(clinic_url)
    refused = run("--db", clinic_url, "clients", "archive", "c3", "--undo")
    assert refused.returncode == 3
    assert refused.stderr.strip() == "frontdesk: an erased client stays archived"
    assert client_rows(clinic_url) == before
    assert "  erased 2025-01-02" in show(clinic_url, "c3", runner=run).stdout


def test_show_json_balance_follows_the_money(clinic_url: str) -> None:
    from app.money.payments import PaymentRequest, take_payment
    from db.enums import PaymentMethod
    from tests.booking_support import at
    from tests.money_support import book_session, complete

    database = Database(clinic_url)
    try:
        reference = book_session(database, "c1", "2026-11-24T09:00")
        assert json.loads(show(clinic_url, "c1", "--json").stdout)["balance_cents"] == 0
        complete(database, reference, at("2026-11-24T09:10"))
        assert json.loads(show(clinic_url, "c1", "--json").stdout)["balance_cents"] == 15000
        request = PaymentRequest("c1", 20000, PaymentMethod.CASH)
        take_payment(database, request, actor="alex", now=at("2026-11-24T18:00"))
    finally:
        database.dispose()
    assert json.loads(show(clinic_url, "c1", "--json").stdout)["balance_cents"] == -5000
    summary = show(clinic_url, "c1", "--now", "2026-11-25T08:00").stdout.splitlines()
    assert summary[-1] == "  balance -50.00"
