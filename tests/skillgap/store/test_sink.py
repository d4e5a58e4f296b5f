"""The store stage: batched writes, a refused posting isolated, vanished postings closed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.pipelines import normalise
from skillgap.store import Store
from skillgap.store.sink import StorePipeline


class _Source(Spider):
    name = "demo"
    source_name = "demo"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen_ids: set[str] = set()


def posting(i: int, **extra: Any) -> dict[str, Any]:
    raw = {
        "source": "demo",
        "source_type": "rss",
        "external_id": str(i),
        "url": f"https://d.test/{i}",
        "title": f"Backend Engineer {i}",
        "company": "Demo",
        "description_text": f"Go and SQL {i}",
    }
    return {**normalise(raw), **extra}


def make_pipeline(db_url: str) -> tuple[StorePipeline, Any]:
    crawler = get_crawler(_Source, {"SKILLGAP_DB": db_url, "SKILLGAP_STORE_BATCH": 3})
    crawler.spider = crawler._create_spider()
    assert crawler.stats is not None
    crawler.stats.open_spider()
    pipe = StorePipeline.from_crawler(crawler)
    pipe.open_spider()
    return pipe, crawler.stats


def test_batches_are_written_and_a_refused_posting_is_isolated(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    pipe, stats = make_pipeline(db)
    for i in range(4):
        pipe.process_item(posting(i))
    assert stats.get_value("skillgap/new") == 3  # the first batch of 3 went out at once
    pipe.process_item(posting(9, salary_min="lots"))  # the store refuses this one
    pipe.spider_closed(pipe.crawler.spider, "finished")  # flushes the rest
    assert stats.get_value("skillgap/new") == 4
    assert stats.get_value("skillgap/errors/store") == 1
    assert "salary_min" in stats.get_value("skillgap/error_messages")[0]
    with Store.open(db) as store:
        assert sorted(store.postings_frame().external_id) == ["0", "1", "2", "3"]
        runs = store.runs_frame()
    assert list(runs.status) == ["partial"]  # run on its own (as `scrapy crawl` does)


def test_clean_finish_closes_vanished_postings_and_an_error_does_not(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    pipe, _ = make_pipeline(db)
    pipe.crawler.spider.seen_ids = {"0", "1", "2"}
    for i in range(3):
        pipe.process_item(posting(i))
    pipe.spider_closed(pipe.crawler.spider, "finished")

    pipe, stats = make_pipeline(db)  # the next crawl sees only posting 0...
    pipe.crawler.spider.seen_ids = {"0"}
    pipe.process_item(posting(0))
    stats.inc_value("skillgap/errors")  # ...but had an error: nothing is closed
    pipe.spider_closed(pipe.crawler.spider, "finished")
    with Store.open(db) as store:
        assert store.postings_frame().closed_at.isna().all()

    pipe, stats = make_pipeline(db)  # a clean crawl that sees only posting 0 closes 1 and 2
    pipe.crawler.spider.seen_ids = {"0"}
    pipe.process_item(posting(0))
    pipe.spider_closed(pipe.crawler.spider, "finished")
    assert stats.get_value("skillgap/closed") == 2
    with Store.open(db) as store:
        df = store.postings_frame(include_closed=False)
    assert list(df.external_id) == ["0"]
