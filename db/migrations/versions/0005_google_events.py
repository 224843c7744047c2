"""google events: where each booking lives in a therapist's Google calendar

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "google_events",
        sa.Column("calendar_uid", sa.String(length=32), nullable=False),
        sa.Column("calendar_id", sa.String(length=254), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("calendar_uid", "calendar_id", name=op.f("pk_google_events")),
    )


def downgrade() -> None:
    op.drop_table("google_events")
