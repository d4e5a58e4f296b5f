"""What the Alembic revisions do, each step only when it is missing: add a column, make a
table or an index, fill a new column from the existing ones a batch at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

BACKFILL_BATCH = 1000


def _inspector() -> Any:
    return sa.inspect(op.get_bind())


def has_table(name: str) -> bool:
    return bool(_inspector().has_table(name))


def columns_of(table: str) -> set[str]:
    return {c["name"] for c in _inspector().get_columns(table)}


def add_missing_columns(table: str, columns: list[sa.Column[Any]]) -> None:
    """Add the columns the table does not have yet (a store half-way there is repaired)."""
    have = columns_of(table)
    missing = [c for c in columns if c.name not in have]
    if missing:
        with op.batch_alter_table(table) as batch:
            for column in missing:
                batch.add_column(column)


def create_missing_table(name: str, *columns: Any) -> None:
    if not has_table(name):
        op.create_table(name, *columns)


def create_missing_index(name: str, table: str, columns: list[str]) -> None:
    if name not in {i["name"] for i in _inspector().get_indexes(table)}:
        op.create_index(name, table, columns)


def backfill(
    column: str, compute: Callable[[dict[str, Any]], str | None], reads: tuple[str, ...]
) -> None:
    """Fill `postings.column` where it is NULL, from other columns, in id order."""
    conn = op.get_bind()
    p = sa.table("postings", sa.column("id"), sa.column(column), *(sa.column(r) for r in reads))
    set_value = (
        sa.update(p).where(p.c.id == sa.bindparam("pid")).values({column: sa.bindparam("value")})
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(p.c.id, *(p.c[r] for r in reads))
            .where(p.c.id > last, p.c[column].is_(None))
            .order_by(p.c.id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            return
        params = [{"pid": r.id, "value": compute(dict(r._mapping))} for r in rows]
        conn.execute(set_value, params)
        last = rows[-1].id
