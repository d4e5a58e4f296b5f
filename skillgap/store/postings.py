"""Posting writes inside one transaction: insert, update or mark seen; exact duplicates;
closing postings a source no longer lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from skillgap.store.bulk import execute_many, insert_many
from skillgap.store.records import stored_external_id
from skillgap.store.schema import postings

CHUNK = 500  # ids per IN (...) list
OUTCOMES = ("new", "updated", "unchanged")

p = postings
# columns an upsert writes from the posting dict
ROW_FIELDS = (
    "source", "source_type", "external_id", "url", "title", "company", "location", "remote",
    "posted_at", "salary_min", "salary_max", "salary_currency", "salary_period",
    "description_html", "description_text", "attribution", "content_hash", "input_hash",
    "text_fingerprint",
)  # fmt: skip

# statements built once: per-posting upserts spend their time here otherwise
_SELECT_EXISTING = select(p.c.id, p.c.external_id, p.c.content_hash, p.c.closed_at).where(
    p.c.source == bindparam("b_source"), p.c.external_id.in_(bindparam("b_ids", expanding=True))
)
# fingerprints held by more than one posting: most new ads have none, so their members
# are read only for these
_SHARED_TEXT = (
    select(p.c.text_fingerprint)
    .where(p.c.text_fingerprint.in_(bindparam("b_fps", expanding=True)))
    .group_by(p.c.text_fingerprint)
    .having(func.count() > 1)
)
_SELECT_SAME_TEXT = select(
    p.c.id, p.c.source, p.c.external_id, p.c.text_fingerprint, p.c.dup_group
).where(p.c.text_fingerprint.in_(bindparam("b_fps", expanding=True)))
_TOUCH = (
    update(p)
    .where(p.c.id.in_(bindparam("b_ids", expanding=True)))
    .values(last_seen=bindparam("b_seen"), last_run_id=bindparam("b_run"))
)
_CHANGE_FIELDS = (*ROW_FIELDS, "last_seen", "last_run_id")
_CHANGE = (
    update(p)
    .where(p.c.id == bindparam("b_id"))
    # reopened if it was closed; a changed text is regrouped after the write (exact) and
    # by the next regroup_duplicates (near: its grouped_hash no longer matches)
    .values({**{f: bindparam(f"b_{f}") for f in _CHANGE_FIELDS}, "closed_at": None})
)
SET_GROUP = update(p).where(p.c.id == bindparam("b_id")).values(dup_group=bindparam("b_group"))


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _existing(conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    by_source: dict[str, set[str]] = {}
    for r in rows:
        by_source.setdefault(r["source"], set()).add(r["external_id"])
    found: dict[tuple[str, str], Any] = {}
    for source, ids in by_source.items():
        for chunk in chunks(sorted(ids)):
            for rec in conn.execute(_SELECT_EXISTING, {"b_source": source, "b_ids": chunk}):
                found[(source, rec.external_id)] = rec
    return found


def upsert_rows(
    conn: Connection, rows: list[dict[str, Any]], run_id: int | None, now: datetime
) -> list[str]:
    """Insert, update or touch checked rows; outcomes ("new", "updated", "unchanged") in order."""
    # key -> (id or None if inserted in this batch, content hash, closed?)
    state = {k: (r.id, r.content_hash, r.closed_at is not None)
             for k, r in _existing(conn, rows).items()}  # fmt: skip
    inserts: dict[tuple[str, str], dict[str, Any]] = {}
    changes: dict[int, dict[str, Any]] = {}
    touched: set[int] = set()
    outcomes: list[str] = []
    for row in rows:
        key = (row["source"], row["external_id"])
        if key not in state:
            outcome = "new"
            inserts[key] = row
            state[key] = (None, row["content_hash"], False)
            outcomes.append(outcome)
            continue
        pid, old_hash, closed = state[key]
        if old_hash == row["content_hash"] and not closed:
            outcome = "unchanged"
            if pid is not None:
                touched.add(pid)
        else:
            outcome = "updated"
            if pid is None:
                inserts[key] = row
            else:
                changes[pid] = row
        state[key] = (pid, row["content_hash"], False)
        outcomes.append(outcome)
    seen = {"last_seen": now, "last_run_id": run_id}
    if inserts:  # in key order, as every writer does: no lock-order deadlocks
        insert_many(conn, p, [{**inserts[k], **seen, "first_seen": now, "first_run_id": run_id}
                              for k in sorted(inserts)])  # fmt: skip
    if changes:
        execute_many(conn, _CHANGE, [
            {"b_id": pid, **{f"b_{f}": {**r, **seen}[f] for f in _CHANGE_FIELDS}}
            for pid, r in sorted(changes.items())])  # fmt: skip
    touched -= set(changes)
    for chunk in chunks(sorted(touched)):
        conn.execute(_TOUCH, {"b_ids": list(chunk), "b_seen": now, "b_run": run_id})
    group_exact(conn, [*inserts.values(), *changes.values()])
    return outcomes


def group_exact(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Put new/changed postings into the group of an existing ad with the same text."""
    keys = {(r["source"], r["external_id"]) for r in rows}
    fps = sorted({r["text_fingerprint"] for r in rows if r["text_fingerprint"]})
    shared: list[str] = []
    for chunk in chunks(fps):
        shared.extend(conn.execute(_SHARED_TEXT, {"b_fps": list(chunk)}).scalars())
    fps = sorted(shared)
    affected: dict[int, str | None] = {}
    others: dict[str, list[int]] = {}
    for chunk in chunks(fps):
        for rec in conn.execute(_SELECT_SAME_TEXT, {"b_fps": list(chunk)}):
            if (rec.source, rec.external_id) in keys:
                affected[rec.id] = rec.text_fingerprint
                others.setdefault(rec.text_fingerprint, []).append(rec.id)
            else:
                others.setdefault(rec.text_fingerprint, []).append(rec.dup_group or rec.id)
    params = []
    for pid, fp in affected.items():
        members = others.get(fp or "", [])
        if len(members) > 1:  # a lone ad keeps dup_group NULL (its own id in frames)
            params.append({"b_id": pid, "b_group": min(members)})
    execute_many(conn, SET_GROUP, params)


def close_vanished(
    conn: Connection, source: str, seen_external_ids: Iterable[str], now: datetime
) -> int:
    """Mark open postings of `source` that a crawl did not see as closed; how many."""
    seen = {stored_external_id(str(x)) for x in seen_external_ids}
    open_rows = conn.execute(
        select(p.c.id, p.c.external_id).where(p.c.source == source, p.c.closed_at.is_(None))
    ).all()
    gone = [r.id for r in open_rows if r.external_id not in seen]
    close = update(p).where(p.c.id.in_(bindparam("b_ids", expanding=True)))
    for chunk in chunks(gone):
        conn.execute(close.values(closed_at=now), {"b_ids": list(chunk)})
    return len(gone)
