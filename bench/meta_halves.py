"""Levels, years and pay scored on each half of a gold file (analyzer.meta).

Rules written while looking at one half's errors should score about as well on the other
half; a fix that helps only the half it was written on is tuned to those ads. Prints, for
ads 1..N/2 and N/2+1..N in file order (or `--split K`): exact-set level accuracy with
F1 (tp/fp/fn) per level, years_min accuracy, salary precision and recall; `--errors A|B`
lists one half's errors.

    .venv/bin/python bench/meta_halves.py ../shared/eval/dev.jsonl
    .venv/bin/python bench/meta_halves.py ../shared/eval/dev.jsonl --errors B
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.evaluate import PRF
from analyzer.evaluate_meta import MetaScores, carries_meta, score_meta
from analyzer.evaluate_run import read_gold
from analyzer.meta import Salary, read_meta


def _f1(prf: PRF) -> str:
    return f"{prf.f1:.2f} ({prf.tp}/{prf.fp}/{prf.fn})"


def report(name: str, s: MetaScores) -> None:
    sal = s.salary
    print(f"{name}: {s.ads} ads")
    print(f"  levels exact {s.levels_accuracy:.3f}; F1 (tp/fp/fn) "
          + ", ".join(f"{lv} {_f1(p)}" for lv, p in s.per_level.items()))  # fmt: skip
    print(f"  years_min {s.years_accuracy:.3f}; salary P {sal.precision:.3f} "
          f"R {sal.recall:.3f} ({sal.tp}/{sal.fp}/{sal.fn})")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold", type=Path, help="gold JSONL (lines with levels, years_min, salary)")
    ap.add_argument("--split", type=int, help="ads in the first half (default: half of them)")
    ap.add_argument("--errors", choices=("A", "B"), help="list this half's errors")
    args = ap.parse_args()
    gold = [g for g in read_gold(args.gold) if carries_meta(g)]
    if not gold:
        sys.exit(f"{args.gold}: no line carries levels, years_min and salary")
    split = args.split if args.split is not None else len(gold) // 2
    halves = {"A": gold[:split], "B": gold[split:]}
    for name, part in halves.items():
        first = 1 if name == "A" else split + 1
        predicted = {g["id"]: read_meta(g.get("title"), g.get("text") or "") for g in part}
        scores = score_meta(part, predicted)
        report(f"{name} (ads {first}-{first + len(part) - 1})", scores)
        if args.errors == name:
            for err in scores.errors:
                print(f"    {err['id']}: levels want {err['want']} got {err['got']}")
            for g in part:
                got = predicted[g["id"]]
                if g.get("years_min") != got.years_min:
                    print(f"    {g['id']}: years_min want {g.get('years_min')} got {got.years_min}")
                want_pay = Salary.from_dict(g.get("salary"))
                if want_pay != got.salary:
                    print(f"    {g['id']}: salary want {want_pay} got {got.salary}")


if __name__ == "__main__":
    main()
