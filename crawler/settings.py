"""Scrapy settings: polite defaults, tuned from the `[crawl]` table of the skillgap config.

`scrapy crawl NAME` reads this module (scrapy.cfg); `skillgap crawl` calls build_settings().
"""

from __future__ import annotations

from typing import Any

from skillgap import PROJECT_URL, __version__

BOT_NAME = "skillgap"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
SPIDER_LOADER_CLASS = "crawler.spiderloader.ConfigSpiderLoader"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Politeness: obey robots.txt, say who we are, slow down when the server does.
ROBOTSTXT_OBEY = True
USER_AGENT = f"skillgap/{__version__} (+{PROJECT_URL})"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
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
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
}

# validate -> normalise -> backend filter -> store
ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.NormalisePipeline": 200,
    "crawler.pipelines.BackendFilterPipeline": 300,
    "crawler.pipelines.StorePipeline": 900,
}
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"

# skillgap's own: where the config and store are (None: $SKILLGAP_CONFIG / $SKILLGAP_DB / default)
SKILLGAP_CONFIG = None
SKILLGAP_DB = None
SKILLGAP_RUN_ID = None  # set by `skillgap crawl`; `scrapy crawl` records its own run
SKILLGAP_BACKEND_RULES = None  # path of a rules YAML; None: crawler/backend_rules.yaml
SKILLGAP_EVENTS = None  # a callable(kind, source, data) for progress; set by the runner

# `[crawl]` config keys -> Scrapy settings, with the type each must have.
CRAWL_KEYS: dict[str, tuple[str, type]] = {
    "download_delay": ("DOWNLOAD_DELAY", float),
    "autothrottle": ("AUTOTHROTTLE_ENABLED", bool),
    "concurrency": ("CONCURRENT_REQUESTS", int),
    "concurrency_per_domain": ("CONCURRENT_REQUESTS_PER_DOMAIN", int),
    "timeout": ("DOWNLOAD_TIMEOUT", float),
    "retries": ("RETRY_TIMES", int),
    "backoff_base": ("RETRY_BACKOFF_BASE", float),
    "backoff_max": ("RETRY_BACKOFF_MAX", float),
    "retry_after_max": ("RETRY_AFTER_MAX", float),
    "robots_txt": ("ROBOTSTXT_OBEY", bool),
    "backend_rules": ("SKILLGAP_BACKEND_RULES", str),
    "log_level": ("LOG_LEVEL", str),
}


class CrawlSettingsError(ValueError):
    """A `[crawl]` value has the wrong type."""


def crawl_overrides(crawl: dict[str, Any], contact: str = "") -> dict[str, Any]:
    """Scrapy settings from a config `[crawl]` table (unknown keys are ignored)."""
    out: dict[str, Any] = {}
    for key, (setting, kind) in CRAWL_KEYS.items():
        if key not in crawl:
            continue
        value = crawl[key]
        ok = isinstance(value, kind) or (kind is float and isinstance(value, int))
        if not ok or (kind is not bool and isinstance(value, bool)):
            raise CrawlSettingsError(f"[crawl] {key} must be a {kind.__name__}, not {value!r}")
        out[setting] = value
    for key, setting in (
        ("max_size_mb", "DOWNLOAD_MAXSIZE"),
        ("warn_size_mb", "DOWNLOAD_WARNSIZE"),
    ):
        if key in crawl:
            value = crawl[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise CrawlSettingsError(f"[crawl] {key} must be a positive number")
            out[setting] = int(value * 1024 * 1024)
    if contact:
        out["USER_AGENT"] = f"skillgap/{__version__} (+{PROJECT_URL}; {contact})"
    return out


def _apply_config_crawl_table() -> None:
    """For `scrapy crawl NAME`: the `[crawl]` table of $SKILLGAP_CONFIG (or the default)."""
    from skillgap.config import ConfigError, load_config

    try:
        config = load_config()
        overrides = crawl_overrides(config.raw.get("crawl") or {}, config.user_agent_contact)
    except (ConfigError, CrawlSettingsError) as exc:
        import logging

        logging.getLogger(__name__).warning("config not applied to crawl settings: %s", exc)
        return
    globals().update(overrides)


_apply_config_crawl_table()
