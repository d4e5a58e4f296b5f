"""Retries wait what the server asks (Retry-After) or back off exponentially: the delays the
middleware asks for are recorded, never measured on the clock."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
)
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.middlewares import HostUnreachable, RetryAfterMiddleware


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


# ------------------------------------------------------------------ hosts that never answer
def fail(mw: RetryAfterMiddleware, request: Request, exc: Exception) -> Any:
    return asyncio.run(mw.process_exception(request, exc))


@pytest.mark.parametrize(
    "exc",
    [
        CannotResolveHostError("DNS lookup failed: no results for hostname lookup: jobs.invalid"),
        DownloadConnectionRefusedError("Connection was refused by other side"),
    ],
)
def test_a_host_that_never_answered_is_retried_once_then_given_up(exc: Exception) -> None:
    mw, waits = middleware()  # RETRY_TIMES 3, but a host that cannot be reached gets one retry
    retry = fail(mw, Request("https://jobs.invalid/robots.txt"), exc)
    assert isinstance(retry, Request) and waits == [0.5]
    assert fail(mw, retry, exc) is None and waits == [0.5]  # given up after one retry
    assert mw.crawler.stats is not None
    assert mw.crawler.stats.get_value("skillgap/hosts_unreachable") == 1
    # the crawl's other requests to that host fail at once: no connection, no wait
    with pytest.raises(HostUnreachable, match=r"jobs\.invalid could not be reached"):
        mw.process_request(Request("https://jobs.invalid/api?tag=backend"))
    assert mw.process_request(Request("https://other.test/api")) is None
    assert waits == [0.5]


def test_connect_retries_follow_the_setting() -> None:
    mw, waits = middleware(SKILLGAP_CONNECT_RETRIES=0)
    assert fail(mw, Request("https://a.test/x"), CannotResolveHostError("no")) is None
    assert waits == []


def test_a_host_that_answered_even_an_error_is_retried_as_usual() -> None:
    mw, waits = middleware()
    request = Request("https://a.test/jobs")
    assert isinstance(answer(mw, request, 404), Response)  # the host answered once
    refused = DownloadConnectionRefusedError("Connection was refused by other side")
    for _ in range(3):
        request = fail(mw, request, refused)
        assert isinstance(request, Request)
    assert waits == [0.5, 1.0, 2.0] and fail(mw, request, refused) is None
    assert mw.process_request(Request("https://a.test/more")) is None  # not given up on


def test_a_timeout_is_retried_as_usual_and_gives_up_no_host() -> None:
    mw, waits = middleware()
    request = Request("https://slow.test/jobs")
    for _ in range(3):
        request = fail(mw, request, DownloadTimeoutError("took longer than 30 seconds"))
        assert isinstance(request, Request)
    assert waits == [0.5, 1.0, 2.0]
    assert mw.process_request(Request("https://slow.test/more")) is None


def test_the_crawl_settings_ask_for_a_short_dns_timeout_and_one_connect_retry() -> None:
    from crawler import settings

    assert settings.DNS_TIMEOUT <= 10 and settings.SKILLGAP_CONNECT_RETRIES == 1
    assert settings.RETRY_BACKOFF_BASE <= 1.0  # the one retry waits about a second
