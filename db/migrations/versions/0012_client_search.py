"""clients: a search text kept by triggers, and its index

`clients.search_text` holds the name, email, key and phone digits folded (case and accents),
written by triggers whoever writes a client (db/search_text.py), compared byte by byte. A
B-tree index answers "starts with" in order; on PostgreSQL a trigram index (`pg_trgm`, a
trusted extension: the database's owner may create it) answers `LIKE '%...%'` too, where
SQLite scans the short column in the B-tree's order.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import change_signal, search_text

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # SQLite adds the column in place (ALTER TABLE): the table's triggers stay
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "search_text",
                sa.Text().with_variant(sa.Text(collation="C"), "postgresql"),
                server_default="",
                nullable=False,
            )
        )
    search_text.install()
    op.create_index(
        "ix_clients_search_text", "clients", ["search_text", "archived_at"], unique=False
    )
    # SQLite has no trigram index: its twin of this one stays empty
    op.create_index(
        "ix_clients_search_trigrams",
        "clients",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
        sqlite_where=sa.text("0"),
    )


def downgrade() -> None:
    # The extension stays: it may have been there before, or serve something else.
    op.drop_index("ix_clients_search_trigrams", table_name="clients")
    op.drop_index("ix_clients_search_text", table_name="clients")
    search_text.uninstall()
    # SQLite drops a column by copying the table, which loses its triggers: signal again
    change_signal.unsignal_table("clients")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("search_text")
    change_signal.signal_table("clients", "client", None)
