"""Recruitee careers site API: GET https://{company}.recruitee.com/api/offers/.

`{"offers": [...]}`; an offer's text is split in `description` and `requirements` (HTML),
dates look like `2026-07-30 19:46:15 UTC`, `salary` is `{min, max, period, currency}`.
"""

from __future__ import annotations

from typing import Any

from crawler.normalise import parse_amount, parse_period, parse_remote
from crawler.spiders.boards import BoardSpider


def _salary(entry: dict[str, Any]) -> dict[str, Any]:
    pay = entry.get("salary") or {}
    if not isinstance(pay, dict) or not (pay.get("min") or pay.get("max")):
        return {}
    return {
        "salary_min": parse_amount(pay.get("min")),
        "salary_max": parse_amount(pay.get("max")),
        "salary_currency": pay.get("currency"),
        "salary_period": parse_period(pay.get("period")),
    }


def _remote(entry: dict[str, Any], location: str | None) -> bool | None:
    if entry.get("remote") is True:
        return True
    if entry.get("on_site") is True or entry.get("hybrid") is True:
        return False
    return parse_remote(location)


def _location(entry: dict[str, Any]) -> str | None:
    if entry.get("location"):
        return str(entry["location"])
    parts = [entry.get("city"), entry.get("state_name") or entry.get("state"), entry.get("country")]
    return ", ".join(str(p) for p in parts if p) or None


class RecruiteeSpider(BoardSpider):
    name = "recruitee"
    source_type = "recruitee"
    default_base_url = "https://{board}.recruitee.com"
    list_path = "/api/offers/"

    def entries(self, data: Any) -> list[Any] | None:
        offers = data.get("offers") if isinstance(data, dict) else None
        return offers if isinstance(offers, list) else None

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any] | None:
        if entry.get("status") not in (None, "published"):
            self.drop("unlisted")
            return None
        location = _location(entry)
        parts = [entry.get("description") or ""]
        if entry.get("requirements"):
            parts.append(f"<h3>Requirements</h3>{entry['requirements']}")
        return self.posting(
            external_id=entry["id"],
            url=entry.get("careers_url") or entry.get("careers_apply_url"),
            title=entry.get("title"),
            company=self.company_name(board, entry.get("company_name")),
            location=location,
            remote=_remote(entry, location),
            posted_at=entry.get("published_at") or entry.get("created_at"),
            description_html="\n".join(p for p in parts if p) or None,
            **_salary(entry),
        )
