"""How an ad asks for a skill: the labels a mention gets, strongest first."""

from __future__ import annotations

from collections.abc import Iterable

LABELS = ("required", "preferred", "other")  # strongest first
LABEL_RANK = {label: rank for rank, label in enumerate(LABELS)}  # 0 is the strongest


def strongest(labels: Iterable[str]) -> str:
    """The strongest of several labels (the first of equals); "other" when there are none."""
    return min(labels, key=lambda label: LABEL_RANK.get(label, len(LABELS)), default="other")
