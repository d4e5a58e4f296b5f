"""Spider class per source type, and a named subclass per source entry."""

from __future__ import annotations

from crawler.sources import Source
from crawler.spiders.ashby import AshbySpider
from crawler.spiders.base import JobSpider
from crawler.spiders.greenhouse import GreenhouseSpider
from crawler.spiders.hackernews import HackerNewsSpider
from crawler.spiders.himalayas import HimalayasSpider
from crawler.spiders.jsonld import JsonLdSpider
from crawler.spiders.lever import LeverSpider
from crawler.spiders.personio import PersonioSpider
from crawler.spiders.recruitee import RecruiteeSpider
from crawler.spiders.remoteok import RemoteOKSpider
from crawler.spiders.remotive import RemotiveSpider
from crawler.spiders.rss import RssSpider
from crawler.spiders.teamtailor import TeamtailorSpider
from crawler.spiders.themuse import TheMuseSpider
from crawler.spiders.workable import WorkableSpider

SPIDERS: dict[str, type[JobSpider]] = {
    cls.source_type: cls
    for cls in (GreenhouseSpider, LeverSpider, AshbySpider, WorkableSpider, RecruiteeSpider,
                PersonioSpider, TeamtailorSpider, RemoteOKSpider, RemotiveSpider,
                HimalayasSpider, TheMuseSpider, RssSpider, HackerNewsSpider, JsonLdSpider)
}  # fmt: skip


def spider_for(source: Source) -> type[JobSpider]:
    """A subclass of the type's spider named after the source (clear logs, own stats)."""
    base = SPIDERS[source.type]
    if source.name == base.name:
        return base
    attrs = {"name": source.name, "default_source": source.name}
    return type(f"{base.__name__}_{source.name}", (base,), attrs)
