"""Benchmark: aggregate and render the report for 100,000 synthetic postings, with levels,
pay and evidence.

Prints seconds per stage, peak memory (max RSS) and the HTML size. Goal: < 10 s, < 1.5 GB
and an HTML file under 2 MB.

    .venv/bin/python bench/report.py                 # frames built in memory
    .venv/bin/python bench/report.py --store         # through a real SQLite store first
    .venv/bin/python bench/report.py --store --db sqlite:////tmp/bench.sqlite   # fill once;
                                                     # SQLite or PostgreSQL URL;
                                                     # a second run only counts (report path)
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
from skillgap.store.queries import META_COLUMNS
from taxonomy import load_taxonomy

T = TypeVar("T")
SOURCES = [("greenhouse", "greenhouse"), ("lever", "lever"), ("ashby", "ashby"),
           ("remoteok", "remoteok"), ("weworkremotely", "rss")]  # fmt: skip
SECTIONS = np.array(["required", "preferred", "other"])
# what synthetic ads say of their level ("" none named) and pay (about a third state it)
LEVEL_SETS = np.array(["", "intern", "junior", "mid", "senior", "lead", "mid,senior",
                       "senior,lead", "junior,mid"])  # fmt: skip
LEVEL_WEIGHTS = [0.25, 0.02, 0.1, 0.13, 0.3, 0.08, 0.04, 0.06, 0.02]
CURRENCIES = np.array(["USD", "EUR", "GBP"])


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
            **synthetic_meta(rng, n),
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


def synthetic_meta(rng: np.random.Generator, n: int) -> dict[str, Any]:
    """Levels, years and pay columns: about a third of the ads state pay, mostly in USD,
    a few per hour."""
    levels = LEVEL_SETS[rng.choice(len(LEVEL_SETS), n, p=LEVEL_WEIGHTS)]
    years = np.where(rng.random(n) < 0.45, rng.integers(0, 11, n), -1)
    paid = rng.random(n) < 0.35
    hourly = paid & (rng.random(n) < 0.05)
    low = np.round(rng.lognormal(np.log(110_000), 0.35, n), -3)
    high = low + np.round(rng.uniform(0, 40_000, n), -3)
    low = np.where(hourly, np.round(low / 2080), low)
    high = np.where(hourly, np.round(high / 2080), high)
    currency = CURRENCIES[rng.choice(3, n, p=[0.8, 0.15, 0.05])]
    return {
        "levels": levels,
        "years_min": pd.Series(years).where(years >= 0).astype("Int64").to_numpy(),
        "pay_min": np.where(paid, low, np.nan),
        "pay_max": np.where(paid, high, np.nan),
        "pay_currency": pd.Series(currency).where(paid).to_numpy(),
        "pay_period": pd.Series(np.where(hourly, "hour", "year")).where(paid).to_numpy(),
    }


class SyntheticEvidence:
    """The few postings' texts and mention offsets the report asks for, made up on demand
    (an analyzer.evidence.EvidenceSource): each text names its skills in a sentence."""

    def __init__(self, mentions: pd.DataFrame) -> None:
        self.sorted = mentions.sort_values("posting_id", kind="stable")
        self.pids = self.sorted["posting_id"].to_numpy()

    def _made(self, pid: int) -> tuple[str, list[tuple[str, str, int, int]]]:
        text, rows = "Requirements: you bring experience with ", []
        lo, hi = np.searchsorted(self.pids, [pid, pid + 1])
        group = self.sorted.iloc[lo:hi]
        for skill, section in zip(group.skill, group.section, strict=True):
            rows.append((str(skill), str(section), len(text), len(text) + len(str(skill))))
            text += f"{skill}, "
        return text + "and more. We offer remote work.", rows

    def mentions(self, posting_ids: Any) -> pd.DataFrame:
        rows = [(pid, *r) for pid in posting_ids for r in self._made(int(pid))[1]]
        return pd.DataFrame(rows, columns=["posting_id", "skill", "section", "start", "end"])

    def texts(self, posting_ids: Any) -> dict[int, str]:
        return {int(pid): self._made(int(pid))[0] for pid in posting_ids}


def through_store(
    postings: pd.DataFrame, mentions: pd.DataFrame, url: str | None = None
) -> tuple[Any, Any]:
    """Write the postings and mentions into a real SQLite store, then read them back
    with the same calls `skillgap report` makes (only the read is the report's cost).
    The store groups duplicates itself (by text), so every synthetic ad stays one ad."""
    from analyzer.extract import Mention
    from analyzer.fingerprint import extraction_fingerprint
    from skillgap.store import Store

    fingerprint = extraction_fingerprint()
    by_posting: dict[int, list[Mention]] = {}
    for r in mentions.itertuples(index=False):
        by_posting.setdefault(int(r.posting_id), []).append(
            Mention(str(r.skill), 0, 5, str(r.text), str(r.section))
        )
    url = url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"  # or PostgreSQL's
    t0 = time.perf_counter()
    with Store.open(url) as st:
        rows = postings.to_dict("records")
        for start in range(0, len(rows), 5000):
            batch = [_posting_dict(r) for r in rows[start : start + 5000]]
            st.upsert_many(batch)
        front = st.postings_frame()[["id", "external_id"]]
        synthetic_of = dict(zip(front["id"], front["external_id"].astype(int), strict=True))
        pending = [pid for pid, _r in st.pending_extraction(fingerprint)]
        meta = postings.set_index("id")[list(META_COLUMNS)].astype(object)
        meta = meta.where(meta.notna(), None)
        for start in range(0, len(pending), 5000):
            inputs = st.extraction_inputs(pending[start : start + 5000])
            st.save_mentions(
                [(r.id, r.input_hash, by_posting.get(synthetic_of[r.id], [])) for r in inputs],
                fingerprint,
                # the synthetic levels and pay, as `skillgap extract` would have read them
                [{"id": r.id, **meta.loc[synthetic_of[r.id]].to_dict(),
                  "meta_hash": r.content_hash, "meta_rules": "bench"} for r in inputs],
            )  # fmt: skip
    print(f"{'  (store write)':<28} {time.perf_counter() - t0:7.2f} s")
    return _read(url)


def _stored(url: str) -> int:
    """How many postings the store at `url` holds (0 when it does not exist yet)."""
    from skillgap.store import Store

    with Store.open(url) as st:
        return st.stats().postings


def _read(url: str) -> tuple[Any, Any]:
    """Nothing is read into frames: the store's report counts in the database."""
    return url, None


def store_report(url: str, tax: Any) -> Any:
    """The report `skillgap report` makes of a store: its counts (skillgap/store/counts.py,
    one short row a posting counted in numpy) and how many postings wait for tagging, the
    model made of the small tables, evidence read for the few ads shown."""
    from analyzer.aggregate import Filters
    from reports.build import report_from_counts
    from skillgap.run.evidence import StoreEvidence
    from skillgap.run.report import count_report

    counts, untagged = count_report(url, Filters(), tax)  # what `skillgap report` counts
    print(f"  ({untagged:,} postings not tagged with this taxonomy yet)")
    return report_from_counts(counts, tax, evidence=StoreEvidence(url))


def _posting_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A synthetic frame row as the crawler's posting dict (each with a distinct text)."""
    return {
        "source": row["source"],
        "source_type": row["source_type"],
        "external_id": str(row["external_id"]),
        "url": row["url"],
        "title": row["title"],
        "company": row["company"],
        "location": None,
        "remote": bool(row["remote"]),
        "posted_at": row["posted_at"].floor("s").to_pydatetime(),
        "salary_min": None,
        "salary_max": None,
        "salary_currency": None,
        "salary_period": None,
        "description_html": None,
        "description_text": f"Synthetic ad number {row['id']} for the report benchmark.",
        "attribution": row["attribution"] if isinstance(row["attribution"], str) else None,
    }


def timed(label: str, fn: Callable[[], T], figures: dict[str, float]) -> T:
    """Run fn, print its wall time and this process's CPU time (steadier on a shared
    machine; a PostgreSQL server's own work is not in it)."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    figures[label] = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(f"{label:<28} {figures[label]:7.2f} s   ({cpu:.2f} s CPU)", flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--postings", type=int, default=100_000)
    ap.add_argument("--store", action="store_true", help="round-trip through a SQLite store")
    ap.add_argument(
        "--db", help="with --store: this store URL; when it already holds postings, only read"
    )
    args = ap.parse_args()
    tax = load_taxonomy()
    figures: dict[str, float] = {}
    if args.store and args.db and _stored(args.db):
        print(f"{_stored(args.db):,} postings already in {args.db}: counting only")
        report = timed("database counts + model", lambda: store_report(args.db, tax), figures)
    else:
        postings, mentions = timed(
            "synthesise frames",
            lambda: synthetic_frames(args.postings, sorted(tax.skills)),
            figures,
        )
        print(f"{len(postings):,} postings, {len(mentions):,} mentions, {len(tax.skills)} skills")
        if args.store:
            url, _none = timed(
                "store write", lambda: through_store(postings, mentions, args.db), figures
            )
            del postings, mentions
            report = timed("database counts + model", lambda: store_report(url, tax), figures)
        else:
            source = SyntheticEvidence(mentions)
            report = timed(
                "aggregate (build model)",
                lambda: build_report(postings, mentions, tax, evidence=source),
                figures,
            )
    html = timed("render HTML", lambda: render_report(report), figures)
    timed("JSON twin", lambda: report_json(report), figures)
    with tempfile.TemporaryDirectory() as tmp:
        timed("CSV tables", lambda: write_csv(report, Path(tmp)), figures)
    total = sum(v for k, v in figures.items() if k not in ("synthesise frames", "store write"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"HTML size                    {len(html.encode()) / 1024:7.0f} KiB (goal < 2048 KiB)")
    h = report.headline
    print(f"ads {h.ads:,}, skills {h.skills_seen}, pairs {len(report.pairs)}")
    if report.levels and report.pay:
        lv, pay = report.levels, report.pay
        print(f"levels: {lv.entry_ads:,} entry-level ads, {lv.senior_ads:,} senior ads; "
              f"pay: {pay.ads_in_currency:,} ads in {pay.currency}, {len(pay.rows)} skills; "
              f"evidence: {sum(len(e.items) for e in report.evidence)} sentences for "
              f"{len(report.evidence)} skills")  # fmt: skip
    print(f"report total (no write)      {total:7.2f} s   (goal < 10 s)")
    print(f"peak memory (max RSS)        {peak_mb:7.0f} MiB (goal < 1536 MiB)")


if __name__ == "__main__":
    main()
