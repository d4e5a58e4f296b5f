"""The Muse public API: GET /api/public/jobs?category=...&page=N (page from 0).

`{"page", "page_count", "results": [...]}`; a job has `id`, `name` (the title), `contents`
(HTML), `company.name`, `locations[].name` ("Flexible / Remote" for remote jobs),
`publication_date` and `refs.landing_page`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from crawler.normalise import parse_remote
from crawler.spiders.paged import PagedSpider

DEFAULT_CATEGORIES = ["Software Engineering"]


def _names(values: Any) -> list[str]:
    return [str(v["name"]).strip() for v in values or [] if isinstance(v, dict) and v.get("name")]


class TheMuseSpider(PagedSpider):
    name = "themuse"
    source_type = "themuse"
    default_base_url = "https://www.themuse.com"

    def page_url(self, page: int) -> str:
        categories = self.string_list("categories") or DEFAULT_CATEGORIES
        query = [("category", c) for c in categories] + [("page", str(page))]
        return f"{self.base_url(self.default_base_url)}/api/public/jobs?{urlencode(query)}"

    def entries(self, data: Any) -> list[Any] | None:
        results = data.get("results") if isinstance(data, dict) else None
        return results if isinstance(results, list) else None

    def next_url(self, data: Any, jobs: list[Any], page: int) -> str | None:
        return self.page_url(page + 1) if page + 1 < int(data.get("page_count") or 0) else None

    def build(self, entry: Any) -> dict[str, Any]:
        places = _names(entry.get("locations"))
        location = "; ".join(places) or None
        return self.posting(
            external_id=entry["id"],
            url=(entry.get("refs") or {}).get("landing_page"),
            title=entry.get("name"),
            company=(entry.get("company") or {}).get("name") or "",
            location=location,
            remote=parse_remote(location),
            posted_at=entry.get("publication_date"),
            description_html=entry.get("contents"),
        )
