"""Run the extractor over a gold file and score it (the library behind `skillgap eval`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from analyzer.crossval import CrossValidation, Predictions, cross_validate
from analyzer.errors import AnalyzerError
from analyzer.evaluate import EvalResult, score
from analyzer.extract import AdInput, default_workers, extract_parallel, skills_of
from taxonomy import load_taxonomy


class EvalInputError(AnalyzerError):
    """The gold file cannot be used; the message says why."""


def read_gold(path: Path) -> list[dict[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvalInputError(f"cannot read gold file {path}: {exc.strerror or exc}") from exc
    rows = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("skills"), list):
            raise EvalInputError(f"{path}:{number}: a gold line needs 'id', 'text' and 'skills'")
        rows.append(obj)
    if not rows:
        raise EvalInputError(f"{path}: no gold lines")
    return rows


def evaluate_file(
    path: Path,
    workers: int = 0,
    taxonomy_path: Path | str | None = None,
    model: str | None = None,
) -> EvalResult:
    gold = read_gold(path)
    tiers, predicted = _predict(gold, workers, taxonomy_path, model)
    return score(gold, predicted, tiers)


def cross_validate_file(
    path: Path,
    folds: int,
    workers: int = 0,
    taxonomy_path: Path | str | None = None,
    model: str | None = None,
) -> CrossValidation:
    """In-sample, per-fold and pooled out-of-fold figures over the gold file's ads."""
    gold = read_gold(path)
    tiers, predicted = _predict(gold, workers, taxonomy_path, model)
    return cross_validate(gold, tiers, predicted, folds)


def _predict(
    gold: list[dict[str, Any]],
    workers: int,
    taxonomy_path: Path | str | None,
    model: str | None,
) -> tuple[dict[str, str], Predictions]:
    """The scored skills' tiers, and each gold ad's skills with their labels."""
    tax = load_taxonomy(taxonomy_path)
    tiers = {s.id: s.tier for s in tax.skills.values() if s.tier in ("named", "concept")}
    ads = [
        AdInput(
            id=g["id"], text=g.get("text") or "", title=g.get("title"), company=g.get("company")
        )
        for g in gold
    ]
    n = workers if workers > 0 else default_workers()
    tpath = str(taxonomy_path) if taxonomy_path else None
    predicted = {
        ad.id: skills_of(m) for ad, m in extract_parallel(ads, n, taxonomy_path=tpath, model=model)
    }
    return tiers, predicted
