"""Shared base for paged job-board APIs (The Muse, Himalayas): one page after another, up
to the source's `max_pages`, newest first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

from scrapy.http import Response

from crawler.sources import SourceError
from crawler.spiders.base import JobSpider


class PagedSpider(JobSpider):
    """Requests page 0, then the next page while the answer says there are more."""

    default_base_url: ClassVar[str] = ""
    default_max_pages: ClassVar[int] = 10

    @property
    def max_pages(self) -> int:
        value = self.option("max_pages", self.default_max_pages)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SourceError(f"source {self.source_name!r}: max_pages must be a whole number > 0")
        return value

    async def start(self) -> AsyncIterator[Any]:
        yield self.get(self.page_url(0), self.parse, page=0)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        data = self.load_json(response)
        if data is None:
            return
        jobs = self.entries(data)
        if jobs is None:
            self.fail("bad_shape", f"{response.url}: unexpected JSON shape for {self.source_type}")
            return
        yield from self.each(jobs, self.build, response.url)
        page = int(response.meta["page"])
        following = self.next_url(data, jobs, page) if jobs else None
        if following and page + 1 < self.max_pages:
            yield self.get(following, self.parse, page=page + 1)

    def page_url(self, page: int) -> str:
        """The URL of the first page (page 0)."""
        raise NotImplementedError

    def entries(self, data: Any) -> list[Any] | None:
        raise NotImplementedError

    def next_url(self, data: Any, jobs: list[Any], page: int) -> str | None:
        """The URL of the page after `page`, or None when the answer says it was the last."""
        raise NotImplementedError

    def build(self, entry: Any) -> dict[str, Any] | None:
        raise NotImplementedError
