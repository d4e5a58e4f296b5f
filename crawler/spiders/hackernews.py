"""Hacker News "Ask HN: Who is hiring?" through the Algolia API: each top-level comment is an ad."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from crawler.hn_ads import THREAD_TITLE_RE, parse_header
from crawler.sources import SourceError
from crawler.spiders.base import JobSpider

ITEM_URL = "https://news.ycombinator.com/item?id={id}"


class HackerNewsSpider(JobSpider):
    name = "hackernews"
    source_type = "hackernews"

    def api(self) -> str:
        return self.base_url("https://hn.algolia.com/api/v1")

    async def start(self) -> AsyncIterator[Any]:
        thread_ids = self.option("threads")
        if thread_ids:
            if not isinstance(thread_ids, list):
                raise SourceError(f"source {self.source_name!r}: threads must be a list of ids")
            for tid in thread_ids:
                yield self.get(f"{self.api()}/items/{int(tid)}", self.parse_thread)
            return
        url = f"{self.api()}/search_by_date?tags=story,author_whoishiring&hitsPerPage=60"
        yield self.get(url, self.parse_search)

    def months(self) -> int:
        value = self.option("months", 3)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SourceError(f"source {self.source_name!r}: months must be a positive integer")
        return value

    def parse_search(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        data = self.load_json(response)
        if data is None:
            return
        hits = data.get("hits") if isinstance(data, dict) else None
        if not isinstance(hits, list):
            self.fail("bad_shape", f"{response.url}: no 'hits' in the search response")
            return
        threads = [h for h in hits if THREAD_TITLE_RE.match(str(h.get("title") or ""))]
        threads.sort(key=lambda h: int(h.get("created_at_i") or 0), reverse=True)
        if not threads:
            self.fail("no_threads", f"{response.url}: no 'Who is hiring?' threads found")
        for hit in threads[: self.months()]:
            yield self.get(f"{self.api()}/items/{int(hit['objectID'])}", self.parse_thread)

    def parse_thread(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        data = self.load_json(response)
        if data is None:
            return
        children = data.get("children") if isinstance(data, dict) else None
        if not isinstance(children, list):
            self.fail("bad_shape", f"{response.url}: the thread has no 'children'")
            return
        yield from self.each(children, self.build, response.url)

    def build(self, comment: Any) -> dict[str, Any] | None:
        html = comment.get("text")
        if not html or comment.get("author") is None:
            self.drop("deleted")
            return None
        header = parse_header(html)
        lo, hi, cur = header.salary or (None, None, None)
        return self.posting(
            external_id=comment["id"],
            url=ITEM_URL.format(id=comment["id"]),
            title=header.title,
            company=header.company,
            location=header.location,
            remote=header.remote,
            posted_at=comment.get("created_at_i") or comment.get("created_at"),
            salary_min=lo,
            salary_max=hi,
            salary_currency=cur,
            salary_period="year" if header.salary else None,
            description_html=html,
            attribution="Hacker News",
        )
