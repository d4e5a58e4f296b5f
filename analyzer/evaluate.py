"""Score extraction against gold labels: P/R/F1 per tier, worst skills, section accuracy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzer.labels import LABELS


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class EvalResult:
    ads: int = 0
    overall: PRF = field(default_factory=PRF)
    tiers: dict[str, PRF] = field(default_factory=dict)
    per_skill: dict[str, PRF] = field(default_factory=dict)
    section_pairs: int = 0
    section_correct: int = 0
    section_per_label: dict[str, PRF] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def section_accuracy(self) -> float:
        return self.section_correct / self.section_pairs if self.section_pairs else 0.0

    def worst(self, n: int = 10) -> list[tuple[str, PRF]]:
        rows = [(s, m) for s, m in self.per_skill.items() if m.fp + m.fn]
        rows.sort(key=lambda r: (r[1].fp + r[1].fn, r[0]), reverse=True)
        return rows[:n]

    def as_dict(self, worst: int = 10) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ads": self.ads,
            "overall": self.overall.as_dict(),
            "tiers": {t: m.as_dict() for t, m in sorted(self.tiers.items())},
            "worst": [{"skill": s, **m.as_dict()} for s, m in self.worst(worst)],
        }
        if self.section_pairs:
            out["sections"] = {
                "pairs": self.section_pairs,
                "accuracy": round(self.section_accuracy, 4),
                "labels": {k: v.as_dict() for k, v in sorted(self.section_per_label.items())},
            }
        return out


def score(
    gold: Iterable[Mapping[str, Any]],
    predicted: Mapping[Any, Mapping[str, str]],
    tiers: Mapping[str, str],
) -> EvalResult:
    """Compare gold lines with predictions {ad id: {skill: label}} over the tiered skills."""
    res = EvalResult()
    res.tiers = {t: PRF() for t in sorted(set(tiers.values()))}
    res.section_per_label = {label: PRF() for label in LABELS}
    for line in gold:
        res.ads += 1
        gold_skills = {s for s in line.get("skills", []) if s in tiers}
        pred_labels = {s: lab for s, lab in predicted.get(line["id"], {}).items() if s in tiers}
        pred_skills = set(pred_labels)
        for skill in gold_skills | pred_skills:
            m = res.per_skill.setdefault(skill, PRF())
            t = res.tiers[tiers[skill]]
            if skill in gold_skills and skill in pred_skills:
                kind = "tp"
            elif skill in pred_skills:
                kind = "fp"
            else:
                kind = "fn"
            for prf in (m, t, res.overall):
                setattr(prf, kind, getattr(prf, kind) + 1)
            if kind != "tp":
                res.errors.append({"id": line["id"], "skill": skill, "kind": kind})
        sections = line.get("sections") or {}
        for skill in gold_skills & pred_skills:
            want = sections.get(skill)
            if want not in LABELS:
                continue
            got = pred_labels[skill]
            res.section_pairs += 1
            if got == want:
                res.section_correct += 1
                res.section_per_label[want].tp += 1
            else:
                res.section_per_label[got].fp += 1
                res.section_per_label[want].fn += 1
                res.errors.append(
                    {"id": line["id"], "skill": skill, "kind": "section", "want": want, "got": got}
                )
    return res
