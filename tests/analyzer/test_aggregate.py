"""The aggregation maths, on small hand-made frames with hand-computed answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from analyzer.aggregate import (
    Filters,
    TrendRule,
    build_ads,
    category_demand,
    cooccurrence,
    examples,
    filter_frames,
    monthly_shares,
    parse_since,
    skill_demand,
    source_summary,
    trends,
    wilson_interval,
)
from tests.support.report_frames import frames, posting


def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    """10 ads from 11 postings: posting 11 duplicates posting 1 (same dup_group)."""
    posts = [posting(i, dup_group=("g1" if i == 1 else None)) for i in range(1, 11)]
    posts.append(posting(11, source="lever", source_type="lever", dup_group="g1"))
    mentions = [
        (1, "python", "preferred"),  # ad 1: preferred here ...
        (11, "python", "required"),  # ... required in its duplicate: required wins
        (11, "python", "other"),
        (2, "python", "required"),
        (3, "python", "required"),
        (3, "python", "preferred"),
        (4, "python", "preferred"),
        (5, "python", "other"),
        (6, "python", "other"),
        (1, "kafka", "preferred"),
        (2, "kafka", "preferred"),
        (3, "kafka", "preferred"),
        (7, "docker", "required"),
    ]
    return frames(posts, mentions)


def test_wilson_matches_hand_computed_values() -> None:
    low, high = wilson_interval([5, 0, 6, 10], [10, 10, 10, 10])
    assert low == pytest.approx([0.2366, 0.0, 0.3127, 0.7225], abs=1e-4)
    assert high == pytest.approx([0.7634, 0.2775, 0.8318, 1.0], abs=1e-4)
    low0, high0 = wilson_interval(0, 0)
    assert (float(low0), float(high0)) == (0.0, 1.0)


def test_skill_demand_counts_duplicate_groups_once_with_strongest_label() -> None:
    ads = build_ads(*small())
    assert ads.total == 10
    d = skill_demand(ads).set_index("skill")
    assert list(d.index) == ["python", "kafka", "docker"]
    py = d.loc["python"]
    assert (py["ads"], py["required"], py["preferred"], py["other"]) == (6, 3, 1, 2)
    assert py["share"] == pytest.approx(0.6)
    assert (py["ci_low"], py["ci_high"]) == pytest.approx((0.3127, 0.8318), abs=1e-4)
    assert py["required_share"] == pytest.approx(0.3)
    assert py["nice_share"] == pytest.approx(0.1)
    assert py["required_ratio"] == pytest.approx(0.5)
    assert d.loc["kafka", "ads"] == 3 and d.loc["kafka", "nice_share"] == pytest.approx(0.3)
    assert d.loc["docker", "required"] == 1


def test_category_demand_in_roadmap_order_with_strongest_label_per_ad() -> None:
    ads = build_ads(*small())
    cat = {"python": "language", "kafka": "message-broker"}  # docker deliberately unmapped
    order = ["internet", "language", "message-broker"]
    c = category_demand(ads, cat, order).set_index("category")
    assert list(c.index) == ["internet", "language", "message-broker", "uncategorised"]
    assert c.loc["internet", "ads"] == 0 and c.loc["internet", "top_skills"] == []
    assert c.loc["language", "ads"] == 6 and c.loc["language", "required"] == 3
    assert c.loc["message-broker", "ads"] == 3 and c.loc["message-broker", "preferred"] == 3
    assert c.loc["uncategorised", "top_skills"] == ["docker"]
    assert c.loc["language", "share"] == pytest.approx(0.6)


def test_cooccurrence_lift_and_minimum_support() -> None:
    ads = build_ads(*small())
    pairs = cooccurrence(ads, min_pair_ads=2)
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert (row["a"], row["b"], row["ads"], row["a_ads"], row["b_ads"]) == (
        "kafka", "python", 3, 3, 6,
    )  # fmt: skip
    assert row["lift"] == pytest.approx(3 * 10 / (3 * 6))
    assert cooccurrence(ads, min_pair_ads=4).empty


def _month_ads(month: str, n: int, start: int, skills: dict[str, int]) -> tuple[list, list]:
    """n ads dated in `month`; skill s named (required) in the first skills[s] of them."""
    when = datetime.fromisoformat(f"{month}-10").replace(tzinfo=UTC)
    posts = [posting(start + i, posted_at=when) for i in range(n)]
    mentions = [(start + i, s, "required") for s, k in skills.items() for i in range(k)]
    return posts, mentions


def test_trends_apply_support_and_significance() -> None:
    p1, m1 = _month_ads("2026-09", 40, 1000, {"rust": 5, "java": 10, "perl": 4})
    p2, m2 = _month_ads("2026-10", 40, 2000, {"rust": 20, "java": 12, "perl": 0})
    ads = build_ads(*frames(p1 + p2, m1 + m2))
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
    t = trends(build_ads(*frames(p1 + p2, m1 + m2)))
    assert t.rising.empty and "too few ads" in t.note
    p3, m3 = _month_ads("2026-07", 40, 3000, {"rust": 1})
    t = trends(build_ads(*frames(p2 + p3, m2 + m3)))
    assert t.rising.empty and "no ads from 2026-09" in t.note


def test_monthly_shares_include_zero_months() -> None:
    p1, m1 = _month_ads("2026-09", 4, 1000, {"go": 1})
    p2, m2 = _month_ads("2026-10", 5, 2000, {"go": 0, "sql": 5})
    table = monthly_shares(build_ads(*frames(p1 + p2, m1 + m2)))
    got = {(r.month, r.skill): (r.ads, r.total) for r in table.itertuples()}
    assert got == {
        ("2026-09", "go"): (1, 4),
        ("2026-09", "sql"): (0, 4),
        ("2026-10", "go"): (0, 5),
        ("2026-10", "sql"): (5, 5),
    }


def test_posting_date_falls_back_to_first_seen() -> None:
    p = [posting(1, posted_at=None, first_seen=datetime(2026, 8, 3, tzinfo=UTC))]
    ads = build_ads(*frames(p, [(1, "go", "required")]))
    assert list(ads.ads["month"]) == ["2026-08"]


def test_filters() -> None:
    posts = [
        posting(1, title="Senior Python Developer", remote=True),
        posting(2, title="Pythonista wanted", remote=False, source="rss"),
        posting(3, title="Go engineer", remote=None, last_seen=datetime(2025, 1, 1, tzinfo=UTC)),
    ]
    p, m = frames(posts, [(1, "python", "required"), (2, "python", "other"), (3, "go", "other")])
    kept, km = filter_frames(p, m, Filters(title_words=("PYTHON",)))
    assert list(kept["id"]) == [1, 2]  # any word, case-insensitive substring (as the store)
    assert list(km["posting_id"]) == [1, 2]
    assert list(filter_frames(p, m, Filters(title_words=("go", "senior")))[0]["id"]) == [1, 3]
    assert list(filter_frames(p, m, Filters(remote=True))[0]["id"]) == [1]
    assert list(filter_frames(p, m, Filters(remote=False))[0]["id"]) == [2]  # unknown: neither
    assert list(filter_frames(p, m, Filters(sources=("rss",)))[0]["id"]) == [2]
    since = datetime(2026, 1, 1, tzinfo=UTC)
    assert list(filter_frames(p, m, Filters(since=since))[0]["id"]) == [1, 2]


def test_parse_since() -> None:
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert parse_since("90d", now) == datetime(2026, 8, 23, 12, 0, tzinfo=UTC)
    assert parse_since("2w", now) == datetime(2026, 11, 7, 12, 0, tzinfo=UTC)
    assert parse_since("6m", now) == datetime(2026, 5, 21, 12, 0, tzinfo=UTC)
    assert parse_since("2026-01-31", now) == datetime(2026, 1, 31, tzinfo=UTC)
    with pytest.raises(ValueError, match="expected a span like 90d"):
        parse_since("last tuesday", now)


def test_examples_prefer_required_and_newest_and_sources_summary() -> None:
    posts = [
        posting(1, posted_at=datetime(2026, 10, 1, tzinfo=UTC)),
        posting(2, posted_at=datetime(2026, 10, 9, tzinfo=UTC)),
        posting(3, posted_at=datetime(2026, 10, 20, tzinfo=UTC), source="remoteok",
                source_type="remoteok", attribution="Remote OK"),
    ]  # fmt: skip
    p, m = frames(posts, [(1, "go", "required"), (2, "go", "required"), (3, "go", "other")])
    ads = build_ads(p, m)
    ex = examples(ads, ["go"], per_skill=2)
    assert list(ex["url"]) == ["https://jobs.example.org/2", "https://jobs.example.org/1"]
    src = source_summary(ads).set_index("source")
    assert src.loc["greenhouse", "postings"] == 2
    assert src.loc["remoteok", "attribution"] == "Remote OK"


def test_empty_frames_do_not_break() -> None:
    ads = build_ads(*frames([], []))
    assert ads.total == 0
    assert skill_demand(ads).empty
    assert cooccurrence(ads).empty
    assert trends(ads).note == "no ad has a date"
    assert category_demand(ads, {}, ["language"])["ads"].tolist() == [0]
