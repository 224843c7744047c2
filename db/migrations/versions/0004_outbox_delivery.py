"""outbox delivery: superseded rows, paused targets

The worker delivers only the newest change of a booking to each target; older rows become
`superseded`. A target whose credentials were refused is paused (`sync_pauses`) until
someone reconnects it, instead of burning retries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("pending", "in_progress", "delivered", "failed")
AFTER = (*BEFORE, "superseded")


def _status_check(values: tuple[str, ...]) -> None:
    allowed = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_outbox_status"), type_="check")
        batch_op.create_check_constraint("outbox_status", f"status IN ({allowed})")


def upgrade() -> None:
    _status_check(AFTER)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_session_target", ["session_id", "target"], unique=False)
    op.create_table(
        "sync_pauses",
        sa.Column("target", sa.String(length=32), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("target", name=op.f("pk_sync_pauses")),
    )


def downgrade() -> None:
    op.drop_table("sync_pauses")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_session_target")
    op.execute("UPDATE outbox SET status = 'delivered' WHERE status = 'superseded'")
    _status_check(BEFORE)
