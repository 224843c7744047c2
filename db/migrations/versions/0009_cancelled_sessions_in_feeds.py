"""cancelled sessions stay in feeds for 30 days; sessions indexed by what they replaced

SPEC F7 asks for cancelled sessions in feeds as `STATUS:CANCELLED`, so a subscriber that
holds the event sees it cancelled; until now `feed_cancelled_days` defaulted to 0 (they left
at once). The default becomes 30.

A database at 0 moves to 30, unless an admin turned cancellations off: an audited change of
the feed settings (`clinic.feed_settings`) that took `cancelled_days` from another value to
0. A 0 that was only ever the default, or that a clinic file carried (an export writes every
setting, defaults too), was nobody's choice. The move is audited as an admin's change would
be (actor `migration`). Any other value stays.

A feed lists a cancelled session only if no later session was rescheduled from it; with
cancellations listed by default that question is asked of every one of them, and without
an index on `sessions.rescheduled_from_id` each is a scan of every session (a booked-solid
therapist's feed with one session in ten cancelled took 1 s among 34,000 sessions on
SQLite). The index is added here.

The column's server default becomes 30 on PostgreSQL. SQLite cannot change a column's
default without rebuilding the table (and its setup-stamp triggers); the one settings row
is written by the app, with the model's default, so SQLite's DDL keeps 0 unused.

Downgrade drops the index, puts the PostgreSQL default back and leaves the values (30 is
valid there too).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 16:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_DEFAULT = 30

_audit = sa.table(
    "audit_log",
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("entity_type", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
)
_settings = sa.table("clinic_settings", sa.column("id", sa.Integer),
                     sa.column("feed_cancelled_days", sa.Integer))  # fmt: skip


def _admin_turned_them_off(connection: sa.Connection) -> bool:
    changes = connection.execute(
        sa.select(_audit.c.before, _audit.c.after).where(_audit.c.action == "clinic.feed_settings")
    )
    return any(
        (after or {}).get("cancelled_days") == 0 and (before or {}).get("cancelled_days") != 0
        for before, after in changes
    )


def upgrade() -> None:
    op.create_index("ix_sessions_rescheduled_from", "sessions", ["rescheduled_from_id"])
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.alter_column("clinic_settings", "feed_cancelled_days", server_default=str(NEW_DEFAULT))
    at_old_default = connection.scalar(
        sa.select(sa.func.count())
        .select_from(_settings)
        .where(_settings.c.feed_cancelled_days == 0)
    )
    if not at_old_default or _admin_turned_them_off(connection):
        return
    connection.execute(
        _settings.update()
        .where(_settings.c.feed_cancelled_days == 0)
        .values(feed_cancelled_days=NEW_DEFAULT)
    )
    connection.execute(
        _audit.insert().values(
            actor="migration",
            action="clinic.feed_settings",
            entity_type="clinic_settings",
            entity_id=1,
            before={"cancelled_days": 0},
            after={"cancelled_days": NEW_DEFAULT},
        )
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("clinic_settings", "feed_cancelled_days", server_default="0")
    op.drop_index("ix_sessions_rescheduled_from", table_name="sessions")
