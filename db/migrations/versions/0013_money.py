"""money: payments, allocations, receipts, fees; a session's payment status derived

`payments` are money in (a payment) and out (a refund, a reversal), numbered `RC-YYYY-NNNNNN`
gapless per year (`receipt_counters`), never edited or deleted (triggers: only `client_id`, for
a merge, and `reference`, for an erasure, may be rewritten). `payment_allocations` set parts of
payments against sessions, append-only. Sessions keep their price (`amount_cents` becomes
`price_cents`) and gain the fee a late cancellation or no-show charged, and its waiver; their
typed `payment_status` goes: a session marked paid becomes a payment of its price allocated to
it, one marked refunded that payment and its refund (method `other`, taken by `migration`, at
the session's start or now, whichever is earlier; `db.legacy_payments`), once per reschedule
chain (its last session), released to credit for a cancelled or no-show session. The clinic gains its
currency and cancellation policy (docs/money.md).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 01:00:00

"""

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from db import change_signal
from db.legacy_payments import (
    LEGACY_METHOD,
    PAID_REFERENCE,
    REFUND_REASON,
    LegacySession,
    legacy_payments,
)

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGNALLED: tuple[tuple[str, str, str | None], ...] = (
    ("payments", "payment", "taken_at"),
    ("payment_allocations", "payment", None),
)

MIGRATION_ACTOR = "migration"

# Payments: only client_id (merge), reference (erasure, to NULL) and reason (erasure, to
# the literal '(erased)') may change.
_PAYMENT_KEPT = (
    "id",
    "receipt",
    "kind",
    "amount_cents",
    "method",
    "taken_by",
    "taken_at",
    "reverses_id",
    "created_at",
)
_SQLITE_TRIGGERS = [
    "CREATE TRIGGER trg_payments_no_update BEFORE UPDATE ON payments WHEN "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _PAYMENT_KEPT)
    + " OR (NEW.reference IS NOT OLD.reference AND NEW.reference IS NOT NULL)"
    " OR (NEW.reason IS NOT OLD.reason AND NEW.reason IS NOT '(erased)')"
    " BEGIN SELECT RAISE(ABORT, 'payments are never edited: reverse or refund'); END",
    "CREATE TRIGGER trg_payments_no_delete BEFORE DELETE ON payments "
    "BEGIN SELECT RAISE(ABORT, 'payments are never deleted: reverse or refund'); END",
    "CREATE TRIGGER trg_payment_allocations_no_update BEFORE UPDATE ON payment_allocations "
    "BEGIN SELECT RAISE(ABORT, 'payment allocations are append-only'); END",
    "CREATE TRIGGER trg_payment_allocations_no_delete BEFORE DELETE ON payment_allocations "
    "BEGIN SELECT RAISE(ABORT, 'payment allocations are append-only'); END",
]
_POSTGRES_TRIGGERS = [
    "CREATE FUNCTION payments_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN IF TG_OP = 'UPDATE' AND "
    + " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _PAYMENT_KEPT)
    + " AND (NEW.reference IS NOT DISTINCT FROM OLD.reference OR NEW.reference IS NULL)"
    " AND (NEW.reason IS NOT DISTINCT FROM OLD.reason OR NEW.reason = '(erased)')"
    " THEN RETURN NEW; END IF;"
    " RAISE EXCEPTION 'payments are never edited or deleted: reverse or refund'; END $$",
    "CREATE TRIGGER trg_payments_append_only BEFORE UPDATE OR DELETE ON payments "
    "FOR EACH ROW EXECUTE FUNCTION payments_refuse_change()",
    "CREATE TRIGGER trg_payments_no_truncate BEFORE TRUNCATE ON payments "
    "FOR EACH STATEMENT EXECUTE FUNCTION payments_refuse_change()",
    "CREATE FUNCTION payment_allocations_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'payment allocations are append-only'; END $$",
    "CREATE TRIGGER trg_payment_allocations_append_only BEFORE UPDATE OR DELETE "
    "ON payment_allocations FOR EACH ROW EXECUTE FUNCTION payment_allocations_refuse_change()",
    "CREATE TRIGGER trg_payment_allocations_no_truncate BEFORE TRUNCATE ON payment_allocations "
    "FOR EACH STATEMENT EXECUTE FUNCTION payment_allocations_refuse_change()",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS trg_payments_append_only ON payments",
    "DROP TRIGGER IF EXISTS trg_payments_no_truncate ON payments",
    "DROP TRIGGER IF EXISTS trg_payment_allocations_append_only ON payment_allocations",
    "DROP TRIGGER IF EXISTS trg_payment_allocations_no_truncate ON payment_allocations",
    "DROP FUNCTION IF EXISTS payments_refuse_change()",
    "DROP FUNCTION IF EXISTS payment_allocations_refuse_change()",
]


def _fee_columns(prefix: str) -> list[sa.Column]:
    # Plain text here; the CHECKs (the kinds among them) come from `_settings_checks`.
    return [
        sa.Column(f"{prefix}_fee_kind", sa.String(length=7), server_default="none", nullable=False),
        sa.Column(f"{prefix}_fee_value", sa.Integer(), server_default="0", nullable=False),
    ]


def _settings_checks() -> list[tuple[str, str]]:
    checks = [("ck_clinic_settings_currency", "length(currency) = 3")]
    for prefix in ("late_cancel", "no_show"):
        checks += [
            (
                f"ck_clinic_settings_{prefix}_fee_kind",
                f"{prefix}_fee_kind IN ('none', 'fixed', 'percent')",
            ),
            (
                f"ck_clinic_settings_{prefix}_fee",
                f"{prefix}_fee_value >= 0 AND ({prefix}_fee_kind <> 'percent' "
                f"OR {prefix}_fee_value <= 100)",
            ),
        ]
    return checks


_SESSION_CHECKS = [
    ("ck_sessions_fee", "fee_cents >= 0"),
    ("ck_sessions_fee_waiver", "fee_waiver_reason IS NULL OR fee_cents IS NOT NULL"),
]
_PAYMENT_STATUS_CHECK = (
    ", \n\tCONSTRAINT ck_sessions_payment_status CHECK "
    "(payment_status IN ('pending', 'paid', 'refunded'))"
)


def _constraints_sql(checks: list[tuple[str, str]]) -> str:
    return "".join(f", \n\tCONSTRAINT {name} CHECK ({condition})" for name, condition in checks)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for column in (
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        *_fee_columns("late_cancel"),
        *_fee_columns("no_show"),
    ):
        op.add_column("clinic_settings", column)
    if dialect == "sqlite":
        _sqlite_edit_table("clinic_settings", append=_constraints_sql(_settings_checks()))
    else:
        for name, condition in _settings_checks():
            op.create_check_constraint(op.f(name), "clinic_settings", condition)

    op.create_table(
        "receipt_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "last_number BETWEEN 0 AND 999999", name=op.f("ck_receipt_counters_range")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_receipt_counters")),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(length=14), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "payment",
                "refund",
                "reversal",
                name="payment_kind",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "cash",
                "card",
                "transfer",
                "other",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("taken_by", sa.String(length=64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "receipt LIKE 'RC-____-______' AND length(receipt) = 14",
            name=op.f("ck_payments_receipt_format"),
        ),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_payments_amount")),
        sa.CheckConstraint(
            "(kind = 'payment') = (reverses_id IS NULL)", name=op.f("ck_payments_reverses")
        ),
        sa.CheckConstraint(
            "kind = 'payment' OR reason IS NOT NULL", name=op.f("ck_payments_reason")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_payments_client_id_clients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["payments.id"],
            name=op.f("fk_payments_reverses_id_payments"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("receipt", name=op.f("uq_payments_receipt")),
    )
    op.create_index("ix_payments_client_taken", "payments", ["client_id", "taken_at"])
    op.create_index("ix_payments_taken_at", "payments", ["taken_at"])
    op.create_index("ix_payments_reverses_id", "payments", ["reverses_id"])
    op.create_table(
        "payment_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("amount_cents <> 0", name=op.f("ck_payment_allocations_amount")),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
            name=op.f("fk_payment_allocations_payment_id_payments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_payment_allocations_session_id_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_allocations")),
    )
    op.create_index("ix_payment_allocations_session", "payment_allocations", ["session_id"])
    op.create_index("ix_payment_allocations_payment", "payment_allocations", ["payment_id"])

    # Sessions: fees, the price renamed, the typed payment status moved into payments.
    op.add_column("sessions", sa.Column("fee_cents", sa.Integer(), nullable=True))
    op.add_column("sessions", sa.Column("fee_waived_by", sa.String(length=64), nullable=True))
    op.add_column("sessions", sa.Column("fee_waiver_reason", sa.String(length=500), nullable=True))
    _move_payment_status()
    if dialect == "sqlite":
        # SQLite drops a column its table's CHECK names only once the CHECK is gone; the
        # column is then dropped and renamed in place, so the table's triggers stay.
        _sqlite_edit_table(
            "sessions",
            replace=[
                (_PAYMENT_STATUS_CHECK, ""),
                (
                    "CONSTRAINT ck_sessions_amount CHECK (amount_cents >= 0)",
                    "CONSTRAINT ck_sessions_price CHECK (amount_cents >= 0)",
                ),
            ],
            append=_constraints_sql(_SESSION_CHECKS),
        )
        op.execute("ALTER TABLE sessions DROP COLUMN payment_status")
        op.execute("ALTER TABLE sessions RENAME COLUMN amount_cents TO price_cents")
    else:
        op.drop_constraint(op.f("ck_sessions_payment_status"), "sessions", type_="check")
        op.drop_column("sessions", "payment_status")
        op.alter_column("sessions", "amount_cents", new_column_name="price_cents")
        op.drop_constraint(op.f("ck_sessions_amount"), "sessions", type_="check")
        op.create_check_constraint(op.f("ck_sessions_price"), "sessions", "price_cents >= 0")
        for name, condition in _SESSION_CHECKS:
            op.create_check_constraint(op.f(name), "sessions", condition)

    for table, kind, day_column in SIGNALLED:
        change_signal.signal_table(table, kind, day_column)
    for statement in {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRES_TRIGGERS}[dialect]:
        op.execute(statement)


def _sqlite_edit_table(
    table: str, *, replace: Sequence[tuple[str, str]] = (), append: str = ""
) -> None:
    """Edit a table's CREATE statement in SQLite's schema (SQLite's documented way for a
    change the stored rows already meet, such as adding or removing a CHECK): each `replace`
    pair exactly once, `append` before the closing parenthesis."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    for old, new in replace:
        if sql.count(old) != 1:
            raise RuntimeError(f"the {table} table is not the one this revision expects")
        sql = sql.replace(old, new)
    closing = sql.rindex(")")
    sql = sql[:closing].rstrip() + append + "\n)"
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table)
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = bind.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"the {table} table's new definition was refused: {problems[:3]}")


def _move_payment_status() -> None:
    """A session typed paid becomes a payment of its price, allocated to it; one typed
    refunded, that payment and its refund (`db.legacy_payments`, the rule an old clinic
    file's `payment_status` is read by too): only the last session of a reschedule chain;
    a cancelled or no-show session's payment released to credit. No receipts exist yet."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, client_id, starts_at, amount_cents, payment_status, status,"
            " EXISTS (SELECT 1 FROM sessions AS later"
            "         WHERE later.rescheduled_from_id = sessions.id) AS superseded"
            " FROM sessions WHERE payment_status IN ('paid', 'refunded') AND amount_cents > 0"
            " ORDER BY starts_at, id"
        )
    ).all()
    zone_name = bind.execute(sa.text("SELECT timezone FROM clinic_settings")).scalar()
    zone = ZoneInfo(zone_name) if zone_name else UTC
    clients = {session_id: client_id for session_id, client_id, *_rest in rows}
    counters: dict[int, int] = {}
    planned = legacy_payments(
        [
            LegacySession(row[0], row[4], row[3], _aware(row[2]), row[5], bool(row[6]))
            for row in rows
        ],
        datetime.now(UTC),
        zone,
        counters,
    )

    payments = sa.table(
        "payments",
        sa.column("id", sa.Integer()),
        sa.column("receipt", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("client_id", sa.Integer()),
        sa.column("amount_cents", sa.Integer()),
        sa.column("method", sa.String()),
        sa.column("reference", sa.String()),
        sa.column("taken_by", sa.String()),
        sa.column("taken_at", sa.DateTime(timezone=True)),
        sa.column("reverses_id", sa.Integer()),
        sa.column("reason", sa.String()),
    )
    allocations = sa.table(
        "payment_allocations",
        sa.column("payment_id", sa.Integer()),
        sa.column("session_id", sa.Integer()),
        sa.column("amount_cents", sa.Integer()),
        sa.column("created_by", sa.String()),
    )

    def write(values: dict[str, object], session_id: object, rows: tuple[int, ...]) -> int:
        row = {"client_id": clients[session_id], "method": LEGACY_METHOD,
               "taken_by": MIGRATION_ACTOR, **values}  # fmt: skip
        payment_id = bind.execute(payments.insert().values(**row).returning(payments.c.id))
        new_id = int(payment_id.scalar_one())
        for cents in rows:
            bind.execute(
                allocations.insert().values(
                    payment_id=new_id,
                    session_id=session_id,
                    amount_cents=cents,
                    created_by=MIGRATION_ACTOR,
                )
            )
        return new_id

    for legacy in planned:
        paid_id = write(
            {"receipt": legacy.receipt, "kind": "payment", "amount_cents": legacy.amount_cents,
             "reference": PAID_REFERENCE, "taken_at": legacy.taken_at},
            legacy.session,
            legacy.paid_rows,
        )  # fmt: skip
        if legacy.refund_receipt is not None:
            write(
                {"receipt": legacy.refund_receipt, "kind": "refund",
                 "amount_cents": legacy.amount_cents, "taken_at": legacy.taken_at,
                 "reverses_id": paid_id, "reason": REFUND_REASON},
                legacy.session,
                legacy.refund_rows,
            )  # fmt: skip
    if counters:
        op.bulk_insert(
            sa.table(
                "receipt_counters",
                sa.column("year", sa.Integer()),
                sa.column("last_number", sa.Integer()),
            ),
            [{"year": year, "last_number": last} for year, last in sorted(counters.items())],
        )


def _aware(value: datetime | str) -> datetime:
    """SQLite hands timestamps back as text; both databases store UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in _POSTGRES_DROP:
            op.execute(statement)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute("DROP TRIGGER IF EXISTS " + statement.split()[2])
    for table, _kind, _day_column in SIGNALLED:
        change_signal.unsignal_table(table)
    op.execute("ALTER TABLE sessions RENAME COLUMN price_cents TO amount_cents")
    op.add_column(
        "sessions",
        sa.Column("payment_status", sa.String(length=8), server_default="pending", nullable=False),
    )
    # A session paid in full (net of refunds) goes back to "paid", one refunded to "refunded".
    op.execute(
        "UPDATE sessions SET payment_status = CASE"
        " WHEN NOT EXISTS (SELECT 1 FROM payment_allocations AS a"
        "                  WHERE a.session_id = sessions.id) THEN 'pending'"
        " WHEN (SELECT SUM(amount_cents) FROM payment_allocations AS a"
        "       WHERE a.session_id = sessions.id) >= amount_cents THEN 'paid'"
        " WHEN EXISTS (SELECT 1 FROM payment_allocations AS a WHERE a.session_id = sessions.id"
        "              AND a.amount_cents < 0) THEN 'refunded'"
        " ELSE 'pending' END"
    )
    op.drop_table("payment_allocations")
    # SQLite empties a table it drops row by row, checking each: refunds before what they
    # refund, or the drop is refused (its guard triggers are already gone).
    op.execute("DELETE FROM payments WHERE reverses_id IS NOT NULL")
    op.drop_table("payments")
    op.drop_table("receipt_counters")
    if dialect == "sqlite":
        _sqlite_edit_table(
            "sessions",
            replace=[
                (_constraints_sql(_SESSION_CHECKS), ""),
                (
                    "CONSTRAINT ck_sessions_price CHECK (amount_cents >= 0)",
                    "CONSTRAINT ck_sessions_amount CHECK (amount_cents >= 0)",
                ),
            ],
            append=_PAYMENT_STATUS_CHECK,
        )
        _sqlite_edit_table("clinic_settings", replace=[(_constraints_sql(_settings_checks()), "")])
    else:
        for name, _condition in _SESSION_CHECKS:
            op.drop_constraint(op.f(name), "sessions", type_="check")
        op.drop_constraint(op.f("ck_sessions_price"), "sessions", type_="check")
        op.create_check_constraint(op.f("ck_sessions_amount"), "sessions", "amount_cents >= 0")
        op.create_check_constraint(
            op.f("ck_sessions_payment_status"),
            "sessions",
            "payment_status IN ('pending', 'paid', 'refunded')",
        )
        for name, _condition in _settings_checks():
            op.drop_constraint(op.f(name), "clinic_settings", type_="check")
    # Both databases drop a column in place (SQLite: its CHECKs gone above, triggers kept).
    for column in ("fee_waiver_reason", "fee_waived_by", "fee_cents"):
        op.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
    for column in (
        "no_show_fee_value",
        "no_show_fee_kind",
        "late_cancel_fee_value",
        "late_cancel_fee_kind",
        "currency",
    ):
        op.execute(f"ALTER TABLE clinic_settings DROP COLUMN {column}")
