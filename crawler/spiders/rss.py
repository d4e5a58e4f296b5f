"""RSS job feeds such as We Work Remotely: `<title>` is `Company: Title`, escaped HTML inside."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlparse

from scrapy.http import Response
from scrapy.selector import Selector

from crawler.normalise import parse_remote
from crawler.sources import SourceError
from crawler.spiders.base import JobSpider

KNOWN_ATTRIBUTION = {"weworkremotely.com": "We Work Remotely"}
ALL_REMOTE_HOSTS = {"weworkremotely.com"}  # boards that list remote jobs only


def split_title(raw: str) -> tuple[str, str]:
    """('Company', 'Title') from 'Company: Title'; ('', raw) when there is no company."""
    company, sep, title = raw.partition(": ")
    if sep and company and title:
        return company.strip(), title.strip()
    return "", raw.strip()


class RssSpider(JobSpider):
    name = "rss"
    source_type = "rss"

    async def start(self) -> AsyncIterator[Any]:
        urls = self.string_list("urls")
        if not urls:
            raise SourceError(f"source {self.source_name!r}: list the feed urls")
        for url in urls:
            yield self.get(url, self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        sel = self.load_xml(response, "channel", "an RSS feed")
        if sel is None:
            return
        items = sel.xpath("//item")
        host = urlparse(response.url).hostname or ""
        yield from self.each(items, lambda it: self.build(it, host), response.url)

    def build(self, item: Selector, host: str) -> dict[str, Any]:
        def text(tag: str) -> str | None:
            value = item.xpath(f"{tag}/text()").get()
            return value.strip() if value else None

        company, title = split_title(text("title") or "")
        link = text("link")
        region = text("region")
        attribution = self.option("attribution") or KNOWN_ATTRIBUTION.get(host.removeprefix("www."))
        remote_opt = self.option("remote")
        if remote_opt is None and host.removeprefix("www.") in ALL_REMOTE_HOSTS:
            remote_opt = True
        return self.posting(
            external_id=text("guid") or link,
            url=link,
            title=title,
            company=company or text("company") or "",
            location=region,
            remote=remote_opt if isinstance(remote_opt, bool) else parse_remote(region, title),
            posted_at=text("pubDate"),
            description_html=text("description"),
            attribution=attribution,
        )
