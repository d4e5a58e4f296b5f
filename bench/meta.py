"""Benchmark: reading levels, years of experience and pay from ads (analyzer.meta).

Prints ads/s (CPU time, best of five rounds) over invented ads of about 330 words, or over
the ads of a JSONL file (`{"title"?, "text"}` lines, as `skillgap tag` reads them):

    .venv/bin/python bench/meta.py
    .venv/bin/python bench/meta.py --ads-file ../shared/eval/dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.meta import read_meta

ROLES = ["Backend Engineer", "Senior Go Developer", "Staff Platform Engineer",
         "Junior Python Developer", "Software Engineer II", "Data Engineer"]  # fmt: skip
FILLER = (
    "Invented Co builds tools for harbours and orchards. Our team ships every week, reviews "
    "code with care and keeps production calm. You will design services, write tests, and "
    "pair with product on what to build next. "
)
PAY = ["Salary: $120,000 - $150,000 a year.", "Comp: €70k-€85k + equity.", "", "",
       "Pay rate: $55-70/hr.", "We raised $20M last year."]  # fmt: skip
YEARS = ["3+ years of Python.", "5-7 years building APIs.", "", "At least two years with Go."]


def invented_ads(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    ads = []
    for i in range(n):
        lines = [f"Invented Co {i} | {rng.choice(ROLES)} | Remote (US)", FILLER * 6,
                 "Requirements:", f"- {rng.choice(YEARS)}", "- Kafka, PostgreSQL, Docker",
                 rng.choice(PAY), FILLER * 4]  # fmt: skip
        ads.append((rng.choice(ROLES), "\n".join(lines)))
    return ads


def file_ads(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(str(r.get("title") or ""), str(r.get("text") or "")) for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--ads", type=int, default=2000, help="invented ads to read")
    ap.add_argument("--ads-file", type=Path, help="read these ads instead (JSONL)")
    args = ap.parse_args()
    ads = file_ads(args.ads_file) if args.ads_file else invented_ads(args.ads)
    words = sum(len(text.split()) for _title, text in ads) / max(len(ads), 1)
    read_meta("warm up", "the rules load once")
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for title, text in ads:
            read_meta(title, text)
        best = min(best, time.process_time() - started)
    print(f"{len(ads):,} ads of about {words:.0f} words")
    print(f"levels, years and pay: {len(ads) / best:7,.0f} ads/s "
          f"({best / len(ads) * 1000:.2f} ms an ad, CPU time, best of 5)")  # fmt: skip


if __name__ == "__main__":
    main()
