"""Shared base for ATS board APIs (Greenhouse, Lever, Ashby, Workable, Recruitee, Personio,
Teamtailor): one list request per board; a board that answers 404/410 is reported as gone."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.figures import count_gone, count_skipped_gone
from crawler.sources import Source, SourceError
from crawler.spiders.base import JobSpider

GONE_STATUSES = (404, 410)


class BoardSpider(JobSpider):
    """Fetches `{base_url}{list_path}` for each board in the config key `boards_key`.

    `base_url` may hold `{board}` for services with a host per board (Recruitee, Personio,
    Teamtailor); a board written as a full URL (a custom careers domain) is its own base.
    Boards listed in the source's `skip_boards` (the application's list of gone boards)
    are not requested.
    """

    boards_key: ClassVar[str] = "boards"
    default_base_url: ClassVar[str] = ""
    list_path: ClassVar[str] = ""  # formatted with {board}

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests():
            yield request

    @classmethod
    def list_url(cls, source: Source, board: str) -> str:
        """The list URL of one board of `source` (what a crawl fetches, and a check asks)."""
        if board.startswith(("http://", "https://")):
            base = board.rstrip("/")
        else:
            base = str(source.get("base_url") or cls.default_base_url).rstrip("/")
            base = base.replace("{board}", board)
        return base + cls.list_path.format(board=board)

    def board_url(self, board: str) -> str:
        assert self.source is not None
        return self.list_url(self.source, board)

    def start_requests(self) -> Iterator[scrapy.Request]:
        boards = self.string_list(self.boards_key)
        if not boards:
            raise SourceError(f"source {self.source_name!r}: list some {self.boards_key}")
        skip = set(self.string_list("skip_boards"))
        for board in dict.fromkeys(boards):
            if board in skip:
                count_skipped_gone(self.crawler, self.source_name, board)
                continue
            yield self.get(self.board_url(board), self.parse, board=board)

    def on_error(self, failure: Failure) -> None:
        exc = failure.value
        request = getattr(failure, "request", None)
        board = request.meta.get("board") if request is not None else None
        if isinstance(exc, HttpError) and exc.response.status in GONE_STATUSES and board:
            count_gone(self.crawler, self.source_name, board, exc.response.status)
            return
        super().on_error(failure)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        data = self.load(response)
        if data is None:
            return
        board = response.meta["board"]
        entries = self.entries(data)
        if entries is None:
            self.fail("bad_shape", f"{response.url}: unexpected shape for {self.source_type}")
            return
        yield from self.each(entries, lambda e: self.build(e, board, data), response.url)

    def load(self, response: Response) -> Any:
        """The parsed list answer (JSON here; feeds override it), or None after counting why."""
        return self.load_json(response)

    def entries(self, data: Any) -> list[Any] | None:
        """The job entries in a list response, or None when the shape is wrong.

        Greenhouse and Ashby answer {"jobs": [...]}; a board with another shape overrides this.
        """
        jobs = data.get("jobs") if isinstance(data, dict) else None
        return jobs if isinstance(jobs, list) else None

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any] | None:
        """A posting from one entry; `page` is the whole list answer it came in."""
        raise NotImplementedError
