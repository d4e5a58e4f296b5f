"""Demand by level: ads per level, entry-level ads beside senior ads, and the skills whose
share differs beyond noise (all ads invented)."""

from __future__ import annotations

import pandas as pd

from analyzer.aggregate import build_ads
from analyzer.bylevel import LevelRule, ad_levels, compare_levels
from analyzer.tally import count_ads
from tests.support.report_frames import frames, posting


def _ads(specs: list[tuple[str | None, list[str]]], dup: dict[int, str] | None = None):
    """One posting per (levels, skills) spec."""
    posts, mentions = [], []
    for i, (_levels, skills) in enumerate(specs, start=1):
        posts.append(posting(i, dup_group=(dup or {}).get(i)))
        mentions += [(i, s, "required") for s in skills]
    p, m = frames(posts, mentions)
    p["levels"] = [levels for levels, _ in specs]
    return count_ads(build_ads(p, m))


def test_an_ad_has_the_levels_of_all_its_postings() -> None:
    ads = _ads([("junior", ["python"]), ("senior", ["python"]), (None, [])], dup={1: "g", 2: "g"})
    flags = ad_levels(ads.sample)
    assert ads.total == 2
    assert flags.loc[0, ["junior", "senior", "read"]].tolist() == [True, True, True]
    assert flags.loc[1, "read"] == False  # noqa: E712  (never read: not "not stated")


def test_counts_and_the_comparison() -> None:
    entry = [("junior", ["python", "git"])] * 30 + [("intern", ["python"])] * 10
    senior = [("senior", ["python", "kubernetes"])] * 35 + [("senior,lead", ["go"])] * 5
    other = [("", ["python"])] * 10 + [("mid", ["java"])] * 5
    found = compare_levels(_ads(entry + senior + other), LevelRule(min_group_ads=20))
    counts = found.counts.set_index("level")["ads"].to_dict()
    assert counts == {"intern": 10, "junior": 30, "mid": 5, "senior": 40, "lead": 5,
                      "not stated": 10}  # fmt: skip
    assert (found.entry_ads, found.senior_ads) == (40, 40)
    top = found.top.set_index("skill")
    assert top.loc["python", ["a_ads", "b_ads"]].tolist() == [40, 35]
    assert 0 < top.loc["python", "a_low"] < top.loc["python", "a_share"] == 1.0
    # the biggest difference first: git 75% vs 0%, python 100% vs 87.5% (z = -2.3)
    assert list(found.more_entry.skill) == ["git", "python"]
    assert list(found.more_senior.skill) == ["kubernetes", "go"]
    # java is in mid ads only: no group's share differs
    assert found.note == ""


def test_too_few_ads_say_so() -> None:
    found = compare_levels(_ads([("junior", ["python"])] * 3 + [("senior", ["go"])] * 50))
    assert found.more_entry.empty and found.more_senior.empty
    assert "too few ads to compare (entry level: 3, senior: 50" in found.note


def test_frames_without_levels() -> None:
    p, m = frames([posting(1)], [(1, "python", "required")])
    found = compare_levels(count_ads(build_ads(p, m)))
    assert found.counts.set_index("level")["ads"].to_dict()["not read yet"] == 1
    assert found.entry_ads == found.senior_ads == 0
    assert isinstance(found.top, pd.DataFrame)
