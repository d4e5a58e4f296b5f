"""Out-of-fold figures: grouped K-fold cross-validation over the gold ads (`eval --folds K`).

The ads are split into K folds (an ad, with all its mentions, sits in exactly one). For each
fold, whatever the method learns is learned from the other folds' ads only, and the fold's
own ads are scored; the pooled figures score every ad's out-of-fold prediction at once.
Next to them, the in-sample figures: the method learned from (or tuned on) every ad.
A method that learns nothing has out-of-fold figures equal to its in-sample ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.model_selection import KFold

from analyzer.errors import AnalyzerError
from analyzer.evaluate import EvalResult, score

Predictions = dict[Any, dict[str, str]]  # ad id -> {skill: label}
# (training ad ids, held-out ad ids) -> predictions for the held-out ads
FoldPredictor = Callable[[list[Any], list[Any]], Predictions]

SEED = 0  # the split is the same on every run

# (name, path into EvalResult.as_dict()) of the figures a fold table shows
HEADLINE = (
    ("named P", ("tiers", "named", "precision")),
    ("named R", ("tiers", "named", "recall")),
    ("concept P", ("tiers", "concept", "precision")),
    ("concept R", ("tiers", "concept", "recall")),
    ("label acc", ("sections", "accuracy")),
    ("required P", ("sections", "labels", "required", "precision")),
    ("required R", ("sections", "labels", "required", "recall")),
    ("preferred P", ("sections", "labels", "preferred", "precision")),
    ("preferred R", ("sections", "labels", "preferred", "recall")),
)
MEMORISES = 0.03  # an in-sample figure this far above out-of-fold: the method memorises


class FoldError(AnalyzerError):
    """The folds asked for cannot be made; the message says why."""


def ad_folds(ids: Sequence[Any], k: int, seed: int = SEED) -> list[list[Any]]:
    """The ad ids split into k folds of near-equal size, shuffled with a fixed seed."""
    if k < 2:
        raise FoldError(f"--folds needs at least 2 folds, got {k}")
    if k > len(ids):
        raise FoldError(f"--folds {k} needs at least {k} gold ads; the file has {len(ids)}")
    if len(set(ids)) != len(ids):
        raise FoldError("gold ad ids repeat; each ad needs its own id to be kept in one fold")
    split = KFold(n_splits=k, shuffle=True, random_state=seed).split(list(ids))
    return [[ids[i] for i in test] for _train, test in split]


def headline(result: EvalResult) -> dict[str, float]:
    """The figures a fold table shows, by name."""
    data = result.as_dict(worst=0)
    out: dict[str, float] = {}
    for name, path in HEADLINE:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, int | float):
            out[name] = float(value)
    return out


@dataclass
class CrossValidation:
    k: int
    learned: bool  # False: nothing is learned, out-of-fold equals in-sample
    in_sample: EvalResult
    folds: list[EvalResult]
    pooled: EvalResult

    def gaps(self) -> dict[str, float]:
        """In-sample minus pooled out-of-fold, per headline figure."""
        inside, outside = headline(self.in_sample), headline(self.pooled)
        return {k: round(inside[k] - outside[k], 4) for k in inside if k in outside}

    def memorised(self) -> list[str]:
        """The figures whose in-sample value exceeds out-of-fold by more than MEMORISES."""
        return [k for k, gap in self.gaps().items() if gap > MEMORISES]

    def note(self) -> str:
        if not self.learned:
            return (
                "nothing here is learned (rules and data only): out-of-fold figures equal "
                "the in-sample ones"
            )
        return (
            f"section labels learned per fold from the other {self.k - 1} folds' ads; "
            "skill detection is rules and data (not learned)"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "learned": self.learned,
            "note": self.note(),
            "in_sample": headline(self.in_sample),
            "per_fold": [{"ads": f.ads, **headline(f)} for f in self.folds],
            "out_of_fold": {"ads": self.pooled.ads, **headline(self.pooled)},
            "out_of_fold_detail": self.pooled.as_dict(worst=10),
            "gap": self.gaps(),
            "memorised": self.memorised(),
        }


def cross_validate(
    gold: Sequence[Mapping[str, Any]],
    tiers: Mapping[str, str],
    in_sample: Predictions,
    k: int,
    fold_predict: FoldPredictor | None = None,
) -> CrossValidation:
    """Score `in_sample` predictions and, per fold, what `fold_predict` gives for the fold's
    ads when it learns from the others only (None: the method learns nothing)."""
    ids = [g["id"] for g in gold]
    folds = ad_folds(ids, k)
    by_id = {g["id"]: g for g in gold}
    pooled_pred: Predictions = {}
    fold_results = []
    for held in folds:
        held_set = set(held)
        if fold_predict is None:
            pred = {i: in_sample.get(i, {}) for i in held}
        else:
            pred = fold_predict([i for i in ids if i not in held_set], held)
        pooled_pred.update(pred)
        fold_results.append(score([by_id[i] for i in held], pred, tiers))
    return CrossValidation(
        k=k,
        learned=fold_predict is not None,
        in_sample=score(gold, in_sample, tiers),
        folds=fold_results,
        pooled=score(gold, pooled_pred, tiers),
    )
