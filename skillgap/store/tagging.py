"""Extraction bookkeeping in the store: which postings to tag, their inputs, their mentions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from skillgap.store import skill_summary
from skillgap.store.bulk import execute_many, insert_many
from skillgap.store.postings import chunks
from skillgap.store.schema import mentions, postings

p = postings


def _to_tag(fingerprint: str) -> Any:
    return (
        (p.c.extracted_hash.is_(None))
        | (p.c.extracted_taxonomy.is_(None))
        | (p.c.extracted_hash != p.c.input_hash)
        | (p.c.extracted_taxonomy != fingerprint)
    )


def claim(conn: Connection, fingerprint: str, limit: int, skip: Sequence[int] = ()) -> list[int]:
    """PostgreSQL: lock up to `limit` postings to tag that no other transaction holds
    (SELECT ... FOR UPDATE SKIP LOCKED), lowest ids first, leaving out `skip`."""
    where = _to_tag(fingerprint)
    if skip:
        where = where & p.c.id.notin_(list(skip))
    stmt = (
        select(p.c.id).where(where).order_by(p.c.id).limit(limit)
        .with_for_update(skip_locked=True, of=p)
    )  # fmt: skip
    return list(conn.execute(stmt).scalars())


def pending(conn: Connection, fingerprint: str) -> list[tuple[int, str]]:
    """(posting id, reason) for postings to tag: "new" (never tagged), "changed" (text
    changed since), "retagged" (tagged with another taxonomy)."""
    stmt = (
        select(p.c.id, p.c.input_hash, p.c.extracted_hash, p.c.extracted_taxonomy)
        .where(_to_tag(fingerprint))
        .order_by(p.c.id)
    )
    out = []
    for r in conn.execute(stmt):
        if r.extracted_hash is None or r.extracted_taxonomy is None:
            reason = "new"
        elif r.extracted_hash != r.input_hash:
            reason = "changed"
        else:
            reason = "retagged"
        out.append((r.id, reason))
    return out


def pending_count(conn: Connection, fingerprint: str) -> int:
    """How many postings are to tag (as `pending` lists them), counted by the database."""
    return int(conn.execute(select(func.count()).where(_to_tag(fingerprint))).scalar() or 0)


# what extraction and the posting meta read of a posting
INPUT_COLUMNS = (
    p.c.id, p.c.title, p.c.company, p.c.description_text.label("text"), p.c.input_hash,
    p.c.location, p.c.salary_min, p.c.salary_max, p.c.salary_currency, p.c.salary_period,
    p.c.content_hash, p.c.source_type,
)  # fmt: skip
META_COLUMNS = ("levels", "years_min", "pay_min", "pay_max", "pay_currency", "pay_period")
_META_NAMES = (*META_COLUMNS, "meta_hash", "meta_rules")
_SET_META = update(p).where(p.c.id == bindparam("b_id")).values(
    {name: bindparam(f"b_{name}") for name in _META_NAMES})  # fmt: skip
_SET_TAGGED = update(p).where(p.c.id == bindparam("b_id")).values(
    extracted_hash=bindparam("b_hash"), extracted_taxonomy=bindparam("b_taxonomy"))  # fmt: skip


def inputs(conn: Connection, ids: Sequence[int]) -> list[Any]:
    """Rows (id, title, company, text, input_hash, location, salary_*, content_hash,
    source_type) for these postings, in id order."""
    rows: list[Any] = []
    for chunk in chunks(sorted(ids)):
        stmt = select(*INPUT_COLUMNS).where(p.c.id.in_(chunk)).order_by(p.c.id)
        rows.extend(conn.execute(stmt).all())
    return rows


def pending_meta(conn: Connection, rules: str) -> list[int]:
    """Ids of postings whose levels, years and pay were never read, were read from
    another version of the posting, or by other rules."""
    stmt = (
        select(p.c.id)
        .where(
            (p.c.meta_hash.is_(None))
            | (p.c.meta_rules.is_(None))
            | (p.c.meta_hash != p.c.content_hash)
            | (p.c.meta_rules != rules)
        )
        .order_by(p.c.id)
    )
    return list(conn.execute(stmt).scalars())


def save_meta(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write each {"id", levels, years_min, pay_*, meta_hash, meta_rules} row."""
    execute_many(conn, _SET_META, [
        {"b_id": r["id"], **{f"b_{name}": r[name] for name in _META_NAMES}}
        for r in rows])  # fmt: skip


def replace_mentions(
    conn: Connection,
    results: Sequence[tuple[int, str, Sequence[Any]]],
    fingerprint: str,
    meta: Sequence[dict[str, Any]] = (),
) -> int:
    """Replace the mentions of each (posting id, input hash it was tagged from, mentions),
    and write the postings' meta rows (save_meta); returns how many mentions were stored."""
    ids = [pid for pid, _h, _m in results]
    rows = [
        {"posting_id": pid, "skill": m.skill, "section": m.section, "start": m.start,
         "end": m.end, "text": m.text, "taxonomy": fingerprint}
        for pid, _h, found in results for m in found
    ]  # fmt: skip
    for chunk in chunks(ids):
        conn.execute(delete(mentions).where(mentions.c.posting_id.in_(chunk)))
    insert_many(conn, mentions, rows)
    skill_summary.replace(conn, [(pid, found) for pid, _h, found in results])
    execute_many(conn, _SET_TAGGED, [
        {"b_id": pid, "b_hash": h, "b_taxonomy": fingerprint}
        for pid, h, _m in results])  # fmt: skip
    save_meta(conn, meta)
    return len(rows)
