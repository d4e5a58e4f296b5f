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


def test_a_share_knows_its_ads_interval_and_whether_it_is_uncertain() -> None:
    from analyzer.stats import Share

    few = Share.of(5, 10)  # fewer than 30 ads: uncertain whatever the interval
    assert (few.ads, few.total, few.share) == (5, 10, 0.5)
    assert (few.ci_low, few.ci_high) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert few.uncertain
    assert not Share.of(10, 1000).uncertain  # 1% of 1,000 ads: 0.5% to 1.8%
    assert Share.of(25, 50).uncertain  # 50 ads, half of them: 37% to 63%, too wide
    assert not Share.of(50, 100).uncertain  # 100 ads, half of them: 40% to 60%
    none, every = Share.of(0, 24), Share.of(24, 24)
    assert (none.ci_low, every.ci_high) == (0.0, 1.0)  # exact at the ends
