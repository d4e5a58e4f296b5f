"""The whole pipeline once: crawl -> extract -> report (+ gap pages) [-> prune old HTML].

`skillgap run`, `skillgap demo` and every scheduled run call run_pipeline(). It takes the
store's "pipeline" lock (so runs never overlap), records itself as a run of kind "run" with
the crawl's per-source figures, and goes on past a failing stage where it can: when sources
are unreachable the report is still written from what the store holds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from analyzer.fingerprint import extraction_fingerprint
from skillgap.config import Config, default_data_dir
from skillgap.errors import SkillgapError
from skillgap.run.budgets import BudgetError, time_budgets
from skillgap.run.crawl import (
    NO_SOURCE_REACHED,
    CrawlError,
    crawl,
    select_sources,
    source_status,
)
from skillgap.run.extract import cached_extractor, extract_pending
from skillgap.run.gap import NoDemand, read_demand, write_gap_pages
from skillgap.run.locking import LockUnavailable, release, take_lock
from skillgap.run.report import ReportError, make_report
from skillgap.run.signals import RunInterrupted, SignalGuard, guarded
from skillgap.store import Store
from skillgap.store.locks import DEFAULT_EXPIRY, StoreLock
from skillgap.store.retention import prune_html

log = logging.getLogger("skillgap.run")

RUN_KIND = "run"
EventCallback = Callable[[str, str, dict[str, Any]], None]


class PipelineError(SkillgapError):
    """The run could not start (no sources, store unreachable); nothing was changed."""


@dataclass
class PipelineOptions:
    sources: list[str] | None = None  # default: every configured source
    report_path: Path | None = None  # default: the config's [report] output
    checklists: list[Path] | None = None  # default: the config's [report] checklists
    keep_html: datetime | None = None  # prune raw HTML of postings last seen before this
    taxonomy_path: Path | None = None
    crawl_settings: dict[str, Any] = field(default_factory=dict)  # Scrapy setting overrides
    lock_expiry: float = DEFAULT_EXPIRY
    on_event: EventCallback | None = None  # crawl progress events
    sample_data: bool = False  # invented ads (`skillgap demo`): every page says so
    deadline: float | None = None  # time.monotonic() when the run's time budget ends (set)


@dataclass
class PipelineResult:
    run_id: int
    status: str = "ok"  # ok | partial | failed | interrupted
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    crawl_status: str | None = None
    crawl_run_id: int | None = None
    crawl_errors: dict[str, list[str]] = field(default_factory=dict)
    extracted: int = 0
    mentions: int = 0
    report: Path | None = None
    report_ads: int = 0
    gap_pages: list[Path] = field(default_factory=list)
    pruned: int | None = None
    problems: list[str] = field(default_factory=list)  # "stage: what failed"
    seconds: float = 0.0
    stale_lock_cleared: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["report"] = str(self.report) if self.report else None
        out["gap_pages"] = [str(p) for p in self.gap_pages]
        return out


def _status(result: PipelineResult, failed_stages: set[str], interrupted: bool) -> str:
    if interrupted:
        return "interrupted"
    if result.crawl_status == "failed" or failed_stages & {
        "crawl",
        "extract",
        "report",
        "internal",
    }:
        return "failed"
    if result.crawl_status in ("partial", "interrupted") or failed_stages:
        return "partial"
    return "ok"


def _crawl_log_settings() -> dict[str, Any]:
    """Scrapy logs go to one file, overwritten by each run (the run log keeps the summary)."""
    logs = default_data_dir() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return {
        "LOG_LEVEL": "INFO",
        "LOG_FILE": str(logs / "crawl-latest.log"),
        "LOG_FILE_APPEND": False,
    }


def run_pipeline(
    config: Config, options: PipelineOptions | None = None, db_url: str | None = None
) -> PipelineResult:
    """Crawl, extract, report and write gap pages once; raises RunLocked or PipelineError
    only before anything was changed. SIGTERM/Ctrl-C stop it cleanly (status "interrupted")."""
    opts = options or PipelineOptions()
    try:
        names = select_sources(config, opts.sources)
    except CrawlError as exc:
        raise PipelineError(str(exc)) from None
    url = db_url or config.db_url
    started = time.monotonic()
    try:
        run_budget = time_budgets(config)[1]
    except BudgetError as exc:
        raise PipelineError(str(exc)) from None
    opts.deadline = started + run_budget if run_budget else None
    with Store.open(url) as store, guarded() as guard:
        with guard.deferred():  # a signal now stops the run before its first stage
            try:  # a lock left by a process that died: its crawler is ended, its runs closed
                lock = take_lock(store, f"skillgap run: {', '.join(names)}", opts.lock_expiry)
            except LockUnavailable as exc:
                raise PipelineError(str(exc)) from None
            try:
                run_id = store.start_run(kind=RUN_KIND, sources=names)
                lock.attach_run(run_id)
                result = PipelineResult(run_id, stale_lock_cleared=lock.took_over is not None)
            except BaseException:
                release(store, lock)
                raise
        log.info("run %s started: sources %s", run_id, ", ".join(names))
        failed: set[str] = set()
        try:
            failed = _stages(config, opts, names, url, store, result, guard, lock)
        except Exception as exc:  # a bug in a stage: recorded as the run's error, re-raised
            log.exception("run %s: unexpected error", run_id)
            failed.add("internal")
            result.problems.append(f"internal error: {type(exc).__name__}: {exc}")
            raise
        finally:
            with guard.deferred():
                interrupted = guard.signalled or result.crawl_status == "interrupted"
                result.status = _status(result, failed, interrupted)
                result.seconds = time.monotonic() - started
                error = "; ".join(result.problems) or None
                try:
                    store.finish_run(run_id, result.status, result.figures, error=error)
                finally:
                    release(store, lock)
    log.info(
        "run %s finished: %s in %.1fs%s",
        run_id,
        result.status,
        result.seconds,
        "".join(f"\n  {p}" for p in result.problems),
    )
    return result


def _stages(
    config: Config,
    opts: PipelineOptions,
    names: list[str],
    url: str,
    store: Store,
    result: PipelineResult,
    guard: SignalGuard,
    lock: StoreLock,
) -> set[str]:
    """Run each stage, noting what failed; stops early only when interrupted."""
    failed: set[str] = set()

    def problem(stage: str, message: str) -> None:
        failed.add(stage)
        result.problems.append(f"{stage}: {message}")
        log.error("%s: %s", stage, message)

    try:
        guard.check()
        _crawl(config, opts, names, url, result, problem, lock)
        if result.crawl_status == "interrupted":
            return failed
        guard.check()
        try:
            ex = extract_pending(store, taxonomy_path=opts.taxonomy_path)
            result.extracted, result.mentions = ex.extracted, ex.mentions
            failed_ads = getattr(ex, "failed", None) or {}
            if failed_ads:  # skipped ads are retried by the next run (still pending)
                first = next(iter(failed_ads.items()))
                problem(
                    "tagging", f"{len(failed_ads)} postings skipped, e.g. #{first[0]}: {first[1]}"
                )
            log.info("extract: tagged %s postings (%s mentions)", ex.extracted, ex.mentions)
        except Exception as exc:
            problem("extract", f"{type(exc).__name__}: {exc}")
        guard.check()
        _report(config, opts, url, store, result, problem)
        guard.check()
        if opts.keep_html is not None:
            try:
                pruned = prune_html(store, opts.keep_html)
                result.pruned = pruned.pruned
                log.info(
                    "retention: cleared the HTML of %s postings last seen before %s",
                    pruned.pruned,
                    pruned.cutoff.date(),
                )
            except Exception as exc:
                problem("retention", f"{type(exc).__name__}: {exc}")
    except RunInterrupted as stop:
        log.warning("run %s interrupted by %s: stopping", result.run_id, stop)
    return failed


def _crawl(
    config: Config,
    opts: PipelineOptions,
    names: list[str],
    url: str,
    result: PipelineResult,
    problem: Callable[[str, str], None],
    lock: StoreLock,
) -> None:
    settings = {**_crawl_log_settings(), **opts.crawl_settings}
    try:  # under this run's lock: the crawl attaches its run record and its child to it
        crawled = crawl(config, names, db_url=url, on_event=opts.on_event, overrides=settings,
                        extract=False, lock=lock, deadline=opts.deadline)  # fmt: skip
    except CrawlError as exc:
        problem("crawl", str(exc))
        return
    result.crawl_status, result.crawl_run_id = crawled.status, crawled.run_id
    result.figures, result.crawl_errors = crawled.figures, crawled.errors
    log.info(
        "crawl run %s: %s, %s postings in %.1fs",
        crawled.run_id,
        crawled.status,
        crawled.postings,
        crawled.elapsed,
    )
    if crawled.offline:  # one line instead of one per source
        result.problems.append(f"crawl: {NO_SOURCE_REACHED}")
        return
    for name, fig in crawled.figures.items():
        if source_status(fig) != "ok":
            first = (crawled.errors.get(name) or ["see the crawl log"])[0]
            result.problems.append(
                f"crawl: {name} {source_status(fig)} ({fig['errors']} errors): {first}"
            )


def _report(
    config: Config,
    opts: PipelineOptions,
    url: str,
    store: Store,
    result: PipelineResult,
    problem: Callable[[str, str], None],
) -> None:
    from analyzer.aggregate import Filters
    from reports.build import ReportOptions
    from taxonomy import load_taxonomy

    html = opts.report_path or config.report_path
    try:
        files = make_report(
            url, html, Filters(), taxonomy_path=opts.taxonomy_path,
            options=ReportOptions(sample_data=opts.sample_data),
        )  # fmt: skip
    except (ReportError, ValueError) as exc:
        problem("report", str(exc))
        return
    result.report, result.report_ads = files.html, files.report.headline.ads
    log.info("report: %s (%s ads)", files.html, result.report_ads)
    checklists = config.checklists if opts.checklists is None else opts.checklists
    if not checklists:
        return
    taxonomy = load_taxonomy(opts.taxonomy_path)
    path = str(opts.taxonomy_path) if opts.taxonomy_path else None
    try:
        demand = read_demand(store, taxonomy=taxonomy)
    except NoDemand as exc:
        problem("gap", str(exc))
        return
    pages = write_gap_pages(
        checklists,
        demand,
        taxonomy,
        Path(html).parent,
        cached_extractor(path, extraction_fingerprint(taxonomy)),  # the extraction stage's
        sample=opts.sample_data,
    )
    result.gap_pages = pages.written
    for message in pages.problems:
        problem("gap", message)
    for page in pages.written:
        log.info("gap page: %s", page)
