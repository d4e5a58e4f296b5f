"""One order of the section labels, for extraction, aggregation and evaluation alike."""

from __future__ import annotations

from analyzer.labels import LABEL_RANK, LABELS, strongest


def test_strongest_is_required_then_preferred_then_other() -> None:
    assert strongest(["other", "preferred", "required", "other"]) == "required"
    assert strongest(["other", "preferred"]) == "preferred"
    assert strongest(["other"]) == "other"
    assert strongest([]) == "other"


def test_the_rank_follows_the_order_of_the_labels() -> None:
    assert sorted(LABELS, key=LABEL_RANK.__getitem__) == list(LABELS)
    assert strongest(reversed(LABELS)) == LABELS[0]
