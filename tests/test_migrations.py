"""Migrations: up, down, models agree with the migrated schema, guards in the database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

import db.migrate as migrate
from db.base import Base
from db.engine import Database
from db.models import AuditEntry, Therapist, WorkingHours


def _tables(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names()) - {"alembic_version"}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        url = request.getfixturevalue("empty_postgres_url")
    database = Database(url)
    yield database
    database.dispose()


def test_single_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1


def test_upgrade_to_head_then_downgrade_to_base(empty_database: Database) -> None:
    result = migrate.upgrade(empty_database)
    assert result.from_revision is None
    assert migrate.current_revision(empty_database) == migrate.head_revision()
    assert _tables(empty_database) == set(Base.metadata.tables)

    migrate.downgrade(empty_database, "base")
    assert migrate.current_revision(empty_database) is None
    assert _tables(empty_database) == set()

    # And up again: the downgrade left nothing behind that blocks a new upgrade.
    migrate.upgrade(empty_database)
    assert _tables(empty_database) == set(Base.metadata.tables)


def test_models_and_migrated_schema_agree(empty_database: Database) -> None:
    migrate.upgrade(empty_database)
    with empty_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_a_no_op_at_head(empty_database: Database) -> None:
    migrate.upgrade(empty_database)
    again = migrate.upgrade(empty_database)
    assert again.from_revision == again.to_revision == migrate.head_revision()
    assert again.backup is None


def _therapist(session) -> Therapist:  # type: ignore[no-untyped-def]
    therapist = Therapist(key="carter", name="Dr. Carter")
    session.add(therapist)
    session.flush()
    return therapist


def test_overlapping_working_blocks_are_refused_by_the_database(database: Database) -> None:
    with database.write() as session:
        therapist = _therapist(session)
        session.add(WorkingHours(therapist=therapist, weekday=0, start_minute=540, end_minute=720))
        session.add(WorkingHours(therapist=therapist, weekday=1, start_minute=600, end_minute=700))
        session.add(WorkingHours(therapist=therapist, weekday=0, start_minute=780, end_minute=960))
    with pytest.raises(IntegrityError), database.write() as session:
        # Bypass the ORM: the guard must hold whatever the application does.
        session.execute(
            text(
                "INSERT INTO working_hours (therapist_id, weekday, start_minute, end_minute) "
                "SELECT id, 0, 700, 800 FROM therapists"
            )
        )
    with pytest.raises(IntegrityError), database.write() as session:
        session.execute(
            text("UPDATE working_hours SET start_minute = 600, end_minute = 800 WHERE weekday = 1")
        )
        session.execute(text("UPDATE working_hours SET weekday = 0 WHERE weekday = 1"))
    with database.read() as session:
        assert session.query(WorkingHours).count() == 3


def test_touching_working_blocks_are_allowed(database: Database) -> None:
    with database.write() as session:
        therapist = _therapist(session)
        session.add(WorkingHours(therapist=therapist, weekday=0, start_minute=540, end_minute=720))
        session.add(WorkingHours(therapist=therapist, weekday=0, start_minute=720, end_minute=960))
    with database.read() as session:
        assert session.query(WorkingHours).count() == 2


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO working_hours (therapist_id, weekday, start_minute, end_minute) "
        "SELECT id, 7, 540, 600 FROM therapists",
        "INSERT INTO working_hours (therapist_id, weekday, start_minute, end_minute) "
        "SELECT id, 0, 600, 540 FROM therapists",
        "INSERT INTO services (key, name, duration_minutes, price_cents, required_features, "
        "active) VALUES ('x', 'X', 47, 0, '[]', true)",
        "INSERT INTO rooms (key, name, capacity, features, active) "
        "VALUES ('r', 'R', 0, '[]', true)",
        "UPDATE therapists SET status = 'asleep'",
        "INSERT INTO therapists (key, name, colour, default_session_minutes, max_clients_per_day,"
        " buffer_before_minutes, buffer_after_minutes, min_notice_minutes, max_advance_days,"
        " status, active) VALUES ('carter', 'Twin', '#000000', 50, 8, 0, 10, 120, 60,"
        " 'available', true)",
    ],
    ids=["weekday", "end-before-start", "duration", "capacity", "enum", "duplicate-key"],
)
def test_database_constraints_refuse_bad_rows(database: Database, sql: str) -> None:
    with database.write() as session:
        _therapist(session)
    with pytest.raises(IntegrityError), database.write() as session:
        session.execute(text(sql))


def test_audit_log_is_append_only(database: Database) -> None:
    with database.write() as session:
        session.add(AuditEntry(actor="maria", action="test", entity_type="x", entity_id=1))
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), database.write() as session:
            session.execute(text(statement))
    with database.read() as session:
        assert [e.actor for e in session.query(AuditEntry)] == ["maria"]


def test_naive_timestamps_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"), database.write() as session:
        session.add(AuditEntry(actor="a", action="b", entity_type="c", at=datetime(2025, 1, 1)))
        session.flush()


def test_timestamps_come_back_aware_utc(database: Database) -> None:
    moment = datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    with database.write() as session:
        session.add(AuditEntry(actor="a", action="b", entity_type="c", at=moment))
    with database.read() as session:
        (entry,) = session.query(AuditEntry).all()
        assert entry.at == moment
        assert entry.at.utcoffset().total_seconds() == 0


NEXT_REVISION = '''"""test-only second revision"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("extra", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("extra")
'''


def test_an_existing_sqlite_file_is_backed_up_before_an_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database with data at today's head...
    path = tmp_path / "clinic.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    with database.write() as session:
        _therapist(session)
    head = migrate.head_revision()
    # ...and a newer version of the app that brings one more migration,
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations)
    (migrations / "versions" / "9999_extra.py").write_text(NEXT_REVISION.format(head=head))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations)
    # When it starts,
    result = migrate.upgrade(database, backup_dir=tmp_path / "backups")
    # Then the old file was copied first, with its data and its old revision, and the live
    # database is at the new head.
    assert result.from_revision == head and result.to_revision == "9999"
    assert result.backup is not None and result.backup.parent == tmp_path / "backups"
    backup = Database(f"sqlite:///{result.backup}")
    assert migrate.current_revision(backup) == head
    with backup.read() as session:
        assert session.query(Therapist).one().key == "carter"
    assert "extra" not in _tables(backup)
    backup.dispose()
    assert "extra" in _tables(database)
    database.dispose()


def test_a_foreign_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    other = Database(f"sqlite:///{path}")
    with other.engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    with pytest.raises(RuntimeError, match="not a Clinic Front Desk database"):
        migrate.upgrade(other, backup_dir=tmp_path)
    assert _tables(other) == {"notes"}
    other.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_workstations_starting_at_once_migrate_exactly_once(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        if kind == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "--db", url, "db", "upgrade"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    assert all(status == 0 for status, _ in outcomes), outcomes
    database = Database(url)
    assert migrate.current_revision(database) == migrate.head_revision()
    assert _tables(database) == set(Base.metadata.tables)
    database.dispose()


def test_occupancy_columns_are_filled_for_existing_sessions(empty_database: Database) -> None:
    """Sessions booked before migration 0002 get their buffered occupancy from the
    therapist's buffers, and the new guards hold from then on."""
    migrate.upgrade(empty_database, target="0001")
    start = datetime(2025, 1, 13, 15, 0, tzinfo=UTC)
    statements = _clinic_rows(buffer_before=5, buffer_after=15)
    with empty_database.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        connection.execute(
            text(
                "INSERT INTO sessions (id, reference, therapist_id, client_id, service_id,"
                " starts_at, ends_at, status, session_type, amount_cents, payment_status,"
                " late_cancellation, overridden, revision)"
                " VALUES (1, 'BK-2025-000001', 1, 1, 1, :start, :end, 'scheduled',"
                " 'follow_up', 0, 'pending', false, false, 1)"
            ),
            {
                "start": _stored(empty_database, start),
                "end": _stored(empty_database, start.replace(minute=50)),
            },
        )
    migrate.upgrade(empty_database)
    with empty_database.read() as session:
        from db.models import TherapySession

        record = session.get(TherapySession, 1)
        assert record.busy_from == datetime(2025, 1, 13, 14, 55, tzinfo=UTC)
        assert record.busy_until == datetime(2025, 1, 13, 16, 5, tzinfo=UTC)


def _stored(database: Database, moment: datetime) -> object:
    """A timestamp as each database stores it (SQLite: naive UTC text)."""
    if database.dialect == "sqlite":
        return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return moment


def test_existing_sessions_get_calendar_uids_shared_along_moves(empty_database: Database) -> None:
    """Before 0003 sessions had no calendar identity: each gets a random one, and a chain
    of reschedules shares the first session's so calendars see one event."""
    migrate.upgrade(empty_database, target="0002")
    start = datetime(2025, 1, 13, 15, 0, tzinfo=UTC)
    fixtures = _clinic_rows(buffer_before=0, buffer_after=0)
    insert = text(
        "INSERT INTO sessions (id, reference, therapist_id, client_id, service_id,"
        " starts_at, ends_at, busy_from, busy_until, status, session_type, amount_cents,"
        " payment_status, late_cancellation, overridden, revision, rescheduled_from_id,"
        " cancelled_at)"
        " VALUES (:id, :reference, 1, 1, 1, :start, :end, :start, :end, :status, 'follow_up',"
        " 0, 'pending', false, false, 1, :previous, :cancelled)"
    )
    with empty_database.engine.begin() as connection:
        for statement in fixtures:
            connection.execute(text(statement))
        # The chain runs against the ids (3 → 2 → 1): the migration must follow the links.
        for number, previous, status in ((3, None, "cancelled"), (2, 3, "cancelled"),
                                         (1, 2, "scheduled"), (4, None, "scheduled")):  # fmt: skip
            moment = start + timedelta(days=number)
            connection.execute(
                insert,
                {
                    "id": number,
                    "reference": f"BK-2025-00000{number}",
                    "start": _stored(empty_database, moment),
                    "end": _stored(empty_database, moment + timedelta(minutes=50)),
                    "status": status,
                    "previous": previous,
                    "cancelled": _stored(empty_database, start) if status == "cancelled" else None,
                },
            )
    migrate.upgrade(empty_database)
    with empty_database.read() as session:
        uids = dict(session.execute(text("SELECT id, calendar_uid FROM sessions")).all())
    assert uids[1] == uids[2] == uids[3]
    assert uids[4] != uids[1]
    assert all(len(uid) == 32 and int(uid, 16) >= 0 for uid in uids.values())


def test_outbox_rows_may_be_superseded_but_not_anything(database: Database) -> None:
    insert = text(
        "INSERT INTO outbox (target, kind, revision, payload, status, attempts)"
        " VALUES ('email_client', 'confirmation', 1, '{}', :status, 0)"
    )
    with database.write() as session:
        session.execute(insert, {"status": "superseded"})
    with pytest.raises(IntegrityError), database.write() as session:
        session.execute(insert, {"status": "forgotten"})


def _clinic_rows(*, buffer_before: int, buffer_after: int) -> list[str]:
    """A clinic, a therapist, a client and a service as plain SQL of the early schemas."""
    return [
        "INSERT INTO clinic_settings (id, name, timezone, phone_region, slot_interval_minutes,"
        " hold_minutes, cancellation_notice_hours, reminder_offsets_minutes,"
        " recurring_days_ahead, backup_retention, feed_full_names)"
        " VALUES (1, 'C', 'America/New_York', 'US', 15, 10, 24, '[]', 7, 14, false)",
        "INSERT INTO therapists (id, key, name, colour, default_session_minutes,"
        " max_clients_per_day, buffer_before_minutes, buffer_after_minutes,"
        " min_notice_minutes, max_advance_days, status, active)"
        f" VALUES (1, 't', 'T', '#000000', 50, 8, {buffer_before}, {buffer_after}, 0, 60,"
        " 'available', true)",
        "INSERT INTO clients (id, key, name, preferences) VALUES (1, 'c', 'C', '{}')",
        "INSERT INTO services (id, key, name, duration_minutes, price_cents, required_features,"
        " active) VALUES (1, 's', 'S', 50, 0, '[]', true)",
    ]


@pytest.mark.parametrize(
    ("stored", "admin_changed", "expected"),
    [
        (0, None, 30),  # the old default, which nobody chose: cancellations show from now on
        (0, (5, 0), 0),  # an admin turned them off in the feed settings: kept
        (0, (0, 0), 30),  # settings saved, this one untouched: still the old default
        (7, None, 7),  # a window someone set: kept
    ],
)
def test_cancelled_sessions_show_for_30_days_unless_an_admin_turned_them_off(
    empty_database: Database,
    stored: int,
    admin_changed: tuple[int, int] | None,
    expected: int,
) -> None:
    import sqlalchemy as sa

    migrate.upgrade(empty_database, target="0007")
    audit = sa.table(
        "audit_log",
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("entity_type", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
    )
    with empty_database.engine.begin() as connection:
        connection.execute(text(_clinic_rows(buffer_before=0, buffer_after=0)[0]))
        connection.execute(text("UPDATE clinic_settings SET feed_cancelled_days = :days"),
                           {"days": stored})  # fmt: skip
        if admin_changed is not None:
            before, after = (
                {"full_names": False, "cancelled_days": days} for days in admin_changed
            )
            connection.execute(
                audit.insert().values(actor="admin", action="clinic.feed_settings",
                                      entity_type="clinic_settings", entity_id=1,
                                      before=before, after=after)
            )  # fmt: skip
    migrate.upgrade(empty_database)
    with empty_database.read() as session:
        assert session.scalar(text("SELECT feed_cancelled_days FROM clinic_settings")) == expected
        said = session.query(AuditEntry).filter_by(actor="migration").all()
    if expected != stored:  # the change is on the record, as an admin's would be
        [entry] = said
        assert entry.action == "clinic.feed_settings"
        assert (entry.before, entry.after) == ({"cancelled_days": 0}, {"cancelled_days": 30})
    else:
        assert said == []


# Sessions as the 0012 schema typed their payment: (id, client, local start, price, status).
TYPED_SESSIONS = [
    (1, 1, "2025-03-10T10:00", 15000, "completed", "paid"),
    (2, 1, "2025-12-31T18:30", 15000, "completed", "refunded"),  # 2026 in UTC, 2025 here
    (3, 1, "2026-02-02T10:00", 15000, "completed", "pending"),
    (4, 1, "2026-03-02T10:00", 0, "completed", "paid"),  # free: nothing to record
    (5, 2, "2099-01-05T10:00", 20000, "scheduled", "paid"),  # paid ahead
    (6, 2, "2025-05-01T10:00", 10000, "completed", "paid"),
]


def test_typed_payment_statuses_become_payments_and_come_back_down(
    empty_database: Database,
) -> None:
    """0013 turns a session typed paid into a payment of its price allocated to it, one
    typed refunded into that payment and its refund; receipts gapless per year of the
    clinic's calendar in the order of the sessions' starts; nothing lost. Down again, the
    typed statuses come back from the payments."""
    from zoneinfo import ZoneInfo

    from app.money.ledger import PaymentStatus, client_balance, session_charges

    zone = ZoneInfo("America/New_York")
    migrate.upgrade(empty_database, target="0012")
    insert = text(
        "INSERT INTO sessions (id, reference, therapist_id, client_id, service_id,"
        " starts_at, ends_at, busy_from, busy_until, status, session_type, amount_cents,"
        " payment_status, late_cancellation, overridden, revision, calendar_uid)"
        " VALUES (:id, :reference, 1, :client, 1, :start, :end, :start, :end, :status,"
        " 'follow_up', :price, :paid, false, false, 1, :uid)"
    )
    with empty_database.engine.begin() as connection:
        for statement in _clinic_rows(buffer_before=0, buffer_after=0):
            connection.execute(text(statement))
        connection.execute(
            text("INSERT INTO clients (id, key, name, preferences) VALUES (2, 'd', 'D', '{}')")
        )
        for number, client, local, price, status, paid in TYPED_SESSIONS:
            start = datetime.fromisoformat(local).replace(tzinfo=zone).astimezone(UTC)
            connection.execute(
                insert,
                {"id": number, "reference": f"BK-2025-{number:06d}", "client": client,
                 "start": _stored(empty_database, start),
                 "end": _stored(empty_database, start + timedelta(minutes=50)),
                 "status": status, "price": price, "paid": paid, "uid": f"{number:032x}"},
            )  # fmt: skip
    before_upgrade = datetime.now(UTC)
    migrate.upgrade(empty_database)
    this_year = datetime.now(zone).year

    with empty_database.read() as session:
        payments = session.execute(
            text(
                "SELECT p.receipt, p.kind, p.client_id, p.amount_cents, p.method, p.taken_by,"
                " r.receipt, a.session_id, a.amount_cents FROM payments AS p"
                " LEFT JOIN payments AS r ON r.id = p.reverses_id"
                " JOIN payment_allocations AS a ON a.payment_id = p.id ORDER BY p.receipt"
            )
        ).all()
        taken = dict(session.execute(text("SELECT receipt, taken_at FROM payments")).all())
        counters = dict(
            session.execute(text("SELECT year, last_number FROM receipt_counters")).all()
        )
        prices = dict(session.execute(text("SELECT id, price_cents FROM sessions")).all())
        charges = session_charges(session, prices)
        balances = {client: client_balance(session, client) for client in (1, 2)}
    assert [tuple(row) for row in payments] == [
        ("RC-2025-000001", "payment", 1, 15000, "other", "migration", None, 1, 15000),
        ("RC-2025-000002", "payment", 2, 10000, "other", "migration", None, 6, 10000),
        ("RC-2025-000003", "payment", 1, 15000, "other", "migration", None, 2, 15000),
        ("RC-2025-000004", "refund", 1, 15000, "other", "migration", "RC-2025-000003", 2, -15000),
        (f"RC-{this_year}-000001", "payment", 2, 20000, "other", "migration", None, 5, 20000),
    ]
    assert counters == {2025: 4, this_year: 1}
    # Taken at the session's start, or at the upgrade for a session still to come.
    assert _aware(taken["RC-2025-000001"]) == datetime(2025, 3, 10, 14, 0, tzinfo=UTC)
    assert _aware(taken[f"RC-{this_year}-000001"]) >= before_upgrade
    assert prices == {number: price for number, _c, _l, price, _s, _p in TYPED_SESSIONS}
    assert {number: charge.payment_status for number, charge in charges.items()} == {
        1: PaymentStatus.PAID,
        2: PaymentStatus.PENDING,  # completed and its money back: owed again
        3: PaymentStatus.PENDING,
        4: PaymentStatus.PAID,  # free
        5: PaymentStatus.PAID,  # paid ahead
        6: PaymentStatus.PAID,
    }
    # Client 1 owes sessions 2 (its money went back) and 3; client 2 is square, 200.00 ahead.
    assert (balances[1].balance_cents, balances[1].credit_cents) == (30000, 0)
    assert (balances[2].balance_cents, balances[2].prepaid_cents) == (0, 20000)

    migrate.downgrade(empty_database, "0012")
    with empty_database.read() as session:
        statuses = session.execute(
            text("SELECT id, amount_cents, payment_status FROM sessions ORDER BY id")
        ).all()
    assert [tuple(row) for row in statuses] == [
        (1, 15000, "paid"),
        (2, 15000, "refunded"),
        (3, 15000, "pending"),
        (4, 0, "pending"),  # a free session held no payment to bring the status back from
        (5, 20000, "paid"),
        (6, 10000, "paid"),
    ]
    assert not {"payments", "payment_allocations", "receipt_counters"} & _tables(empty_database)


def _aware(value: object) -> datetime:
    """A timestamp read in plain SQL: SQLite gives naive UTC text."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# (id, local start, status, typed status, the session it was rescheduled from)
MOVED_AND_CANCELLED = [
    (1, "2025-03-03T10:00", "cancelled", "paid", None),  # moved to 2, then 2 to 3:
    (2, "2025-03-10T10:00", "cancelled", "paid", 1),  # reschedule copied "paid" along
    (3, "2025-03-17T10:00", "completed", "paid", 2),  # the one payment
    (4, "2025-04-01T10:00", "cancelled", "paid", None),  # nothing owed: credit
    (5, "2025-04-08T10:00", "no_show", "paid", None),  # no fee existed: credit
    (6, "2025-04-15T10:00", "cancelled", "refunded", None),  # paid and given back
]


def test_a_move_chain_typed_paid_is_one_payment_and_a_cancelled_ones_is_credit(
    empty_database: Database,
) -> None:
    """`reschedule` copied the typed status to the new session: a chain typed paid is one
    payment, on its last session. A cancelled or no-show session typed paid owed nothing:
    its payment is released to the client's credit at once, as a cancellation releases it
    now (docs/money.md)."""
    from zoneinfo import ZoneInfo

    from app.money.ledger import client_balance

    zone = ZoneInfo("America/New_York")
    migrate.upgrade(empty_database, target="0012")
    insert = text(
        "INSERT INTO sessions (id, reference, therapist_id, client_id, service_id,"
        " starts_at, ends_at, busy_from, busy_until, status, session_type, amount_cents,"
        " payment_status, late_cancellation, overridden, revision, calendar_uid,"
        " rescheduled_from_id, cancelled_at)"
        " VALUES (:id, :reference, 1, 1, 1, :start, :end, :start, :end, :status,"
        " 'follow_up', 15000, :paid, false, false, 1, :uid, :previous, :cancelled)"
    )
    with empty_database.engine.begin() as connection:
        for statement in _clinic_rows(buffer_before=0, buffer_after=0):
            connection.execute(text(statement))
        for number, local, status, paid, previous in MOVED_AND_CANCELLED:
            start = datetime.fromisoformat(local).replace(tzinfo=zone).astimezone(UTC)
            stored = _stored(empty_database, start)
            connection.execute(
                insert,
                {"id": number, "reference": f"BK-2025-{number:06d}", "status": status,
                 "start": stored, "end": _stored(empty_database, start + timedelta(minutes=50)),
                 "paid": paid, "uid": f"{number:032x}", "previous": previous,
                 "cancelled": stored if status == "cancelled" else None},
            )  # fmt: skip
    migrate.upgrade(empty_database)

    with empty_database.read() as session:
        payments = session.execute(
            text(
                "SELECT p.receipt, p.kind, p.amount_cents, a.session_id, a.amount_cents"
                " FROM payments AS p LEFT JOIN payment_allocations AS a ON a.payment_id = p.id"
                " ORDER BY p.receipt, a.id"
            )
        ).all()
        balance = client_balance(session, 1)
    assert [tuple(row) for row in payments] == [
        ("RC-2025-000001", "payment", 15000, 3, 15000),
        ("RC-2025-000002", "payment", 15000, 4, 15000),  # set against it, released
        ("RC-2025-000002", "payment", 15000, 4, -15000),
        ("RC-2025-000003", "payment", 15000, 5, 15000),
        ("RC-2025-000003", "payment", 15000, 5, -15000),
        ("RC-2025-000004", "payment", 15000, 6, 15000),
        ("RC-2025-000004", "payment", 15000, 6, -15000),
        ("RC-2025-000005", "refund", 15000, None, None),  # gives that credit back
    ]
    # Session 3 owes its price and holds it; sessions 4 and 5's money is credit.
    assert (balance.owed_cents, balance.paid_cents, balance.credit_cents) == (15000, 15000, 30000)
