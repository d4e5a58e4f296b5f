"""`scrapy crawl NAME` for a source type (greenhouse, ...) or a source name of SKILLGAP_SOURCES."""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from crawler.sources import SOURCES_SETTING, SourceError, parse_sources
from crawler.spiders.registry import spider_for


class SourceSpiderLoader(SpiderLoader):
    """Scrapy's loader, plus one spider per source entry, named after the source."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        try:
            sources = parse_sources(settings.getlist(SOURCES_SETTING))
        except SourceError:
            sources = []  # the spider reports the bad entry when it is asked for
        for src in sources:
            if src.name not in self._spiders:
                self._spiders[src.name] = spider_for(src)
