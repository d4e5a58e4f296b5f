"""Ashby posting API: GET /posting-api/job-board/{org}?includeCompensation=true."""

from __future__ import annotations

from typing import Any

from crawler.normalise import parse_amount, parse_period, parse_remote
from crawler.spiders.boards import BoardSpider


def _salary(entry: dict[str, Any]) -> dict[str, Any]:
    comp = entry.get("compensation") or {}
    for part in comp.get("summaryComponents") or []:
        if str(part.get("compensationType", "")).lower() != "salary":
            continue
        words = str(part.get("interval") or "").split()  # e.g. "1 YEAR"
        return {
            "salary_min": parse_amount(part.get("minValue")),
            "salary_max": parse_amount(part.get("maxValue")),
            "salary_currency": part.get("currencyCode"),
            "salary_period": parse_period(words[-1]) if words else None,
        }
    return {}


class AshbySpider(BoardSpider):
    name = "ashby"
    source_type = "ashby"
    default_base_url = "https://api.ashbyhq.com"
    list_path = "/posting-api/job-board/{board}?includeCompensation=true"

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any] | None:
        if entry.get("isListed") is False:
            self.drop("unlisted")
            return None
        location = entry.get("location")
        remote = entry.get("isRemote")
        if remote is None:
            remote = parse_remote(location, entry.get("workplaceType"))
        return self.posting(
            external_id=entry["id"],
            url=entry.get("jobUrl"),
            title=entry.get("title"),
            company=self.company_name(board),
            location=location,
            remote=bool(remote) if remote is not None else None,
            posted_at=entry.get("publishedAt"),
            description_html=entry.get("descriptionHtml"),
            description_text=entry.get("descriptionPlain") or "",
            **_salary(entry),
        )
