"""Lever Postings API: GET /v0/postings/{company}?mode=json (text split into lists/additional)."""

from __future__ import annotations

from typing import Any

from crawler.normalise import parse_amount, parse_period, parse_remote
from crawler.spiders.boards import BoardSpider


def lever_html(entry: dict[str, Any]) -> str:
    """One HTML description: the opening/body, each list as a heading + bullets, additional."""
    parts = [entry.get("description") or ""]
    for block in entry.get("lists") or []:
        heading = block.get("text") or ""
        parts.append(f"<h3>{heading}</h3><ul>{block.get('content') or ''}</ul>")
    parts.append(entry.get("additional") or "")
    return "\n".join(p for p in parts if p)


def lever_plain(entry: dict[str, Any]) -> str | None:
    """The plain-text twin when every part has one (lists carry HTML only)."""
    if entry.get("lists"):
        return None
    parts = [entry.get("descriptionPlain"), entry.get("additionalPlain")]
    text = "\n\n".join(p for p in parts if p)
    return text or None


def _salary(entry: dict[str, Any]) -> dict[str, Any]:
    r = entry.get("salaryRange") or {}
    if not r:
        return {}
    interval = str(r.get("interval") or "").replace("-", " ").split()
    period = next((p for w in interval if (p := parse_period(w))), None)
    return {
        "salary_min": parse_amount(r.get("min")),
        "salary_max": parse_amount(r.get("max")),
        "salary_currency": r.get("currency"),
        "salary_period": period,
    }


def _remote(workplace: str | None, location: str | None, commitment: str | None) -> bool | None:
    if workplace == "remote":
        return True
    if workplace in ("on-site", "onsite", "hybrid"):
        return False
    return parse_remote(location, commitment)


class LeverSpider(BoardSpider):
    name = "lever"
    source_type = "lever"
    boards_key = "companies"
    default_base_url = "https://api.lever.co"
    list_path = "/v0/postings/{board}?mode=json"

    def entries(self, data: Any) -> list[Any] | None:
        return data if isinstance(data, list) else None

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any]:
        cats = entry.get("categories") or {}
        location = cats.get("location") or ", ".join(cats.get("allLocations") or []) or None
        workplace = entry.get("workplaceType")
        return self.posting(
            external_id=entry["id"],
            url=entry.get("hostedUrl"),
            title=entry.get("text"),
            company=self.company_name(board),
            location=location,
            remote=_remote(workplace, location, cats.get("commitment")),
            posted_at=entry.get("createdAt"),
            description_html=lever_html(entry),
            description_text=lever_plain(entry) or "",
            **_salary(entry),
        )
