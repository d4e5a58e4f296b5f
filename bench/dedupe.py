"""Duplicate grouping by MinHash LSH candidates (the store's way) against brute force.

1. Quality: the real ads of ../shared/eval/dev.jsonl plus invented near-copies (escaped and
   reflowed with another footer, cut to 70%, an eighth of the sentences dropped, a few
   words changed), grouped through a real SQLite store in three crawls (LSH, incremental)
   and once more in full; pairwise precision and recall of "same group" against the
   brute-force reference (`dedupe.find_groups`, today's method) on the same texts.
2. Speed: a store of --base invented ads is grouped, then --new ads (2% of them near-copies
   of stored ads) are added and grouped: seconds, candidate pairs compared, peak memory.

Run: .venv/bin/python bench/dedupe.py [--base 200000] [--new 10000] [--skip-quality]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support, run as a script

from skillgap.store import Store
from skillgap.store.dedupe import find_groups
from skillgap.store.records import text_fingerprint
from tests.support.paths import SHARED

TITLE = "Backend Engineer"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def near_copies(ads: list[str], seed: int = 5) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    texts, truth = [], []
    for i, text in enumerate(ads):
        texts.append(text)
        truth.append(i)
        if i % 3 == 0:
            footer = "\n\nWe are an equal opportunity employer. Apply on our site."
            texts.append(html.escape(text).replace("\n", "\n\n") + footer)
            truth.append(i)
        if i % 5 == 0:
            texts.append(text[: int(len(text) * 0.7)])
            truth.append(i)
        if i % 4 == 1:
            sentences = text.split(". ")
            for _ in range(max(1, len(sentences) // 8)):
                if len(sentences) > 2:
                    sentences.pop(rng.randrange(len(sentences)))
            texts.append(". ".join(sentences))
            truth.append(i)
        if i % 7 == 2:
            words = text.split(" ")
            for _ in range(max(1, len(words) // 30)):
                words[rng.randrange(len(words))] = rng.choice(["remote", "hybrid", "senior"])
            texts.append(" ".join(words))
            truth.append(i)
    return texts, truth


def posting(key: str, text: str) -> dict[str, Any]:
    return {"source": "bench", "source_type": "hackernews", "external_id": key,
            "url": f"https://jobs.example.test/{key}", "title": TITLE, "company": "Co",
            "description_text": text}  # fmt: skip


def same_pairs(group_of: dict[str, Any]) -> set[tuple[str, str]]:
    by: dict[Any, list[str]] = {}
    for key, group in group_of.items():
        by.setdefault(group, []).append(key)
    out: set[tuple[str, str]] = set()
    for members in by.values():
        members.sort()
        out.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
    return out


def quality(tmp: str) -> None:
    dev = SHARED / "eval" / "dev.jsonl"
    if not dev.is_file():
        print("quality: ../shared/eval/dev.jsonl is absent, skipped")
        return
    ads = [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
    texts, _truth = near_copies(ads)
    ids = list(range(len(texts)))
    ref = find_groups(ids, [text_fingerprint(t) for t in texts], [f"{TITLE}\n{t}" for t in texts])
    expected = same_pairs({f"{i:05d}": ref.group_of.get(i, -1 - i) for i in ids})
    print(f"quality: {len(ads)} real ads + {len(texts) - len(ads)} invented near-copies; "
          f"the reference finds {len(expected)} same-ad pairs")  # fmt: skip
    with Store.open(f"sqlite:///{tmp}/quality.sqlite") as store:
        for crawl in range(3):
            store.upsert_many([posting(f"{i:05d}", texts[i]) for i in ids[crawl::3]])
            store.regroup_duplicates()
        for label in ("LSH, three crawls", "LSH, full regroup"):
            if label.endswith("full regroup"):
                store.regroup_duplicates(full=True)
            frame = store.postings_frame()
            got = same_pairs(dict(zip(frame.external_id, frame.dup_group, strict=True)))
            hit = len(got & expected)
            print(f"  {label:<20} pairs {len(got):5d}  precision {hit / max(1, len(got)):.4f}"
                  f"  recall {hit / max(1, len(expected)):.4f}")  # fmt: skip


VOCAB = [f"w{i}" for i in range(20_000)]
WEIGHTS = [1 / (k + 20) for k in range(len(VOCAB))]


def invented_ad(rng: random.Random, company: int) -> str:
    intro = f"Company {company} builds tools for teams in {company % 40} countries. " * 2
    words = rng.choices(VOCAB, weights=WEIGHTS, k=220)
    return intro + " ".join(words) + f". Benefits at company {company}: good ones."


def speed(tmp: str, base: int, new: int) -> None:
    rng = random.Random(9)
    url = f"sqlite:///{tmp}/speed.sqlite"
    ads = [invented_ad(rng, rng.randrange(3000)) for _ in range(base)]
    with Store.open(url) as store:
        t0 = time.perf_counter()
        for i in range(0, base, 5000):
            store.upsert_many([posting(f"b{k}", ads[k]) for k in range(i, min(base, i + 5000))])
        t1 = time.perf_counter()
        stats = store.regroup_duplicates()
        t2 = time.perf_counter()
        print(f"speed: {base} ads stored in {t1 - t0:.0f} s, grouped from scratch in "
              f"{t2 - t1:.0f} s ({stats['groups']} groups); peak {peak_mb():.0f} MB")  # fmt: skip
        fresh = []
        for k in range(new):
            if k % 50 == 0:  # a near-copy of a stored ad: a few words changed
                words = ads[rng.randrange(base)].split(" ")
                for _ in range(5):
                    words[rng.randrange(len(words))] = "changed"
                fresh.append(" ".join(words))
            else:
                fresh.append(invented_ad(rng, rng.randrange(3000)))
        for i in range(0, new, 5000):
            store.upsert_many([posting(f"n{k}", fresh[k]) for k in range(i, min(new, i + 5000))])
        t3 = time.perf_counter()
        stats = store.regroup_duplicates()
        t4 = time.perf_counter()
        print(f"speed: +{new} ads ({new // 50} near-copies) grouped in {t4 - t3:.1f} s: "
              f"{stats['checked']} searched, {stats['compared']} candidate pairs compared, "
              f"{stats['near_groups']} near groups; peak {peak_mb():.0f} MB")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", type=int, default=200_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--skip-quality", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_quality:
            quality(tmp)
        speed(tmp, args.base, args.new)


if __name__ == "__main__":
    main()
