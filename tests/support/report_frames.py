"""Build postings/mentions frames in the store's contract shape, for report tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd

POSTING_COLUMNS = [
    "id", "source", "source_type", "external_id", "url", "title", "company", "location",
    "remote", "posted_at", "first_seen", "last_seen", "closed_at", "dup_group", "attribution",
]  # fmt: skip
MENTION_COLUMNS = ["posting_id", "skill", "section", "start", "end", "text"]


def posting(pid: int, **over: Any) -> dict[str, Any]:
    """One posting row with invented, harmless defaults."""
    row: dict[str, Any] = {
        "id": pid,
        "source": "greenhouse",
        "source_type": "greenhouse",
        "external_id": str(pid),
        "url": f"https://jobs.example.org/{pid}",
        "title": f"Backend Engineer {pid}",
        "company": "Acme Widgets",
        "location": None,
        "remote": True,
        "posted_at": datetime(2026, 10, 5, tzinfo=UTC),
        "first_seen": datetime(2026, 10, 6, tzinfo=UTC),
        "last_seen": datetime(2026, 10, 6, tzinfo=UTC),
        "closed_at": None,
        "dup_group": None,
        "attribution": None,
    }
    row.update(over)
    return row


def frames(
    postings: Iterable[dict[str, Any]], mentions: Sequence[tuple[int, str, str]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Postings rows, and mentions as (posting_id, skill, section) triples."""
    p = pd.DataFrame(list(postings), columns=POSTING_COLUMNS)
    m = pd.DataFrame(
        [(pid, skill, section, 0, len(skill), skill) for pid, skill, section in mentions],
        columns=MENTION_COLUMNS,
    )
    return p, m
