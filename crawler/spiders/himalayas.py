"""Himalayas remote-jobs API: GET /jobs/api?limit=20&offset=N (20 jobs a page at most).

`{"totalCount", "offset", "limit", "jobs": [...]}`; a job has `guid` (its Himalayas page),
`title`, `companyName`, `description` (HTML), `pubDate` (epoch seconds),
`locationRestrictions` (country names, or objects with a `name`), `minSalary`,
`maxSalary`, `currency`, `salaryPeriod`, `applicationLink`. Himalayas asks that its jobs
link back and credit it: every posting keeps the attribution and its Himalayas URL.
"""

from __future__ import annotations

from typing import Any

from crawler.normalise import parse_amount, parse_period
from crawler.spiders.paged import PagedSpider

ATTRIBUTION = "Himalayas"
PAGE_SIZE = 20


def _restrictions(values: Any) -> str | None:
    names = [v.get("name") if isinstance(v, dict) else v for v in values or []]
    return ", ".join(str(n).strip() for n in names if n and str(n).strip()) or None


class HimalayasSpider(PagedSpider):
    name = "himalayas"
    source_type = "himalayas"
    default_base_url = "https://himalayas.app"

    def page_url(self, page: int, offset: int = 0) -> str:
        base = self.base_url(self.default_base_url)
        return f"{base}/jobs/api?limit={PAGE_SIZE}&offset={offset}"

    def entries(self, data: Any) -> list[Any] | None:
        jobs = data.get("jobs") if isinstance(data, dict) else None
        return jobs if isinstance(jobs, list) else None

    def next_url(self, data: Any, jobs: list[Any], page: int) -> str | None:
        """Offsets count jobs: the next page starts after the jobs this one held."""
        offset = int(data.get("offset") or 0) + len(jobs)
        return (
            self.page_url(page + 1, offset) if offset < int(data.get("totalCount") or 0) else None
        )

    def build(self, entry: Any) -> dict[str, Any]:
        lo, hi = parse_amount(entry.get("minSalary")), parse_amount(entry.get("maxSalary"))
        where = _restrictions(entry.get("locationRestrictions"))
        return self.posting(
            external_id=entry["guid"],
            url=entry.get("guid") or entry.get("applicationLink"),
            title=entry.get("title"),
            company=entry.get("companyName") or "",
            location=f"Remote ({where})" if where else "Remote",
            remote=True,
            posted_at=entry.get("pubDate"),
            salary_min=lo,
            salary_max=hi,
            salary_currency=entry.get("currency") if lo or hi else None,
            salary_period=parse_period(entry.get("salaryPeriod")) or ("year" if lo or hi else None),
            description_html=entry.get("description") or entry.get("excerpt"),
            attribution=ATTRIBUTION,
        )
