"""Duplicate grouping in the store by MinHash LSH candidates: the same groups as the
brute-force reference, searching only what is new."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from skillgap.store import Store, dedupe, grouping
from skillgap.store.dedupe import find_groups, lsh_near_pairs, near_pairs
from skillgap.store.lsh import BANDS, band_keys, candidates_among
from skillgap.store.records import normalise_text, text_fingerprint
from skillgap.store.schema import dup_bands
from tests.support.dedupe_ads import ORIGINAL, OTHER_AD, REPOSTED, RESPACED, SIBLING_ROLE
from tests.support.posting_factory import make_posting


def test_band_keys_are_stable_and_near_copies_share_one() -> None:
    keys = band_keys(normalise_text(ORIGINAL))
    assert len(keys) == BANDS and keys == band_keys(normalise_text(ORIGINAL))
    texts = [normalise_text(t) for t in (ORIGINAL, REPOSTED, OTHER_AD)]
    assert (0, 1) in candidates_among([band_keys(t) for t in texts])
    assert lsh_near_pairs(
        [normalise_text(t) for t in (ORIGINAL, REPOSTED, SIBLING_ROLE, OTHER_AD)]
    ) == [(0, 1)]


def _copies(ads: list[str]) -> tuple[list[str], list[int]]:
    texts, truth = [], []
    for i, text in enumerate(ads):
        texts.append(text)
        truth.append(i)
        if i % 3 == 0:  # re-posted elsewhere: escaped, reflowed, another footer
            footer = "\n\nWe are an equal opportunity employer. Apply on our site."
            texts.append(html.escape(text).replace("\n", "\n\n") + footer)
            truth.append(i)
        if i % 5 == 0:  # cut short by a feed
            texts.append(text[: int(len(text) * 0.7)])
            truth.append(i)
    return texts, truth


def _posting(i: int, text: str) -> dict[str, Any]:
    return make_posting(f"ad-{i}", source="hn", source_type="hackernews",
                        description_text=text, title="Backend Engineer", company="Co")  # fmt: skip


def _groups(store: Store) -> dict[str, int]:
    frame = store.postings_frame()
    return dict(zip(frame.external_id, frame.dup_group, strict=True))


def _same(groups: dict[str, int]) -> set[tuple[str, str]]:
    keys = sorted(groups)
    return {(a, b) for n, a in enumerate(keys) for b in keys[n + 1 :] if groups[a] == groups[b]}


def test_store_groups_equal_the_reference_at_once_and_a_batch_at_a_time(
    store: Store, shared: Path
) -> None:
    ads = [json.loads(line)["text"] for line in (shared / "eval" / "dev.jsonl").open()][:120]
    texts, truth = _copies(ads)
    full = "Backend Engineer\n"  # the store compares title and text
    ids = list(range(len(texts)))
    reference = find_groups(ids, [text_fingerprint(t) for t in texts], [full + t for t in texts])
    expected = _same({f"ad-{i}": reference.group_of.get(i, -1 - i) for i in ids})
    assert expected == _same({f"ad-{i}": t for i, t in enumerate(truth)})
    # the originals first, then the copies in two later crawls
    for part in (range(0, len(texts), 3), range(1, len(texts), 3), range(2, len(texts), 3)):
        store.upsert_many([_posting(i, texts[i]) for i in part])
        stats = store.regroup_duplicates()
        assert stats["checked"] == len(part)  # only the new ones were searched
    assert _same(_groups(store)) == expected
    with store.read() as conn:
        banded = conn.execute(select(func.count(func.distinct(dup_bands.c.posting_id)))).scalar()
    assert banded == len(texts)
    store.regroup_duplicates(full=True)
    assert _same(_groups(store)) == expected


def test_a_new_copy_is_compared_with_its_candidates_only(store: Store) -> None:
    store.upsert_many([_posting(1, ORIGINAL), _posting(2, OTHER_AD), _posting(3, SIBLING_ROLE)])
    store.regroup_duplicates()
    store.upsert_many([_posting(4, REPOSTED), _posting(5, RESPACED)])
    stats = store.regroup_duplicates()
    assert stats["checked"] == 2
    assert 1 <= stats["compared"] <= 2  # the repost with the original (and maybe the sibling)
    groups = _groups(store)
    assert groups["ad-1"] == groups["ad-4"] == groups["ad-5"] != groups["ad-3"]
    assert near_pairs([normalise_text(t) for t in (ORIGINAL, REPOSTED)]) == [(0, 1)]


def test_a_deleted_posting_takes_its_band_keys_with_it(store: Store) -> None:
    store.upsert_many([_posting(1, ORIGINAL), _posting(2, OTHER_AD)])
    store.regroup_duplicates()
    with store.write() as conn:
        conn.exec_driver_sql("DELETE FROM postings WHERE external_id = 'ad-1'")
        left = conn.execute(select(func.count()).select_from(dup_bands)).scalar()
    assert left == BANDS  # the other ad's keys only


def test_rounds_of_a_few_postings_give_the_same_groups(
    store: Store, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ads = [json.loads(line)["text"] for line in (shared / "eval" / "dev.jsonl").open()][:40]
    texts, truth = _copies(ads)
    store.upsert_many([_posting(i, t) for i, t in enumerate(texts)])
    monkeypatch.setattr(grouping, "ROUND", 7)
    stats = store.regroup_duplicates()
    assert stats["checked"] == len(texts) and store.grouping_pending() == 0
    assert _same(_groups(store)) == _same({f"ad-{i}": t for i, t in enumerate(truth)})
    stats = store.regroup_duplicates(full=True)
    assert stats["checked"] == len(texts)
    assert _same(_groups(store)) == _same({f"ad-{i}": t for i, t in enumerate(truth)})


def test_ads_of_one_template_are_checked_by_brute_force_with_the_same_result(
    store: Store, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ads = [json.loads(line)["text"] for line in (shared / "eval" / "dev.jsonl").open()][:30]
    texts, truth = _copies(ads)
    norm = [normalise_text(t) for t in texts]
    monkeypatch.setattr(dedupe, "DENSE_CANDIDATES", 0)  # every case counts as dense
    monkeypatch.setattr(grouping, "DENSE_CANDIDATES", 0)
    assert lsh_near_pairs(norm) == near_pairs(norm)
    store.upsert_many([_posting(i, t) for i, t in enumerate(texts)])
    assert store.regroup_duplicates()["checked"] == len(texts)
    assert _same(_groups(store)) == _same({f"ad-{i}": t for i, t in enumerate(truth)})
