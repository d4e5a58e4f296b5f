"""The section model at run time: a logistic regression read from plain JSON (model.json).

Trained by `skillgap train sections` (analyzer/sections/train.py, scikit-learn); here it is
only a weighted sum per label over a mention's features and a softmax, in pure Python.
Mentions with the same features get the same answer, which is remembered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError
from analyzer.labels import LABELS
from analyzer.sections.features import Parts, expand

MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "skillgap-section-model/1"
_MEMO_LIMIT = 50_000


class ModelFileError(AnalyzerError):
    """A section model file that cannot be read; the message says why."""


@dataclass
class SectionModel:
    labels: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per label
    training: dict[str, Any] = field(default_factory=dict)  # how it was trained, its figures
    memo: dict[tuple[str, ...], tuple[str, tuple[float, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    parts_memo: dict[Parts, str] = field(default_factory=dict, compare=False, repr=False)

    def proba(self, features: Sequence[str]) -> tuple[float, ...]:
        """The probability of each label (in `labels` order)."""
        scores = list(self.intercept)
        weights = self.weights
        for f in features:
            w = weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    scores[k] += v
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return tuple(e / total for e in exp)

    def predict(self, features: tuple[str, ...]) -> tuple[str, tuple[float, ...]]:
        """The most probable label, and every label's probability."""
        hit = self.memo.get(features)
        if hit is None:
            p = self.proba(features)
            hit = (self.labels[max(range(len(p)), key=p.__getitem__)], p)
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[features] = hit
        return hit

    def label(self, features: tuple[str, ...]) -> str:
        return self.predict(features)[0]

    def label_parts(self, parts: Parts) -> str:
        """The label of a mention's feature parts (MentionFeatures.parts), remembered."""
        hit = self.parts_memo.get(parts)
        if hit is None:
            hit = self.predict(expand(parts))[0]
            if len(self.parts_memo) >= _MEMO_LIMIT:
                self.parts_memo.clear()
            self.parts_memo[parts] = hit
        return hit

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "labels": list(self.labels),
            "intercept": [round(v, 5) for v in self.intercept],
            "weights": {f: [round(v, 5) for v in w] for f, w in sorted(self.weights.items())},
            "training": self.training,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "section model") -> SectionModel:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelFileError(f"{where}: not a section model ({FORMAT})")
        labels = tuple(data.get("labels") or ())
        if sorted(labels) != sorted(LABELS):
            raise ModelFileError(f"{where}: labels must be {list(LABELS)}, got {list(labels)}")
        try:
            intercept = tuple(float(v) for v in data["intercept"])
            weights = {str(f): tuple(float(v) for v in w) for f, w in data["weights"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(f"{where}: malformed weights ({exc})") from None
        n = len(labels)
        if len(intercept) != n or any(len(w) != n for w in weights.values()):
            raise ModelFileError(f"{where}: every weight row needs {n} values")
        return cls(labels, intercept, weights, dict(data.get("training") or {}))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n")


def load_section_model(path: str | None = None) -> SectionModel | None:
    """The model in `path` (default: the one shipped); None when the default is absent.
    Read once per content: an edited file is read again, as the extraction fingerprint
    sees it."""
    file = Path(path) if path else MODEL_PATH
    if path is None and not file.exists():
        return None
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"cannot read section model {file}: {exc.strerror or exc}") from None
    return _parse_model(raw, str(file))


@lru_cache(maxsize=4)
def _parse_model(raw: bytes, where: str) -> SectionModel:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ModelFileError(f"section model {where}: not valid JSON ({exc})") from None
    return SectionModel.from_dict(data, where)
