"""Run a crawl in a child process (callable again and again), record it as a run, then extract.

The parent owns the run record: it starts the run, follows progress events from the child,
and finishes the run even when the child dies. Ctrl-C / SIGTERM ask the child to stop
cleanly (Scrapy's graceful shutdown; a second signal forces it); postings already stored
stay stored and nothing is marked closed.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue as queue_mod
import resource
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from crawler.figures import OUTCOMES
from skillgap.config import Config, ConfigError

EventCallback = Callable[[str, str, dict[str, Any]], None]
STOP_GRACE_SECONDS = 30.0


class CrawlError(RuntimeError):
    """The crawl could not start (bad source name, store unreachable...)."""


@dataclass
class CrawlResult:
    run_id: int
    status: str  # ok | partial | failed | interrupted
    figures: dict[str, dict[str, Any]]
    errors: dict[str, list[str]] = field(default_factory=dict)
    elapsed: float = 0.0
    peak_rss_mb: float | None = None
    extracted: Any = None
    notes: list[str] = field(default_factory=list)

    @property
    def postings(self) -> int:
        return sum(f.get(o, 0) for f in self.figures.values() for o in OUTCOMES)


def empty_figures() -> dict[str, Any]:
    return {"fetched": 0, **dict.fromkeys(OUTCOMES, 0), "closed": 0, "errors": 0, "dropped": {}}


def apply_event(figures: dict[str, Any], kind: str, data: dict[str, Any]) -> None:
    """Keep live per-source figures from progress events (used when the child dies)."""
    if kind == "fetched":
        figures["fetched"] += 1
    elif kind == "stored":
        figures[data["outcome"]] += 1
    elif kind == "dropped":
        figures["dropped"][data["reason"]] = figures["dropped"].get(data["reason"], 0) + 1
    elif kind == "error":
        figures["errors"] += 1
    elif kind == "closed":
        figures["closed"] += int(data.get("count", 0))


def source_status(fig: dict[str, Any]) -> str:
    if not fig.get("errors"):
        return "ok"
    return "failed" if not fig.get("fetched") else "partial"


def overall_status(figures: dict[str, dict[str, Any]], interrupted: bool, died: bool) -> str:
    if interrupted:
        return "interrupted"
    statuses = {source_status(f) for f in figures.values()}
    if died or statuses == {"failed"}:
        return "failed"
    return "ok" if statuses <= {"ok"} else "partial"


def select_sources(config: Config, names: list[str] | None) -> list[str]:
    if not config.sources:
        raise CrawlError("the config lists no sources; add [[sources]] tables")
    if not names:
        return [s.name for s in config.sources]
    try:
        return [config.source(n).name for n in dict.fromkeys(names)]
    except ConfigError as exc:
        raise CrawlError(str(exc)) from None


# ---------------------------------------------------------------- the child process
class _QueueSink:
    """The SKILLGAP_EVENTS callable inside the child: forwards events to the parent."""

    def __init__(self, q: Any) -> None:
        self.q = q

    def __call__(self, kind: str, source: str, data: dict[str, Any]) -> None:
        self.q.put(("event", kind, source, data))

    def __deepcopy__(self, memo: dict[int, Any]) -> _QueueSink:  # Scrapy copies settings
        return self


def _stop_with_parent() -> None:
    """Linux: get SIGINT (a clean stop) if the parent dies, rather than crawl on as an orphan."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG


def _child_main(
    config: Config, db_url: str, run_id: int, names: list[str], overrides: dict[str, Any], q: Any
) -> None:
    os.setpgrp()  # signals from the terminal go to the parent, which relays them once
    _stop_with_parent()
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.figures import error_messages, figures_from_stats
    from crawler.spiders.registry import spider_for

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    settings.set("SKILLGAP_CONFIG", config, priority="cmdline")
    settings.set("SKILLGAP_DB", db_url, priority="cmdline")
    settings.set("SKILLGAP_RUN_ID", run_id, priority="cmdline")
    settings.set("SKILLGAP_EVENTS", _QueueSink(q), priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = {}
    setup_errors: dict[str, list[str]] = {}
    for name in names:
        crawler = process.create_crawler(spider_for(config.source(name)))
        crawlers[name] = crawler

        def on_setup_error(failure: Any, name: str = name) -> None:
            setup_errors.setdefault(name, []).append(failure.getErrorMessage())
            q.put(("event", "error", name, {"kind": "setup", "message": failure.getErrorMessage()}))

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
    q.put(("done", {"figures": figures, "errors": errors, "peak_rss_mb": peak}))


# ---------------------------------------------------------------- the parent
PRELOAD = ["crawler.spiders.registry", "crawler.pipelines", "crawler.middlewares",
           "scrapy.crawler", "skillgap.store"]  # fmt: skip


def _context() -> Any:
    """A fork server with the crawler preloaded (fast, clean children); spawn elsewhere."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


@contextlib.contextmanager
def _relay_signals(on_signal: Callable[[int], None]) -> Iterator[None]:
    """While crawling, SIGINT/SIGTERM call on_signal instead of killing the parent."""
    try:
        old = {
            s: signal.signal(s, lambda n, f: on_signal(n)) for s in (signal.SIGINT, signal.SIGTERM)
        }
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def crawl(
    config: Config,
    sources: list[str] | None = None,
    *,
    db_url: str | None = None,
    on_event: EventCallback | None = None,
    overrides: dict[str, Any] | None = None,
    extract: bool = True,
) -> CrawlResult:
    """Crawl the named sources (default: all) into the store; returns the run's figures."""
    from crawler.settings import CrawlSettingsError, crawl_overrides
    from skillgap.store import Store

    names = select_sources(config, sources)
    url = db_url or config.db_url
    try:
        settings = crawl_overrides(config.raw.get("crawl") or {}, config.user_agent_contact)
    except CrawlSettingsError as exc:
        raise CrawlError(str(exc)) from None
    settings.update(overrides or {})
    try:
        with Store.open(url) as store:
            run_id = store.start_run(kind="crawl", sources=names)
    except Exception as exc:
        raise CrawlError(f"cannot open the store {url}: {exc}") from exc

    started = time.monotonic()
    ctx = _context()
    q: Any = ctx.Queue()
    child = ctx.Process(target=_child_main, args=(config, url, run_id, names, settings, q))
    live = {n: empty_figures() for n in names}
    signals_seen: list[int] = []

    def on_signal(signum: int) -> None:
        signals_seen.append(signum)
        if child.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):  # 1st: graceful, 2nd: forced, 3rd: kill
            os.kill(child.pid, signal.SIGKILL if len(signals_seen) > 2 else signal.SIGINT)

    done: dict[str, Any] | None = None
    with _relay_signals(on_signal):
        child.start()
        if on_event is not None:
            on_event("started", "", {"pid": child.pid, "run_id": run_id})
        while True:
            try:
                msg = q.get(timeout=0.2)
            except queue_mod.Empty:
                if not child.is_alive():
                    break
                continue
            if msg[0] == "event":
                _, kind, source, data = msg
                if source in live:
                    apply_event(live[source], kind, data)
                if on_event is not None:
                    on_event(kind, source, data)
            elif msg[0] == "done":
                done = msg[1]
        child.join(timeout=STOP_GRACE_SECONDS)
        if child.is_alive():
            child.kill()
            child.join()

    died = done is None
    figures = done["figures"] if done else live
    errors = done["errors"] if done else {}
    interrupted = bool(signals_seen)
    status = overall_status(figures, interrupted, died)
    error = None
    if died and not interrupted:
        error = f"the crawler process exited with code {child.exitcode} before finishing"
    elif status in ("partial", "failed"):
        bad = [n for n, f in figures.items() if source_status(f) != "ok"]
        error = "errors in: " + ", ".join(bad)
    result = CrawlResult(
        run_id=run_id,
        status=status,
        figures=figures,
        errors={k: v for k, v in errors.items() if v},
        elapsed=time.monotonic() - started,
        peak_rss_mb=done.get("peak_rss_mb") if done else None,
    )
    if error:
        result.notes.append(error)
    with Store.open(url) as store:
        store.finish_run(run_id, status, figures, error=error)
        if extract and not interrupted:
            result.extracted = _extract(store, result)
    return result


def _extract(store: Any, result: CrawlResult) -> Any:
    """Tag new and changed postings (skillgap.pipeline, from the store area)."""
    try:
        from skillgap.pipeline import extract_pending
    except ImportError:
        result.notes.append("extraction skipped: skillgap.pipeline is not available yet")
        return None
    return extract_pending(store)
