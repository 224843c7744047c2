"""The change signal: triggers that tell every process on the database what a committed write
touched, whoever wrote it (a desk, the jobs leader, an import, a hand-made SQL fix).

Each signalled table names a kind the desks refresh by (`session`, `hold`, `setup`, ...) and,
for tables whose rows lie on a clinic day, the column that places a row on its day
(docs/architecture.md, "Live changes"). What a listener hears:

- PostgreSQL: `NOTIFY frontdesk_changes` with the payload `<transaction id> <kind>[ <day>]`,
  the clinic date computed in the trigger in the clinic's zone. Statement triggers with
  transition tables: one call per statement, not per row (on a bare table a row trigger cost
  3 times as much on a 100,000-row INSERT ... SELECT), and PostgreSQL drops identical
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

# PostgreSQL: any table, no days. TG_ARGV[0] is the kind. Static SQL only: PL/pgSQL keeps
# its plans, where EXECUTE would plan again on every statement (4 times the cost).
_SIGNAL = f"""
CREATE FUNCTION desk_signal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched boolean := true;
BEGIN
    -- one branch per event: a transition table the event lacks cannot even be named
    IF TG_OP = 'DELETE' THEN
        touched := EXISTS (SELECT FROM old_rows);
    ELSIF TG_OP <> 'TRUNCATE' THEN
        touched := EXISTS (SELECT FROM new_rows);
    END IF;
    IF touched THEN
        PERFORM pg_notify('{CHANNEL}', pg_current_xact_id()::text || ' ' || TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$
"""

# PostgreSQL: a table whose rows lie on a day, by the timestamp column COLUMN (one function
# per column name, static SQL as above). TG_ARGV[0] is the kind; the day is the column's date
# in the clinic's zone. Without a clinic (no settings row) or with a zone PostgreSQL does not
# know, the change is still signalled, without days (a listener reads that as "any day"): a
# signal must never make a write fail.
_SIGNAL_DAYS = f"""
CREATE OR REPLACE FUNCTION desk_signal_days_COLUMN() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text;
    days date[];
    day date;
    prefix text;
BEGIN
    SELECT timezone INTO zone FROM clinic_settings WHERE id = 1;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            days := ARRAY(SELECT DISTINCT (COLUMN AT TIME ZONE zone)::date FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
            days := ARRAY(SELECT DISTINCT (COLUMN AT TIME ZONE zone)::date FROM old_rows);
        ELSE
            days := ARRAY(
                SELECT DISTINCT (changed.at AT TIME ZONE zone)::date FROM (
                    SELECT COLUMN AS at FROM old_rows UNION ALL SELECT COLUMN FROM new_rows
                ) AS changed);
        END IF;
    EXCEPTION WHEN invalid_parameter_value THEN
        days := ARRAY[NULL::date];  -- rows were there: the zone was applied to one
    END;
    FOREACH day IN ARRAY days LOOP
        prefix := coalesce(prefix, pg_current_xact_id()::text || ' ' || TG_ARGV[0]);
        PERFORM pg_notify('{CHANNEL}', prefix || coalesce(' ' || day::text, ''));
    END LOOP;
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
        return
    op.execute(
        f"CREATE TRIGGER trg_{CHANGE_TABLE}_prune AFTER INSERT ON {CHANGE_TABLE} "
        f"WHEN NEW.seq % {PRUNE_EVERY} = 0 "
        f"BEGIN DELETE FROM {CHANGE_TABLE} WHERE seq <= NEW.seq - {KEEP_ROWS}; END"
    )


def uninstall() -> None:
    if _dialect() == "postgresql":
        # desk_signal() and every column's desk_signal_days_<column>()
        op.execute(
            "DO $$ DECLARE f regprocedure; BEGIN"
            " FOR f IN SELECT oid::regprocedure FROM pg_proc WHERE proname = 'desk_signal'"
            " OR proname LIKE 'desk\\_signal\\_days\\_%' LOOP EXECUTE 'DROP FUNCTION ' || f;"
            " END LOOP; END $$"
        )
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
        op.execute(_SIGNAL_DAYS.replace("COLUMN", day_column))
        function = f"desk_signal_days_{day_column}('{kind}')"
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
