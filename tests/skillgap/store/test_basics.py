"""Store behaviour on both backends: upserts, closing, runs, frames, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from skillgap.store import PostingError, Store
from tests.support.posting_factory import make_posting

POSTING_FRAME_COLUMNS = [
    "id", "source", "source_type", "external_id", "url", "title", "company", "location",
    "remote", "posted_at", "first_seen", "last_seen", "closed_at", "dup_group", "attribution",
    "levels", "years_min", "pay_min", "pay_max", "pay_currency", "pay_period",
]  # fmt: skip


def test_upsert_new_unchanged_updated(store: Store) -> None:
    assert store.upsert_posting(make_posting("1")) == "new"
    first = store.postings_frame().iloc[0]
    assert store.upsert_posting(make_posting("1")) == "unchanged"
    assert store.upsert_posting(make_posting("1", salary_max=95000.0)) == "updated"
    assert store.upsert_posting(make_posting("1", description_text="Now in Go.")) == "updated"
    frame = store.postings_frame()
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row.first_seen == first.first_seen
    assert row.last_seen > first.last_seen
    assert list(frame.columns) == POSTING_FRAME_COLUMNS
    assert row.posted_at == datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    assert bool(row.remote) is True


def test_batch_never_duplicates_even_within_itself(store: Store) -> None:
    batch = [make_posting(str(i)) for i in range(5)] + [make_posting("2", title="Go Dev")]
    assert store.upsert_many(batch) == ["new"] * 5 + ["updated"]
    assert store.upsert_many(batch[:5]) == ["unchanged", "unchanged", "updated", "unchanged",
                                            "unchanged"]  # fmt: skip
    frame = store.postings_frame()
    assert sorted(frame.external_id) == ["0", "1", "2", "3", "4"]
    assert frame.set_index("external_id").loc["2", "title"] == "Backend Engineer"


def test_same_external_id_in_two_sources_is_two_postings(store: Store) -> None:
    store.upsert_posting(make_posting("7"))
    store.upsert_posting(make_posting("7", source="lever", source_type="lever"))
    assert len(store.postings_frame()) == 2


def test_close_vanished_and_reopen(store: Store) -> None:
    store.upsert_many([make_posting(str(i)) for i in range(4)])
    store.upsert_posting(make_posting("9", source="other", source_type="lever"))
    assert store.close_vanished("greenhouse", ["0", "2"]) == 2
    assert store.close_vanished("greenhouse", ["0", "2"]) == 0  # already closed
    frame = store.postings_frame().set_index("external_id")
    assert frame.closed_at.isna().to_dict() == {"0": True, "1": False, "2": True, "3": False,
                                                "9": True}  # fmt: skip
    assert sorted(store.postings_frame(include_closed=False).external_id) == ["0", "2", "9"]
    # it reappears: open again, counted as updated
    assert store.upsert_posting(make_posting("1")) == "updated"
    assert store.postings_frame().set_index("external_id").closed_at.isna()["1"]


def test_runs_record_figures(store: Store) -> None:
    run = store.start_run(kind="crawl", sources=["greenhouse", "hn"])
    store.upsert_posting(make_posting("1"), run_id=run)
    figures = {"greenhouse": {"fetched": 1, "new": 1, "updated": 0, "unchanged": 0, "closed": 0,
                              "errors": 0, "dropped": {"not_backend": 2}}}  # fmt: skip
    store.finish_run(run, "partial", figures, error="hn: timeout")
    runs = store.runs_frame()
    assert list(runs.columns[:8]) == ["id", "kind", "sources", "started_at", "finished_at",
                                      "status", "error", "figures"]  # fmt: skip
    row = runs.iloc[0]
    assert (row.id, row.kind, row.status, row.error) == (run, "crawl", "partial", "hn: timeout")
    assert json.loads(row.figures) == figures
    assert json.loads(row.sources) == ["greenhouse", "hn"]
    assert row.finished_at >= row.started_at
    with pytest.raises(ValueError, match="status"):
        store.finish_run(run, "great", {})
    with pytest.raises(ValueError, match="no run"):
        store.finish_run(run + 100, "ok", {})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"external_id": None}, "no 'external_id'"),
        ({"title": "   "}, "'title' is empty"),
        ({"source_type": "myspace"}, "source_type"),
        ({"remote": "yes"}, "remote"),
        ({"salary_min": "lots"}, "salary_min"),
        ({"salary_period": "fortnight"}, "salary_period"),
        ({"posted_at": "last tuesday"}, "posted_at"),
        ({"description_text": 12}, "description_text"),
    ],
)
def test_bad_posting_is_refused_and_batch_writes_nothing(
    store: Store, change: dict[str, object], message: str
) -> None:
    with pytest.raises(PostingError, match=message):
        store.upsert_posting(make_posting("1", **change))
    with pytest.raises(PostingError, match=r"posting #1: .*" + message):
        store.upsert_many([make_posting("0"), make_posting("1", **change)])
    assert store.postings_frame().empty


def test_odd_but_valid_values_round_trip(store: Store) -> None:
    weird = make_posting(
        "x\u00e9",
        title="Ingénieur·e backend — Zürich 🚀",
        description_text="NUL\x00 bytes vanish; ünïcödé stays",
        posted_at="2026-09-30T23:15:00-02:00",
        salary_min=100,
        remote=None,
        company=None,
    )
    assert store.upsert_posting(weird) == "new"
    row = store.postings_frame().iloc[0]
    assert row.title == "Ingénieur·e backend — Zürich 🚀"
    assert row.company == ""
    assert row.posted_at == datetime(2026, 10, 1, 1, 15, tzinfo=UTC)
    assert row.remote is None or str(row.remote) == "<NA>"
    with store.read() as conn:
        stored = conn.execute(text("SELECT description_text FROM postings")).scalar()
    assert stored == "NUL bytes vanish; ünïcödé stays"


def test_filters(store: Store) -> None:
    store.upsert_many([
        make_posting("a", title="Senior Backend Engineer", remote=True),
        make_posting("b", title="Platform Engineer (Go)", remote=False),
        make_posting("c", source="hn", source_type="hackernews", title="Backend dev 100%",
                     posted_at=None),
    ])  # fmt: skip
    store.close_vanished("greenhouse", ["a"])
    with store.write() as conn:  # "c" gives no posting date and was first seen long ago
        conn.execute(text("UPDATE postings SET first_seen = :t WHERE external_id = 'c'"),
                     {"t": datetime(2020, 1, 1)})  # fmt: skip

    def ids(**kw: object) -> list[str]:
        return sorted(store.postings_frame(**kw).external_id)  # type: ignore[arg-type]

    assert ids(sources=["hn"]) == ["c"]
    assert ids(remote=False) == ["b"]
    assert ids(title_words=["backend"]) == ["a", "c"]
    assert ids(title_words=["PLATFORM", "senior"]) == ["a", "b"]
    assert ids(title_words=["100%"]) == ["c"]  # no LIKE wildcards leak through
    assert ids(include_closed=False) == ["a", "c"]
    assert ids(since=datetime(2026, 9, 1, tzinfo=UTC)) == ["a", "b"]
    assert ids(since=datetime(2026, 9, 1, tzinfo=UTC), include_closed=False) == ["a"]


def test_since_goes_by_when_an_ad_was_posted(store: Store) -> None:
    """Posting date, else first seen; never when it was last seen (a crawl just now sees
    every open ad, so filtering on that would remove nothing)."""
    store.upsert_many([
        make_posting("old", posted_at=datetime(2020, 3, 1, tzinfo=UTC)),  # seen just now
        make_posting("new", posted_at=datetime.now(UTC) - timedelta(days=2)),
        make_posting("undated-new", posted_at=None),  # first seen just now
        make_posting("undated-old", posted_at=None),
    ])  # fmt: skip
    with store.write() as conn:
        conn.execute(text("UPDATE postings SET first_seen = :t WHERE external_id = 'undated-old'"),
                     {"t": datetime(2020, 1, 1)})  # fmt: skip
    week = datetime.now(UTC) - timedelta(days=7)
    assert sorted(store.postings_frame(since=week).external_id) == ["new", "undated-new"]
    ids = set(store.postings_frame(since=week).id)
    assert set(store.mentions_frame(since=week).posting_id) <= ids


def test_frames_are_typed_when_empty(store: Store) -> None:
    postings = store.postings_frame()
    assert postings.empty and list(postings.columns) == POSTING_FRAME_COLUMNS
    assert str(postings.first_seen.dtype).startswith("datetime64")
    mentions = store.mentions_frame()
    assert list(mentions.columns) == ["posting_id", "skill", "section", "start", "end", "text"]


def test_reopening_keeps_everything(db_url: str) -> None:
    with Store.open(db_url) as s:
        s.upsert_many([make_posting(str(i)) for i in range(3)])
    with Store.open(db_url) as s:
        assert len(s.postings_frame()) == 3
        assert s.upgraded_from is None


def test_long_values_are_stored_without_losing_the_posting(store: Store) -> None:
    long_id = "https://careers.example.test/jobs?" + "q=backend&" * 80
    posting = make_posting(long_id, salary_currency="US dollars per year, paid monthly")
    assert store.upsert_posting(posting) == "new"
    assert store.upsert_posting(posting) == "unchanged"  # the same id every time
    row = store.postings_frame().iloc[0]
    assert row.external_id.startswith("sha256:") and len(row.external_id) == 71
    with store.read() as conn:
        currency = conn.execute(text("SELECT salary_currency FROM postings")).scalar()
    assert currency is None
    assert store.close_vanished("greenhouse", [long_id]) == 0  # seen under its long id
    with pytest.raises(PostingError, match="source name"):
        store.upsert_posting(make_posting("1", source="s" * 300))


def test_sqlite_store_makes_its_folder_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.sqlite"
    with Store.open(str(path)) as store:  # a plain path works too
        assert path.exists()
        store.upsert_posting(make_posting("1"))
        with store.read() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        insert = (
            'INSERT INTO mentions (posting_id, skill, section, start, "end", text) '
            "VALUES (999, 'go', 'other', 0, 2, 'Go')"
        )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.write() as conn:
            conn.execute(text(insert))


def test_mentions_frame_reads_only_the_columns_asked_for(tmp_path: Path) -> None:
    from skillgap.store import Store

    with Store.open(f"sqlite:///{tmp_path / 's.sqlite'}") as store:
        frame = store.mentions_frame(columns=("posting_id", "skill", "section"))
        assert list(frame.columns) == ["posting_id", "skill", "section"]
        with pytest.raises(ValueError, match="unknown mention column"):
            store.mentions_frame(columns=("posting_id", "salary"))


def test_a_ctrl_c_inside_a_query_stays_an_interrupt(store: Store) -> None:
    """A Ctrl-C mid-query breaks the connection; the clean-up then fails with a database error,
    which must not become "cannot read the store" (exit 1) instead of the interrupt (130)."""
    with pytest.raises(KeyboardInterrupt), store.read() as conn:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            conn.execute(text("SELECT * FROM no_such_table"))  # the failing clean-up
