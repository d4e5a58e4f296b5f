"""Score levels, years of experience and salary against gold labels (`skillgap eval`).

- levels: exact-set accuracy over the ads, and precision/recall/F1 per level;
- years_min: exact accuracy;
- salary: precision and recall on exact (min, max, currency, period); an ad with no
  salary on either side counts for neither.

Nothing here is learned (the rules are data in analyzer/meta), so there is nothing to
judge out of fold: every figure is on all the gold ads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.evaluate import PRF
from analyzer.evaluate_run import read_gold
from analyzer.meta import LEVELS, PostingMeta, Salary, read_meta

META_KEYS = ("levels", "years_min", "salary")


@dataclass
class MetaScores:
    ads: int = 0  # gold ads that carry the keys
    levels_exact: int = 0
    per_level: dict[str, PRF] = field(default_factory=lambda: {lv: PRF() for lv in LEVELS})
    years_exact: int = 0
    salary: PRF = field(default_factory=PRF)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def levels_accuracy(self) -> float:
        return self.levels_exact / self.ads if self.ads else 0.0

    @property
    def years_accuracy(self) -> float:
        return self.years_exact / self.ads if self.ads else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "ads": self.ads,
            "levels": {
                "accuracy": round(self.levels_accuracy, 4),
                "per_level": {lv: m.as_dict() for lv, m in self.per_level.items()},
            },
            "years_min": {"accuracy": round(self.years_accuracy, 4)},
            "salary": self.salary.as_dict(),
        }


def carries_meta(line: Mapping[str, Any]) -> bool:
    """Whether a gold line labels levels, years and salary (all three keys present)."""
    return all(key in line for key in META_KEYS)


def score_meta(
    gold: Iterable[Mapping[str, Any]], predicted: Mapping[Any, PostingMeta]
) -> MetaScores:
    """Compare the gold lines that carry the keys with predictions {ad id: PostingMeta}."""
    res = MetaScores()
    for line in gold:
        if not carries_meta(line):
            continue
        res.ads += 1
        got = predicted.get(line["id"], PostingMeta())
        want_levels = {str(x) for x in line.get("levels") or []}
        if want_levels == set(got.levels):
            res.levels_exact += 1
        else:
            res.errors.append({"id": line["id"], "kind": "levels", "want": sorted(want_levels),
                               "got": list(got.levels)})  # fmt: skip
        for level in LEVELS:
            prf = res.per_level[level]
            if level in want_levels and level in got.levels:
                prf.tp += 1
            elif level in got.levels:
                prf.fp += 1
            elif level in want_levels:
                prf.fn += 1
        if line.get("years_min") == got.years_min:
            res.years_exact += 1
        want_salary = Salary.from_dict(line.get("salary"))
        if want_salary is not None and got.salary == want_salary:
            res.salary.tp += 1
        else:
            res.salary.fp += got.salary is not None
            res.salary.fn += want_salary is not None
    return res


def evaluate_meta_file(path: Path) -> MetaScores | None:
    """Read a gold file and score levels, years and salary; None when no line carries them."""
    gold = [g for g in read_gold(path) if carries_meta(g)]
    if not gold:
        return None
    predicted = {g["id"]: read_meta(g.get("title"), g.get("text") or "") for g in gold}
    return score_meta(gold, predicted)
