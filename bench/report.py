"""Benchmark: aggregate and render the report for 100,000 synthetic postings.

Prints seconds per stage and peak memory (max RSS). Goal: < 10 s and < 1.5 GB.

    .venv/bin/python bench/report.py                 # frames built in memory
    .venv/bin/python bench/report.py --store         # through a real SQLite store first
    .venv/bin/python bench/report.py --postings 20000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reports.build import build_report
from reports.export import report_json, write_csv
from reports.render import render_report
from taxonomy import load_taxonomy

T = TypeVar("T")
SOURCES = [("greenhouse", "greenhouse"), ("lever", "lever"), ("ashby", "ashby"),
           ("remoteok", "remoteok"), ("weworkremotely", "rss")]  # fmt: skip
SECTIONS = np.array(["required", "preferred", "other"])


def synthetic_frames(n: int, skills: list[str], seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n postings (about 10% duplicates) and about 8 mentions each, Zipf-like popularity."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1)
    src = rng.integers(0, len(SOURCES), n)
    start = datetime(2025, 12, 1, tzinfo=UTC).timestamp()
    posted = pd.to_datetime(start + rng.uniform(0, 330 * 86400, n), unit="s", utc=True)
    dup = np.where(rng.random(n) < 0.1, rng.integers(1, n + 1, n), ids)
    postings = pd.DataFrame(
        {
            "id": ids,
            "source": [SOURCES[i][0] for i in src],
            "source_type": [SOURCES[i][1] for i in src],
            "external_id": ids.astype(str),
            "url": [f"https://jobs.example.org/{i}" for i in ids],
            "title": [f"Backend Engineer {i}" for i in ids],
            "company": [f"Company {i % 5000}" for i in ids],
            "location": None,
            "remote": rng.random(n) < 0.6,
            "posted_at": posted,
            "first_seen": posted,
            "last_seen": posted,
            "closed_at": pd.NaT,
            "dup_group": dup,
            "attribution": [("Remote OK" if SOURCES[i][0] == "remoteok" else None) for i in src],
        }
    )
    weights = 1 / np.arange(1, len(skills) + 1) ** 0.9
    weights /= weights.sum()
    per_ad = rng.poisson(8, n)
    posting_id = np.repeat(ids, per_ad)
    skill = np.asarray(skills)[rng.choice(len(skills), len(posting_id), p=weights)]
    mentions = pd.DataFrame(
        {
            "posting_id": posting_id,
            "skill": skill,
            "section": SECTIONS[rng.choice(3, len(posting_id), p=[0.5, 0.2, 0.3])],
            "start": 0,
            "end": 5,
            "text": skill,
        }
    )
    return postings, mentions


def through_store(postings: pd.DataFrame, mentions: pd.DataFrame) -> tuple[Any, Any]:
    """Write the frames into a real SQLite store and read them back with its API."""
    from skillgap.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/bench.sqlite") as st:
        bulk_load = getattr(st, "bulk_load_frames", None)
        if bulk_load is None:
            raise SystemExit("--store needs Store.bulk_load_frames (not in this store yet)")
        bulk_load(postings, mentions)
        return st.postings_frame(), st.mentions_frame()


def timed(label: str, fn: Callable[[], T], figures: dict[str, float]) -> T:
    t0 = time.perf_counter()
    result = fn()
    figures[label] = time.perf_counter() - t0
    print(f"{label:<28} {figures[label]:7.2f} s", flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--postings", type=int, default=100_000)
    ap.add_argument("--store", action="store_true", help="round-trip through a SQLite store")
    args = ap.parse_args()
    tax = load_taxonomy()
    figures: dict[str, float] = {}
    postings, mentions = timed(
        "synthesise frames", lambda: synthetic_frames(args.postings, sorted(tax.skills)), figures
    )
    print(f"{len(postings):,} postings, {len(mentions):,} mentions, {len(tax.skills)} skills")
    if args.store:
        postings, mentions = timed(
            "store write + read", lambda: through_store(postings, mentions), figures
        )
    report = timed(
        "aggregate (build model)", lambda: build_report(postings, mentions, tax), figures
    )
    html = timed("render HTML", lambda: render_report(report), figures)
    timed("JSON twin", lambda: report_json(report), figures)
    with tempfile.TemporaryDirectory() as tmp:
        timed("CSV tables", lambda: write_csv(report, Path(tmp)), figures)
    total = sum(
        v for k, v in figures.items() if k not in ("synthesise frames", "store write + read")
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"HTML size                    {len(html) / 1024:7.0f} KiB")
    h = report.headline
    print(f"ads {h.ads:,}, skills {h.skills_seen}, pairs {len(report.pairs)}")
    print(f"aggregate + render total     {total:7.2f} s   (goal < 10 s)")
    print(f"peak memory (max RSS)        {peak_mb:7.0f} MiB (goal < 1536 MiB)")


if __name__ == "__main__":
    main()
