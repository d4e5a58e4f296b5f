"""The crawl's child process: `python -P -m skillgap.run.crawl_child EVENT_FD`.

It reads one JSON line from stdin ({"settings": {...}, "names": [...]}), runs one Scrapy
crawler per source name, writes progress events and the final figures as JSON lines to
EVENT_FD, and stops (Scrapy's graceful shutdown, then for good after ORPHAN_GRACE) when its
parent goes away: stdin reaches end of file, or on Linux the parent-death signal arrives.
It runs in a process group of its own, which the parent records with its store lock: whoever
takes over the lock of a parent that died kills the group (skillgap/run/locking.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import threading
import time
from typing import IO, Any

ORPHAN_GRACE = 5.0  # seconds a crawler whose parent is gone has to stop cleanly
EXIT_ORPHANED = 70


class EventWriter:
    """The SKILLGAP_EVENTS callable: each event becomes one JSON line for the parent."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.lock = threading.Lock()

    def __call__(self, kind: str, source: str, data: dict[str, Any]) -> None:
        line = json.dumps([kind, source, data], default=str)
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()

    def __deepcopy__(self, memo: dict[int, Any]) -> EventWriter:  # Scrapy copies settings
        return self


def _die_with_parent() -> None:
    """Linux: SIGINT (a clean stop) when the parent dies, set here in the child itself."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the signal was set
            os.kill(os.getpid(), signal.SIGINT)


def _watch_parent(stdin: IO[str]) -> None:
    """Block until the parent closes our stdin (or dies), then ask Scrapy to stop; exit for
    good after ORPHAN_GRACE seconds (a request a slow source holds open would otherwise keep
    a crawler nobody watches alive: postings it has not stored are crawled again next run)."""
    with contextlib.suppress(OSError, ValueError):
        stdin.read()
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(ORPHAN_GRACE)
    os._exit(EXIT_ORPHANED)


def run(job: dict[str, Any], events: EventWriter) -> dict[str, Any]:
    """Crawl the named sources; returns the per-source figures and error messages."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.figures import error_messages, figures_from_stats
    from crawler.sources import SOURCES_SETTING, parse_sources
    from crawler.spiders.registry import spider_for

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(job["settings"], priority="cmdline")
    settings.set("SKILLGAP_EVENTS", events, priority="cmdline")
    sources = {s.name: s for s in parse_sources(settings.getlist(SOURCES_SETTING))}
    process = CrawlerProcess(settings)
    crawlers = {}
    setup_errors: dict[str, list[str]] = {}
    for name in job["names"]:
        crawler = process.create_crawler(spider_for(sources[name]))
        crawlers[name] = crawler

        def on_setup_error(failure: Any, name: str = name) -> None:
            message = failure.getErrorMessage()
            setup_errors.setdefault(name, []).append(message)
            events("error", name, {"kind": "setup", "message": message})

        process.crawl(crawler, source=name).addErrback(on_setup_error)
    process.start()
    figures, errors = {}, {}
    for name, crawler in crawlers.items():
        stats = crawler.stats.get_stats() if crawler.stats else {}
        figures[name] = figures_from_stats(stats)
        errors[name] = setup_errors.get(name, []) + error_messages(stats)
        if name in setup_errors:
            figures[name]["errors"] += len(setup_errors[name])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"figures": figures, "errors": errors, "peak_rss_mb": peak}


def main(argv: list[str]) -> int:
    _die_with_parent()
    events = EventWriter(os.fdopen(int(argv[1]), "w", encoding="utf-8"))
    job = json.loads(sys.stdin.readline())
    threading.Thread(target=_watch_parent, args=(sys.stdin,), daemon=True).start()
    events("done", "", run(job, events))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
