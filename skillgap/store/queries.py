"""Read queries behind the store's DataFrames: the shared posting filters and column sets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Select, func, or_, select

from skillgap.store.schema import mentions, postings, runs

p = postings
m = mentions

# what an ad says of its level, experience and pay (NULL until `skillgap extract` reads it)
META_COLUMNS = ("levels", "years_min", "pay_min", "pay_max", "pay_currency", "pay_period")
POSTING_COLUMNS = (
    "id", "source", "source_type", "external_id", "url", "title", "company", "location",
    "remote", "posted_at", "first_seen", "last_seen", "closed_at", "dup_group", "attribution",
    *META_COLUMNS,
)  # fmt: skip
# export adds the rest of a posting
EXPORT_POSTING_COLUMNS = (
    *POSTING_COLUMNS[:10], "salary_min", "salary_max", "salary_currency", "salary_period",
    *POSTING_COLUMNS[10:], "text",
)  # fmt: skip
MENTION_COLUMNS = ("posting_id", "skill", "section", "start", "end", "text")
RUN_COLUMNS = ("id", "kind", "sources", "started_at", "finished_at", "status", "error", "figures")
DATETIME_COLUMNS = ("posted_at", "first_seen", "last_seen", "closed_at", "started_at",
                    "finished_at")  # fmt: skip


def posted_date() -> ColumnElement[datetime]:
    """When an ad was posted: its posting date, or when it was first seen if the source
    gives none (the date the report's months and `--since` go by)."""
    return func.coalesce(p.c.posted_at, p.c.first_seen, type_=p.c.posted_at.type)


def posting_filters(
    since: datetime | None = None,
    sources: Iterable[str] | None = None,
    remote: bool | None = None,
    title_words: Iterable[str] | None = None,
    include_closed: bool = True,
    level: str | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses on postings: posted since a date (`posted_date`), from these sources,
    remote or not, a title containing any of the words (case-insensitive), open only,
    hiring for a level."""
    where: list[ColumnElement[bool]] = []
    if since is not None:
        since = since.replace(tzinfo=UTC) if since.tzinfo is None else since
        where.append(posted_date() >= since)
    if sources is not None:
        where.append(p.c.source.in_(list(sources)))
    if remote is not None:
        where.append(p.c.remote.is_(remote))
    words = [w.strip().lower() for w in (title_words or []) if w and w.strip()]
    if words:
        where.append(or_(*(func.lower(p.c.title).contains(w, autoescape=True) for w in words)))
    if not include_closed:
        where.append(p.c.closed_at.is_(None))
    if level is not None:  # no level name is part of another: "junior" finds only junior
        where.append(p.c.levels.contains(level, autoescape=True))
    return where


def _posting_select(names: Sequence[str]) -> list[Any]:
    cols: list[Any] = []
    for name in names:
        if name == "dup_group":
            cols.append(func.coalesce(p.c.dup_group, p.c.id).label("dup_group"))
        elif name == "text":
            cols.append(p.c.description_text.label("text"))
        else:
            cols.append(p.c[name])
    return cols


def postings_select(where: list[ColumnElement[bool]], export: bool = False) -> Select[Any]:
    names = EXPORT_POSTING_COLUMNS if export else POSTING_COLUMNS
    return select(*_posting_select(names)).where(*where).order_by(p.c.id)


def mentions_select(
    where: list[ColumnElement[bool]], columns: Sequence[str] = MENTION_COLUMNS
) -> Select[Any]:
    stmt = select(*(m.c[c] for c in columns))
    if where:
        stmt = stmt.join(p, p.c.id == m.c.posting_id).where(*where)
    return stmt.order_by(m.c.posting_id, m.c.start, m.c.id)


def posting_mentions_select(posting_ids: Sequence[int]) -> Select[Any]:
    """Every mention of these postings, with its offsets."""
    stmt = select(m.c.posting_id, m.c.skill, m.c.section, m.c.start, m.c.end)
    return stmt.where(m.c.posting_id.in_(list(posting_ids))).order_by(m.c.posting_id, m.c.start)


def posting_texts_select(posting_ids: Sequence[int]) -> Select[Any]:
    return select(p.c.id, p.c.description_text).where(p.c.id.in_(list(posting_ids)))


def runs_select() -> Select[Any]:
    return select(*(runs.c[c] for c in RUN_COLUMNS)).order_by(runs.c.id)


def typed_frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with stable dtypes even when empty: UTC datetimes, nullable booleans."""
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(columns))
    for col in frame.columns:
        if col in DATETIME_COLUMNS:
            frame[col] = pd.to_datetime(frame[col], utc=True)
        elif col == "remote":
            frame[col] = frame[col].astype("boolean")
        elif col in ("id", "dup_group", "posting_id", "start", "end"):
            frame[col] = frame[col].astype("int64")
        elif col == "years_min":
            frame[col] = frame[col].astype("Int64")
        elif col in ("pay_min", "pay_max"):
            frame[col] = frame[col].astype("float64")
    return frame
