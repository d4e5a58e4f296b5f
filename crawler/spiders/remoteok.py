"""RemoteOK API: GET /api, and /api?tag=TAG for each of the source's `tags`. Element 0 is a
legal notice; strings are double-encoded UTF-8.

`/api` holds only about the 100 newest ads of every kind; a tag feed (`backend`, `golang`...)
reaches further back in its field. An ad in several feeds is built once (by its id).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote

from scrapy.http import Response

from crawler.figures import inc
from crawler.normalise import parse_amount
from crawler.spiders.base import JobSpider

ATTRIBUTION = "RemoteOK"


class RemoteOKSpider(JobSpider):
    name = "remoteok"
    source_type = "remoteok"

    async def start(self) -> AsyncIterator[Any]:
        api = self.base_url("https://remoteok.com") + "/api"
        yield self.get(api, self.parse)
        for tag in dict.fromkeys(t.strip().lower() for t in self.string_list("tags")):
            if tag:
                yield self.get(f"{api}?tag={quote(tag)}", self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        data = self.load_json(response)
        if data is None:
            return
        if not isinstance(data, list):
            self.fail("bad_shape", f"{response.url}: expected a JSON array")
            return
        jobs = [e for e in data if not (isinstance(e, dict) and "legal" in e and "id" not in e)]
        yield from self.each(jobs, self.build, response.url)

    def build(self, entry: Any) -> dict[str, Any] | None:
        if str(entry["id"]) in self.seen_ids:  # already built from another of the feeds
            inc(self.crawler, "duplicate_entries")
            return None
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
