"""Helpers to run a spider's callbacks offline on bodies in a source's format."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.pipelines import normalise
from crawler.sampleserver import SAMPLE_DATA, sample_sources
from crawler.sources import SOURCES_SETTING, parse_sources
from crawler.spiders.base import JobSpider
from crawler.spiders.registry import spider_for

BASE = "http://sample.test"
SOURCES = sample_sources(BASE)  # the sample sources, at BASE


def make_spider(
    source: str, tables: list[dict[str, Any]] = SOURCES, settings: dict[str, Any] | None = None
) -> JobSpider:
    """A spider for the source named `source` among `tables`, ready for its callbacks."""
    found = {s.name: s for s in parse_sources(tables)}
    crawler = get_crawler(spider_for(found[source]), {SOURCES_SETTING: tables, **(settings or {})})
    spider = crawler._create_spider(source=source)
    assert isinstance(spider, JobSpider)
    crawler.spider = spider
    assert crawler.stats is not None
    crawler.stats.open_spider()
    return spider


def response(url: str, body: bytes, ctype: str, meta: dict[str, Any] | None = None) -> Any:
    cls = {"json": TextResponse, "html": HtmlResponse, "xml": XmlResponse}[ctype.split("/")[-1]]
    req = Request(url, meta=meta or {})
    return cls(url, body=body, request=req, headers={"Content-Type": ctype}, encoding="utf-8")


def fixture(rel: str) -> bytes:
    return (SAMPLE_DATA / rel).read_bytes().replace(b"{{BASE}}", BASE.encode())


def items(out: Iterable[Any]) -> list[dict[str, Any]]:
    """The postings a callback yielded, normalised as the pipeline would."""
    return [normalise(i) for i in out if isinstance(i, dict)]


def started(spider: JobSpider) -> list[Any]:
    """What a spider's async start() yields (requests and, for cached answers, postings)."""

    async def collect() -> list[Any]:
        return [x async for x in spider.start()]

    return asyncio.run(collect())


def stat(spider: JobSpider, key: str) -> Any:
    assert spider.crawler.stats is not None
    return spider.crawler.stats.get_value("skillgap/" + key)
