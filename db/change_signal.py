"""The change signal: triggers that tell every process on the database what a committed write
touched, whoever wrote it (a desk, the jobs leader, an import, a hand-made SQL fix).

Each signalled table names a kind the desks refresh by (`session`, `hold`, `setup`, ...) and,
for tables whose rows lie on a clinic day, the column that places a row on its day
(docs/architecture.md, "Live changes"). What a listener hears:

- PostgreSQL: `NOTIFY frontdesk_changes` with the payload `<transaction id> <kind>[ <day>]`,
  the clinic date computed in the trigger in the clinic's zone. Statement triggers with
  transition tables: one call per statement, not per row, and PostgreSQL drops identical
  payloads of one transaction, so an import of 100,000 sessions sends at most one
  notification per kind and day. A statement that touched no row sends nothing (the outbox
  worker's claim that finds nothing due stays silent).
- SQLite: a row in `desk_changes` (kind, and the row's UTC instant for kinds with days) per
  row written; a follower polls `PRAGMA data_version` and reads the rows after the last one
  it read. Every PRUNE_EVERY-th row deletes those more than KEEP_ROWS behind, so the table
  stays small; a follower that finds rows missing reports a missed change.

A migration calls these functions with alembic's `op` in scope. Their SQL is part of every
migration that called them: change it only in a way that keeps old revisions' meaning (a
new function for a new shape).
"""

from __future__ import annotations

from alembic import op

CHANNEL = "frontdesk_changes"
CHANGE_TABLE = "desk_changes"
KEEP_ROWS = 10_000
PRUNE_EVERY = 1_000

_EVENTS = ("insert", "update", "delete")

# PostgreSQL: any table, no days. TG_ARGV[0] is the kind.
_SIGNAL = f"""
CREATE FUNCTION desk_signal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched boolean := true;
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE 'SELECT EXISTS (SELECT FROM old_rows)' INTO touched;
    ELSIF TG_OP <> 'TRUNCATE' THEN
        EXECUTE 'SELECT EXISTS (SELECT FROM new_rows)' INTO touched;
    END IF;
    IF touched THEN
        PERFORM pg_notify('{CHANNEL}', pg_current_xact_id()::text || ' ' || TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$
"""

# PostgreSQL: a table whose rows lie on a day. TG_ARGV[0] is the kind, TG_ARGV[1] the
# timestamp column; the day is its date in the clinic's zone. Without a clinic (no settings
# row) or with a zone PostgreSQL does not know, the change is still signalled, without days
# (a listener reads that as "any day"): a signal must never make a write fail.
_SIGNAL_DAYS = f"""
CREATE FUNCTION desk_signal_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prefix text;
    changed text;
    zone text;
    day date;
    touched boolean;
BEGIN
    changed := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT %1$I AS at FROM new_rows', TG_ARGV[1])
        WHEN 'DELETE' THEN format('SELECT %1$I AS at FROM old_rows', TG_ARGV[1])
        ELSE format(
            'SELECT %1$I AS at FROM old_rows UNION ALL SELECT %1$I FROM new_rows', TG_ARGV[1])
    END;
    SELECT timezone INTO zone FROM clinic_settings WHERE id = 1;
    BEGIN
        FOR day IN EXECUTE format(
            'SELECT DISTINCT (at AT TIME ZONE $1)::date FROM (%s) AS changed', changed)
            USING zone
        LOOP
            prefix := coalesce(prefix, pg_current_xact_id()::text || ' ' || TG_ARGV[0]);
            PERFORM pg_notify('{CHANNEL}', prefix || coalesce(' ' || day::text, ''));
        END LOOP;
    EXCEPTION WHEN invalid_parameter_value THEN
        EXECUTE format('SELECT EXISTS (%s)', changed) INTO touched;
        IF touched THEN
            PERFORM pg_notify('{CHANNEL}', pg_current_xact_id()::text || ' ' || TG_ARGV[0]);
        END IF;
    END;
    RETURN NULL;
END $$
"""


def _dialect() -> str:
    return str(op.get_bind().dialect.name)


def install() -> None:
    """What every signalled table's triggers use: the trigger functions (PostgreSQL) or the
    pruning of the change table (SQLite). The change table itself is the migration's."""
    if _dialect() == "postgresql":
        op.execute(_SIGNAL)
        op.execute(_SIGNAL_DAYS)
        return
    op.execute(
        f"CREATE TRIGGER trg_{CHANGE_TABLE}_prune AFTER INSERT ON {CHANGE_TABLE} "
        f"WHEN NEW.seq % {PRUNE_EVERY} = 0 "
        f"BEGIN DELETE FROM {CHANGE_TABLE} WHERE seq <= NEW.seq - {KEEP_ROWS}; END"
    )


def uninstall() -> None:
    if _dialect() == "postgresql":
        op.execute("DROP FUNCTION desk_signal_days()")
        op.execute("DROP FUNCTION desk_signal()")
    else:
        op.execute(f"DROP TRIGGER trg_{CHANGE_TABLE}_prune")


def signal_table(table: str, kind: str, day_column: str | None = None) -> None:
    """Every committed write to `table` is heard as a change of `kind`, on the clinic days of
    `day_column` (a UTC timestamp column; None: the kind has no days). The one call a
    migration makes for a new table (after `install`, which migration 0010 made)."""
    if _dialect() == "postgresql":
        _signal_table_postgresql(table, kind, day_column)
    else:
        _signal_table_sqlite(table, kind, day_column)


def unsignal_table(table: str) -> None:
    if _dialect() == "postgresql":
        for event in (*_EVENTS, "truncate"):
            op.execute(f"DROP TRIGGER trg_{table}_signal_{event} ON {table}")
    else:
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER trg_{table}_signal_{event}")


def _signal_table_postgresql(table: str, kind: str, day_column: str | None) -> None:
    function = f"desk_signal('{kind}')"
    if day_column is not None:
        function = f"desk_signal_days('{kind}', '{day_column}')"
    transition_tables = {
        "insert": "NEW TABLE AS new_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
    }
    for event, referencing in transition_tables.items():
        # one event per trigger: PostgreSQL's rule for triggers with transition tables
        op.execute(
            f"CREATE TRIGGER trg_{table}_signal_{event} AFTER {event.upper()} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}"
        )
    op.execute(
        f"CREATE TRIGGER trg_{table}_signal_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION desk_signal('{kind}')"
    )


def _signal_table_sqlite(table: str, kind: str, day_column: str | None) -> None:
    insert = f"INSERT INTO {CHANGE_TABLE} (kind, starts_at)"
    if day_column is None:
        rows = dict.fromkeys(_EVENTS, f"VALUES ('{kind}', NULL)")
    else:
        rows = {
            "insert": f"VALUES ('{kind}', NEW.{day_column})",
            # UNION: a row that kept its time gives one change row, not two
            "update": f"SELECT '{kind}', OLD.{day_column} UNION SELECT '{kind}', NEW.{day_column}",
            "delete": f"VALUES ('{kind}', OLD.{day_column})",
        }
    for event in _EVENTS:
        op.execute(
            f"CREATE TRIGGER trg_{table}_signal_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN {insert} {rows[event]}; END"
        )
