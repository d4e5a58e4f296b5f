"""Remotive remote-jobs API: GET /api/remote-jobs?category=software-dev.

`{"0-legal-notice": ..., "job-count": N, "jobs": [...]}`; a job has `id`, `url`, `title`,
`company_name`, `publication_date`, `candidate_required_location`, `salary` (free text)
and `description` (HTML). Remotive allows at most 4 calls a day and asks that its jobs
credit it with a link: the answer is kept on disk (crawler/quota.py) and read again until
it is `refresh_hours` old and a call of the day is left; every posting keeps the
attribution and its Remotive URL.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlencode, urlparse

from scrapy.http import Response

from crawler.figures import inc
from crawler.quota import CACHE_DIR_SETTING, CallBook
from crawler.sources import SourceError
from crawler.spiders.base import JobSpider

ATTRIBUTION = "Remotive"
CALLS_PER_DAY = 4  # Remotive's limit; a source may ask for fewer, never more
REFRESH_HOURS = 6.0  # a kept answer younger than this is used without calling


def cache_folder(settings: Any) -> str:
    """SKILLGAP_CACHE_DIR, else Scrapy's project data folder (.scrapy/skillgap-cache)."""
    folder = settings.get(CACHE_DIR_SETTING)
    if folder:
        return str(folder)
    from scrapy.utils.project import data_path

    return data_path("skillgap-cache", createdir=True)


class RemotiveSpider(JobSpider):
    name = "remotive"
    source_type = "remotive"
    clock: Callable[[], float] = staticmethod(time.time)  # tests drive a fake clock

    def _limits(self) -> tuple[int, float]:
        per_day, refresh = (
            self.option("calls_per_day", CALLS_PER_DAY),
            self.option("refresh_hours", REFRESH_HOURS),
        )
        if isinstance(per_day, bool) or not isinstance(per_day, int) or per_day < 1:
            raise SourceError(f"source {self.source_name!r}: calls_per_day must be 1 to 4")
        if isinstance(refresh, bool) or not isinstance(refresh, int | float) or refresh < 0:
            raise SourceError(f"source {self.source_name!r}: refresh_hours must be >= 0")
        return min(per_day, CALLS_PER_DAY), float(refresh)

    def list_url(self) -> str:
        base = self.base_url("https://remotive.com")
        category = self.option("category", "software-dev")
        return f"{base}/api/remote-jobs" + (
            f"?{urlencode({'category': category})}" if category else ""
        )

    async def start(self) -> AsyncIterator[Any]:
        per_day, refresh = self._limits()
        self.book = CallBook(cache_folder(self.settings), clock=self.clock)
        url = self.list_url()
        service = urlparse(url).netloc
        kept = self.book.kept(url)
        if kept is not None and self.book.age(kept) < refresh * 3600:
            inc(self.crawler, "cache/fresh")
            for item in self.parse_body(kept.body, url):
                yield item
            return
        if not self.book.take_call(service, per_day):
            if kept is None:
                self.fail("quota", f"{url}: the {per_day} calls a day are used and no answer "
                          "is kept; try again tomorrow")  # fmt: skip
                return
            inc(self.crawler, "cache/quota")
            self.logger.info("%s: %d calls a day used; reading the kept answer", url, per_day)
            for item in self.parse_body(kept.body, url):
                yield item
            return
        yield self.get(url, self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        items = list(self.parse_body(response.body, response.url, ctype_of=response))
        if items or self._is_jobs_answer(response.body):
            self.book.keep(response.url, response.body)
        yield from items

    @staticmethod
    def _is_jobs_answer(body: bytes) -> bool:
        try:
            return isinstance(json.loads(body).get("jobs"), list)
        except (ValueError, AttributeError):
            return False

    def parse_body(
        self, body: bytes, url: str, ctype_of: Response | None = None
    ) -> Iterator[dict[str, Any]]:
        if ctype_of is not None:
            data = self.load_json(ctype_of)
        else:
            try:
                data = json.loads(body)
            except ValueError as exc:
                self.fail("bad_json", f"{url}: the kept answer is not JSON ({exc})")
                return
        if data is None:
            return
        jobs = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(jobs, list):
            self.fail("bad_shape", f"{url}: expected {{'jobs': [...]}}")
            return
        yield from self.each(jobs, self.build, url)

    def build(self, entry: Any) -> dict[str, Any]:
        where = str(entry.get("candidate_required_location") or "").strip()
        return self.posting(
            external_id=entry["id"],
            url=entry.get("url"),
            title=entry.get("title"),
            company=entry.get("company_name") or "",
            location=f"Remote ({where})" if where else "Remote",
            remote=True,
            posted_at=entry.get("publication_date"),
            description_html=entry.get("description"),
            attribution=ATTRIBUTION,
        )
