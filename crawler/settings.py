"""Scrapy settings: polite defaults. The sources to crawl arrive in SKILLGAP_SOURCES; an
application adds its own item pipeline (a store) to ITEM_PIPELINES."""

from __future__ import annotations

BOT_NAME = "skillgap"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
SPIDER_LOADER_CLASS = "crawler.spiderloader.SourceSpiderLoader"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Politeness: obey robots.txt, say who we are, slow down when the server does.
ROBOTSTXT_OBEY = True
USER_AGENT = "skillgap (+https://github.com/skillgap/skillgap)"  # the application adds its version
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 10  # Scrapy's default is 60; an offline machine should hear so soon
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# Retries with backoff on 429/5xx and timeouts, honouring Retry-After.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 1.0  # seconds; doubled on each retry of the same request
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 300.0  # a Retry-After longer than this gives up instead of waiting
SKILLGAP_CONNECT_RETRIES = 1  # a host that never answered: retries when it cannot be resolved
# or connected to; then it is unreachable for the rest of the crawl (no more waits on it)
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.CrawlDelayMiddleware": 110,  # after robots.txt (100)
    "crawler.middlewares.RetryAfterMiddleware": 550,
}
SKILLGAP_CRAWL_DELAY_MAX = 30.0  # a longer robots.txt Crawl-delay is shortened to this

# validate -> normalise -> backend filter (-> the application's sink, e.g. at 900)
ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.NormalisePipeline": 200,
    "crawler.pipelines.BackendFilterPipeline": 300,
}
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"

# this project's own
SKILLGAP_SOURCES: list[dict[str, object]] = []  # source tables: {"type", "name"?, ...keys}
SKILLGAP_BACKEND_RULES = None  # path of a rules YAML; None: crawler/backend_rules.yaml
SKILLGAP_EVENTS = None  # a callable(kind, source, data) told of progress, if any
