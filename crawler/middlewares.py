"""Retries with exponential backoff on 429/5xx and network errors, honouring Retry-After;
a host that never answered and cannot be resolved or connected to is given up quickly;
a robots.txt Crawl-delay is honoured per site."""

from __future__ import annotations

import logging
from email.utils import parsedate_to_datetime
from time import time

from scrapy import Request, signals
from scrapy.core.downloader import Downloader
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    IgnoreRequest,
    NotConfigured,
)
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from scrapy.utils.response import response_status_message
from twisted.internet import error as tx
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)

# The host could not be resolved or refused the connection: nothing answered at all.
# Timeouts are not among them: a slow server is retried as usual.
CONNECT_FAILURES: tuple[type[BaseException], ...] = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    tx.DNSLookupError,
    tx.ConnectionRefusedError,
    tx.NoRouteError,
    tx.UnknownHostError,
    tx.TCPTimedOutError,
)


class HostUnreachable(IgnoreRequest):
    """A request not sent: its host could not be resolved or connected to earlier."""


def host_of(request: Request) -> str:
    return urlparse_cached(request).netloc.lower()


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time()))


class RetryAfterMiddleware:
    """Scrapy's retry logic, waiting before each retry: Retry-After if given, else backoff.

    Replaces scrapy's RetryMiddleware (same settings: RETRY_ENABLED, RETRY_TIMES,
    RETRY_HTTP_CODES, RETRY_EXCEPTIONS) and adds RETRY_BACKOFF_BASE, RETRY_BACKOFF_MAX and
    RETRY_AFTER_MAX (a longer Retry-After gives up rather than stall the crawl).

    A host that has not answered anything in this crawl and cannot be resolved or connected
    to is retried only SKILLGAP_CONNECT_RETRIES times (default 1); then it counts as
    unreachable and the crawl's other requests to it fail at once, without a connection,
    so an offline crawl ends in seconds. A host that answered once (even with an error) is
    retried as usual.
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        if not s.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.max_retry_times = s.getint("RETRY_TIMES")
        self.retry_http_codes = {int(x) for x in s.getlist("RETRY_HTTP_CODES")}
        self.exceptions_to_retry = tuple(load_object(x) if isinstance(x, str) else x
                                         for x in s.getlist("RETRY_EXCEPTIONS"))  # fmt: skip
        self.backoff_base = s.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = s.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = s.getfloat("RETRY_AFTER_MAX", 300.0)
        self.connect_retries = s.getint("SKILLGAP_CONNECT_RETRIES", 1)
        self.answered: set[str] = set()  # hosts that sent any response in this crawl
        self.unreachable: dict[str, str] = {}  # host -> why it could not be reached

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def backoff(self, request: Request) -> float:
        """Exponential: base, 2*base, 4*base... capped at RETRY_BACKOFF_MAX."""
        tries = int(request.meta.get("retry_times", 0))
        return float(min(self.backoff_max, self.backoff_base * (2**tries)))

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def _retry(
        self, request: Request, reason: str | Exception, most: int | None = None
    ) -> Request | None:
        assert self.crawler.spider is not None
        times = request.meta.get("max_retry_times", self.max_retry_times)
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=times if most is None else min(times, most),
        )

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            from twisted.internet import reactor  # the one Scrapy installed

            await maybe_deferred_to_future(deferLater(reactor, seconds))

    def process_request(self, request: Request) -> None:
        why = self.unreachable.get(host_of(request))
        if why is not None:
            raise HostUnreachable(f"{host_of(request)} could not be reached ({why})")

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        self.answered.add(host_of(request))
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = retry_after_seconds(response.headers.get("Retry-After"))
        if delay is not None and delay > self.retry_after_max:
            logger.warning(
                "%s asks to retry after %.0fs (over RETRY_AFTER_MAX=%.0fs); giving up on %s",
                response.status, delay, self.retry_after_max, request.url,
            )  # fmt: skip
            self._inc("skillgap/retry_after_too_long")
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait = delay if delay is not None else self.backoff(request)
        if delay is not None:
            self._inc("skillgap/retry_after_honoured")
        logger.info("retrying %s in %.1fs (HTTP %s)", request.url, wait, response.status)
        await self._wait(wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        host = host_of(request)
        never_answered = isinstance(exception, CONNECT_FAILURES) and host not in self.answered
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            if never_answered:
                self._give_up_on(host, exception)
            return None
        retry = self._retry(request, exception, self.connect_retries if never_answered else None)
        if retry is None and never_answered:
            self._give_up_on(host, exception)
        if retry is not None:
            await self._wait(self.backoff(request))
        return retry

    def _give_up_on(self, host: str, exception: BaseException) -> None:
        if host not in self.unreachable:
            self.unreachable[host] = f"{type(exception).__name__}: {exception}".rstrip(": ")
            self._inc("skillgap/hosts_unreachable")
            logger.warning("%s could not be reached: not trying it again in this crawl", host)


class CrawlDelayMiddleware:
    """Honour a robots.txt `Crawl-delay` per site, leaving sites that ask nothing alone.

    When Scrapy's robots.txt middleware has parsed a site's robots.txt (signal
    `robots_parsed`), the delay it asks of our User-Agent (Protego's `crawl_delay`) becomes
    the least delay of that site's download slot, without jitter, capped at
    SKILLGAP_CRAWL_DELAY_MAX. AutoThrottle may not lower it: its requests carry
    `autothrottle_dont_adjust_delay`. Recorded as the stat `skillgap/crawl_delay/<slot>`.
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        if not s.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.max_delay = s.getfloat("SKILLGAP_CRAWL_DELAY_MAX", 30.0)
        self.user_agent = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT") or ""
        self.delays: dict[str, float] = {}  # download slot -> the delay its robots.txt asks
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    @property
    def _downloader(self) -> Downloader:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        asked = robotparser.crawl_delay(self.user_agent)
        if not asked or asked <= 0:
            return
        delay = min(float(asked), self.max_delay)
        if delay < asked:
            logger.warning(
                "%s: robots.txt asks %.0fs between requests; waiting %.0fs "
                "(SKILLGAP_CRAWL_DELAY_MAX)", request.url, asked, delay,
            )  # fmt: skip
        key = self._downloader.get_slot_key(request)
        self.delays[key] = delay
        # a slot made later (or again, after an idle slot is dropped) starts with the delay
        self._downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
        self._apply(key)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(f"skillgap/crawl_delay/{key}", delay)
        logger.info("%s: robots.txt asks %.1fs between requests: honoured", key, delay)

    def _apply(self, key: str) -> None:
        slot = self._downloader.slots.get(key)
        if slot is not None and slot.delay < self.delays[key]:
            slot.delay = self.delays[key]
        if slot is not None:
            slot.jitter = 0.0  # a random delay could undercut the one asked

    def process_request(self, request: Request) -> None:
        key = self._downloader.get_slot_key(request)
        if key in self.delays:
            request.meta["autothrottle_dont_adjust_delay"] = True
            self._apply(key)
