"""Hold checklists against real ads: tag a JSONL file of ads, then print each gap.

Default: the seed roadmaps in ../shared/seeds and the sample checklist against the ads in
../shared/eval/dev.jsonl ({"id", "text", "title"?, "company"?} per line). Prints figures;
never asserts.

    .venv/bin/python bench/gap_seeds.py [--ads FILE] [CHECKLIST ...]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.model import ChecklistError
from analyzer.checklist.read import load_checklist
from analyzer.extract import AdInput
from analyzer.gap import build_gap

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def ad_frames(path: Path, mapper: ChecklistMapper) -> tuple[pd.DataFrame, pd.DataFrame]:
    ads = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            row = json.loads(line)
            ads.append(AdInput(n, row["text"], row.get("title"), row.get("company")))
    rows = [
        {"posting_id": ad.id, "skill": m.skill, "section": m.section}
        for ad, mentions in mapper.extractor.extract_many(ads)
        for m in mentions
    ]
    postings = pd.DataFrame({"id": [a.id for a in ads], "dup_group": [None] * len(ads)})
    return postings, pd.DataFrame(rows, columns=["posting_id", "skill", "section"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ads", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("checklists", type=Path, nargs="*")
    args = parser.parse_args()
    if not args.ads.is_file():
        print(f"no ads file at {args.ads}; pass --ads FILE (skipping)")
        return
    paths = args.checklists or [
        *sorted((SHARED / "seeds").glob("*")),
        ROOT / "skillgap" / "sample_checklist.md",
    ]
    mapper = ChecklistMapper()
    t0 = time.perf_counter()
    postings, mentions = ad_frames(args.ads, mapper)
    print(f"{len(postings)} ads tagged in {time.perf_counter() - t0:.1f} s ({args.ads.name})")
    for path in paths:
        try:
            checklist = mapper.map_checklist(load_checklist(path))
        except ChecklistError as exc:
            print(f"{path.name}: {exc}")
            continue
        gap = build_gap(checklist, postings, mentions, mapper.taxonomy, limit=5)
        nxt = ", ".join(f"{s.skill} {s.score:.2f}" for s in gap.learn_next)
        print(
            f"{path.name}: {len(gap.items)} items, {len(gap.unmapped)} unmapped; coverage "
            f"{gap.coverage:.0%} done, {gap.coverage_planned:.0%} when all done; "
            f"{len(gap.over_invested)} over-invested; next: {nxt}"
        )


if __name__ == "__main__":
    main()
