"""The store as a Scrapy item pipeline: skillgap adds it to ITEM_PIPELINES when it crawls.

Settings: SKILLGAP_DB (the store URL; without it the pipeline is not configured),
SKILLGAP_RUN_ID (the run the postings belong to; without it, one is recorded per spider),
SKILLGAP_STORE_BATCH and SKILLGAP_STORE_FLUSH (postings and seconds per write).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from crawler.distributed import DISTRIBUTED_SETTING
from crawler.figures import count_error, count_outcome, emit, figures_from_stats, inc
from skillgap.store.core import Store

logger = logging.getLogger(__name__)
SINK = "skillgap.store.sink.StorePipeline"
SINK_ORDER = 900  # after the crawler's validate -> normalise -> backend filter


class StorePipeline:
    """Upsert postings in small batches; at a clean finish, close the source's vanished ones.

    A batch is written in one transaction when it reaches SKILLGAP_STORE_BATCH postings or
    every SKILLGAP_STORE_FLUSH seconds, and at the end: a crash loses at most the unwritten
    batch (the next crawl fetches it again), never part of one.
    """

    def __init__(self, crawler: Crawler, db_url: str) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.store: Store | None = None
        self.run_id: int | None = None
        self.own_run = False
        self.batch: list[dict[str, Any]] = []
        self.batch_size = crawler.settings.getint("SKILLGAP_STORE_BATCH", 100)
        self.flush_every = crawler.settings.getfloat("SKILLGAP_STORE_FLUSH", 0.5)
        self.timer: LoopingCall | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        db_url = crawler.settings.get("SKILLGAP_DB")
        if not db_url:
            raise NotConfigured("SKILLGAP_DB is not set: postings are not stored")
        return cls(crawler, str(db_url))

    def open_spider(self) -> None:
        self.store = Store.open(self.db_url)
        run_id = self.crawler.settings.get("SKILLGAP_RUN_ID")
        if run_id is None:  # `scrapy crawl NAME` on its own records its own run
            self.run_id = self.store.start_run(kind="crawl", sources=[self._source()])
            self.own_run = True
        else:
            self.run_id = int(run_id)
        self.timer = LoopingCall(self.flush)
        self.timer.start(self.flush_every, now=False)

    def _source(self) -> str:
        spider = self.crawler.spider
        return str(getattr(spider, "source_name", getattr(spider, "name", "?")))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Write the pending batch; a batch the store refuses is retried one by one."""
        batch, self.batch = self.batch, []
        if not batch or self.store is None:
            return
        try:
            outcomes: list[str | None] = list(self.store.upsert_many(batch, run_id=self.run_id))
        except Exception:
            outcomes = [self._upsert_one(item) for item in batch]
        for item, outcome in zip(batch, outcomes, strict=True):
            if outcome is not None:
                count_outcome(self.crawler, item["source"], outcome)

    def _upsert_one(self, item: dict[str, Any]) -> str | None:
        assert self.store is not None
        try:
            return str(self.store.upsert_posting(item, run_id=self.run_id))
        except Exception as exc:
            count_error(self.crawler, item["source"], "store", f"storing {item['url']}: {exc}")
            return None

    def spider_closed(self, spider: Any, reason: str) -> None:
        """After the spider closed (the reason is known only now): close vanished, finish run."""
        if self.store is None:
            return
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        self.flush()
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        source = self._source()
        complete = reason == "finished" and not stats.get("skillgap/errors")
        # a process of a distributed crawl saw only its share of the postings
        shared = bool(self.crawler.settings.get(DISTRIBUTED_SETTING))
        try:
            if complete and not shared:
                seen: set[str] = getattr(self.crawler.spider, "seen_ids", set())
                closed = self.store.close_vanished(source, seen, run_id=self.run_id)
                inc(self.crawler, "closed", closed)
                emit(self.crawler, "closed", source, count=closed)
            elif reason == "finished":
                logger.warning("%s: errors during the crawl; not closing vanished postings", source)
            if self.own_run:
                assert self.run_id is not None
                figures = {source: figures_from_stats(self.crawler.stats.get_stats())}
                status = (
                    "ok" if complete else ("interrupted" if reason != "finished" else "partial")
                )
                self.store.finish_run(self.run_id, status, figures)
        finally:
            self.store.close()
            self.store = None
