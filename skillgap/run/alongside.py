"""Tagging alongside a distributed crawl (PostgreSQL): while this process's crawler stores
postings, worker processes (one per core but the crawler's) claim them (SELECT ... FOR
UPDATE SKIP LOCKED, as every extraction worker does) and tag them, so the crawl and the
tagging overlap instead of running one after the other.

A worker keeps claiming until its crawl has ended and nothing is left to claim, then
exits with its figures; extract_pending runs after them as after any crawl, for what is
still pending (a posting another process stored since, one skipped) and the regrouping.
They stop after their batch when the crawl is interrupted, and by themselves when their
parent dies.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
from dataclasses import fields
from multiprocessing.connection import Connection
from typing import Any

from skillgap.run.extract import ExtractStats

POLL_SECONDS = 0.5  # how often an idle worker looks for newly stored postings


def _worker(
    url: str, taxonomy_path: str | None, ended: Any, stop: Any, out: Connection, parent: int
) -> None:
    """The worker process: claim and tag until `ended` and nothing is left (or `stop`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent says when to stop
    from analyzer.fingerprint import extraction_fingerprint
    from skillgap.run.extract import _tag_claimed
    from skillgap.store import Store

    def stopped() -> bool:
        return stop.is_set() or os.getppid() != parent

    def wait() -> None:
        stop.wait(POLL_SECONDS)

    stats = ExtractStats(taxonomy=extraction_fingerprint(taxonomy_path))
    with Store.open(url) as store:
        _tag_claimed(store, taxonomy_path, None, stats, ended=ended.is_set, stopped=stopped,
                     wait=wait)  # fmt: skip
    out.send(stats.as_dict())


def alongside_workers() -> int:
    """One per core but the one the crawler uses (at least one)."""
    from analyzer.extract import default_workers

    return max(1, default_workers() - 1)


class Alongside:
    """Tagging workers beside this process's crawl."""

    def __init__(self, url: str, taxonomy_path: str | None = None, workers: int = 0) -> None:
        # spawned, not forked: the parent has threads (the lock's heartbeat, the crawler's
        # pipes) and a fork could copy a lock one of them holds (seen: a worker hung
        # opening the store while a crawl thread was doing so)
        ctx: Any = mp.get_context("spawn")
        self.ended = ctx.Event()
        self.stop = ctx.Event()
        self.workers: list[tuple[Any, Connection]] = []
        for _ in range(workers or alongside_workers()):
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_worker,
                args=(url, taxonomy_path, self.ended, self.stop, send, os.getpid()),
                name="skillgap-tag-alongside",
                daemon=True,
            )
            proc.start()
            send.close()
            self.workers.append((proc, recv))

    def crawl_ended(self, interrupted: bool = False) -> None:
        """The crawl stored all it will: finish what is pending (or stop, if interrupted)."""
        if interrupted:
            self.stop.set()
        self.ended.set()

    def join(self) -> ExtractStats | None:
        """Wait for the workers; their figures together, None if none sent any."""
        self.crawl_ended(interrupted=self.stop.is_set())
        parts: list[dict[str, Any]] = []
        try:
            for _proc, recv in self.workers:
                with contextlib.suppress(EOFError, OSError):
                    parts.append(recv.recv())  # EOFError: the worker died
        except BaseException:  # Ctrl-C while waiting: they stop after their batch
            self.crawl_ended(interrupted=True)
            raise
        finally:
            for proc, recv in self.workers:
                proc.join(timeout=5)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                recv.close()
        if not parts:
            return None
        names = {f.name for f in fields(ExtractStats)}
        stats = [ExtractStats(**{k: v for k, v in part.items() if k in names}) for part in parts]
        total = stats[0]
        total.workers = len(self.workers)
        for more in stats[1:]:
            total.add(more)
        return total


def merge(into: ExtractStats, part: ExtractStats | None) -> ExtractStats:
    """Add what the worker alongside the crawl tagged to extract_pending's figures."""
    if part is not None:
        into.add(part)
        into.pending += part.extracted
        into.during_crawl += part.extracted
    return into
