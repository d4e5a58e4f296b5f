"""Teamtailor career-site RSS: GET https://{company}.teamtailor.com/jobs.rss.

RSS 2.0; the channel `<title>` is the company. Each `<item>` has `title`, `link`, `guid`,
`pubDate`, `description` (escaped HTML), `remoteStatus` (none / hybrid / temporary /
fully) and, in the `tt:` namespace, `department` and `locations/location` (`name`, `city`,
`country`). A company on its own domain is listed by its URL (`https://careers.x.com`).
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response
from scrapy.selector import Selector

from crawler.normalise import parse_remote
from crawler.spiders.boards import BoardSpider

REMOTE_STATUS = {"fully": True, "none": False, "hybrid": False, "temporary": False}


def _places(item: Selector) -> str | None:
    texts: list[str] = []
    for place in item.xpath("locations/location"):
        city, country = place.xpath("city/text()").get(), place.xpath("country/text()").get()
        parts = [p.strip() for p in (city, country) if p and p.strip()]
        text = ", ".join(parts) or (place.xpath("name/text()").get() or "").strip()
        if text and text not in texts:
            texts.append(text)
    return "; ".join(texts) or None


class TeamtailorSpider(BoardSpider):
    name = "teamtailor"
    source_type = "teamtailor"
    default_base_url = "https://{board}.teamtailor.com"
    list_path = "/jobs.rss"

    def load(self, response: Response) -> Selector | None:
        return self.load_xml(response, "channel", "a Teamtailor RSS feed")

    def entries(self, data: Any) -> list[Any] | None:
        return list(data.xpath("//item"))

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any]:
        def text(path: str) -> str | None:
            value = entry.xpath(f"{path}/text()").get()
            return value.strip() or None if value else None

        link = text("link")
        location = _places(entry)
        remote = REMOTE_STATUS.get((text("remoteStatus") or "").lower())
        channel = page.xpath("//channel/title/text()").get() if page is not None else None
        return self.posting(
            external_id=text("guid") or link,
            url=link,
            title=text("title"),
            company=self.company_name(board, channel),
            location=location,
            remote=remote if remote is not None else parse_remote(location),
            posted_at=text("pubDate"),
            description_html=text("description"),
        )
