"""Run the extractor over a gold file and score it (the library behind `skillgap eval`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analyzer.crossval import CrossValidation, Predictions, cross_validate
from analyzer.evaluate import EvalResult, score
from analyzer.extract import AdInput, Extractor, default_workers, extract_parallel, skills_of
from analyzer.gold import EvalInputError, read_gold
from analyzer.train_sections import featured_ads, learned_cross_validation, predict
from taxonomy import load_taxonomy

__all__ = ["EvalInputError", "cross_validate_file", "evaluate_file", "read_gold"]


def evaluate_file(
    path: Path,
    workers: int = 0,
    taxonomy_path: Path | str | None = None,
    model: str | None = None,
    rules_only: bool = False,
) -> EvalResult:
    """Figures of the extractor as shipped (its section model, unless `rules_only`)."""
    gold = read_gold(path)
    tiers, predicted = _predict(gold, workers, taxonomy_path, model, rules_only)
    return score(gold, predicted, tiers)


def cross_validate_file(
    path: Path,
    folds: int,
    taxonomy_path: Path | str | None = None,
    model: str | None = None,
    rules_only: bool = False,
) -> CrossValidation:
    """In-sample, per-fold and pooled out-of-fold figures over the gold file's ads: the
    section model trained on all of them, and per fold on the other folds' ads only
    (`rules_only`: the rules, which learn nothing)."""
    gold = read_gold(path)
    tiers = _tiers(taxonomy_path)
    tpath = str(taxonomy_path) if taxonomy_path else None
    extractor = Extractor(taxonomy_path=tpath, model=model, sections=None)
    featured = featured_ads(gold, extractor)
    if rules_only:
        ids = [g["id"] for g in gold]
        return cross_validate(gold, tiers, predict(None, featured, ids), folds)
    return learned_cross_validation(gold, tiers, featured, folds)[1]


def _tiers(taxonomy_path: Path | str | None) -> dict[str, str]:
    tax = load_taxonomy(taxonomy_path)
    return {s.id: s.tier for s in tax.skills.values() if s.tier in ("named", "concept")}


def _predict(
    gold: list[dict[str, Any]],
    workers: int,
    taxonomy_path: Path | str | None,
    model: str | None,
    rules_only: bool,
) -> tuple[dict[str, str], Predictions]:
    """The scored skills' tiers, and each gold ad's skills with their labels."""
    tiers = _tiers(taxonomy_path)
    ads = [
        AdInput(
            id=g["id"], text=g.get("text") or "", title=g.get("title"), company=g.get("company")
        )
        for g in gold
    ]
    n = workers if workers > 0 else default_workers()
    tpath = str(taxonomy_path) if taxonomy_path else None
    extractor = Extractor(taxonomy_path=tpath, model=model, sections=None) if rules_only else None
    found = extract_parallel(ads, n, taxonomy_path=tpath, model=model, extractor=extractor)
    predicted = {ad.id: skills_of(m) for ad, m in found}
    return tiers, predicted
