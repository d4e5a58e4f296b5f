"""The settings `scrapy crawl NAME` reads (scrapy.cfg): the crawler's defaults plus the
skillgap config named by $SKILLGAP_CONFIG (else the bundled one); postings go to the
store of $SKILLGAP_DB (else the config's). `skillgap crawl` never reads this module."""

from crawler.settings import *  # noqa: F403
from skillgap.config import load_config
from skillgap.run.crawl_settings import scrapy_settings

globals().update(scrapy_settings(load_config()))
