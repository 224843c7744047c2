"""setup change counter

`change_counters` holds one counter per group of tables, raised by triggers in the same
transaction as any change to them, so a process can keep what it read of the clinic's setup
(settings, therapists, rooms, services, hours, date exceptions, blocks, external busy
times) and read
it again only once the counter has moved: every availability and booking then reads only
sessions and holds. Triggers rather than application code: an import, a setup edit, a
sync refresh or a hand-made SQL fix all move it alike. On PostgreSQL one trigger per
statement; SQLite has only row triggers.

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
BUMP = f"UPDATE change_counters SET counter = counter + 1 WHERE scope = '{SCOPE}'"


def upgrade() -> None:
    op.create_table(
        "change_counters",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_change_counters")),
    )
    op.execute(f"INSERT INTO change_counters (scope, counter) VALUES ('{SCOPE}', 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_setup_counter() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in SETUP_TABLES:
            op.execute(
                f"CREATE TRIGGER trg_{table}_setup_changed AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_counter()"
            )
        return
    for table in SETUP_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_setup_changed_{event.lower()} AFTER {event} "
                f"ON {table} BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SETUP_TABLES:
            op.execute(f"DROP TRIGGER trg_{table}_setup_changed ON {table}")
        op.execute("DROP FUNCTION bump_setup_counter()")
    else:
        for table in SETUP_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER trg_{table}_setup_changed_{event}")
    op.drop_table("change_counters")
