"""setup change stamp

`change_stamps` holds one stamp per group of tables, replaced by triggers in the same
transaction as any change to them, so a process can keep what it read of the clinic's setup
(settings, therapists, rooms, services, hours, date exceptions, blocks, external busy
times) and read it again only once the stamp has changed: every availability and booking
then reads only sessions and holds. Triggers rather than application code: an import, a
setup edit, a sync refresh or a hand-made SQL fix all change it alike.

A stamp is a random 63-bit number, so it is never handed out twice in practice: not when
the change that took it was rolled back (a counter raised by one would give its value back,
and a setup read inside that transaction could then pass for a later, different setup), and
not by another database at the same address (a restored copy). One trigger per statement on
PostgreSQL; SQLite has only row triggers.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCOPE = "setup"
# As db.models.SETUP_TABLES when this migration was written (a migration keeps its own copy).
SETUP_TABLES = (
    "clinic_settings",
    "therapists",
    "rooms",
    "services",
    "working_hours",
    "date_exceptions",
    "exception_hours",
    "blocked_times",
    "external_busy_times",
)
NEW_STAMP = {
    "postgresql": "CAST(floor(random() * 9223372036854775807) AS BIGINT)",
    "sqlite": "abs(random())",
}


def _restamp(dialect: str) -> str:
    return f"UPDATE change_stamps SET stamp = {NEW_STAMP[dialect]} WHERE scope = '{SCOPE}'"


def upgrade() -> None:
    op.create_table(
        "change_stamps",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_change_stamps")),
    )
    dialect = op.get_bind().dialect.name
    # random from the start too: an older database migrated here must not share a stamp
    op.execute(f"INSERT INTO change_stamps (scope, stamp) VALUES ('{SCOPE}', {NEW_STAMP[dialect]})")
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION restamp_setup() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {_restamp(dialect)}; RETURN NULL; END $$"
        )
        for table in SETUP_TABLES:
            op.execute(
                f"CREATE TRIGGER trg_{table}_setup_changed AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION restamp_setup()"
            )
        return
    for table in SETUP_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_setup_changed_{event.lower()} AFTER {event} "
                f"ON {table} BEGIN {_restamp(dialect)}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SETUP_TABLES:
            op.execute(f"DROP TRIGGER trg_{table}_setup_changed ON {table}")
        op.execute("DROP FUNCTION restamp_setup()")
    else:
        for table in SETUP_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER trg_{table}_setup_changed_{event}")
    op.drop_table("change_stamps")
