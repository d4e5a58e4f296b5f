"""Stages that run over the store: tagging new, changed and re-taxonomised postings."""

from __future__ import annotations

import itertools
import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analyzer.extract import (
    AdInput,
    Extractor,
    Mention,
    chunked,
    default_workers,
    extract_parallel,
)
from analyzer.fingerprint import extraction_fingerprint
from analyzer.meta import meta_fingerprint
from skillgap.run.locking import holding
from skillgap.run.posting_meta import meta_row, read_pending_meta
from skillgap.store import Store
from skillgap.store.pause import pause_point

SAVE_BATCH = 200  # postings whose mentions are replaced in one transaction
READ_BATCH = 500  # postings read from the store at a time
ISOLATION_CHUNK = 64  # ads tagged together in-process; a failing chunk is redone one by one
SMALL_JOB = 300  # fewer pending postings than this are tagged in-process (no pool start-up)
RUN_KIND = "extract"  # the run record of `skillgap extract`


@dataclass
class ExtractStats:
    taxonomy: str  # the extraction fingerprint: taxonomy, cue words, section model
    pending: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # new / changed / retagged
    extracted: int = 0
    mentions: int = 0
    workers: int = 1
    seconds: float = 0.0
    failed: dict[int, str] = field(default_factory=dict)  # posting id -> why it was skipped
    duplicates: dict[str, int] | None = None  # figures of regroup_duplicates, when it ran
    meta: int = 0  # postings whose levels, years and pay were read
    during_crawl: int = 0  # of `extracted`, tagged alongside the crawl (skillgap/run/alongside.py)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def add(self, other: ExtractStats) -> None:
        """Count another worker's tagging in with this one's."""
        self.extracted += other.extracted
        self.mentions += other.mentions
        self.meta += other.meta
        self.failed.update({int(k): v for k, v in other.failed.items()})


def _ads(store: Store, ids: Sequence[int], metas: dict[int, dict[str, Any]]) -> Iterator[AdInput]:
    """The ads to tag; each posting's meta row is read on the way (into `metas`)."""
    rules = meta_fingerprint()
    for start in range(0, len(ids), READ_BATCH):
        for row in store.extraction_inputs(ids[start : start + READ_BATCH]):
            metas[row.id] = meta_row(row, rules)
            yield AdInput(id=(row.id, row.input_hash), text=row.text or "", title=row.title,
                          company=row.company or None)  # fmt: skip


@lru_cache(maxsize=2)
def cached_extractor(taxonomy_path: str | None, fingerprint: str) -> Extractor:
    """One in-process extractor per extraction fingerprint (building one takes seconds)."""
    return Extractor(taxonomy_path=taxonomy_path)


def _tag_isolated(
    extractor: Extractor, ads: Iterable[AdInput], failed: dict[int, str]
) -> Iterator[tuple[AdInput, list[Mention]]]:
    """Tag in-process; when a chunk fails, redo it ad by ad and skip (and record) the bad one."""
    for chunk in chunked(ads, ISOLATION_CHUNK):
        try:
            results = list(extractor.extract_many(chunk))
        except Exception:
            results = []
            for ad in chunk:
                try:
                    results.append((ad, extractor.extract_ad(ad)))
                except Exception as exc:
                    failed[ad.id[0]] = f"{type(exc).__name__}: {exc}"
        yield from results


def _tag(
    ads: Iterator[AdInput], workers: int, path: str | None, fingerprint: str,
    failed: dict[int, str],
) -> Iterator[tuple[AdInput, list[Mention]]]:  # fmt: skip
    if workers > 1:
        done: set[int] = set()
        sent: list[AdInput] = []

        def remember(stream: Iterable[AdInput]) -> Iterator[AdInput]:
            for ad in stream:
                sent.append(ad)
                yield ad

        try:
            for ad, found in extract_parallel(remember(ads), workers, path):
                done.add(ad.id[0])
                yield ad, found
            return
        except Exception:
            # a worker failed: finish in this process, isolating the ad that breaks
            ads = itertools.chain((a for a in sent if a.id[0] not in done), ads)
    yield from _tag_isolated(cached_extractor(path, fingerprint), ads, failed)


def extract_pending(
    store: Store,
    taxonomy_path: str | Path | None = None,
    workers: int = 0,
    on_progress: Callable[[int], None] | None = None,
    regroup: bool = True,
) -> ExtractStats:
    """Tag postings that are new, changed, or were tagged with another taxonomy, cue words
    or section model (another extraction fingerprint, analyzer.fingerprint), and store their
    mentions (each posting's old mentions replaced atomically). Nothing else is redone.
    Every posting's levels, years and pay are read too when it lacks them (stored before
    they were, or changed since), without tagging it again.

    An ad the extractor fails on is skipped, listed in `stats.failed` with the reason, and
    stays pending; the others are tagged. Then duplicate groups are recomputed whenever a
    posting is new or changed since the last grouping that finished, tagged now or not (a
    grouping cut short is redone; `regroup=False` leaves them), so a crawl followed by this
    stage counts each ad once."""
    started = time.perf_counter()
    fingerprint = extraction_fingerprint(taxonomy_path)
    pending = store.pending_extraction(fingerprint)
    stats = ExtractStats(taxonomy=fingerprint, pending=len(pending))
    for _pid, reason in pending:
        stats.reasons[reason] = stats.reasons.get(reason, 0) + 1
    if pending and store.backend == "postgresql":
        n_workers = workers if workers > 0 else default_workers()
        if n_workers > 1 and (len(pending) >= SMALL_JOB or workers > 0):
            _claim_in_workers(store, taxonomy_path, n_workers, on_progress, stats)
        else:
            _tag_claimed(store, taxonomy_path, on_progress, stats)
    elif pending:
        _tag_pending(store, taxonomy_path, workers, on_progress, [i for i, _r in pending], stats)
    else:
        stats.meta = read_pending_meta(store)
    # grouping is a step of its own: one cut short (or never reached) is done now, even when
    # nothing new was tagged; postings the last finished grouping has not seen say so
    if regroup and store.grouping_pending():
        stats.duplicates = store.regroup_duplicates()
    stats.seconds = time.perf_counter() - started
    return stats


def _tag_claimed(
    store: Store,
    taxonomy_path: str | Path | None,
    on_progress: Callable[[int], None] | None,
    stats: ExtractStats,
    ended: Callable[[], bool] | None = None,
    stopped: Callable[[], bool] = lambda: False,
    wait: Callable[[], None] = lambda: None,
) -> None:
    """PostgreSQL: claim a batch no other worker holds, tag it, save it in the claim's
    transaction; until nothing is left. Any number of processes or machines can do this at
    once: each posting is tagged by one of them.

    With `ended` (alongside a crawl that is still storing postings) it goes on until the
    crawl has ended and nothing is left to claim, calling `wait` while nothing is, and
    ends after the batch at hand once `stopped` says so (the crawl was interrupted); the
    levels, years and pay of postings not tagged are then left to extract_pending."""
    path = str(taxonomy_path) if taxonomy_path else None
    extractor = cached_extractor(path, stats.taxonomy)
    rules = meta_fingerprint()
    while not stopped():
        # read before claiming: a crawl that ended before an empty claim had stored it all
        finished = ended is None or ended()
        batch: list[tuple[int, str, list[Mention]]] = []
        meta: list[dict[str, Any]] = []
        with store.claim_pending(stats.taxonomy, SAVE_BATCH, skip=sorted(stats.failed)) as (
            conn,
            rows,
        ):
            if rows:
                metas = {row.id: meta_row(row, rules) for row in rows}
                ads = [AdInput(id=(row.id, row.input_hash), text=row.text or "",
                               title=row.title, company=row.company or None)
                       for row in rows]  # fmt: skip
                batch = [(ad.id[0], ad.id[1], found)
                         for ad, found in _tag_isolated(extractor, ads, stats.failed)]  # fmt: skip
                meta = [metas[pid] for pid, _h, _m in batch]
                stats.mentions += store.save_claimed(conn, batch, stats.taxonomy, meta)
        if not rows:
            if finished:
                break
            wait()  # outside any transaction
            continue
        stats.extracted += len(batch)
        stats.meta += len(meta)
        if on_progress:
            on_progress(len(batch))
    if ended is None:
        stats.meta += read_pending_meta(store)


def _claim_worker(url: str, taxonomy_path: str | None) -> ExtractStats:
    """A worker process: its own store connection and extractor, claiming until done."""
    with Store.open(url) as store:
        stats = ExtractStats(taxonomy=extraction_fingerprint(taxonomy_path))
        _tag_claimed(store, taxonomy_path, None, stats)
        return stats


def _claim_in_workers(
    store: Store,
    taxonomy_path: str | Path | None,
    workers: int,
    on_progress: Callable[[int], None] | None,
    stats: ExtractStats,
) -> None:
    """PostgreSQL with several workers: processes that each claim batches (SKIP LOCKED)."""
    path = str(taxonomy_path) if taxonomy_path else None
    stats.workers = workers
    store.engine.dispose()  # no open database connection is copied into the workers
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        done = [f.result() for f in [pool.submit(_claim_worker, store.url, path)
                                     for _ in range(workers)]]  # fmt: skip
    for part in done:
        stats.extracted += part.extracted
        stats.mentions += part.mentions
        stats.meta += part.meta
        stats.failed.update(part.failed)
    if on_progress and stats.extracted:
        on_progress(stats.extracted)


def _tag_pending(
    store: Store,
    taxonomy_path: str | Path | None,
    workers: int,
    on_progress: Callable[[int], None] | None,
    ids: list[int],
    stats: ExtractStats,
) -> None:
    """Tag the pending postings `ids` and store their mentions and meta (into `stats`)."""
    n_workers = workers if workers > 0 else default_workers()
    stats.workers = 1 if len(ids) < SMALL_JOB and workers <= 0 else n_workers
    path = str(taxonomy_path) if taxonomy_path else None
    if stats.workers > 1:
        store.engine.dispose()  # no open database connection is copied into the workers
    batch: list[tuple[int, str, list[Mention]]] = []
    metas: dict[int, dict[str, Any]] = {}

    def save() -> None:
        pause_point("tagging")  # a test hook: postings tagged, their mentions not yet stored
        meta = [metas.pop(pid) for pid, _h, _m in batch]
        stats.mentions += store.save_mentions(batch, stats.taxonomy, meta)
        stats.extracted += len(batch)
        stats.meta += len(meta)
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    ads = _ads(store, ids, metas)
    for ad, found in _tag(ads, stats.workers, path, stats.taxonomy, stats.failed):
        pid, input_hash = ad.id
        batch.append((pid, input_hash, found))
        if len(batch) >= SAVE_BATCH:
            save()
    if batch:
        save()
    stats.meta += read_pending_meta(store)  # postings not tagged now (failed ones too)


def extract_run(
    store: Store,
    taxonomy_path: str | Path | None = None,
    workers: int = 0,
    on_progress: Callable[[int], None] | None = None,
    regroup: bool = True,
    full_regroup: bool = False,
) -> ExtractStats:
    """`skillgap extract`: extract_pending under the store's run lock (RunLocked while
    another command holds it), recorded as a run of kind "extract": ok, partial when
    postings were skipped, interrupted when stopped. Duplicates are regrouped after it
    (`full_regroup`: every posting compared again) unless `regroup` is False."""
    with holding(store, "skillgap extract") as lock:
        run_id = store.start_run(kind=RUN_KIND)
        lock.attach_run(run_id)
        try:
            stats = extract_pending(store, taxonomy_path, workers, on_progress, regroup=False)
            if regroup:
                stats.duplicates = store.regroup_duplicates(full=full_regroup)
        except Exception as exc:  # interrupted: marked so when the lock is let go
            store.finish_run(run_id, "failed", {}, error=f"{type(exc).__name__}: {exc}")
            raise
        error = f"{len(stats.failed)} postings skipped (still pending)" if stats.failed else None
        store.finish_run(run_id, "partial" if stats.failed else "ok", {}, error=error)
    return stats
