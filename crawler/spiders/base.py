"""The shared base: its source from the settings, error accounting, JSON, building postings."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.selector import Selector
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.figures import count_drop, count_error, count_fetched
from crawler.items import empty_posting
from crawler.middlewares import CONNECT_FAILURES, HostUnreachable
from crawler.sources import SOURCES_SETTING, Source, SourceError, find_source, parse_sources

logger = logging.getLogger(__name__)


def _failure_message(failure: Failure) -> tuple[str, str]:
    """(kind, message) for a failed request."""
    exc = failure.value
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"GET {url} failed: HTTP {status}"
    name = type(exc).__name__
    kind = "timeout" if name in ("TimeoutError", "DownloadTimeoutError") else "network"
    if isinstance(exc, (*CONNECT_FAILURES, HostUnreachable)):  # nothing answered at all
        kind = "unreachable"
    if "Cancelled" in name or "maxsize" in str(exc).lower():
        kind = "too_large" if "size" in str(exc).lower() else "cancelled"
    return kind, f"GET {url} failed: {name}: {exc}".rstrip(": ")


def content_type(response: Response) -> str:
    """The response's Content-Type, lower-cased ('' when absent)."""
    return (response.headers.get("Content-Type") or b"").decode("latin-1").lower()


class JobSpider(scrapy.Spider):
    """Base for all source spiders: `source` names the entry of SKILLGAP_SOURCES to crawl."""

    source_type: ClassVar[str] = ""
    default_source: ClassVar[str | None] = None  # set on per-source subclasses (spiderloader)

    def __init__(self, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requested_source = source or self.default_source
        self.source: Source | None = None
        self.seen_ids: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> JobSpider:
        spider: JobSpider = super().from_crawler(crawler, *args, **kwargs)
        sources = parse_sources(crawler.settings.getlist(SOURCES_SETTING))
        spider.source = find_source(sources, cls.source_type, spider.requested_source)
        crawler.signals.connect(spider._on_spider_error, signal=signals.spider_error)
        return spider

    # ------------------------------------------------------------ source helpers
    @property
    def source_name(self) -> str:
        assert self.source is not None
        return self.source.name

    def option(self, key: str, default: Any = None) -> Any:
        assert self.source is not None
        return self.source.get(key, default)

    def base_url(self, default: str) -> str:
        return str(self.option("base_url") or default).rstrip("/")

    def string_list(self, key: str) -> list[str]:
        """A config list of strings; a bare string counts as a list of one."""
        value = self.option(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SourceError(f"source {self.source_name!r}: {key} must be a list of strings")
        return value

    def company_name(self, slug: str, found: Any = None) -> str:
        """Display name for a board: the source's `company_names`, else the name the board
        gave (`found`), else the slug title-cased."""
        names = self.option("company_names") or {}
        if names.get(slug) or (found and str(found).strip()):
            return str(names.get(slug) or found).strip()
        return slug.replace("-", " ").replace("_", " ").title()

    # ------------------------------------------------------------ requests and errors
    def get(self, url: str, callback: Callable[..., Any], **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    def on_error(self, failure: Failure) -> None:
        exc = failure.value
        robots = isinstance(exc, IgnoreRequest) and not isinstance(exc, HttpError)
        if robots and "robots.txt" in str(exc):  # robots.txt said no: skipped, not failed
            self.drop("robots_txt")
            return
        kind, message = _failure_message(failure)
        self.fail(kind, message)

    def fail(self, kind: str, message: str) -> None:
        """Count an error against this source and log why."""
        assert self.crawler is not None
        count_error(self.crawler, self.source_name, kind, message)

    def drop(self, reason: str) -> None:
        """Count an entry skipped before it became a posting (deleted, unlisted...)."""
        count_fetched(self.crawler, self.source_name)
        count_drop(self.crawler, self.source_name, reason)

    def _on_spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        if spider is self:
            url = getattr(response, "url", None) or getattr(
                getattr(failure, "request", None), "url", "?"
            )
            self.fail("parse", f"parsing {url} failed: {failure.getErrorMessage()}")

    def load_json(self, response: Response) -> Any:
        """The JSON body, or None after counting a clear error (truncated, not JSON...)."""
        ctype = content_type(response)
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            if "json" not in ctype and ctype:
                self.fail("wrong_content_type", f"{response.url}: expected JSON, got {ctype}")
            else:
                self.fail("bad_json", f"{response.url}: invalid or truncated JSON ({exc})")
            return None

    def load_xml(self, response: Response, root: str, what: str) -> Selector | None:
        """The XML body with namespaces removed, when it holds a `root` element; else None
        after counting a clear error (an HTML page instead of a feed, another document...)."""
        body = response.body.lstrip()
        if not body.startswith(b"<") or b"<html" in body[:500].lower():
            ctype = content_type(response)
            self.fail("wrong_content_type", f"{response.url}: expected {what}, got {ctype}")
            return None
        encoding = getattr(response, "encoding", None) or "utf-8"
        sel = Selector(text=body.decode(encoding, "replace"), type="xml")
        sel.remove_namespaces()
        if not sel.xpath(f"//{root}"):
            self.fail("bad_feed", f"{response.url}: not {what} (no <{root}>)")
            return None
        return sel

    # ------------------------------------------------------------ postings
    def posting(self, **fields: Any) -> dict[str, Any]:
        """A posting dict for this source; counts it fetched and remembers its id as seen."""
        item = empty_posting(self.source_name, self.source_type)
        item.update(fields)
        ext = item.get("external_id")
        if ext not in (None, ""):
            item["external_id"] = str(ext)
            self.seen_ids.add(str(ext))
        count_fetched(self.crawler, self.source_name)
        return item

    def each(
        self, entries: Iterable[Any], build: Callable[[Any], dict[str, Any] | None], where: str
    ) -> Iterator[dict[str, Any]]:
        """Build a posting from each entry; a malformed entry is skipped and counted."""
        for i, entry in enumerate(entries):
            try:
                item = build(entry)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.drop("malformed")
                logger.warning("%s: skipped malformed entry %d of %s: %r", self.name, i, where, exc)
                continue
            if item is not None:
                yield item
