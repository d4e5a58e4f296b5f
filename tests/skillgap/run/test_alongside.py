"""Tagging alongside a distributed crawl (skillgap/run/alongside.py): workers claim postings
while they are being stored, each posting is tagged once, and what is left after the
crawl is tagged by extract_pending. No clocks: the tests wait for states of the store."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from analyzer.fingerprint import extraction_fingerprint
from skillgap.run.alongside import Alongside, merge
from skillgap.run.extract import extract_pending
from skillgap.store import Store
from skillgap.store.schema import mentions, postings
from tests.support.posting_factory import make_posting

TEXT = "We build payment APIs. Requirements: Python, PostgreSQL and Kafka; Docker is a plus. "


@pytest.fixture
def pg_url(pg_cluster: Any) -> Any:
    url = pg_cluster.create_database("alongside")
    yield url
    pg_cluster.drop_database("alongside")


def _until(check: Callable[[], bool], what: str) -> None:
    """Wait for a state of the store (a generous bound only against hanging forever)."""
    for _ in range(1200):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"never saw: {what}")


def _ads(prefix: str, n: int) -> list[dict[str, Any]]:
    return [make_posting(f"{prefix}{i}", description_text=TEXT + f"Role {prefix}{i}.")
            for i in range(n)]  # fmt: skip


def _mentions_twice(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(
            select(mentions.c.posting_id, mentions.c.skill, mentions.c.start)
            .group_by(mentions.c.posting_id, mentions.c.skill, mentions.c.start)
            .having(func.count() > 1).subquery())).scalar() or 0)  # fmt: skip


def _untagged(store: Store, fingerprint: str) -> int:
    return len(store.pending_extraction(fingerprint))


def test_workers_tag_postings_while_they_are_stored_each_once(pg_url: str) -> None:
    fingerprint = extraction_fingerprint(None)
    with Store.open(pg_url) as store:
        alongside = Alongside(pg_url, workers=2)
        try:
            store.upsert_many(_ads("a", 30))  # the crawl's first postings...
            _until(lambda: _untagged(store, fingerprint) == 0, "the first postings tagged")
            with store.read() as conn:  # ...tagged while the crawl goes on
                tagged = conn.execute(select(func.count()).where(
                    postings.c.extracted_hash.is_not(None))).scalar()  # fmt: skip
            assert tagged == 30
            store.upsert_many(_ads("b", 25))  # and the rest, stored before the crawl ends
        except BaseException:
            alongside.crawl_ended(interrupted=True)
            alongside.join()
            raise
        alongside.crawl_ended()
        part = alongside.join()
        assert part is not None and part.workers == 2
        assert part.extracted == 55 and not part.failed  # every posting once, by one worker
        assert _untagged(store, fingerprint) == 0 and _mentions_twice(store) == 0
        stats = merge(extract_pending(store), part)  # nothing left but the grouping
        assert stats.extracted == stats.during_crawl == 55 and stats.pending == 55
        assert store.stats().extracted == 55 and store.stats().mentions > 0
        assert not store.grouping_pending()


def test_what_a_crawl_stores_after_the_workers_ended_is_left_to_extract_pending(
    pg_url: str,
) -> None:
    with Store.open(pg_url) as store:
        store.upsert_many(_ads("a", 12))
        alongside = Alongside(pg_url, workers=1)
        alongside.crawl_ended()  # ended: they tag what is pending and stop
        part = alongside.join()
        assert part is not None and part.extracted == 12
        store.upsert_many(_ads("late", 7))  # another process of the crawl, still storing
        stats = merge(extract_pending(store), part)
        assert stats.extracted == 19 and stats.during_crawl == 12
        assert store.stats().extracted == 19 and _mentions_twice(store) == 0


def test_an_interrupted_crawl_stops_the_workers_and_tags_nothing_twice(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        alongside = Alongside(pg_url, workers=2)
        store.upsert_many(_ads("a", 40))
        alongside.crawl_ended(interrupted=True)  # Ctrl-C: they stop after their batch
        part = alongside.join()
        done = part.extracted if part is not None else 0
        assert store.stats().extracted == done <= 40 and _mentions_twice(store) == 0
        stats = extract_pending(store)  # the next extraction tags the rest, once
        assert stats.extracted == 40 - done and store.stats().extracted == 40
        assert _mentions_twice(store) == 0
