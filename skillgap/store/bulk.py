"""Many-row INSERTs and UPDATEs at the driver's speed.

SQLAlchemy's executemany builds a full parameter dict per row and runs every column's
processors through it; for tens of thousands of postings or mentions that costs more than
SQLite's own work. On SQLite this compiles a statement once, applies only its binds' real
processors (dates, booleans) and hands plain tuples to the driver's executemany, in the
caller's transaction. On PostgreSQL (psycopg) inserts are one COPY stream in the caller's
transaction; updates, and other databases, keep SQLAlchemy's path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

Processor = Callable[[Any], Any]
# (SQL, bind names in order, (position, processor) pairs, values bound in the statement)
Plan = tuple[str, tuple[str, ...], tuple[tuple[int, Processor], ...], dict[str, Any]]


def _fast(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite" and conn.dialect.paramstyle == "qmark"


def _plan(stmt: Any, dialect: Dialect, keys: list[str] | None) -> Plan:
    compiled = stmt.compile(dialect=dialect, column_keys=keys)
    order = tuple(compiled.positiontup or ())
    processors = compiled._bind_processors  # name -> processor, only binds that have one
    procs = tuple((i, processors[name]) for i, name in enumerate(order) if name in processors)
    # values written into the statement itself (`.values(closed_at=None)`)
    bound = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
    return str(compiled), order, procs, bound


@lru_cache(maxsize=64)  # per (table, columns, engine's dialect)
def _insert_plan(table: Table, keys: tuple[str, ...], dialect: Dialect) -> Plan:
    return _plan(table.insert(), dialect, list(keys))


@lru_cache(maxsize=64)  # per (module-level statement, engine's dialect)
def _statement_plan(stmt: Executable, dialect: Dialect) -> Plan:
    return _plan(stmt, dialect, None)


def _run(conn: Connection, plan: Plan, rows: Sequence[dict[str, Any]]) -> None:
    sql, order, procs, bound = plan
    missing = [name for name in order if name not in rows[0] and name not in bound]
    if missing:
        raise ValueError(f"bulk statement lacks values for {missing}")
    fixed = {name: bound[name] for name in order if name not in rows[0]}
    params = []
    # the last value each processor saw: a run's timestamps are one object on every row
    last: list[tuple[Any, Any]] = [(object(), None)] * len(procs)
    for row in rows:
        values = [row[name] for name in order] if not fixed else [
            row[name] if name in row else fixed[name] for name in order]  # fmt: skip
        for k, (i, proc) in enumerate(procs):
            value = values[i]
            seen, out = last[k]
            if value is not seen:
                out = proc(value)
                last[k] = (value, out)
            values[i] = out
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)


def _copyable(conn: Connection, table: Table, keys: Sequence[str]) -> bool:
    """PostgreSQL through psycopg, and no column left out has a default made in Python."""
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return False
    return all(c.default is None for c in table.columns if c.key not in keys)


def _copy(
    conn: Connection, table: Table, keys: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """COPY ... FROM STDIN on the connection's own transaction: one stream, not a statement
    per row. Each value goes through its column type's bind processor, as an INSERT would."""
    cols = [table.c[k] for k in keys]
    procs = [c.type._cached_bind_processor(conn.dialect) for c in cols]
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c.name) for c in cols)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    dbapi = conn.dialect.loaded_dbapi
    try:
        with driver.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[k] if proc is None else proc(row[k])
                                for k, proc in zip(keys, procs, strict=True)])  # fmt: skip
    except dbapi.Error as exc:  # as SQLAlchemy raises it (IntegrityError...): callers retry
        raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect) from exc


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys) into `table` inside the open transaction."""
    if not rows:
        return
    keys = tuple(sorted(rows[0]))
    if _copyable(conn, table, keys):
        _copy(conn, table, keys, rows)
        return
    if not _fast(conn):
        conn.execute(table.insert(), list(rows))
        return
    _run(conn, _insert_plan(table, keys, conn.dialect), rows)


def execute_many(conn: Connection, stmt: Executable, rows: Sequence[dict[str, Any]]) -> None:
    """Run a statement built once at module level (binds named by bindparam, no literal
    values) for each of `rows` inside the open transaction."""
    if not rows:
        return
    if not _fast(conn):
        conn.execute(stmt, list(rows))
        return
    _run(conn, _statement_plan(stmt, conn.dialect), rows)
