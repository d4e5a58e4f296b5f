"""Proportions with their uncertainty, against hand-computed values."""

from __future__ import annotations

import pytest

from analyzer.stats import wilson_interval


def test_wilson_matches_hand_computed_values() -> None:
    low, high = wilson_interval([5, 0, 6, 10], [10, 10, 10, 10])
    assert low == pytest.approx([0.2366, 0.0, 0.3127, 0.7225], abs=1e-4)
    assert high == pytest.approx([0.7634, 0.2775, 0.8318, 1.0], abs=1e-4)
    low0, high0 = wilson_interval(0, 0)
    assert (float(low0), float(high0)) == (0.0, 1.0)
