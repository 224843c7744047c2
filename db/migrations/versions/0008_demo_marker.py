"""demo marker

`clinic_settings.demo` says that `frontdesk demo` built this clinic, so the sign-in dialog
may name the demo's users and passwords; it is never guessed from names, and no clinic file
can set it. Existing clinics are real clinics (false).

A plain ADD and DROP COLUMN, not a batch: SQLite changes the table in place, where a batch
would recreate it and drop the setup stamp's triggers on it (0007).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 16:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "clinic_settings",
        sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("clinic_settings", "demo")  # SQLite 3.35+ drops it in place too
