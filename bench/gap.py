"""Benchmark the learner's gap: checklist parsing/mapping and the gap over many postings.

Prints figures; never asserts. Synthetic demand: N postings, each naming a few skills
drawn with a Zipf-like skew from the taxonomy, 10% of them duplicates of another.

    .venv/bin/python bench/gap.py [--postings 20000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.read import load_checklist, parse_checklist
from analyzer.gap import build_gap
from taxonomy import load_taxonomy

SAMPLE = Path(__file__).resolve().parents[1] / "skillgap" / "sample_checklist.md"
SECTIONS = np.array(["required", "preferred", "other"])


def synthetic_frames(n: int, skills: list[str], seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, len(skills) + 1)
    weights /= weights.sum()
    dup = np.where(rng.random(n) < 0.1, rng.integers(0, n, n), -1)
    postings = pd.DataFrame(
        {"id": np.arange(n), "dup_group": [f"g{d}" if d >= 0 else None for d in dup]}
    )
    per_ad = rng.integers(2, 9, n)
    posting_id = np.repeat(np.arange(n), per_ad)
    mentions = pd.DataFrame(
        {
            "posting_id": posting_id,
            "skill": rng.choice(skills, size=len(posting_id), p=weights),
            "section": rng.choice(SECTIONS, size=len(posting_id), p=[0.5, 0.2, 0.3]),
        }
    )
    return postings, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postings", type=int, default=20_000)
    args = parser.parse_args()
    tax = load_taxonomy()

    t0 = time.perf_counter()
    mapper = ChecklistMapper(taxonomy=tax)
    print(f"mapper (extractor) built in {time.perf_counter() - t0:.2f} s")

    big = "\n".join(f"- [{'x' if i % 3 else ' '}] Topic {i}: Python, Kafka and Docker"
                    for i in range(20_000))  # fmt: skip
    t0 = time.perf_counter()
    checklist = parse_checklist(big)
    t_parse = time.perf_counter() - t0
    print(f"parse: 20,000-line Markdown checklist ({len(big) / 1e6:.1f} MB) in {t_parse:.2f} s")

    some = parse_checklist("\n".join(big.split("\n")[:5000]))
    t0 = time.perf_counter()
    mapper.map_checklist(some)
    t_map = time.perf_counter() - t0
    print(f"map: 5,000 distinct items onto skills in {t_map:.2f} s ({t_map / 5:.2f} ms/item)")

    t0 = time.perf_counter()
    mapped = mapper.map_checklist(load_checklist(SAMPLE))
    print(f"sample checklist: {len(mapped.items)} items parsed+mapped in "
          f"{time.perf_counter() - t0:.3f} s")  # fmt: skip

    t0 = time.perf_counter()
    import sklearn.metrics.pairwise  # noqa: F401  (import cost, once per process)

    print(f"scikit-learn imported in {time.perf_counter() - t0:.2f} s")
    postings, mentions = synthetic_frames(args.postings, sorted(tax.skills))
    t0 = time.perf_counter()
    report = build_gap(mapped, postings, mentions, tax)
    elapsed = time.perf_counter() - t0
    tracemalloc.start()  # a second run for memory: tracing slows it down several times
    build_gap(mapped, postings, mentions, tax)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"gap: {args.postings:,} postings / {len(mentions):,} mentions / "
        f"{report.postings:,} distinct in {elapsed:.2f} s, peak Python memory "
        f"{peak / 1_048_576:.1f} MB; coverage {report.coverage:.1%}"
    )
    del checklist


if __name__ == "__main__":
    main()
