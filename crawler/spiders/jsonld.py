"""schema.org JobPosting JSON-LD from configured career pages and sitemaps."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.jsonld import JsonLdError, job_postings, ld_blocks, posting_fields
from crawler.sources import SourceError
from crawler.spiders.base import JobSpider, content_type


class JsonLdSpider(JobSpider):
    name = "jsonld"
    source_type = "jsonld"

    async def start(self) -> AsyncIterator[Any]:
        urls, sitemaps = self.string_list("urls"), self.string_list("sitemaps")
        if not urls and not sitemaps:
            raise SourceError(f"source {self.source_name!r}: list career-page urls or sitemaps")
        pattern = self.option("sitemap_filter")
        self.url_filter = re.compile(pattern) if pattern else None
        for url in sitemaps:
            yield self.get(url, self.parse_sitemap)
        for url in urls:
            yield self.get(url, self.parse)

    def parse_sitemap(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several types on garbage
            self.fail("bad_sitemap", f"{response.url}: not a sitemap ({exc})")
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield self.get(loc, self.parse_sitemap)
            elif self.url_filter is None or self.url_filter.search(loc):
                yield self.get(loc, self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        ctype = content_type(response)
        if ctype and "html" not in ctype and "xml" not in ctype:
            self.fail("wrong_content_type", f"{response.url}: expected an HTML page, got {ctype}")
            return
        if not isinstance(response, TextResponse):
            self.fail("wrong_content_type", f"{response.url}: not a text response")
            return
        page = response.selector
        nodes: list[dict[str, Any]] = []
        try:
            for block in ld_blocks(page):
                nodes.extend(job_postings(block))
        except JsonLdError as exc:
            self.fail("bad_jsonld", f"{response.url}: broken JSON-LD block ({exc})")
        if not nodes:
            self.drop("no_jobposting")
            return
        yield from self.each(
            nodes, lambda n: self.posting(**posting_fields(n, response.url)), response.url
        )


__all__ = ["JsonLdSpider", "SourceError"]
