"""Train the section model from gold ads (`skillgap train sections --gold FILE`).

Gold files label each (ad, skill) pair with the strongest of its mentions' labels, not each
mention: the model is trained per mention by multiple-instance rounds. First every mention
takes its pair's label (weighted by 1 / mentions); then, each round, the mention the model
finds likeliest to carry the pair's label takes it, and the pair's other mentions take
their likeliest label no stronger than it. A pair's label is then, as at run time, the
strongest of its mentions' labels. scikit-learn is needed here only; the model is written
as plain JSON (analyzer/sections/model.py reads it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from analyzer.crossval import CrossValidation, Predictions, cross_validate, headline
from analyzer.errors import AnalyzerError
from analyzer.extract import AdInput, Extractor
from analyzer.gold import read_gold
from analyzer.labels import LABEL_RANK, LABELS, strongest
from analyzer.sections.model import SectionModel

C = 0.05  # inverse regularisation strength (chosen out of fold on the dev set: 0.05-1.0 tried)
ROUNDS = 1  # multiple-instance relabelling rounds after the first fit (1 or 2 tried)
MIN_WEIGHT = 1e-4  # weights smaller than this are left out of the file

Featured = dict[Any, list[tuple[str, tuple[str, ...]]]]  # ad id -> (skill, features) per mention


@dataclass(frozen=True)
class Pair:
    ad: Any
    skill: str
    label: str  # the gold label
    mentions: tuple[tuple[str, ...], ...]  # each mention's features


def featured_ads(gold: Iterable[Mapping[str, Any]], extractor: Extractor) -> Featured:
    """Each gold ad's mentions with their features (and the rules' label among them)."""
    out: Featured = {}
    for g in gold:
        ad = AdInput(g["id"], g.get("text") or "", g.get("title"), g.get("company"))
        out[g["id"]] = [(m.skill, f) for m, f in extractor.featured(ad)]
    return out


def gold_pairs(gold: Iterable[Mapping[str, Any]], featured: Featured) -> list[Pair]:
    """The (ad, skill) pairs found in the text that carry a gold label."""
    pairs = []
    for g in gold:
        sections = g.get("sections") or {}
        by_skill: dict[str, list[tuple[str, ...]]] = {}
        for skill, feats in featured.get(g["id"], []):
            by_skill.setdefault(skill, []).append(feats)
        for skill, mentions in by_skill.items():
            label = sections.get(skill)
            if skill in g.get("skills", []) and label in LABELS:
                pairs.append(Pair(g["id"], skill, label, tuple(mentions)))
    return pairs


def mention_label(model: SectionModel, feats: tuple[str, ...]) -> str:
    """A mention's label as the extractor gives it: a skill in the title is required."""
    return "required" if "title" in feats else model.label(feats)


def predict(model: SectionModel | None, featured: Featured, ids: Iterable[Any]) -> Predictions:
    """Each ad's skills with the strongest label of their mentions (None: the rules')."""
    out: Predictions = {}
    for ad in ids:
        labels: dict[str, list[str]] = {}
        for skill, feats in featured.get(ad, []):
            if model is None:
                lab = next(f[5:] for f in feats if f.startswith("rule="))
            else:
                lab = mention_label(model, feats)
            labels.setdefault(skill, []).append(lab)
        out[ad] = {skill: strongest(labs) for skill, labs in labels.items()}
    return out


def fit(
    pairs: Sequence[Pair], c: float = C, rounds: int = ROUNDS, tune: bool = True
) -> SectionModel:
    """A logistic regression over mention features, trained from pair labels."""
    if not pairs:
        raise TrainError("no gold (ad, skill) pair with a section label is found in the text")
    rows = [dict.fromkeys(feats, 1.0) for p in pairs for feats in p.mentions]
    owner = np.array([i for i, p in enumerate(pairs) for _ in p.mentions])
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    y = np.array([pairs[i].label for i in owner], dtype=object)
    w = np.array([1.0 / len(pairs[i].mentions) for i in owner])
    clf = _fit(x, y, w, c)
    for _ in range(rounds):
        y = _relabel(clf.predict_proba(x), list(clf.classes_), pairs, owner)
        clf = _fit(x, y, np.ones(len(y)), c)
    model = _export(clf, vec)
    if tune and len(clf.classes_) > 2:
        model = _tuned(model, clf.decision_function(x), pairs, owner, list(clf.classes_))
    return model


def _tuned(
    model: SectionModel,
    scores: np.ndarray,
    pairs: Sequence[Pair],
    owner: np.ndarray,
    classes: list[str],
) -> SectionModel:
    """The model with the label offsets (added to its intercept) that label the training
    pairs best, as strongest-of-mentions: the mentions were trained one by one, while a
    pair takes its strongest mention's label. Two numbers, on the training ads only."""
    want = np.array([LABEL_RANK[p.label] for p in pairs])
    ranks = np.array([LABEL_RANK[c] for c in classes])
    cols = {label: classes.index(label) for label in classes}
    grid = np.round(np.arange(-1.0, 1.01, 0.25), 2)
    best = (-1.0, 0.0, 0.0)
    for d_req in grid:
        for d_pref in grid:
            shifted = scores.copy()
            if "required" in cols:
                shifted[:, cols["required"]] += d_req
            if "preferred" in cols:
                shifted[:, cols["preferred"]] += d_pref
            mention_rank = ranks[shifted.argmax(axis=1)]
            pair_rank = np.full(len(pairs), len(LABELS))
            np.minimum.at(pair_rank, owner, mention_rank)
            acc = float((pair_rank == want).mean())
            # ties go to the smallest change
            key = (acc, -(abs(d_req) + abs(d_pref)))
            if key > (best[0], -(abs(best[1]) + abs(best[2]))):
                best = (acc, float(d_req), float(d_pref))
    offsets = {"required": best[1], "preferred": best[2]}
    intercept = tuple(
        v + offsets.get(lab, 0.0) for lab, v in zip(model.labels, model.intercept, strict=True)
    )
    return SectionModel(model.labels, intercept, model.weights)


def _fit(x: Any, y: np.ndarray, w: np.ndarray, c: float) -> LogisticRegression:
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, y, sample_weight=w)
    return clf


def _relabel(
    proba: np.ndarray, classes: list[str], pairs: Sequence[Pair], owner: np.ndarray
) -> np.ndarray:
    """Each mention's training label for the next round (see the module's docstring)."""
    y = np.empty(len(owner), dtype=object)
    col = {label: classes.index(label) for label in classes}
    start = 0
    for i, pair in enumerate(pairs):
        n = len(pair.mentions)
        rows = range(start, start + n)
        assert all(owner[r] == i for r in rows)
        rank = LABEL_RANK[pair.label]
        allowed = [lab for lab in classes if LABEL_RANK[lab] >= rank]  # no stronger
        best = max(rows, key=lambda r: proba[r, col[pair.label]])
        for r in rows:
            y[r] = pair.label if r == best else max(allowed, key=lambda lab: proba[r, col[lab]])
        start += n
    return y


def _export(clf: LogisticRegression, vec: DictVectorizer) -> SectionModel:
    classes = [str(c) for c in clf.classes_]
    order = [classes.index(label) for label in LABELS if label in classes]
    coef = clf.coef_
    if coef.shape[0] == 1:  # two classes seen: sklearn keeps one row (the second's odds)
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
    else:
        intercept = clf.intercept_
    labels = tuple(classes[k] for k in order)
    weights = {}
    for j, name in enumerate(vec.get_feature_names_out()):
        w = tuple(float(coef[k, j]) for k in order)
        if max(abs(v) for v in w) >= MIN_WEIGHT:
            weights[str(name)] = w
    missing = [label for label in LABELS if label not in labels]  # never seen: never given
    return SectionModel(
        labels=labels + tuple(missing),
        intercept=tuple(float(intercept[k]) for k in order) + (-1e9,) * len(missing),
        weights={f: w + (0.0,) * len(missing) for f, w in weights.items()},
    )


def learned_cross_validation(
    gold: Sequence[Mapping[str, Any]], tiers: Mapping[str, str], featured: Featured, folds: int
) -> tuple[SectionModel | None, CrossValidation]:
    """The model trained on every gold ad (the in-sample figures), and K-fold figures of
    models each trained on the other folds' ads only (the rules where there is no labelled
    pair to learn from: None for the model)."""
    pairs = gold_pairs(gold, featured)
    model = fit(pairs) if pairs else None  # nothing to learn from: the rules
    ids = [g["id"] for g in gold]
    by_ad: dict[Any, list[Pair]] = {}
    for p in pairs:
        by_ad.setdefault(p.ad, []).append(p)

    def fold_predict(train: list[Any], held: list[Any]) -> Predictions:
        train_pairs = [p for ad in train for p in by_ad.get(ad, [])]
        return predict(fit(train_pairs) if train_pairs else None, featured, held)

    cv = cross_validate(gold, tiers, predict(model, featured, ids), folds, fold_predict)
    return model, cv


def train_file(
    gold_path: Path,
    gold: Sequence[Mapping[str, Any]],
    tiers: Mapping[str, str],
    extractor: Extractor,
    folds: int = 5,
) -> tuple[SectionModel, CrossValidation, CrossValidation]:
    """The model trained on every gold ad, with its figures in it: in-sample, out of fold,
    and the rules' own, each on the same mentions. Returns (model, its folds, the rules')."""
    featured = featured_ads(gold, extractor)
    pairs = gold_pairs(gold, featured)
    model, cv = learned_cross_validation(gold, tiers, featured, folds)
    if model is None:
        raise TrainError("no gold (ad, skill) pair with a section label is found in the text")
    ids = [g["id"] for g in gold]
    rules = cross_validate(gold, tiers, predict(None, featured, ids), folds)
    model.training = {
        "gold": gold_path.name,
        "gold_sha256": hashlib.sha256(gold_path.read_bytes()).hexdigest(),
        "ads": len(gold),
        "pairs": len(pairs),
        "mentions": sum(len(p.mentions) for p in pairs),
        "C": C,
        "rounds": ROUNDS,
        "folds": folds,
        "in_sample": headline(cv.in_sample),
        "out_of_fold": headline(cv.pooled),
        "rules": headline(rules.in_sample),
    }
    return model, cv, rules


def train_gold_file(
    gold_path: Path, out: Path, folds: int = 5, taxonomy_path: str | None = None
) -> tuple[SectionModel, CrossValidation, CrossValidation]:
    """Train on a gold file and write the model (with its figures) to `out`, whole or not
    at all. Returns (model, its folds, the rules' folds)."""
    from taxonomy import load_taxonomy

    gold = read_gold(gold_path)
    if not out.parent.is_dir():
        raise TrainError(f"cannot write {out}: no folder {out.parent}")
    tax = load_taxonomy(taxonomy_path)
    tiers = {s.id: s.tier for s in tax.skills.values() if s.tier in ("named", "concept")}
    if not any(isinstance(g.get("sections"), dict) and g["sections"] for g in gold):
        raise TrainError(f"{gold_path}: no gold line carries 'sections' labels to learn from")
    extractor = Extractor(taxonomy_path=taxonomy_path, sections=None)
    model, cv, rules = train_file(gold_path, gold, tiers, extractor, folds)
    tmp = out.with_name(out.name + ".tmp")
    try:
        model.save(tmp)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TrainError(f"cannot write {out}: {exc.strerror or exc}") from None
    return model, cv, rules


class TrainError(AnalyzerError):
    """Training cannot go ahead; the message says why."""
