"""Shared base for ATS board APIs (Greenhouse, Lever, Ashby): one list request per board."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from crawler.sources import SourceError
from crawler.spiders.base import JobSpider


class BoardSpider(JobSpider):
    """Fetches `{base_url}{list_path}` for each board in the config key `boards_key`."""

    boards_key: ClassVar[str] = "boards"
    default_base_url: ClassVar[str] = ""
    list_path: ClassVar[str] = ""  # formatted with {board}

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        boards = self.string_list(self.boards_key)
        if not boards:
            raise SourceError(f"source {self.source_name!r}: list some {self.boards_key}")
        base = self.base_url(self.default_base_url)
        for board in boards:
            yield self.get(base + self.list_path.format(board=board), self.parse, board=board)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        data = self.load_json(response)
        if data is None:
            return
        board = response.meta["board"]
        entries = self.entries(data)
        if entries is None:
            self.fail("bad_shape", f"{response.url}: unexpected JSON shape for {self.name}")
            return
        yield from self.each(entries, lambda e: self.build(e, board), response.url)

    def entries(self, data: Any) -> list[Any] | None:
        """The job entries in a list response, or None when the shape is wrong.

        Greenhouse and Ashby answer {"jobs": [...]}; a board with another shape overrides this.
        """
        jobs = data.get("jobs") if isinstance(data, dict) else None
        return jobs if isinstance(jobs, list) else None

    def build(self, entry: Any, board: str) -> dict[str, Any] | None:
        raise NotImplementedError
