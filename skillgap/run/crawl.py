"""Run a crawl in a child process (callable again and again), record it as a run, then extract.

The parent owns the run record: it starts the run, follows the child's progress events,
and finishes the run even when the child dies. Ctrl-C / SIGTERM ask the child to stop
cleanly (Scrapy's graceful shutdown; a second signal forces it); postings already stored
stay stored and nothing is marked closed. The child is a fresh interpreter that ignores
the current folder (`python -P`), so a folder named like a package there cannot shadow it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crawler.distributed import DISTRIBUTED_SETTING, distributed_settings
from crawler.figures import OUTCOMES
from crawler.sources import SOURCES_SETTING
from skillgap.config import Config, ConfigError
from skillgap.errors import SkillgapError
from skillgap.run.budgets import TIMEOUT_SETTING, Budget, crawl_budget, cut_short, time_budgets
from skillgap.run.crawl_settings import scrapy_settings
from skillgap.run.locking import LockUnavailable, release, take_lock
from skillgap.run.signals import note_signal
from skillgap.store import Store
from skillgap.store.boards import GoneBoard
from skillgap.store.locks import StoreLock

if TYPE_CHECKING:
    from skillgap.run.alongside import Alongside

EventCallback = Callable[[str, str, dict[str, Any]], None]
STOP_GRACE_SECONDS = 30.0
STDERR_TAIL = 20  # lines of the child's stderr kept to explain a crash
NO_SOURCE_REACHED = "no source could be reached: are you offline? `make demo` runs without network"
WATCHDOG_SLACK = 60.0  # seconds past budget and request timeout before the parent stops it
CHILD_MODULE = "skillgap.run.crawl_child"  # also how a lock's taker recognises an orphan


class CrawlError(SkillgapError):
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
    offline: bool = False  # no source could be resolved or connected to

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
        return "partial" if fig.get("cut_short") else "ok"
    return "failed" if not fig.get("fetched") else "partial"


def unreachable(fig: dict[str, Any]) -> bool:
    """Nothing of the source answered: every error was a failure to resolve or connect."""
    errors = int(fig.get("errors") or 0)
    return not fig.get("fetched") and errors > 0 and int(fig.get("unreachable") or 0) == errors


def overall_status(figures: dict[str, dict[str, Any]], interrupted: bool, died: bool) -> str:
    if interrupted:
        return "interrupted"
    statuses = {source_status(f) for f in figures.values()}
    if died or statuses == {"failed"}:
        return "failed"
    return "ok" if statuses <= {"ok"} else "partial"


def skip_gone(tables: list[dict[str, Any]], gone: list[GoneBoard]) -> list[dict[str, Any]]:
    """Source tables with each source's gone boards in its `skip_boards`."""
    skips: dict[str, list[str]] = {}
    for g in gone:
        skips.setdefault(g.source, []).append(g.board)
    return [{**t, "skip_boards": skips[t["name"]]} if t["name"] in skips else t for t in tables]


def record_gone(
    store: Store, config: Config, figures: dict[str, dict[str, Any]], run_id: int
) -> None:
    """Remember the boards this crawl found gone, so later crawls skip them."""
    types = {s.name: s.type for s in config.sources}
    for name, fig in figures.items():
        found = [(g["board"], int(g["status"])) for g in fig.get("gone") or []]
        if found:
            store.mark_gone(name, types.get(name, ""), found, run_id=run_id)


def gone_notes(figures: dict[str, dict[str, Any]]) -> list[str]:
    """One line per source with gone or skipped boards."""
    notes = []
    for name, fig in figures.items():
        if fig.get("gone"):
            boards = ", ".join(f"{g['board']} (HTTP {g['status']})" for g in fig["gone"])
            notes.append(f"{name}: boards gone: {boards}; later crawls skip them until "
                         "`skillgap sources --check` finds them again")  # fmt: skip
        if fig.get("skipped"):
            notes.append(f"{name}: skipped {len(fig['skipped'])} board(s) found gone earlier "
                         "(`skillgap sources --check` checks them again)")  # fmt: skip
    return notes


def check_redis(url: str) -> str:
    """The Redis URL of a distributed crawl, once it answers; else one clear CrawlError."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise CrawlError(f"--distributed wants a redis:// URL, not {url!r}")
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise CrawlError(f"cannot reach Redis at {url}: {exc}") from None
    return url


def select_sources(config: Config, names: list[str] | None) -> list[str]:
    if not config.sources:
        raise CrawlError("the config lists no sources; add [[sources]] tables")
    if not names:
        return [s.name for s in config.sources]
    try:
        return [config.source(n).name for n in dict.fromkeys(names)]
    except ConfigError as exc:
        raise CrawlError(str(exc)) from None


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


class _Child:
    """The crawler process: a job on its stdin, events from a pipe, stderr's tail kept."""

    def __init__(self, job: dict[str, Any], echo_stderr: bool) -> None:
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-P", "-m", CHILD_MODULE, str(write_fd)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(write_fd,),
            process_group=0,  # the terminal's Ctrl-C reaches the parent, which relays it once
            text=True,
        )
        os.close(write_fd)
        self.events = os.fdopen(read_fd, encoding="utf-8")
        self.tail: deque[str] = deque(maxlen=STDERR_TAIL)
        self._stderr = threading.Thread(target=self._read_stderr, args=(echo_stderr,), daemon=True)
        self._stderr.start()
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()  # stdin stays open: the child stops when it is closed

    def _read_stderr(self, echo: bool) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.tail.append(line.rstrip("\n"))
            if echo:
                sys.stderr.write(line)

    def signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signum)

    def follow(
        self, live: dict[str, dict[str, Any]], on_event: EventCallback | None
    ) -> dict[str, Any] | None:
        """Relay the child's events until it closes the pipe; its final figures, or None."""
        done = None
        for line in self.events:
            try:
                kind, source, data = json.loads(line)
            except ValueError:
                continue
            if kind == "done":
                done = data
                continue
            if source in live:
                apply_event(live[source], kind, data)
            if on_event is not None:
                on_event(kind, source, data)
        return done

    def finish(self) -> int:
        """Wait for the child (killing it after the grace period); its exit code."""
        try:
            code = self.proc.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._stderr.join(timeout=5)
        self.events.close()
        with contextlib.suppress(OSError):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        return code

    def crash_reason(self, code: int) -> str:
        """What the child died of: the signal, else its last line on stderr."""
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        lines = [line.strip() for line in self.tail if line.strip()]
        return f"exit code {code}: {lines[-1] if lines else 'no message'}"


def _watchdog(
    child: _Child, budget: Budget | None, settings: dict[str, Any], overran: list[bool]
) -> threading.Timer | None:
    """Should the crawler outlive its budget (plus one request's timeout and some slack, as
    Scrapy lets requests in flight finish), stop it from here as Ctrl-C would."""
    if budget is None:
        return None
    limit = budget.seconds + float(settings.get("DOWNLOAD_TIMEOUT", 180)) + WATCHDOG_SLACK

    def stop() -> None:
        overran.append(True)
        child.signal(signal.SIGINT)

    timer = threading.Timer(limit, stop)
    timer.daemon = True
    timer.start()
    return timer


def crawl(
    config: Config,
    sources: list[str] | None = None,
    *,
    db_url: str | None = None,
    on_event: EventCallback | None = None,
    overrides: dict[str, Any] | None = None,
    extract: bool = True,
    lock: StoreLock | None = None,
    deadline: float | None = None,
    distributed: str | None = None,
) -> CrawlResult:
    """Crawl the named sources (default: all) into the store; returns the run's figures.

    Takes the store's run lock (RunLocked when another command holds it) for the crawl and
    the extraction after it, unless the caller holds it and passes it (`lock`), as a run of
    the pipeline does. The crawl's run record and its child are attached to the lock.

    Each source gets `[crawl] source_budget` seconds, all of them together `run_budget`
    (or what is left until `deadline`, a time.monotonic() value, of a run that started
    earlier); a source cut short is partial and named in the notes (skillgap/run/budgets.py).

    With `distributed` (a redis:// URL) this process is one of several, on this machine or
    others, sharing the crawl's request queue and duplicate filter in Redis
    (crawler/distributed.py); each takes a lock of its own instead of the run lock."""
    names = select_sources(config, sources)
    url = db_url or config.db_url
    settings = {**scrapy_settings(config, url), **(overrides or {})}
    if distributed:
        settings.update(distributed_settings(check_redis(distributed)))
    source_budget, run_budget = time_budgets(config)
    if deadline is None and run_budget:
        deadline = time.monotonic() + run_budget
    budget = crawl_budget(source_budget, None if deadline is None else deadline - time.monotonic())
    if budget is not None:
        settings[TIMEOUT_SETTING] = budget.seconds
    if lock is not None:
        return _crawl_locked(config, names, url, settings, on_event, extract, lock, budget)
    try:
        opened = Store.open(url)
    except SkillgapError as exc:
        raise CrawlError(str(exc)) from None
    with opened as store:
        try:
            purpose = f"skillgap crawl: {', '.join(names)}"
            own_name = f"crawl@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
            name = own_name[-64:] if distributed else None
            own = take_lock(store, purpose, name=name)
        except LockUnavailable as exc:
            raise CrawlError(str(exc)) from None
        try:
            return _crawl_locked(config, names, url, settings, on_event, extract, own, budget)
        finally:
            release(store, own)


def _crawl_locked(
    config: Config,
    names: list[str],
    url: str,
    settings: dict[str, Any],
    on_event: EventCallback | None,
    extract: bool,
    lock: StoreLock,
    budget: Budget | None,
) -> CrawlResult:
    try:
        with Store.open(url) as store:
            run_id = store.start_run(kind="crawl", sources=names)
            lock.attach_run(run_id)
            gone = store.gone_boards(names)
            backend = store.backend
    except SkillgapError as exc:
        raise CrawlError(str(exc)) from None
    # a distributed crawl tags what it stores while it crawls (PostgreSQL claims)
    tag_alongside = extract and bool(settings.get(DISTRIBUTED_SETTING)) and backend == "postgresql"
    alongside: Alongside | None = None
    settings[SOURCES_SETTING] = skip_gone(settings[SOURCES_SETTING], gone)
    settings["SKILLGAP_RUN_ID"] = run_id

    started = time.monotonic()
    live = {n: empty_figures() for n in names}
    signals_seen: list[int] = []
    child: _Child | None = None

    def on_signal(signum: int) -> None:
        signals_seen.append(signum)
        note_signal(signum)
        if child is not None:  # 1st: graceful, 2nd: forced, 3rd: kill
            child.signal(signal.SIGKILL if len(signals_seen) > 2 else signal.SIGINT)

    done: dict[str, Any] | None = None
    overran: list[bool] = []
    with _relay_signals(on_signal):
        job = {"settings": settings, "names": names}
        child = _Child(job, echo_stderr="LOG_FILE" not in settings)
        if signals_seen:  # a stop asked for while the child was starting
            child.signal(signal.SIGINT)
        watchdog = _watchdog(child, budget, settings, overran)
        try:
            lock.attach_child(child.proc.pid, CHILD_MODULE)  # ended by whoever takes over
            if on_event is not None:
                on_event("started", "", {"pid": child.proc.pid, "run_id": run_id})
            if tag_alongside:  # started once the crawler is: they load while it does
                from skillgap.run.alongside import Alongside

                alongside = Alongside(url)
            done = child.follow(live, on_event)
        except BaseException as exc:  # the caller's callback failed: stop, record, re-raise
            child.proc.kill()
            child.finish()
            if alongside is not None:
                alongside.crawl_ended(interrupted=True)
                alongside.join()
            with Store.open(url) as store:
                store.finish_run(run_id, "failed", live, error=f"crawl aborted: {exc!r}")
            raise
        finally:
            if watchdog is not None:
                watchdog.cancel()
        code = child.finish()
        lock.detach_child(child.proc.pid)

    interrupted = bool(signals_seen)
    if alongside is not None:
        alongside.crawl_ended(interrupted=interrupted)
    died = done is None
    figures = done["figures"] if done else live
    errors: dict[str, list[str]] = done["errors"] if done else {}
    error = None
    if died and not interrupted:
        error = f"the crawler process crashed ({child.crash_reason(code)})"
        for name in names:  # a crash is never a source that is ok
            figures[name]["errors"] += 1
            errors.setdefault(name, []).append(error)
    cut = cut_short(figures, budget)
    if overran and budget is not None:  # stopped from here: every source counts as cut short
        cut = {n: budget.message(n) for n in names}
        for name in names:
            figures[name]["cut_short"] = True
    for name, message in cut.items():
        errors.setdefault(name, []).append(message)
    status = overall_status(figures, interrupted, died)
    offline = not interrupted and not died and all(map(unreachable, figures.values()))
    if offline:
        error = NO_SOURCE_REACHED
    if not error and status in ("partial", "failed"):
        bad = [n for n, f in figures.items() if source_status(f) != "ok" and n not in cut]
        error = "; ".join((["errors in: " + ", ".join(bad)] if bad else []) + list(cut.values()))
    result = CrawlResult(
        run_id=run_id,
        status=status,
        figures=figures,
        errors={k: v for k, v in errors.items() if v},
        elapsed=time.monotonic() - started,
        peak_rss_mb=done.get("peak_rss_mb") if done else None,
        offline=offline,
    )
    if error:
        result.notes.append(error)
    result.notes += gone_notes(figures)
    with Store.open(url) as store:
        store.finish_run(run_id, status, figures, error=error)
        record_gone(store, config, figures, run_id)
        try:
            if extract and not interrupted and not offline:
                from skillgap.run.extract import extract_pending

                # beside the workers alongside, still tagging what the crawl stored last
                result.extracted = extract_pending(store)
        finally:
            if alongside is not None:
                waited = time.monotonic()
                part = alongside.join()
                if result.extracted is not None:
                    from skillgap.run.alongside import merge

                    merge(result.extracted, part)
                    result.extracted.seconds += time.monotonic() - waited
    return result
