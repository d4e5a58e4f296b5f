"""Store throughput: upserts/s for 10k invented postings on SQLite (and PostgreSQL when its
server binaries are installed), plus close, regroup, frame and export timings and peak RSS.

Run: .venv/bin/python bench/store.py [--postings 10000] [--no-postgres]
     .venv/bin/python bench/store.py --write 100000    # only the SQLite write rate
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support, run as a script

from skillgap.store import Store
from skillgap.store.export import export
from tests.support.pgcluster import ThrowawayCluster, find_bin_dir

COMPANIES = ["Northwind Freight", "Lumen Robotics", "Quietwater Analytics", "Brightfield Labs",
             "Copperleaf Health", "Tidewater Games", "Orchard Pay", "Basalt Security"]  # fmt: skip
ROLES = ["Backend Engineer", "Senior Backend Engineer", "Platform Engineer", "API Developer",
         "Site Reliability Engineer", "Data Engineer", "Staff Software Engineer (Go)"]  # fmt: skip
SKILLS = ["Python", "Go", "Java", "Kotlin", "PostgreSQL", "MySQL", "Redis", "Kafka", "RabbitMQ",
          "Docker", "Kubernetes", "Terraform", "AWS", "GCP", "gRPC", "GraphQL", "Django",
          "FastAPI", "Spring Boot", "Elasticsearch", "Prometheus", "Linux", "CI/CD"]  # fmt: skip
SOURCES = [("greenhouse", "greenhouse"), ("lever", "lever"), ("ashby", "ashby"),
           ("remoteok", "remoteok"), ("hn", "hackernews"), ("wwr", "rss")]  # fmt: skip


def invent(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """n invented postings, ~1.5 KB of text each, a few percent of them exact re-posts."""
    rng = random.Random(seed)
    base = datetime(2026, 9, 1, tzinfo=UTC)
    out: list[dict[str, Any]] = []
    for i in range(n):
        source, stype = SOURCES[i % len(SOURCES)]
        company = rng.choice(COMPANIES)
        must = ", ".join(rng.sample(SKILLS, 5))
        nice = ", ".join(rng.sample(SKILLS, 3))
        body = (f"{company} is hiring. Ad number {i}. You will design, build and run services "
                f"used by {rng.randint(2, 900)} thousand people. ") * 6  # fmt: skip
        text = (
            f"{body}\nRequirements: {must}.\nNice to have: {nice}.\nBenefits: {i % 17} extra days."
        )
        if i % 40 == 1:  # an exact re-post of the previous ad on another source
            text = out[-1]["description_text"]
        out.append({
            "source": source, "source_type": stype, "external_id": f"{source}-{i}",
            "url": f"https://jobs.example.test/{source}/{i}", "title": rng.choice(ROLES),
            "company": company, "location": rng.choice(["Remote", "Berlin", "Austin, TX", None]),
            "remote": rng.choice([True, False, None]),
            "posted_at": base + timedelta(minutes=i), "salary_min": 60000.0 + i,
            "salary_max": 90000.0 + i, "salary_currency": "USD", "salary_period": "year",
            "description_html": "<p>" + text.replace("\n", "</p><p>") + "</p>",
            "description_text": text, "attribution": None,
        })  # fmt: skip
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn: Callable[[], Any], count: int | None = None) -> Any:
    t0 = time.perf_counter()
    result = fn()
    secs = time.perf_counter() - t0
    rate = f"{count / secs:10.0f}/s" if count else " " * 12
    print(f"  {label:<44} {secs:8.2f} s {rate}   peak RSS {peak_rss_mb():6.0f} MB", flush=True)
    return result


def run(url: str, postings: list[dict[str, Any]]) -> None:
    n = len(postings)
    half = n // 2
    with Store.open(url) as store:
        print(f"{store.backend}: {n} postings", flush=True)

        def one_by_one(items: list[dict[str, Any]]) -> Counter[str]:
            return Counter(store.upsert_posting(p) for p in items)

        def batched(items: list[dict[str, Any]]) -> Counter[str]:
            c: Counter[str] = Counter()
            for i in range(0, len(items), 500):
                c.update(store.upsert_many(items[i : i + 500]))
            return c

        c1 = timed(f"upsert_posting, new ({half})", lambda: one_by_one(postings[:half]), half)
        c2 = timed(f"upsert_many x500, new ({n - half})", lambda: batched(postings[half:]),
                   n - half)  # fmt: skip
        c3 = timed(f"upsert_posting, unchanged ({n})", lambda: one_by_one(postings), n)
        c4 = timed(f"upsert_many x500, unchanged ({n})", lambda: batched(postings), n)
        changed = [{**p, "title": p["title"] + " II"} for p in postings[:half]]
        c5 = timed(f"upsert_many x500, changed ({half})", lambda: batched(changed), half)
        assert c1["new"] == half and c2["new"] == n - half, (c1, c2)
        assert c3["unchanged"] == n and c4["unchanged"] == n and c5["updated"] == half
        timed("close_vanished (half unseen)", lambda: store.close_vanished(
            "greenhouse", [p["external_id"] for p in postings[: n // 2]]))  # fmt: skip
        groups = timed("regroup_duplicates", store.regroup_duplicates)
        print(f"    -> {groups['groups']} groups ({groups['exact_groups']} exact, "
              f"{groups['near_groups']} near), {groups['grouped_postings']} postings")  # fmt: skip
        timed("regroup_duplicates again (nothing new)", store.regroup_duplicates)
        timed("regroup_duplicates(full=True)", lambda: store.regroup_duplicates(full=True))
        frame = timed("postings_frame", store.postings_frame, n)
        assert len(frame) == n
        sink = io.StringIO()
        rows = timed("export postings jsonl", lambda: export(store, "postings", "jsonl", sink), n)
        assert rows == n
        print(f"    -> {len(sink.getvalue()) / 1e6:.1f} MB of JSON Lines")


def write_rate(url: str, postings: list[dict[str, Any]], per_batch: int = 5000) -> None:
    """Postings/s of a fill as `bench/report.py --store` does it: upsert_many, then 8
    mentions and the meta of each posting (the issue 23 figure: 3,900/s before)."""
    from analyzer.extract import Mention

    n = len(postings)
    with Store.open(url) as store:
        w0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, n, per_batch):
            store.upsert_many(postings[i : i + per_batch])
        w1, c1 = time.perf_counter(), time.process_time()
        pending = [pid for pid, _r in store.pending_extraction("bench")]
        for i in range(0, len(pending), per_batch):
            inputs = store.extraction_inputs(pending[i : i + per_batch])
            store.save_mentions(
                [(r.id, r.input_hash, [Mention(s, 0, 5, s, "required") for s in SKILLS[:8]])
                 for r in inputs], "bench",
                [{"id": r.id, "levels": "mid", "years_min": 3, "pay_min": 1.0, "pay_max": 2.0,
                  "pay_currency": "USD", "pay_period": "year", "meta_hash": r.content_hash,
                  "meta_rules": "bench"} for r in inputs],
            )  # fmt: skip
        w2, c2 = time.perf_counter(), time.process_time()
    print(f"{store.backend}: write {n} postings (upsert_many x{per_batch})"
          f" {n / (w1 - w0):8.0f}/s  (CPU {n / (c1 - c0):.0f}/s)")  # fmt: skip
    print(f"{store.backend}: + 8 mentions and meta each    "
          f" {n / (w2 - w0):8.0f} postings/s  (CPU {n / (c2 - c0):.0f}/s)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--write", type=int, metavar="N", help="only the write rate of N postings on SQLite"
    )
    args = parser.parse_args()
    if args.write:
        with tempfile.TemporaryDirectory() as tmp:
            write_rate(f"sqlite:///{tmp}/bench.sqlite", invent(args.write))
        return
    postings = invent(args.postings)
    print(f"invented {len(postings)} postings; peak RSS {peak_rss_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.sqlite", postings)
        write_rate(f"sqlite:///{tmp}/write.sqlite", postings)
    if args.no_postgres:
        return
    if find_bin_dir() is None:
        print("postgresql: server binaries absent, skipped")
        return
    cluster = ThrowawayCluster().start()
    try:
        # the throwaway cluster runs with fsync off: an upper bound for a real server
        run(cluster.create_database("bench"), postings)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
