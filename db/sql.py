"""Portable SQL expressions the dialects spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[int]):  # noqa: N801 (reads like the SQL function it is)
    """Whole seconds since 1970 of a UTC timestamp column, computed by the database: hot
    loaders get plain integers and skip building a datetime per row."""

    type = BigInteger()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # Timestamps are stored as naive UTC text, which both functions read as UTC;
    # unixepoch() (SQLite 3.38+) is a third faster than strftime('%s').
    column = compiler.process(element.clauses, **kw)
    version = getattr(compiler.dialect.dbapi, "sqlite_version_info", (0,))
    if version >= (3, 38):
        return f"unixepoch({column})"
    return f"CAST(strftime('%s', {column}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS BIGINT)"


@compiles(epoch_seconds)
def _epoch_generic(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # Only for printing a statement; real databases use the dialect versions above.
    return f"epoch_seconds({compiler.process(element.clauses, **kw)})"
