"""Scrapy settings for a crawl from a skillgap config: the `[crawl]` table, the sources,
the store sink and the User-Agent. The crawler itself knows nothing of the config."""

from __future__ import annotations

from typing import Any

from crawler import settings as crawler_settings
from crawler.quota import CACHE_DIR_SETTING
from crawler.sources import SOURCES_SETTING
from skillgap import PROJECT_URL, __version__
from skillgap.config import Config, ConfigError, default_data_dir
from skillgap.store.sink import SINK, SINK_ORDER

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
SIZE_KEYS = {"max_size_mb": "DOWNLOAD_MAXSIZE", "warn_size_mb": "DOWNLOAD_WARNSIZE"}


class CrawlSettingsError(ConfigError):
    """A `[crawl]` value has the wrong type."""


def user_agent(contact: str = "") -> str:
    """`skillgap/<version> (+<project URL>[; contact])`."""
    return f"skillgap/{__version__} (+{PROJECT_URL}{'; ' + contact if contact else ''})"


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
    for key, setting in SIZE_KEYS.items():
        if key in crawl:
            value = crawl[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise CrawlSettingsError(f"[crawl] {key} must be a positive number")
            out[setting] = int(value * 1024 * 1024)
    out["USER_AGENT"] = user_agent(contact)
    return out


def scrapy_settings(config: Config, db_url: str | None = None) -> dict[str, Any]:
    """Every setting a crawl of this config needs on top of the crawler's own defaults."""
    crawl = config.raw.get("crawl") or {}
    if not isinstance(crawl, dict):
        raise CrawlSettingsError(f"{config.path}: [crawl] must be a table")
    return {
        **crawl_overrides(crawl, config.user_agent_contact),
        SOURCES_SETTING: [s.as_table() for s in config.sources],
        "SKILLGAP_DB": db_url or config.db_url,
        CACHE_DIR_SETTING: str(default_data_dir() / "cache"),  # answers of rate-limited APIs
        "ITEM_PIPELINES": {**crawler_settings.ITEM_PIPELINES, SINK: SINK_ORDER},
    }
