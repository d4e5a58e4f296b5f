"""Duplicate grouping: exact fingerprints and scikit-learn near-duplicates, counted once."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from skillgap.run.extract import extract_pending
from skillgap.store import Store, grouping
from skillgap.store.dedupe import find_groups, near_pairs
from skillgap.store.records import text_fingerprint
from tests.support.dedupe_ads import ORIGINAL, OTHER_AD, REPOSTED, RESPACED, SIBLING_ROLE
from tests.support.posting_factory import make_posting


def test_fingerprint_ignores_spacing_case_and_escaping_only() -> None:
    assert text_fingerprint(ORIGINAL) == text_fingerprint(RESPACED)
    assert text_fingerprint(ORIGINAL) != text_fingerprint(REPOSTED)
    assert text_fingerprint("Python dev wanted.") is None  # too short to call a duplicate


def test_near_pairs_find_the_repost_not_the_sibling_role() -> None:
    texts = [ORIGINAL, REPOSTED, SIBLING_ROLE, OTHER_AD]
    assert near_pairs(texts) == [(0, 1)]


def test_find_groups_exact_and_near() -> None:
    ids = [10, 11, 12, 13, 14, 15]
    texts = [ORIGINAL, SIBLING_ROLE, REPOSTED, RESPACED, OTHER_AD, "Go dev."]
    result = find_groups(ids, [text_fingerprint(t) for t in texts], texts)
    assert result.group_of == {10: 10, 12: 10, 13: 10}
    assert result.groups == {10: (3, "near")}
    only_exact = find_groups([1, 2], [text_fingerprint(ORIGINAL)] * 2, [ORIGINAL, RESPACED])
    assert only_exact.groups == {1: (2, "exact")}


def _ad(source: str, external_id: str, text: str, title: str = "Backend Engineer") -> dict:
    return make_posting(
        external_id, source=source, source_type="hackernews" if source == "hn" else "greenhouse",
        description_text=text, title=title, company="Lumen Robotics",
    )  # fmt: skip


def test_store_groups_duplicates_so_demand_counts_each_ad_once(store: Store) -> None:
    store.upsert_many([
        _ad("greenhouse", "gh-1", ORIGINAL),
        _ad("greenhouse", "gh-2", SIBLING_ROLE, title="Frontend Engineer"),
        _ad("hn", "hn-1", REPOSTED),
        _ad("lever", "lv-9", RESPACED),
        _ad("hn", "hn-2", OTHER_AD, title="SRE"),
    ])  # fmt: skip
    frame = store.postings_frame().set_index("external_id")
    # exact duplicates share a group as soon as they are stored
    assert frame.dup_group["gh-1"] == frame.dup_group["lv-9"]
    assert frame.dup_group["hn-1"] != frame.dup_group["gh-1"]
    stats = store.regroup_duplicates()
    assert stats["groups"] == 1 and stats["grouped_postings"] == 3
    frame = store.postings_frame().set_index("external_id")
    assert frame.dup_group["gh-1"] == frame.dup_group["hn-1"] == frame.dup_group["lv-9"]
    assert frame.dup_group.nunique() == 3  # the repost family, the sibling role, the SRE ad
    # a later re-crawl that changes the repost into a different ad takes it out again
    store.upsert_posting(_ad("hn", "hn-1", OTHER_AD.replace("Leeds", "York") + " Ruby too."))
    store.regroup_duplicates()
    frame = store.postings_frame().set_index("external_id")
    assert frame.dup_group["hn-1"] == frame.dup_group["hn-2"]
    assert frame.dup_group["gh-1"] == frame.dup_group["lv-9"] != frame.dup_group["hn-1"]
    assert store.stats().dup_groups == 2


def test_real_ads_reposts_are_grouped_and_distinct_ads_are_not(shared: Path) -> None:
    ads = [json.loads(line) for line in (shared / "eval" / "dev.jsonl").open(encoding="utf-8")]
    texts: list[str] = []
    truth: list[int] = []
    for i, ad in enumerate(ads):
        texts.append(ad["text"])
        truth.append(i)
        if i % 3 == 0:  # re-posted elsewhere: escaped, reflowed, another footer
            footer = "\n\nWe are an equal opportunity employer. Apply on our site."
            texts.append(html.escape(ad["text"]).replace("\n", "\n\n") + footer)
            truth.append(i)
        if i % 5 == 0:  # cut short by a feed
            texts.append(ad["text"][: int(len(ad["text"]) * 0.7)])
            truth.append(i)
    ids = list(range(1, len(texts) + 1))
    result = find_groups(ids, [text_fingerprint(t) for t in texts], texts)
    group = [result.group_of.get(i, i) for i in ids]
    wrong = [(a, b) for a in range(len(ids)) for b in range(a + 1, len(ids))
             if (group[a] == group[b]) != (truth[a] == truth[b])]  # fmt: skip
    assert wrong == []


def test_incremental_regroup_matches_a_full_one(store: Store) -> None:
    store.upsert_many([_ad("greenhouse", "gh-1", ORIGINAL), _ad("hn", "hn-2", OTHER_AD)])
    assert store.regroup_duplicates()["checked"] == 2
    assert store.regroup_duplicates()["checked"] == 0  # nothing new: nothing searched
    # later crawls: a repost arrives, the sibling role too, and a salary change (not text)
    store.upsert_many([
        _ad("hn", "hn-1", REPOSTED), _ad("greenhouse", "gh-2", SIBLING_ROLE),
        {**_ad("hn", "hn-2", OTHER_AD), "salary_max": 1.0},
    ])  # fmt: skip
    stats = store.regroup_duplicates()
    assert stats["checked"] == 2 and stats["groups"] == 1
    incremental = store.postings_frame().set_index("external_id").dup_group
    assert incremental["gh-1"] == incremental["hn-1"] != incremental["gh-2"]
    store.regroup_duplicates(full=True)
    full = store.postings_frame().set_index("external_id").dup_group
    assert full.to_dict() == incremental.to_dict()


def test_a_grouping_cut_short_is_redone_by_the_next_extract_with_nothing_new(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20.2: grouping is its own resumable step, not a side effect of tagging."""
    store.upsert_many([
        _ad("greenhouse", "gh-1", ORIGINAL), _ad("hn", "hn-1", REPOSTED),
        _ad("hn", "hn-2", OTHER_AD, title="SRE"),
    ])  # fmt: skip
    assert store.grouping_pending() == 3

    def killed(*args: object) -> None:  # the process dies inside the grouping transaction
        raise KeyboardInterrupt("SIGTERM")

    monkeypatch.setattr(grouping, "write_groups", killed)
    with pytest.raises(KeyboardInterrupt):
        extract_pending(store, workers=1)  # tags all three, then grouping is cut short
    monkeypatch.undo()
    assert store.stats().extracted == 3 and store.stats().dup_groups == 0
    assert store.grouping_pending() == 3  # the marker says grouping did not finish

    again = extract_pending(store, workers=1)  # nothing new to tag
    assert again.pending == 0 and again.duplicates is not None
    assert again.duplicates["groups"] == 1 and again.duplicates["grouped_postings"] == 2
    assert store.grouping_pending() == 0 and store.stats().dup_groups == 1
    assert extract_pending(store, workers=1).duplicates is None  # done: not redone
