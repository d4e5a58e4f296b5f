"""Namespaced crawl stats (`skillgap/...`), progress events, and per-source run figures."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
PREFIX = "skillgap/"
OUTCOMES = ("new", "updated", "unchanged")
EventSink = Callable[[str, str, dict[str, Any]], None]
MAX_ERROR_MESSAGES = 20


def emit(crawler: Crawler, event: str, source: str, **data: Any) -> None:
    """Tell the runner (if any) what happened: event is fetched/stored/dropped/error/closed."""
    sink: EventSink | None = crawler.settings.get("SKILLGAP_EVENTS")
    if sink is not None:
        try:
            sink(event, source, data)
        except Exception:  # a broken progress display must never stop a crawl
            logger.debug("progress event sink failed", exc_info=True)


def inc(crawler: Crawler, key: str, count: int = 1) -> None:
    assert crawler.stats is not None
    crawler.stats.inc_value(PREFIX + key, count)


def count_fetched(crawler: Crawler, source: str) -> None:
    inc(crawler, "fetched")
    emit(crawler, "fetched", source)


def count_outcome(crawler: Crawler, source: str, outcome: str) -> None:
    inc(crawler, outcome)
    emit(crawler, "stored", source, outcome=outcome)


def count_drop(crawler: Crawler, source: str, reason: str) -> None:
    inc(crawler, "dropped/" + reason)
    emit(crawler, "dropped", source, reason=reason)


def count_error(crawler: Crawler, source: str, kind: str, message: str) -> None:
    """Count an error of `kind` and keep its message for the run report."""
    inc(crawler, "errors")
    inc(crawler, "errors/" + kind)
    assert crawler.stats is not None
    messages = crawler.stats.get_value(PREFIX + "error_messages") or []
    if len(messages) < MAX_ERROR_MESSAGES:
        crawler.stats.set_value(PREFIX + "error_messages", [*messages, message])
    logger.error("%s: %s", source, message)
    emit(crawler, "error", source, kind=kind, message=message)


def count_gone(crawler: Crawler, source: str, board: str, status: int) -> None:
    """A board that answered 404/410: reported (not an error) so later runs can skip it."""
    inc(crawler, "boards_gone")
    _append(crawler, "gone_boards", {"board": board, "status": status})
    logger.warning("%s: board %r is gone (HTTP %s)", source, board, status)
    emit(crawler, "gone", source, board=board, status=status)


def count_skipped_gone(crawler: Crawler, source: str, board: str) -> None:
    """A board skipped because an earlier run found it gone."""
    inc(crawler, "boards_skipped")
    _append(crawler, "skipped_boards", board)
    emit(crawler, "skipped", source, board=board)


def _append(crawler: Crawler, key: str, value: Any) -> None:
    assert crawler.stats is not None
    values = crawler.stats.get_value(PREFIX + key) or []
    crawler.stats.set_value(PREFIX + key, [*values, value])


def figures_from_stats(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The run figures for one source from its crawler's stats."""
    dropped = {
        k.removeprefix(PREFIX + "dropped/"): int(v)
        for k, v in stats.items()
        if k.startswith(PREFIX + "dropped/")
    }
    figures: dict[str, Any] = {
        "fetched": int(stats.get(PREFIX + "fetched", 0)),
        **{o: int(stats.get(PREFIX + o, 0)) for o in OUTCOMES},
        "closed": int(stats.get(PREFIX + "closed", 0)),
        "errors": int(stats.get(PREFIX + "errors", 0)),
        "dropped": dict(sorted(dropped.items())),
        "seconds": round(float(stats.get("elapsed_time_seconds") or 0.0), 3),
    }
    delays = {
        k.removeprefix(PREFIX + "crawl_delay/"): float(v)
        for k, v in stats.items()
        if k.startswith(PREFIX + "crawl_delay/")
    }
    if delays:  # seconds between requests that a site's robots.txt asked for
        figures["crawl_delay"] = delays
    if stats.get(PREFIX + "errors/unreachable"):  # could not resolve or connect
        figures["unreachable"] = int(stats[PREFIX + "errors/unreachable"])
    if stats.get("finish_reason") == "closespider_timeout":  # its time budget ran out
        figures["cut_short"] = True
    for key, stat in (("gone", "gone_boards"), ("skipped", "skipped_boards")):
        if stats.get(PREFIX + stat):
            figures[key] = list(stats[PREFIX + stat])
    return figures


def error_messages(stats: Mapping[str, Any]) -> list[str]:
    return list(stats.get(PREFIX + "error_messages") or [])
