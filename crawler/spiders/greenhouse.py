"""Greenhouse Job Board API: GET /v1/boards/{board}/jobs?content=true (content is escaped HTML)."""

from __future__ import annotations

from typing import Any

from crawler.normalise import parse_amount, parse_remote
from crawler.spiders.boards import BoardSpider


def _metadata_values(entry: dict[str, Any]) -> list[str]:
    return [str(m.get("value")) for m in entry.get("metadata") or [] if m.get("value")]


def _salary(entry: dict[str, Any]) -> dict[str, Any]:
    """Greenhouse pay transparency ranges (cents) when the board publishes them."""
    ranges = entry.get("pay_input_ranges") or []
    if not ranges:
        return {}
    r = ranges[0]
    lo, hi = parse_amount(r.get("min_cents")), parse_amount(r.get("max_cents"))
    return {
        "salary_min": lo / 100 if lo else None,
        "salary_max": hi / 100 if hi else None,
        "salary_currency": r.get("currency_type"),
        "salary_period": "year" if lo or hi else None,
    }


class GreenhouseSpider(BoardSpider):
    name = "greenhouse"
    source_type = "greenhouse"
    default_base_url = "https://boards-api.greenhouse.io"
    list_path = "/v1/boards/{board}/jobs?content=true"

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any]:
        location = (entry.get("location") or {}).get("name")
        offices = [o.get("name") for o in entry.get("offices") or [] if isinstance(o, dict)]
        return self.posting(
            external_id=entry["id"],
            url=entry.get("absolute_url"),
            title=entry.get("title"),
            company=entry.get("company_name") or self.company_name(board),
            location=location,
            remote=parse_remote(location, *offices, *_metadata_values(entry)),
            posted_at=entry.get("first_published") or entry.get("updated_at"),
            description_html=entry.get("content"),
            **_salary(entry),
        )
