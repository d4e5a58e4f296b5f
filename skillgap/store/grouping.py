"""Duplicate groups in the store: the postings to compare, and the groups written back."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from skillgap.store import lsh
from skillgap.store.bulk import execute_many, insert_many
from skillgap.store.dedupe import (
    DENSE_CANDIDATES,
    GroupResult,
    build_groups,
    confirmed_pairs,
)
from skillgap.store.pause import pause_point
from skillgap.store.postings import SET_GROUP, chunks
from skillgap.store.records import MIN_FINGERPRINT_CHARS, normalise_text
from skillgap.store.schema import dup_bands, dup_groups, postings

p = postings
Params = list[dict[str, Any]]
IDF_DOCS = 500  # at least this many ads weigh the terms of a cosine check
ROUND = 50_000  # postings searched per round: bounds the memory of regrouping a big store
_TEXTS = select(p.c.id, p.c.title, p.c.description_text).where(
    p.c.id.in_(bindparam("b_ids", expanding=True))
)
_BANDS = select(dup_bands.c.key, dup_bands.c.posting_id).where(
    dup_bands.c.key.in_(bindparam("b_keys", expanding=True))
)
_SET_GROUPED = update(p).where(p.c.id == bindparam("b_id")).values(grouped_hash=bindparam("b_hash"))


def read_for_grouping(conn: Connection) -> list[Any]:
    """Every posting's id, fingerprint, group and hashes: no texts (those are read only
    for the postings searched and their candidates)."""
    return list(conn.execute(
        select(p.c.id, p.c.text_fingerprint, p.c.dup_group, p.c.input_hash, p.c.grouped_hash)
        .order_by(p.c.id)
    ).all())  # fmt: skip


def ungrouped(conn: Connection) -> int:
    """Postings new or changed since the last grouping that finished: their `grouped_hash` is
    set to `input_hash` in the same transaction that writes the groups, so a grouping cut
    short (killed, stopped) leaves them counted here and the next run groups them."""
    stale = p.c.grouped_hash.is_(None) | (p.c.grouped_hash != p.c.input_hash)
    return int(conn.execute(select(func.count()).select_from(p).where(stale)).scalar_one())


@dataclass
class Plan:
    result: GroupResult
    changed: Params  # dup_group changes
    checked: Params  # postings now grouped (grouped_hash = input_hash)
    bands: Params = field(default_factory=list)  # band keys of the postings searched
    compared: int = 0  # candidate pairs given the cosine check (at most)
    remaining: int = 0  # postings still to search in a later round


def _norm_texts(conn: Connection, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in chunks(sorted(set(ids))):
        for r in conn.execute(_TEXTS, {"b_ids": list(chunk)}):
            out[r.id] = normalise_text(f"{r.title}\n{r.description_text}")
    return out


def plan_groups(conn: Connection, rows: list[Any], limit: int = ROUND, full: bool = False) -> Plan:
    """The groups for the rows read. Only postings new or changed since the last grouping
    are searched, at most `limit` of them (the rest keep their groups for now and are left
    for the next round: `plan.remaining`), and only against the stored postings that share
    a MinHash LSH band key with them: time and memory grow with the new ads. With `full`
    every posting counts as new (what a full regroup would make, e.g. to check against)."""
    ids = [r.id for r in rows]
    fps = [r.text_fingerprint for r in rows]
    stale = [full or r.grouped_hash is None or r.grouped_hash != r.input_hash for r in rows]
    now = set(itertools.islice((i for i, s in enumerate(stale) if s), limit))
    dirty = [i in now for i in range(len(rows))]
    index_of = {pid: i for i, pid in enumerate(ids)}
    first_with: dict[str, int] = {}
    for i, fp in enumerate(fps):
        if fp is not None:
            first_with.setdefault(fp, i)

    def rep(i: int) -> int:
        fp = fps[i]
        return i if fp is None else first_with[fp]

    searched = [i for i, d in enumerate(dirty) if d]
    norm = {index_of[pid]: t for pid, t in _norm_texts(conn, [ids[i] for i in searched]).items()}
    keys = {i: lsh.band_keys(t) for i, t in norm.items() if len(t) >= MIN_FINGERPRINT_CHARS}
    queried = [i for i in keys if rep(i) == i]
    by_key: dict[int, list[int]] = {}
    for i in queried:
        for k in keys[i]:
            by_key.setdefault(k, []).append(i)
    stored: dict[int, set[int]] = {}
    for chunk in chunks(sorted(by_key)):  # the stored ads that share a key
        for key, pid in conn.execute(_BANDS, {"b_keys": list(chunk)}):
            j = index_of.get(pid)
            if j is None or stale[j]:  # deleted since, or its stored keys are stale
                continue
            stored.setdefault(key, set()).add(rep(j))
    # how many pairs the buckets hold, before making them: ads of one template share
    # most keys, and then checking every pair of the ads reached is cheaper one by one
    bound = sum(len(m) * (len(m) - 1) // 2 + len(m) * len(stored.get(k, ()))
                for k, m in by_key.items())  # fmt: skip
    reached = {i for m in by_key.values() if len(m) > 1 for i in m}
    for k, js in stored.items():
        reached.update(by_key[k], js)
    dense = bound > DENSE_CANDIDATES * max(1, len(reached))
    candidates: set[tuple[int, int]] = set()
    if not dense:
        for members in by_key.values():  # among the new ones
            candidates.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
        for k, js in stored.items():  # against the stored ones
            candidates.update((i, j) for i in by_key[k] for j in js if i != j)
        reached = {i for pair in candidates for i in pair}
    involved = sorted(reached)
    if reached and len(involved) < IDF_DOCS:
        # term weights (IDF) learnt from a few ads would differ from a whole store's: other
        # stored ads, spread over the store, join the vectors' fitting (not the pairs)
        others = [i for i in dict.fromkeys(rep(i) for i in range(len(ids))) if i not in keys]
        step = max(1, len(others) // (IDF_DOCS - len(involved)))
        involved = sorted({*involved, *others[::step][: IDF_DOCS - len(involved)]})
    norm.update((index_of[pid], t) for pid, t in
                _norm_texts(conn, [ids[i] for i in involved if i not in norm]).items())  # fmt: skip
    local = {i: n for n, i in enumerate(involved)}
    near = confirmed_pairs(
        [norm[i] for i in involved],
        None if dense else [(local[a], local[b]) for a, b in candidates],
        queries=[local[i] for i in queried if i in local and i in reached],
    )  # fmt: skip
    result = build_groups(
        ids, fps, [(involved[a], involved[b]) for a, b in near], dirty, [r.dup_group for r in rows]
    )
    checked = [{"b_id": r.id, "b_hash": r.input_hash}
               for r, d in zip(rows, dirty, strict=True) if d]  # fmt: skip
    changed = [{"b_id": r.id, "b_group": result.group_of.get(r.id)}
               for r in rows if r.dup_group != result.group_of.get(r.id)]  # fmt: skip
    bands = [{"key": k, "posting_id": ids[i]} for i, ks in keys.items() for k in sorted(set(ks))]
    compared = bound if dense else len(candidates)
    return Plan(result, changed, checked, bands, compared, sum(stale) - len(now))


def write_groups(conn: Connection, plan: Plan, now: datetime) -> None:
    """Write a plan in the caller's transaction: the postings searched get their new band
    keys, groups and grouped marker together."""
    result = plan.result
    for chunk in chunks([c["b_id"] for c in plan.checked]):
        conn.execute(delete(dup_bands).where(dup_bands.c.posting_id.in_(chunk)))
    insert_many(conn, dup_bands, plan.bands)
    execute_many(conn, SET_GROUP, plan.changed)
    execute_many(conn, _SET_GROUPED, plan.checked)
    conn.execute(delete(dup_groups))
    pause_point("grouping")  # a test hook: the groups half-written, in their transaction
    insert_many(conn, dup_groups, [
        {"id": gid, "size": size, "method": method, "grouped_at": now}
        for gid, (size, method) in result.groups.items()])  # fmt: skip


def forget_groups(conn: Connection) -> None:
    """Before a full regroup: every posting ungrouped, every group gone."""
    conn.execute(update(p).values(grouped_hash=None, dup_group=None))
    conn.execute(delete(dup_groups))


def group_figures(rows: list[Any], plan: Plan) -> dict[str, int]:
    result = plan.result
    return {
        "postings": len(rows),
        "groups": len(result.groups),
        "grouped_postings": sum(size for size, _m in result.groups.values()),
        "exact_groups": sum(1 for _s, m in result.groups.values() if m == "exact"),
        "near_groups": sum(1 for _s, m in result.groups.values() if m == "near"),
        "changed": len(plan.changed),
        "checked": len(plan.checked),
        "compared": plan.compared,
    }
