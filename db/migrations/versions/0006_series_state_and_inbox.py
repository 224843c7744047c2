"""series state and the front desk's inbox

A series says which monthly rule it follows (same day of the month, or same weekday
ordinal), since when it is paused, and from which date a resumed series generates again
(no backfill). `notices` is the inbox: one row per thing the front desk should look at;
a recurring conflict is unique per series and date, so a re-run never files it twice.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:15:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recurring_series", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "monthly_mode",
                sa.String(length=16),
                nullable=False,
                server_default="day_of_month",
            )
        )
        batch_op.add_column(sa.Column("paused_since", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("resume_from", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            "monthly_mode", "monthly_mode IN ('day_of_month', 'weekday')"
        )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["recurring_series.id"],
            name=op.f("fk_notices_series_id_recurring_series"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_notices_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint(
            "kind",
            "series_id",
            "occurrence_date",
            name=op.f("uq_notices_kind_series_id_occurrence_date"),
        ),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index("ix_notices_open", ["done_at", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index("ix_notices_open")
    op.drop_table("notices")
    with op.batch_alter_table("recurring_series", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_recurring_series_monthly_mode"), type_="check")
        batch_op.drop_column("resume_from")
        batch_op.drop_column("paused_since")
        batch_op.drop_column("monthly_mode")
