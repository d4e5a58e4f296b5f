"""Item pipelines: validate -> normalise -> backend filter. One concern per class."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.figures import count_drop
from crawler.items import POSTING_FIELDS, REQUIRED_FIELDS, SALARY_PERIODS
from crawler.normalise import clean_line, description_fields, parse_amount, parse_datetime
from crawler.relevance import load_rules, reject_reason


class Rejected(DropItem):
    """An item dropped for a counted reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# ---------------------------------------------------------------- pure functions
def missing_field(item: dict[str, Any]) -> str | None:
    """The first required field that is absent or blank, else None."""
    for name in REQUIRED_FIELDS:
        value = item.get(name)
        if value is None or not str(value).strip():
            return name
    if not (item.get("description_html") or item.get("description_text")):
        return "description"
    return None


def normalise(item: dict[str, Any]) -> dict[str, Any]:
    """Contract types and clean text: mojibake repaired, nested escaped HTML turned to text."""
    out = {name: item.get(name) for name in POSTING_FIELDS}
    out["external_id"] = str(out["external_id"]).strip()
    out["url"] = str(out["url"]).strip()
    out["title"] = clean_line(out["title"]) or ""
    out["company"] = clean_line(out["company"]) or ""
    out["location"] = clean_line(out["location"])
    out["remote"] = out["remote"] if isinstance(out["remote"], bool) else None
    out["posted_at"] = parse_datetime(out["posted_at"])
    html, text = description_fields(out["description_html"], out["description_text"])
    out["description_html"], out["description_text"] = html, text
    lo, hi = parse_amount(out["salary_min"]), parse_amount(out["salary_max"])
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    out["salary_min"], out["salary_max"] = lo, hi
    cur = out["salary_currency"]
    out["salary_currency"] = str(cur).strip().upper()[:8] or None if (lo or hi) and cur else None
    period = out["salary_period"]
    out["salary_period"] = period if (lo or hi) and period in SALARY_PERIODS else None
    return out


# ---------------------------------------------------------------- pipelines
class _Stage:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def reject(self, item: dict[str, Any], reason: str, detail: str = "") -> Rejected:
        count_drop(self.crawler, str(item.get("source")), reason)
        return Rejected(reason, detail)


class ValidatePipeline(_Stage):
    """Drop items without an id, url, title or any description."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        missing = missing_field(item)
        if missing:
            raise self.reject(item, f"missing_{missing}", str(item.get("url") or ""))
        return item


class NormalisePipeline(_Stage):
    """Turn raw values into contract values; an ad left without text is dropped."""

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        out = normalise(item)
        if not out["description_text"]:
            raise self.reject(out, "no_text", out["url"])
        if not out["title"]:
            raise self.reject(out, "missing_title", out["url"])
        return out


class BackendFilterPipeline(_Stage):
    """Keep backend-relevant ads (rules in backend_rules.yaml); count the rest by reason."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.rules = load_rules(crawler.settings.get("SKILLGAP_BACKEND_RULES"))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        reason = reject_reason(item["title"], item["description_text"], self.rules)
        if reason:
            raise self.reject(item, reason, item["title"])
        return item
