"""What pays: annual pay per ad, the main currency, medians with exact-bootstrap intervals,
and a threshold below which nothing is shown (all ads invented)."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.aggregate import build_ads
from analyzer.paystats import MedianBootstrap, PayRule, ad_pay, median_interval, pay_by_skill
from analyzer.tally import count_ads
from tests.support.report_frames import frames, posting


def _ads(specs: list[tuple[float | None, float | None, str | None, str | None, list[str]]]):
    posts, mentions = [], []
    for i, (_lo, _hi, _cur, _per, skills) in enumerate(specs, start=1):
        posts.append(posting(i))
        mentions += [(i, s, "required") for s in skills]
    p, m = frames(posts, mentions)
    p["pay_min"] = [s[0] for s in specs]
    p["pay_max"] = [s[1] for s in specs]
    p["pay_currency"] = [s[2] for s in specs]
    p["pay_period"] = [s[3] for s in specs]
    return count_ads(build_ads(p, m))


def test_pay_is_made_annual_from_the_middle_of_the_range() -> None:
    ads = _ads([
        (100_000, 120_000, "USD", "year", []), (50, 60, "USD", "hour", []),
        (8_000, None, "EUR", "month", []), (None, 90_000, "GBP", "year", []),
        (None, None, None, None, []), (400, 500, "USD", "day", []),
    ])  # fmt: skip
    pay = ad_pay(ads.sample).set_index("ad")
    assert pay["annual"].tolist() == [110_000, 55 * 2080, 96_000, 90_000, 450 * 260]
    assert pay["currency"].tolist() == ["USD", "USD", "EUR", "GBP", "USD"]


def test_the_exact_bootstrap_interval_matches_resampling() -> None:
    rng = np.random.default_rng(3)
    values = rng.lognormal(11.5, 0.4, 81)
    resampled = np.median(values[rng.integers(0, 81, (20_000, 81))], axis=1)
    low, high = median_interval(values)
    assert low == pytest.approx(np.percentile(resampled, 2.5), rel=0.02)
    assert high == pytest.approx(np.percentile(resampled, 97.5), rel=0.02)
    assert low < np.median(values) < high
    draws = MedianBootstrap(values).draws(20_000, rng)
    assert np.median(draws) == pytest.approx(np.median(resampled), rel=0.01)


def test_pay_by_skill_in_the_main_currency() -> None:
    go = [(140_000 + 1000 * i, 150_000 + 1000 * i, "USD", "year", ["go"]) for i in range(25)]
    php = [(70_000 + 1000 * i, 80_000 + 1000 * i, "USD", "year", ["php"]) for i in range(25)]
    euro = [(60_000, 70_000, "EUR", "year", ["go"])] * 7
    none = [(None, None, None, None, ["go"])] * 5
    found = pay_by_skill(_ads(go + php + euro + none), PayRule(min_ads=20))
    assert found.currency == "USD" and found.ads_in_currency == 50 and found.ads_with_pay == 57
    assert found.other_currencies == {"EUR": 7}
    table = found.table.set_index("skill")
    assert list(found.table.skill) == ["go", "php"]  # highest median first
    assert table.loc["go", "ads"] == 25 and table.loc["go", "others_ads"] == 25
    assert table.loc["go", "median"] == 157_000 and table.loc["go", "others_median"] == 87_000
    assert table.loc["go", "low"] <= 157_000 <= table.loc["go", "high"]
    assert table.loc["go", "diff_low"] > 0  # clearly more, beyond noise
    assert table.loc["php", "diff_high"] < 0


def test_nothing_is_shown_below_the_threshold() -> None:
    few = [(100_000, 120_000, "USD", "year", ["go"])] * 19 + [(1, 2, "USD", "year", [])] * 30
    found = pay_by_skill(_ads(few), PayRule(min_ads=20))
    assert found.table.empty and found.currency == "USD"
    assert pay_by_skill(_ads([(None, None, None, None, ["go"])])).currency is None
