"""Shares per month and the rising and falling skills, on hand-made months of ads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from analyzer.aggregate import build_ads
from analyzer.tally import count_ads
from analyzer.trends import TrendRule, monthly_shares, trends
from tests.support.report_frames import frames, posting


def _month_ads(month: str, n: int, start: int, skills: dict[str, int]) -> tuple[list, list]:
    """n ads dated in `month`; skill s named (required) in the first skills[s] of them."""
    when = datetime.fromisoformat(f"{month}-10").replace(tzinfo=UTC)
    posts = [posting(start + i, posted_at=when) for i in range(n)]
    mentions = [(start + i, s, "required") for s, k in skills.items() for i in range(k)]
    return posts, mentions


def test_trends_apply_support_and_significance() -> None:
    p1, m1 = _month_ads("2026-09", 40, 1000, {"rust": 5, "java": 10, "perl": 4})
    p2, m2 = _month_ads("2026-10", 40, 2000, {"rust": 20, "java": 12, "perl": 0})
    ads = count_ads(build_ads(*frames(p1 + p2, m1 + m2)))
    t = trends(ads)
    assert (t.before, t.latest, t.before_ads, t.latest_ads) == ("2026-09", "2026-10", 40, 40)
    assert list(t.rising["skill"]) == ["rust"]
    rust = t.rising.iloc[0]
    assert rust["change"] == pytest.approx(0.375)
    assert rust["z"] == pytest.approx(3.618, abs=1e-3)  # pooled p = 25/80
    # java: 10 -> 12 of 40 is noise; perl: 4 -> 0 has |z| = 2.05 but too little support
    assert t.falling.empty
    loose = trends(ads, TrendRule(min_skill_ads=4))
    assert list(loose.falling["skill"]) == ["perl"]


def test_trends_refuse_thin_or_missing_months() -> None:
    p1, m1 = _month_ads("2026-09", 10, 1000, {"rust": 1})
    p2, m2 = _month_ads("2026-10", 40, 2000, {"rust": 30})
    t = trends(count_ads(build_ads(*frames(p1 + p2, m1 + m2))))
    assert t.rising.empty and "too few ads" in t.note
    p3, m3 = _month_ads("2026-07", 40, 3000, {"rust": 1})
    t = trends(count_ads(build_ads(*frames(p2 + p3, m2 + m3))))
    assert t.rising.empty and "no ads from 2026-09" in t.note


def test_monthly_shares_include_zero_months() -> None:
    p1, m1 = _month_ads("2026-09", 4, 1000, {"go": 1})
    p2, m2 = _month_ads("2026-10", 5, 2000, {"go": 0, "sql": 5})
    table = monthly_shares(count_ads(build_ads(*frames(p1 + p2, m1 + m2))))
    got = {(r.month, r.skill): (r.ads, r.total) for r in table.itertuples()}
    assert got == {
        ("2026-09", "go"): (1, 4),
        ("2026-09", "sql"): (0, 4),
        ("2026-10", "go"): (0, 5),
        ("2026-10", "sql"): (5, 5),
    }
