"""clients: archive, erasure, aliases after a merge; the waitlist

Clients gain `archived_at` (out of search, history kept) and `erased_at` (personal fields
replaced by a tombstone). `client_aliases` keeps the keys of clients merged into another.
`waitlist_entries` are clients waiting for a start; `waitlist_matches` the starts found for
them when something freed up (docs/clients.md).

The audit log stays append-only for who, when, what and why; an erasure may rewrite an
entry's before/after values only, to remove the erased client's personal data from them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 21:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import change_signal

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGNALLED: tuple[tuple[str, str, str | None], ...] = (
    ("client_aliases", "client", None),
    ("waitlist_entries", "waitlist", None),
    ("waitlist_matches", "waitlist", None),
)

# Everything but before/after must stay as written.
_KEPT = ("id", "at", "actor", "action", "entity_type", "entity_id", "reason")
_SQLITE_AUDIT_UPDATE = (
    "CREATE TRIGGER trg_audit_log_no_update BEFORE UPDATE ON audit_log WHEN "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _KEPT)
    + " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
_SQLITE_AUDIT_UPDATE_BEFORE = (
    "CREATE TRIGGER trg_audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
_POSTGRES_AUDIT_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN IF TG_OP = 'UPDATE' AND "
    + " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _KEPT)
    + " THEN RETURN NEW; END IF; RAISE EXCEPTION 'audit_log is append-only'; END $$"
)
_POSTGRES_AUDIT_FUNCTION_BEFORE = (
    "CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
)


def _audit_guard(sqlite: str, postgres: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER trg_audit_log_no_update")
        op.execute(sqlite)
    elif dialect == "postgresql":
        op.execute(postgres)


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "client_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("length(key) BETWEEN 1 AND 64", name=op.f("ck_client_aliases_key")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_client_aliases_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_aliases")),
        sa.UniqueConstraint("key", name=op.f("uq_client_aliases_key")),
    )
    op.create_index(
        op.f("ix_client_aliases_client_id"), "client_aliases", ["client_id"], unique=False
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("weekdays", sa.SmallInteger(), nullable=False),
        sa.Column("earliest_minute", sa.SmallInteger(), nullable=True),
        sa.Column("latest_minute", sa.SmallInteger(), nullable=True),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_reason", sa.String(length=16), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "closed_reason IS NULL OR closed_reason IN ('booked', 'expired', 'removed')",
            name=op.f("ck_waitlist_entries_closed_reason"),
        ),
        sa.CheckConstraint(
            "(closed_at IS NULL) = (closed_reason IS NULL)",
            name=op.f("ck_waitlist_entries_closed"),
        ),
        sa.CheckConstraint(
            "(earliest_minute IS NULL AND latest_minute IS NULL) OR "
            "(earliest_minute BETWEEN 0 AND 1439 AND latest_minute BETWEEN 1 AND 1440 "
            "AND latest_minute > earliest_minute)",
            name=op.f("ck_waitlist_entries_times"),
        ),
        sa.CheckConstraint("to_date >= from_date", name=op.f("ck_waitlist_entries_dates")),
        sa.CheckConstraint("weekdays BETWEEN 1 AND 127", name=op.f("ck_waitlist_entries_weekdays")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_waitlist_entries_client_id_clients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_waitlist_entries_service_id_services"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_waitlist_entries_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapists.id"],
            name=op.f("fk_waitlist_entries_therapist_id_therapists"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    op.create_index(
        op.f("ix_waitlist_entries_client_id"), "waitlist_entries", ["client_id"], unique=False
    )
    op.create_index(
        "ix_waitlist_entries_open", "waitlist_entries", ["closed_at", "to_date"], unique=False
    )
    op.create_table(
        "waitlist_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["waitlist_entries.id"],
            name=op.f("fk_waitlist_matches_entry_id_waitlist_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapists.id"],
            name=op.f("fk_waitlist_matches_therapist_id_therapists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_matches")),
        sa.UniqueConstraint(
            "entry_id",
            "therapist_id",
            "starts_at",
            name=op.f("uq_waitlist_matches_entry_id_therapist_id_starts_at"),
        ),
    )
    op.create_index("ix_waitlist_matches_start", "waitlist_matches", ["starts_at"], unique=False)
    for table, kind, day_column in SIGNALLED:
        change_signal.signal_table(table, kind, day_column)
    _audit_guard(_SQLITE_AUDIT_UPDATE, _POSTGRES_AUDIT_FUNCTION)


def downgrade() -> None:
    _audit_guard(_SQLITE_AUDIT_UPDATE_BEFORE, _POSTGRES_AUDIT_FUNCTION_BEFORE)
    for table, _kind, _day_column in SIGNALLED:
        change_signal.unsignal_table(table)
    op.drop_index("ix_waitlist_matches_start", table_name="waitlist_matches")
    op.drop_table("waitlist_matches")
    op.drop_index("ix_waitlist_entries_open", table_name="waitlist_entries")
    op.drop_index(op.f("ix_waitlist_entries_client_id"), table_name="waitlist_entries")
    op.drop_table("waitlist_entries")
    op.drop_index(op.f("ix_client_aliases_client_id"), table_name="client_aliases")
    op.drop_table("client_aliases")
    # SQLite drops columns by copying the table, which loses its triggers: signal again
    change_signal.unsignal_table("clients")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("archived_at")
    change_signal.signal_table("clients", "client", None)
