"""calendar identity of sessions, feed tokens and feed settings

Every session gets `calendar_uid`, its opaque identity in calendars (feeds and email
invites); a rescheduled session shares the one of the session it replaced, so existing moves
are linked here. `feed_tokens` holds the hashed tokens of subscribable feeds, and the clinic
settings gain the feed window, how long cancelled sessions stay listed, and whether blocked
times are published.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RANDOM_UID = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
}


def _give_sessions_calendar_uids() -> None:
    bind = op.get_bind()
    # ADD COLUMN (not a batch copy of the table): the SQLite overlap triggers stay in place.
    op.add_column(
        "sessions",
        sa.Column("calendar_uid", sa.String(length=32), nullable=False, server_default=""),
    )
    op.execute(f"UPDATE sessions SET calendar_uid = {RANDOM_UID[bind.dialect.name]}")
    # A chain of moves shares the first session's uid: copy one link further per pass.
    inherit = sa.text(
        "UPDATE sessions SET calendar_uid = (SELECT earlier.calendar_uid FROM sessions AS"
        " earlier WHERE earlier.id = sessions.rescheduled_from_id)"
        " WHERE rescheduled_from_id IS NOT NULL AND calendar_uid <> (SELECT"
        " earlier.calendar_uid FROM sessions AS earlier"
        " WHERE earlier.id = sessions.rescheduled_from_id)"
    )
    while bind.execute(inherit).rowcount:
        pass
    if bind.dialect.name == "postgresql":
        op.alter_column("sessions", "calendar_uid", server_default=None)
    op.create_index("ix_sessions_calendar_uid", "sessions", ["calendar_uid"], unique=False)


def upgrade() -> None:
    _give_sessions_calendar_uids()
    with op.batch_alter_table("clinic_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("feed_days_back", sa.Integer(), nullable=False, server_default="30")
        )
        batch_op.add_column(
            sa.Column("feed_days_ahead", sa.Integer(), nullable=False, server_default="180")
        )
        batch_op.add_column(
            sa.Column("feed_cancelled_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("feed_show_blocks", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_check_constraint("feed_days_back", "feed_days_back BETWEEN 0 AND 3650")
        batch_op.create_check_constraint("feed_days_ahead", "feed_days_ahead BETWEEN 1 AND 3650")
        batch_op.create_check_constraint(
            "feed_cancelled_days", "feed_cancelled_days BETWEEN 0 AND 365"
        )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content_etag", sa.String(length=64), nullable=True),
        sa.Column("content_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(scope = 'therapist' AND therapist_id IS NOT NULL AND room_id IS NULL)"
            " OR (scope = 'room' AND room_id IS NOT NULL AND therapist_id IS NULL)"
            " OR (scope = 'clinic' AND therapist_id IS NULL AND room_id IS NULL)",
            name=op.f("ck_feed_tokens_scope"),
        ),
        sa.CheckConstraint("length(token_hash) = 64", name=op.f("ck_feed_tokens_token_hash")),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_feed_tokens_room_id_rooms"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapists.id"],
            name=op.f("fk_feed_tokens_therapist_id_therapists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("feed_tokens")
    with op.batch_alter_table("clinic_settings", schema=None) as batch_op:
        batch_op.drop_constraint("feed_cancelled_days", type_="check")
        batch_op.drop_constraint("feed_days_ahead", type_="check")
        batch_op.drop_constraint("feed_days_back", type_="check")
        batch_op.drop_column("feed_show_blocks")
        batch_op.drop_column("feed_cancelled_days")
        batch_op.drop_column("feed_days_ahead")
        batch_op.drop_column("feed_days_back")
    op.drop_index("ix_sessions_calendar_uid", table_name="sessions")
    op.drop_column("sessions", "calendar_uid")
