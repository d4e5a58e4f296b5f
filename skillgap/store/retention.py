"""Retention: drop the raw HTML of postings not seen for a while; keep everything trends need.

Only `description_html` is cleared. The posting row (title, company, dates, plain text,
content hashes) and its skill mentions stay, so reports and trends are unchanged, and a
re-crawl of the same ad is still recognised as unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from skillgap.store.core import Store
from skillgap.store.schema import postings

BATCH = 500  # postings cleared per transaction (keeps SQLite write locks short)


@dataclass(frozen=True)
class PruneStats:
    cutoff: datetime
    pruned: int  # postings whose HTML was cleared
    bytes_freed: int  # characters of HTML cleared
    dry_run: bool = False


def prune_html(store: Store, cutoff: datetime, dry_run: bool = False) -> PruneStats:
    """Clear the raw HTML of postings last seen before `cutoff`, a batch per transaction."""
    p = postings
    cutoff = cutoff.astimezone(UTC) if cutoff.tzinfo else cutoff.replace(tzinfo=UTC)
    old = (p.c.last_seen < cutoff) & p.c.description_html.isnot(None)
    with store.read() as conn:
        ids = [r.id for r in conn.execute(select(p.c.id).where(old).order_by(p.c.id))]
        size = conn.execute(
            select(func.coalesce(func.sum(func.length(p.c.description_html)), 0)).where(old)
        ).scalar()
    if dry_run:
        return PruneStats(cutoff, len(ids), int(size or 0), dry_run=True)
    pruned = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with store.write() as conn:
            # the age is checked again inside the transaction: a crawl may have just seen it
            stmt = update(p).where(p.c.id.in_(chunk), old).values(description_html=None)
            pruned += conn.execute(stmt).rowcount
    return PruneStats(cutoff, pruned, int(size or 0))
