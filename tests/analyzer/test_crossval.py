"""Grouped K-fold cross-validation over gold ads (analyzer/crossval.py)."""

from __future__ import annotations

from typing import Any

import pytest

from analyzer.crossval import FoldError, ad_folds, cross_validate

TIERS = {"python": "named", "go": "named", "testing": "concept"}


def gold(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"ad{i}",
            "skills": ["python", "go"],
            "sections": {"python": "required", "go": "other"},
        }
        for i in range(n)
    ]


def test_folds_split_every_ad_once_and_are_stable() -> None:
    ids = [f"ad{i}" for i in range(23)]
    folds = ad_folds(ids, 5)
    assert len(folds) == 5
    assert sorted(i for f in folds for i in f) == sorted(ids)
    assert {len(f) for f in folds} <= {4, 5}
    assert folds == ad_folds(ids, 5)  # a fixed seed: the same split every run


@pytest.mark.parametrize(
    ("ids", "k", "message"),
    [(["a", "b"], 1, "at least 2"), (["a", "b"], 3, "at least 3 gold ads"),
     (["a", "a", "b"], 2, "ids repeat")],
)  # fmt: skip
def test_bad_folds(ids: list[str], k: int, message: str) -> None:
    with pytest.raises(FoldError, match=message):
        ad_folds(ids, k)


def test_rules_only_out_of_fold_equals_in_sample() -> None:
    lines = gold(10)
    pred = {g["id"]: {"python": "required", "go": "required"} for g in lines}
    cv = cross_validate(lines, TIERS, pred, 5)
    assert not cv.learned and "out-of-fold figures equal" in cv.note()
    assert cv.pooled.as_dict() == cv.in_sample.as_dict()
    assert sum(f.ads for f in cv.folds) == 10
    assert cv.in_sample.section_accuracy == 0.5 and cv.gaps()["label acc"] == 0.0


def test_learner_sees_only_the_other_folds() -> None:
    lines = gold(10)
    seen: list[tuple[list[str], list[str]]] = []

    def learn(train: list[str], held: list[str]) -> dict[str, dict[str, str]]:
        seen.append((train, held))
        assert not set(train) & set(held)
        # memorises: right on what it learned from, wrong on held-out ads
        return {i: {"python": "other", "go": "other"} for i in held}

    pred = {g["id"]: {"python": "required", "go": "other"} for g in lines}
    cv = cross_validate(lines, TIERS, pred, 5, learn)
    assert len(seen) == 5 and all(len(t) == 8 for t, _h in seen)
    assert cv.learned
    assert cv.in_sample.section_accuracy == 1.0 and cv.pooled.section_accuracy == 0.5
    assert cv.gaps()["label acc"] == 0.5 and "label acc" in cv.memorised()
    data = cv.as_dict()
    assert data["out_of_fold"]["ads"] == 10 and len(data["per_fold"]) == 5
