"""`scrapy crawl NAME` for a source type (greenhouse, ...) or a config source name."""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from crawler.spiders.registry import spider_for
from skillgap.config import Config, ConfigError, load_config


class ConfigSpiderLoader(SpiderLoader):
    """Scrapy's loader, plus one spider per `[[sources]]` entry named after the source."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        config = settings.get("SKILLGAP_CONFIG")
        self.config: Config | None
        try:
            self.config = config if isinstance(config, Config) else load_config(config)
        except ConfigError:
            self.config = None
        for src in self.config.sources if self.config else []:
            if src.name in self._spiders:
                continue
            self._spiders[src.name] = spider_for(src)
