"""The vectorised aggregation agrees with a plain-Python reference on random frames."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.aggregate import build_ads, category_demand, skill_demand
from analyzer.labels import LABEL_RANK
from analyzer.pairs import cooccurrence
from analyzer.tally import count_ads
from tests.support.report_frames import frames, posting

SKILLS = ["go", "java", "kafka", "python", "redis", "sql"]
CATEGORY = {
    "go": "language",
    "java": "language",
    "python": "language",
    "kafka": "broker",
    "redis": "cache",
}  # fmt: skip  (sql deliberately unmapped)

postings_st = st.lists(
    st.tuples(st.one_of(st.none(), st.sampled_from(["g1", "g2", "g3"]))), min_size=1, max_size=25
)
mentions_st = st.lists(
    st.tuples(
        st.integers(0, 30),  # posting index (some beyond the postings: must be ignored)
        st.sampled_from(SKILLS),
        st.sampled_from(["required", "preferred", "other"]),
    ),
    max_size=80,
)


def reference(posts: list[tuple[str | None]], ments: list[tuple[int, str, str]]):
    """Ads = groups; each (ad, skill) keeps its strongest label; all by hand."""
    ad_of = {i + 1: (g if g else f"p{i + 1}") for i, (g,) in enumerate(posts)}
    best: dict[tuple[str, str], int] = {}
    for pid, skill, section in ments:
        if pid in ad_of:
            key = (ad_of[pid], skill)
            best[key] = min(best.get(key, 9), LABEL_RANK[section])
    return set(ad_of.values()), best


@settings(max_examples=60, deadline=None)
@given(postings_st, mentions_st)
def test_vectorised_equals_reference(posts: list, ments: list) -> None:
    p, m = frames(
        [posting(i + 1, dup_group=g) for i, (g,) in enumerate(posts)],
        [(pid, skill, section) for pid, skill, section in ments],
    )
    ads = count_ads(build_ads(p, m), CATEGORY)
    all_ads, best = reference(posts, ments)
    assert ads.total == len(all_ads)

    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (_ad, skill), rank in best.items():
        expected[skill][rank] += 1
    got = {r.skill: [r.required, r.preferred, r.other] for r in skill_demand(ads).itertuples()}
    assert got == dict(expected)

    per_cat: dict[str, dict[str, int]] = defaultdict(dict)
    for (ad, skill), rank in best.items():
        cat = CATEGORY.get(skill, "uncategorised")
        per_cat[cat][ad] = min(per_cat[cat].get(ad, 9), rank)
    cats = category_demand(ads, CATEGORY, ["language", "broker", "cache"]).set_index("category")
    for cat in ["language", "broker", "cache", "uncategorised"]:
        ranks = list(per_cat.get(cat, {}).values())
        want = [ranks.count(0), ranks.count(1), ranks.count(2)]
        if cat == "uncategorised" and not ranks:
            assert cat not in cats.index
            continue
        assert cats.loc[cat, ["required", "preferred", "other"]].tolist() == want

    skills_of: dict[str, set[str]] = defaultdict(set)
    for ad, skill in best:
        skills_of[ad].add(skill)
    pair_ads: dict[tuple[str, str], int] = defaultdict(int)
    for s in skills_of.values():
        for a in s:
            for b in s:
                if a < b:
                    pair_ads[(a, b)] += 1
    pairs = cooccurrence(ads, min_pair_ads=2, top=100)
    assert {(r.a, r.b): r.ads for r in pairs.itertuples()} == {
        k: v for k, v in pair_ads.items() if v >= 2
    }
    n = len(all_ads)
    for r in pairs.itertuples():
        n_a = sum(1 for s in skills_of.values() if r.a in s)
        n_b = sum(1 for s in skills_of.values() if r.b in s)
        assert abs(r.lift - r.ads * n / (n_a * n_b)) < 1e-9
