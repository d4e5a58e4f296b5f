"""One crawl over many processes or machines, through scrapy-redis.

Every process started with the same Redis URL shares, per source, one request queue and
one duplicate filter in Redis: a board listed by every process is fetched by one of them,
and each pops the next request whichever process found it. The keys are
`skillgap:<source>:requests`, `:dupefilter` and `:workers`.

A process closes when the shared queue is empty (requests a busier process finds later
are fetched by that process); the last one to close deletes the queue and
lets the duplicate filter expire after LINGER_SECONDS: a process started a little later
than the others still joins the same crawl (and finds its requests done), and the next
crawl starts afresh. A process that died stops counting after STALE_SECONDS without a
heartbeat.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

DISTRIBUTED_SETTING = "SKILLGAP_DISTRIBUTED"  # the Redis URL; unset: an ordinary crawl
STALE_SECONDS = 60.0
LINGER_SECONDS = 60
KEY_PREFIX = "skillgap"


def distributed_settings(redis_url: str) -> dict[str, Any]:
    """The Scrapy settings that make a crawl share its queue and filter through Redis."""
    return {
        DISTRIBUTED_SETTING: redis_url,
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the last process clears the keys, not the first
    }


def keys(source: str) -> dict[str, str]:
    base = f"{KEY_PREFIX}:{source}"
    return {k: f"{base}:{k}" for k in ("requests", "dupefilter", "workers")}


class SharedScheduler(Scheduler):
    """scrapy-redis' scheduler keyed by source, that keeps a process while others work."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        instance: SharedScheduler = super().from_crawler(crawler)
        instance.crawler = crawler
        crawler.signals.connect(instance.on_idle, signal=signals.spider_idle)
        return instance

    def open(self, spider: Spider) -> None:
        source = str(getattr(spider, "source_name", spider.name))
        self.keys = keys(source)
        # the queue's key is %-formatted with the spider name: escape the source's own %
        self.queue_key = self.keys["requests"].replace("%", "%%")
        self.df = RFPDupeFilter(self.server, key=self.keys["dupefilter"])
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.state = "busy"
        self._beat()
        super().open(spider)

    def _beat(self, state: str | None = None) -> None:
        if state is not None:
            self.state = state
        self.server.hset(self.keys["workers"], self.worker, f"{self.state} {time.time():.3f}")

    def others_alive(self) -> bool:
        """Whether another process of this crawl has not closed (nor died) yet."""
        now = time.time()
        for worker, value in self.server.hgetall(self.keys["workers"]).items():
            name = worker.decode() if isinstance(worker, bytes) else str(worker)
            text = value.decode() if isinstance(value, bytes) else str(value)
            _state, _, stamp = text.partition(" ")
            if name != self.worker and now - float(stamp or 0) < STALE_SECONDS:
                return True
        return False

    def next_request(self) -> Any:
        request = super().next_request()
        self._beat("busy" if request is not None else None)
        return request

    def on_idle(self, spider: Spider) -> None:
        """Stay (DontCloseSpider) while the shared queue still holds requests."""
        self._beat("idle")
        if len(self.queue):
            raise DontCloseSpider("the distributed crawl's queue holds requests")

    def close(self, reason: str) -> None:
        self.server.hdel(self.keys["workers"], self.worker)
        if not self.others_alive() and not len(self.queue):
            self.server.delete(self.keys["requests"])
            self.server.expire(self.keys["dupefilter"], LINGER_SECONDS)
