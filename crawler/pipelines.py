"""Item pipelines: validate -> normalise -> backend filter -> store. One concern per class."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from twisted.internet.task import LoopingCall

from crawler.figures import count_drop, count_error, count_outcome, emit, figures_from_stats, inc
from crawler.items import POSTING_FIELDS, REQUIRED_FIELDS, SALARY_PERIODS
from crawler.normalise import clean_line, description_fields, parse_amount, parse_datetime
from crawler.relevance import load_rules, reject_reason

logger = logging.getLogger(__name__)


class Rejected(DropItem):
    """An item dropped for a counted reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# ---------------------------------------------------------------- pure functions
def missing_field(item: dict[str, Any]) -> str | None:
    """The first required field that is absent or blank, else None."""
    for name in REQUIRED_FIELDS:
        value = item.get(name)
        if value is None or not str(value).strip():
            return name
    if not (item.get("description_html") or item.get("description_text")):
        return "description"
    return None


def normalise(item: dict[str, Any]) -> dict[str, Any]:
    """Contract types and clean text: mojibake repaired, nested escaped HTML turned to text."""
    out = {name: item.get(name) for name in POSTING_FIELDS}
    out["external_id"] = str(out["external_id"]).strip()
    out["url"] = str(out["url"]).strip()
    out["title"] = clean_line(out["title"]) or ""
    out["company"] = clean_line(out["company"]) or ""
    out["location"] = clean_line(out["location"])
    out["remote"] = out["remote"] if isinstance(out["remote"], bool) else None
    out["posted_at"] = parse_datetime(out["posted_at"])
    html, text = description_fields(out["description_html"], out["description_text"])
    out["description_html"], out["description_text"] = html, text
    lo, hi = parse_amount(out["salary_min"]), parse_amount(out["salary_max"])
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    out["salary_min"], out["salary_max"] = lo, hi
    cur = out["salary_currency"]
    out["salary_currency"] = str(cur).strip().upper()[:8] or None if (lo or hi) and cur else None
    period = out["salary_period"]
    out["salary_period"] = period if (lo or hi) and period in SALARY_PERIODS else None
    return out


# ---------------------------------------------------------------- pipelines
class _Stage:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def reject(self, item: dict[str, Any], reason: str, detail: str = "") -> Rejected:
        count_drop(self.crawler, str(item.get("source")), reason)
        return Rejected(reason, detail)


class ValidatePipeline(_Stage):
    """Drop items without an id, url, title or any description."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        missing = missing_field(item)
        if missing:
            raise self.reject(item, f"missing_{missing}", str(item.get("url") or ""))
        return item


class NormalisePipeline(_Stage):
    """Turn raw values into contract values; an ad left without text is dropped."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        out = normalise(item)
        if not out["description_text"]:
            raise self.reject(out, "no_text", out["url"])
        if not out["title"]:
            raise self.reject(out, "missing_title", out["url"])
        return out


class BackendFilterPipeline(_Stage):
    """Keep backend-relevant ads (rules in backend_rules.yaml); count the rest by reason."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.rules = load_rules(crawler.settings.get("SKILLGAP_BACKEND_RULES"))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        reason = reject_reason(item["title"], item["description_text"], self.rules)
        if reason:
            raise self.reject(item, reason, item["title"])
        return item


class StorePipeline(_Stage):
    """Upsert postings in small batches; at a clean finish, close the source's vanished ones.

    A batch is written in one transaction when it reaches SKILLGAP_STORE_BATCH postings or
    every SKILLGAP_STORE_FLUSH seconds, and at the end: a crash loses at most the unwritten
    batch (the next crawl fetches it again), never part of one.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.store: Any = None
        self.run_id: int | None = None
        self.own_run = False
        self.batch: list[dict[str, Any]] = []
        self.batch_size = crawler.settings.getint("SKILLGAP_STORE_BATCH", 100)
        self.flush_every = crawler.settings.getfloat("SKILLGAP_STORE_FLUSH", 0.5)
        self.timer: LoopingCall | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def open_spider(self) -> None:
        from skillgap.config import load_config
        from skillgap.store import Store

        s = self.crawler.settings
        config = s.get("SKILLGAP_CONFIG")
        db = s.get("SKILLGAP_DB")
        if db is None:
            db = (config if hasattr(config, "db_url") else load_config(config)).db_url
        self.store = Store.open(db)
        run_id = s.get("SKILLGAP_RUN_ID")
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
            outcomes = self.store.upsert_many(batch, run_id=self.run_id)
        except Exception:
            outcomes = [self._upsert_one(item) for item in batch]
        for item, outcome in zip(batch, outcomes, strict=True):
            if outcome is not None:
                count_outcome(self.crawler, item["source"], outcome)

    def _upsert_one(self, item: dict[str, Any]) -> str | None:
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
        try:
            if complete:
                seen: set[str] = getattr(self.crawler.spider, "seen_ids", set())
                closed = self.store.close_vanished(source, seen, run_id=self.run_id)
                inc(self.crawler, "closed", closed)
                emit(self.crawler, "closed", source, count=closed)
            elif reason == "finished":
                logger.warning("%s: errors during the crawl; not closing vanished postings", source)
            if self.own_run:
                figures = {source: figures_from_stats(self.crawler.stats.get_stats())}
                status = (
                    "ok" if complete else ("interrupted" if reason != "finished" else "partial")
                )
                self.store.finish_run(self.run_id, status, figures)
        finally:
            self.store.close()
            self.store = None
