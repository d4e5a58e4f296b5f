"""Retries wait what the server asks (Retry-After) or back off exponentially: the delays the
middleware asks for are recorded, never measured on the clock."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.middlewares import RetryAfterMiddleware


def middleware(**settings: Any) -> tuple[RetryAfterMiddleware, list[float]]:
    crawler = get_crawler(Spider, {"RETRY_TIMES": 3, "RETRY_BACKOFF_BASE": 0.5, **settings})
    crawler.spider = crawler._create_spider("s")
    mw = RetryAfterMiddleware.from_crawler(crawler)
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    mw._wait = record  # type: ignore[method-assign]
    return mw, waits


def answer(mw: RetryAfterMiddleware, request: Request, status: int, **headers: str) -> Any:
    response = Response(request.url, status=status, headers=headers, request=request)
    return asyncio.run(mw.process_response(request, response))


def test_retry_after_is_the_wait_asked_for() -> None:
    mw, waits = middleware()
    retry = answer(mw, Request("https://a.test/jobs"), 503, **{"Retry-After": "1"})
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    assert waits == [1.0]
    assert mw.crawler.stats is not None
    assert mw.crawler.stats.get_value("skillgap/retry_after_honoured") == 1


def test_without_retry_after_the_wait_doubles_up_to_the_cap() -> None:
    mw, waits = middleware(RETRY_BACKOFF_MAX=1.5)
    request = Request("https://a.test/jobs")
    for _ in range(3):
        request = answer(mw, request, 500)
        assert isinstance(request, Request)
    assert waits == [0.5, 1.0, 1.5]
    assert isinstance(answer(mw, request, 500), Response)  # retries used up: given up
    assert waits == [0.5, 1.0, 1.5]


def test_a_retry_after_over_the_cap_gives_up_without_waiting() -> None:
    mw, waits = middleware(RETRY_AFTER_MAX=60)
    response = answer(mw, Request("https://a.test/sitemap.xml"), 429, **{"Retry-After": "3600"})
    assert isinstance(response, Response) and response.status == 429
    assert waits == []


@pytest.mark.parametrize("status", [200, 404])
def test_other_answers_pass_through(status: int) -> None:
    mw, waits = middleware()
    response = answer(mw, Request("https://a.test/x"), status)
    assert isinstance(response, Response) and response.status == status and waits == []
