"""The aggregation maths, on small hand-made frames with hand-computed answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from analyzer.aggregate import (
    build_ads,
    category_demand,
    examples,
    skill_demand,
)
from analyzer.pairs import cooccurrence
from analyzer.tally import count_ads
from analyzer.trends import trends
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


def test_skill_demand_counts_duplicate_groups_once_with_strongest_label() -> None:
    ads = count_ads(build_ads(*small()))
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
    cat = {"python": "language", "kafka": "message-broker"}  # docker deliberately unmapped
    ads = count_ads(build_ads(*small()), cat)
    order = ["internet", "language", "message-broker"]
    c = category_demand(ads, cat, order).set_index("category")
    assert list(c.index) == ["internet", "language", "message-broker", "uncategorised"]
    assert c.loc["internet", "ads"] == 0 and c.loc["internet", "top_skills"] == []
    assert c.loc["language", "ads"] == 6 and c.loc["language", "required"] == 3
    assert c.loc["message-broker", "ads"] == 3 and c.loc["message-broker", "preferred"] == 3
    assert c.loc["uncategorised", "top_skills"] == ["docker"]
    assert c.loc["language", "share"] == pytest.approx(0.6)


def test_cooccurrence_lift_and_minimum_support() -> None:
    ads = count_ads(build_ads(*small()))
    pairs = cooccurrence(ads, min_pair_ads=2)
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert (row["a"], row["b"], row["ads"], row["a_ads"], row["b_ads"]) == (
        "kafka", "python", 3, 3, 6,
    )  # fmt: skip
    assert row["lift"] == pytest.approx(3 * 10 / (3 * 6))
    assert cooccurrence(ads, min_pair_ads=4).empty


def test_cooccurrence_lists_only_pairs_above_chance() -> None:
    """20 ads: Python in 16, SQL in 10, both in 8 -> lift 8*20/(16*10) = 1.0: exactly chance,
    not listed; Go in 4, Kafka in 4, together in 4 -> lift 5."""
    mentions = [(i, "python", "required") for i in range(1, 17)]
    mentions += [(i, "sql", "required") for i in range(9, 19)]
    mentions += [(i, skill, "required") for i in (17, 18, 19, 20) for skill in ("go", "kafka")]
    ads = count_ads(build_ads(*frames([posting(i) for i in range(1, 21)], mentions)))
    pairs = cooccurrence(ads, min_pair_ads=2)
    assert [(r.a, r.b, r.lift) for r in pairs.itertuples()] == [("go", "kafka", 5.0)]
    # python + go share no ad; sql + go share two (17, 18): lift 2*20/(10*4) = 1.0, left out
    assert (pairs["lift"] > 1).all()


def test_posting_date_falls_back_to_first_seen() -> None:
    p = [posting(1, posted_at=None, first_seen=datetime(2026, 8, 3, tzinfo=UTC))]
    ads = count_ads(build_ads(*frames(p, [(1, "go", "required")])))
    assert list(ads.sample.ads["month"]) == ["2026-08"]


def test_examples_prefer_required_and_newest_and_sources_summary() -> None:
    posts = [
        posting(1, posted_at=datetime(2026, 10, 1, tzinfo=UTC)),
        posting(2, posted_at=datetime(2026, 10, 9, tzinfo=UTC)),
        posting(3, posted_at=datetime(2026, 10, 20, tzinfo=UTC), source="remoteok",
                source_type="remoteok", attribution="Remote OK"),
    ]  # fmt: skip
    p, m = frames(posts, [(1, "go", "required"), (2, "go", "required"), (3, "go", "other")])
    ads = count_ads(build_ads(p, m))
    ex = examples(ads.sample, ["go"], per_skill=2)
    assert list(ex["url"]) == ["https://jobs.example.org/2", "https://jobs.example.org/1"]
    src = ads.sources.set_index("source")
    assert src.loc["greenhouse", "postings"] == 2
    assert src.loc["remoteok", "attribution"] == "Remote OK"


def test_empty_frames_do_not_break() -> None:
    ads = count_ads(build_ads(*frames([], [])))
    assert ads.total == 0
    assert skill_demand(ads).empty
    assert cooccurrence(ads).empty
    assert trends(ads).note == "no ad has a date"
    assert category_demand(ads, {}, ["language"])["ads"].tolist() == [0]
