"""occupancy guards and external busy times

Sessions get `busy_from`/`busy_until` (the session widened by the therapist's buffers) so
that the database itself can refuse double booking: exclusion constraints on PostgreSQL
(btree_gist, tstzrange), triggers on SQLite. Three guards, for non-cancelled sessions:
therapist occupancy including buffers, room occupancy and client occupancy.
`tstzrange(starts_at - interval ...)` is not immutable, hence stored columns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:17:32.291951

"""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# scope column, range start, range end, message (the name says which guard refused)
GUARDS = {
    "therapist": ("therapist_id", "busy_from", "busy_until"),
    "room": ("room_id", "starts_at", "ends_at"),
    "client": ("client_id", "starts_at", "ends_at"),
}


def _postgres_guards() -> list[str]:
    return [
        "CREATE EXTENSION IF NOT EXISTS btree_gist",
        *(
            f"ALTER TABLE sessions ADD CONSTRAINT ex_sessions_{name}_overlap EXCLUDE USING gist "
            f"({scope} WITH =, tstzrange({start}, {end}) WITH &&) "
            "WHERE (status <> 'cancelled')"
            for name, (scope, start, end) in GUARDS.items()
        ),
    ]


def _sqlite_guards() -> list[str]:
    statements = []
    for name, (scope, start, end) in GUARDS.items():
        # Sessions (with buffers) never last two days, so the lower bound only narrows the
        # index range scan; timestamps are stored in one text format and compare as text.
        condition = (
            f"NEW.status <> 'cancelled' AND NEW.{scope} IS NOT NULL AND EXISTS ("
            f"SELECT 1 FROM sessions AS other WHERE other.{scope} = NEW.{scope}"
            " AND other.status <> 'cancelled'"
            f" AND other.{start} < NEW.{end} AND NEW.{start} < other.{end}"
            f" AND other.{start} > datetime(NEW.{start}, '-2 days')"
            "{extra})"
        )
        for event, extra in (
            ("INSERT", ""),
            (f"UPDATE OF {scope}, {start}, {end}, status", " AND other.id <> NEW.id"),
        ):
            statements.append(
                f"CREATE TRIGGER trg_sessions_{name}_overlap_{event.split()[0].lower()} "
                f"BEFORE {event} ON sessions WHEN {condition.format(extra=extra)} "
                f"BEGIN SELECT RAISE(ABORT, 'ex_sessions_{name}_overlap'); END"
            )
    return statements


def _fill_busy_columns() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT s.id, s.starts_at, s.ends_at, t.buffer_before_minutes, t.buffer_after_minutes"
            " FROM sessions AS s JOIN therapists AS t ON t.id = s.therapist_id"
        )
    ).all()
    column = sa.DateTime(timezone=True)
    update = sa.text(
        "UPDATE sessions SET busy_from = :busy_from, busy_until = :busy_until WHERE id = :id"
    ).bindparams(sa.bindparam("busy_from", type_=column), sa.bindparam("busy_until", type_=column))
    for session_id, starts_at, ends_at, before, after in rows:
        # SQLite hands raw timestamps back as naive UTC text; PostgreSQL as aware datetimes.
        start = datetime.fromisoformat(starts_at) if isinstance(starts_at, str) else starts_at
        end = datetime.fromisoformat(ends_at) if isinstance(ends_at, str) else ends_at
        bind.execute(
            update,
            {
                "id": session_id,
                "busy_from": start - timedelta(minutes=before),
                "busy_until": end + timedelta(minutes=after),
            },
        )


def upgrade() -> None:
    op.create_table(
        "external_busy_times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column(
            "fetched_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_external_busy_times_range")),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapists.id"],
            name=op.f("fk_external_busy_times_therapist_id_therapists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_busy_times")),
    )
    with op.batch_alter_table("external_busy_times", schema=None) as batch_op:
        batch_op.create_index(
            "ix_external_busy_times_therapist_start", ["therapist_id", "starts_at"], unique=False
        )

    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("busy_from", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("busy_until", sa.DateTime(timezone=True), nullable=True))
    _fill_busy_columns()
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.alter_column("busy_from", nullable=False)
        batch_op.alter_column("busy_until", nullable=False)
        batch_op.create_check_constraint(
            "busy_range", "busy_from <= starts_at AND busy_until >= ends_at"
        )
        batch_op.create_index(
            "ix_sessions_therapist_busy", ["therapist_id", "busy_from"], unique=False
        )

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _sqlite_guards, "postgresql": _postgres_guards}[dialect]():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in GUARDS:
            op.execute(f"ALTER TABLE sessions DROP CONSTRAINT ex_sessions_{name}_overlap")
    else:
        for name in GUARDS:
            for event in ("insert", "update"):
                op.execute(f"DROP TRIGGER trg_sessions_{name}_overlap_{event}")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_therapist_busy")
        batch_op.drop_constraint("busy_range", type_="check")
        batch_op.drop_column("busy_until")
        batch_op.drop_column("busy_from")

    with op.batch_alter_table("external_busy_times", schema=None) as batch_op:
        batch_op.drop_index("ix_external_busy_times_therapist_start")

    op.drop_table("external_busy_times")
