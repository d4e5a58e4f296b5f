"""Workable public jobs widget: GET /api/v1/widget/accounts/{account}?details=true.

One answer is the whole board: `{"name": company, "jobs": [...]}`; with details=true each
job carries its `description` HTML (and, on some boards, `requirements` and `benefits`).
"""

from __future__ import annotations

from typing import Any

from crawler.normalise import parse_remote
from crawler.spiders.boards import BoardSpider

EXTRA_PARTS = (("requirements", "Requirements"), ("benefits", "Benefits"))
WORKPLACE = {"remote": True, "hybrid": False, "on_site": False, "onsite": False}


def _place(entry: dict[str, Any]) -> str | None:
    """`City, Region, Country` of each published location; a hidden one shows its country."""
    places = [p for p in entry.get("locations") or [] if isinstance(p, dict)] or [
        {"city": entry.get("city"), "region": entry.get("state"), "country": entry.get("country")}
    ]
    texts: list[str] = []
    for p in places:
        keys = ("country",) if p.get("hidden") else ("city", "region", "country")
        text = ", ".join(str(p[k]).strip() for k in keys if p.get(k) and str(p[k]).strip())
        if text and text not in texts:
            texts.append(text)
    return "; ".join(texts) or None


def workable_html(entry: dict[str, Any]) -> str | None:
    parts = [entry.get("description") or ""]
    for key, heading in EXTRA_PARTS:
        if entry.get(key):
            parts.append(f"<h3>{heading}</h3>{entry[key]}")
    return "\n".join(p for p in parts if p) or None


class WorkableSpider(BoardSpider):
    name = "workable"
    source_type = "workable"
    default_base_url = "https://apply.workable.com"
    list_path = "/api/v1/widget/accounts/{board}?details=true"

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any]:
        location = _place(entry)
        remote = WORKPLACE.get(str(entry.get("workplace_type") or "").lower())
        if remote is None:
            remote = True if entry.get("telecommuting") else parse_remote(location)
        company = (page or {}).get("name") if isinstance(page, dict) else None
        return self.posting(
            external_id=entry["shortcode"],
            url=entry.get("url")
            or entry.get("shortlink")
            or f"https://apply.workable.com/{board}/j/{entry['shortcode']}/",
            title=entry.get("title"),
            company=self.company_name(board, company),
            location=location,
            remote=remote,
            posted_at=entry.get("published_on") or entry.get("created_at"),
            description_html=workable_html(entry),
        )
