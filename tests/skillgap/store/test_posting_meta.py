"""Levels, years and pay are stored per posting: read when a posting is tagged, read for
postings stored before without tagging them again, read again when a posting changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
from sqlalchemy import text

from analyzer.fingerprint import extraction_fingerprint
from analyzer.meta import meta_fingerprint
from skillgap.run.extract import extract_pending
from skillgap.store import Store
from tests.support.paths import release_dump
from tests.support.posting_factory import make_posting

JUNIOR = (
    "Acme is hiring a Junior Backend Engineer.\n"
    "Requirements: 1+ years of experience with Python.\nSalary: $70,000 - $85,000 a year."
)
SENIOR = "We need 6+ years of professional experience with Go and Kafka."


def _meta(store: Store) -> dict[str, tuple]:
    frame = store.postings_frame().set_index("external_id")
    cols = ["levels", "years_min", "pay_min", "pay_max", "pay_currency", "pay_period"]
    return {
        ext: tuple(None if pd.isna(v) else v for v in row)  # NaN/NA -> None
        for ext, row in frame[cols].astype(object).iterrows()
    }


def test_tagging_reads_levels_years_and_pay(store: Store) -> None:
    store.upsert_many(
        [
            make_posting("j", title="Backend Engineer", description_text=JUNIOR,
                         salary_min=None, salary_max=None, salary_currency=None,
                         salary_period=None),
            make_posting("s", title="Go Developer", description_text=SENIOR),  # EUR fields
        ]
    )  # fmt: skip
    stats = extract_pending(store, workers=1)
    assert stats.meta == 2
    meta = _meta(store)
    assert meta["j"] == ("junior", 1, 70000.0, 85000.0, "USD", "year")  # from the text
    assert meta["s"] == ("senior", 6, 70000.0, 90000.0, "EUR", "year")  # structured first
    assert extract_pending(store, workers=1).meta == 0  # nothing to read again
    # a changed salary field is not a text change: no tagging, but the pay is read again
    store.upsert_posting(make_posting("s", title="Go Developer", description_text=SENIOR,
                                      salary_max=95000.0))  # fmt: skip
    stats = extract_pending(store, workers=1)
    assert (stats.extracted, stats.meta) == (0, 1)
    assert _meta(store)["s"][3] == 95000.0


def test_postings_stored_before_get_their_meta_without_tagging_again(store: Store) -> None:
    store.upsert_many([make_posting("a", description_text=JUNIOR, title="Backend Engineer")])
    extract_pending(store, workers=1)
    with store.write() as conn:  # as a store of the version before left it
        conn.execute(text("UPDATE postings SET levels = NULL, years_min = NULL, "
                          "pay_min = NULL, meta_hash = NULL, meta_rules = NULL"))  # fmt: skip
    assert store.pending_meta(meta_fingerprint()) == [int(store.postings_frame().id[0])]
    assert store.pending_extraction(extraction_fingerprint()) == []
    stats = extract_pending(store, workers=1)
    assert (stats.pending, stats.extracted, stats.meta) == (0, 0, 1)
    assert _meta(store)["a"][:2] == ("junior", 1)


def test_other_rules_read_every_posting_again(store: Store) -> None:
    store.upsert_many([make_posting(str(i)) for i in range(3)])
    extract_pending(store, workers=1)
    with store.write() as conn:
        conn.execute(text("UPDATE postings SET meta_rules = 'older'"))
    assert len(store.pending_meta(meta_fingerprint())) == 3


def test_the_level_filter(store: Store) -> None:
    store.upsert_many(
        [
            make_posting("j", title="Junior Engineer"),
            make_posting("m", title="Mid/Senior Engineer"),
            make_posting("s", title="Senior Engineer"),
        ]
    )
    extract_pending(store, workers=1)
    assert sorted(store.postings_frame(level="senior").external_id) == ["m", "s"]
    assert list(store.postings_frame(level="junior").external_id) == ["j"]
    assert store.postings_frame(level="lead").empty
    assert len(store.mentions_frame(level="junior")) < len(store.mentions_frame())


def test_a_store_of_an_older_release_keeps_every_row_and_gets_its_meta(tmp_path: Path) -> None:
    """The v7 revision adds the columns empty; `skillgap extract` then reads every
    posting's meta without tagging anything again."""
    path = tmp_path / "release.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(release_dump(extraction_fingerprint()))
    with Store.open(str(path)) as store:
        before = len(store.mentions_frame())
        assert store.postings_frame().levels.isna().all()
        assert len(store.pending_meta(meta_fingerprint())) == 5
        stats = extract_pending(store, workers=1)
        assert (stats.extracted, stats.meta) == (0, 5)
        assert len(store.mentions_frame()) == before
        assert store.postings_frame().levels.notna().all()


def test_a_hacker_news_ad_is_paid_what_its_text_says(store: Store) -> None:
    """The crawler reads a Hacker News comment's salary fields from its first line with a
    rough pattern: the text's own reading decides there."""
    text = "Acme | Senior Engineer | NYC | $200k Salary - $400k Total Compensation\nWe use Go."
    store.upsert_many([
        make_posting("hn", source="hn", source_type="hackernews", description_text=text,
                     salary_min=200000.0, salary_max=400000.0, salary_currency="USD"),
        make_posting("gh", description_text=text),  # greenhouse: its fields decide
    ])  # fmt: skip
    extract_pending(store, workers=1)
    meta = _meta(store)
    assert meta["hn"][2:] == (200000.0, 200000.0, "USD", "year")
    assert meta["gh"][2:] == (70000.0, 90000.0, "EUR", "year")
