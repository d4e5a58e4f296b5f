"""PostingWriter: batched upserts with per-source tallies; bad postings refused on add."""

from __future__ import annotations

import pytest
from posting_factory import make_posting

from skillgap.store import PostingError, Store
from skillgap.writer import PostingWriter


def test_writer_batches_and_tallies(store: Store) -> None:
    store.upsert_posting(make_posting("old"))
    run = store.start_run("crawl", ["greenhouse", "hn"])
    with PostingWriter(store, run_id=run, batch_size=3) as writer:
        writer.add(make_posting("old"))
        for i in range(4):
            writer.add(make_posting(str(i)))
        assert len(store.postings_frame()) == 3  # "old", "0", "1" written; "2", "3" buffered
        with pytest.raises(PostingError, match="title"):
            writer.add(make_posting("bad", title=""))
        writer.add(make_posting("h1", source="hn", source_type="hackernews"))
    assert writer.counts == {"greenhouse": {"unchanged": 1, "new": 4}, "hn": {"new": 1}}
    assert writer.seen["greenhouse"] == {"old", "0", "1", "2", "3"}
    frame = store.postings_frame()
    assert len(frame) == 6 and "bad" not in set(frame.external_id)


def test_writer_keeps_buffered_postings_when_the_caller_fails(store: Store) -> None:
    with pytest.raises(RuntimeError), PostingWriter(store, batch_size=100) as writer:
        writer.add(make_posting("1"))
        raise RuntimeError("spider crashed")
    assert list(store.postings_frame().external_id) == ["1"]
