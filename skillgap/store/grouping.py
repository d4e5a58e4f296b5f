"""Duplicate groups in the store: the postings to compare, and the groups written back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from skillgap.store.bulk import execute_many, insert_many
from skillgap.store.dedupe import GroupResult, find_groups
from skillgap.store.postings import SET_GROUP
from skillgap.store.schema import dup_groups, postings

p = postings
Params = list[dict[str, Any]]
_SET_GROUPED = update(p).where(p.c.id == bindparam("b_id")).values(grouped_hash=bindparam("b_hash"))


def read_for_grouping(conn: Connection) -> list[Any]:
    return list(conn.execute(
        select(p.c.id, p.c.title, p.c.description_text, p.c.text_fingerprint,
               p.c.dup_group, p.c.input_hash, p.c.grouped_hash).order_by(p.c.id)
    ).all())  # fmt: skip


def ungrouped(conn: Connection) -> int:
    """Postings new or changed since the last grouping that finished: their `grouped_hash` is
    set to `input_hash` in the same transaction that writes the groups, so a grouping cut
    short (killed, stopped) leaves them counted here and the next run groups them."""
    stale = p.c.grouped_hash.is_(None) | (p.c.grouped_hash != p.c.input_hash)
    return int(conn.execute(select(func.count()).select_from(p).where(stale)).scalar_one())


def plan_groups(rows: list[Any], full: bool) -> tuple[GroupResult, Params, Params]:
    """(group result, dup_group changes, postings now checked) for the rows read. Only
    postings new or changed since the last grouping are searched (all of them with `full`)."""
    dirty = [full or r.grouped_hash is None or r.grouped_hash != r.input_hash for r in rows]
    result = find_groups(
        [r.id for r in rows], [r.text_fingerprint for r in rows],
        [f"{r.title}\n{r.description_text}" for r in rows],
        dirty=dirty, prior=[r.dup_group for r in rows],
    )  # fmt: skip
    checked = [{"b_id": r.id, "b_hash": r.input_hash}
               for r, d in zip(rows, dirty, strict=True) if d]  # fmt: skip
    changed = [{"b_id": r.id, "b_group": result.group_of.get(r.id)}
               for r in rows if r.dup_group != result.group_of.get(r.id)]  # fmt: skip
    return result, changed, checked


def write_groups(
    conn: Connection, result: GroupResult, changed: Params, checked: Params, now: datetime
) -> None:
    execute_many(conn, SET_GROUP, changed)
    execute_many(conn, _SET_GROUPED, checked)
    conn.execute(delete(dup_groups))
    insert_many(conn, dup_groups, [
        {"id": gid, "size": size, "method": method, "grouped_at": now}
        for gid, (size, method) in result.groups.items()])  # fmt: skip


def group_figures(
    rows: list[Any], result: GroupResult, changed: Params, checked: Params
) -> dict[str, int]:
    return {
        "postings": len(rows),
        "groups": len(result.groups),
        "grouped_postings": sum(size for size, _m in result.groups.values()),
        "exact_groups": sum(1 for _s, m in result.groups.values() if m == "exact"),
        "near_groups": sum(1 for _s, m in result.groups.values() if m == "near"),
        "changed": len(changed),
        "checked": len(checked),
    }
