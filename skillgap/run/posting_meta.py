"""Levels, years and pay of stored postings: read from a posting row, written back as
the store's columns; and the stage that reads them for postings that lack them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from analyzer.meta import PostingMeta, StructuredPay, meta_fingerprint, read_meta
from analyzer.text import to_text
from skillgap.store import Store

READ_BATCH = 500  # postings read, and their meta written, at a time
# sources whose salary fields the crawler read from the ad's own text (a Hacker News
# comment's first line): the text decides there, read by analyzer.meta's fuller rules
TEXT_PAY_SOURCES = frozenset({"hackernews"})


def meta_of(row: Any) -> PostingMeta:
    """What a stored posting says (a row of Store.extraction_inputs): the source's
    structured pay first, then its title and text."""
    structured = None
    if row.source_type not in TEXT_PAY_SOURCES:
        structured = StructuredPay(row.salary_min, row.salary_max, row.salary_currency,
                                   row.salary_period)  # fmt: skip
    return read_meta(row.title, to_text(row.text or ""), location=row.location,
                     structured=structured, plain=True)  # fmt: skip


def meta_row(row: Any, rules: str) -> dict[str, Any]:
    """The store's meta columns for a posting row, stamped with what they were read from."""
    meta = meta_of(row)
    salary = meta.salary
    return {
        "id": row.id,
        "levels": ",".join(meta.levels),
        "years_min": meta.years_min,
        "pay_min": salary.min if salary else None,
        "pay_max": salary.max if salary else None,
        "pay_currency": salary.currency if salary else None,
        "pay_period": salary.period if salary else None,
        "meta_hash": row.content_hash,
        "meta_rules": rules,
    }


def read_pending_meta(store: Store, on_progress: Callable[[int], None] | None = None) -> int:
    """Read levels, years and pay of every posting that lacks them (stored before, changed
    since, or read by older rules), without tagging anything again; how many were read."""
    rules = meta_fingerprint()
    ids = store.pending_meta(rules)
    for start in range(0, len(ids), READ_BATCH):
        rows = store.extraction_inputs(ids[start : start + READ_BATCH])
        store.save_meta([meta_row(row, rules) for row in rows])
        if on_progress:
            on_progress(len(rows))
    return len(ids)
