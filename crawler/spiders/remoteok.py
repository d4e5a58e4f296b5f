"""RemoteOK API: GET /api. Element 0 is a legal notice; strings are double-encoded UTF-8."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from crawler.normalise import parse_amount
from crawler.spiders.base import JobSpider

ATTRIBUTION = "RemoteOK"


class RemoteOKSpider(JobSpider):
    name = "remoteok"
    source_type = "remoteok"

    async def start(self) -> AsyncIterator[Any]:
        yield self.get(self.base_url("https://remoteok.com") + "/api", self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        data = self.load_json(response)
        if data is None:
            return
        if not isinstance(data, list):
            self.fail("bad_shape", f"{response.url}: expected a JSON array")
            return
        jobs = [e for e in data if not (isinstance(e, dict) and "legal" in e and "id" not in e)]
        yield from self.each(jobs, self.build, response.url)

    def build(self, entry: Any) -> dict[str, Any]:
        lo, hi = parse_amount(entry.get("salary_min")), parse_amount(entry.get("salary_max"))
        return self.posting(
            external_id=entry["id"],
            url=entry.get("url") or entry.get("apply_url"),
            title=entry.get("position"),
            company=entry.get("company") or "",
            location=entry.get("location") or None,
            remote=True,
            posted_at=entry.get("date") or entry.get("epoch"),
            salary_min=lo,
            salary_max=hi,
            salary_currency="USD" if lo or hi else None,
            salary_period="year" if lo or hi else None,
            description_html=entry.get("description"),
            attribution=ATTRIBUTION,
        )
