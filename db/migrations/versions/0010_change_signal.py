"""change signal: every committed write a desk shows is heard by every process

Triggers on the tables a desk shows tell every process on the database what a committed
write touched: kinds (session, hold, setup, client, outbox) and, for sessions and holds, the
clinic dates (`db.change_signal`; docs/architecture.md, "Live changes"). Triggers rather
than application code, so writes from any process are heard: the jobs leader, an import, a
hand-made SQL fix.

PostgreSQL notifies channel `frontdesk_changes` from statement triggers; SQLite appends to
`desk_changes`, which its followers read after each change of `PRAGMA data_version`. The
table exists on PostgreSQL too (one schema for both), empty there.

A later table joins with one call in its own migration:
`change_signal.signal_table("payments", "payment", "paid_at")` (and `unsignal_table` in its
downgrade).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 19:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import change_signal

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
# table, kind, the column that places a row on a clinic day (None: no days)
SIGNALLED: tuple[tuple[str, str, str | None], ...] = (
    ("sessions", "session", "starts_at"),
    ("recurring_series", "session", None),
    ("booking_holds", "hold", "starts_at"),
    *((table, "setup", None) for table in (*SETUP_TABLES, "feed_tokens")),
    ("clients", "client", None),
    ("outbox", "outbox", None),
    ("notices", "outbox", None),
    ("sync_pauses", "outbox", None),
)


def upgrade() -> None:
    op.create_table(
        "desk_changes",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_desk_changes")),
        sqlite_autoincrement=True,
    )
    change_signal.install()
    for table, kind, day_column in SIGNALLED:
        change_signal.signal_table(table, kind, day_column)


def downgrade() -> None:
    for table, _kind, _day_column in SIGNALLED:
        change_signal.unsignal_table(table)
    change_signal.uninstall()
    op.drop_table("desk_changes")
