"""A crash half-way leaves the store consistent; a re-run neither loses nor duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter

import pytest
from sqlalchemy import text

from skillgap.store import Store, postings
from tests.support.paths import REPO
from tests.support.posting_factory import make_posting

BATCH = 25
TOTAL = 2000


def test_exception_mid_batch_writes_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.upsert_many([make_posting("keep", title="Data Engineer")])
    calls = {"n": 0}
    real = postings.group_exact

    def explode(conn: object, rows: object) -> None:
        calls["n"] += 1
        raise RuntimeError("power cut")  # after the inserts and updates ran

    monkeypatch.setattr(postings, "group_exact", explode)
    batch = [make_posting("keep", title="Changed")] + [make_posting(str(i)) for i in range(10)]
    with pytest.raises(RuntimeError, match="power cut"):
        store.upsert_many(batch)
    assert calls["n"] == 1
    frame = store.postings_frame()
    assert list(frame.external_id) == ["keep"] and frame.title[0] == "Data Engineer"
    monkeypatch.setattr(postings, "group_exact", real)
    outcomes = store.upsert_many(batch)
    assert outcomes == ["updated"] + ["new"] * 10
    assert len(store.postings_frame()) == 11


CHILD = textwrap.dedent(
    """
    import itertools, sys
    sys.path.insert(0, {repo!r})
    from tests.support.posting_factory import make_posting
    from skillgap.store import Store
    store = Store.open({url!r})
    for n, start in enumerate(itertools.count(0, {batch})):
        if n == {ready}:
            print("ready", flush=True)  # enough is stored; the writer goes on until killed
        store.upsert_many([make_posting(str(i)) for i in range(start, start + {batch})])
    """
)


def test_killed_writer_leaves_whole_batches_and_rerun_completes(db_url: str) -> None:
    """The writer never ends by itself, so the kill always lands while it writes (a writer
    that finished first made this test depend on how fast the machine was)."""
    Store.open(db_url).close()  # schema in place before the writer starts
    code = CHILD.format(repo=str(REPO), url=db_url, batch=BATCH, ready=4)
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == b"ready\n", child.stderr.read().decode() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with Store.open(db_url) as store:
        if store.backend == "sqlite":
            with store.read() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        kept = store.stats().postings
        assert kept >= 4 * BATCH
        assert kept % BATCH == 0, "a batch was half-written"
        frame = store.postings_frame()
        assert sorted(map(int, frame.external_id)) == list(range(kept))
        # the re-run: nothing lost, nothing duplicated
        total = kept + 4 * BATCH
        outcomes = Counter(store.upsert_many([make_posting(str(i)) for i in range(total)]))
        assert outcomes == {"unchanged": kept, "new": total - kept}
        again = store.postings_frame()
        assert len(again) == total and again.external_id.is_unique


RACER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from tests.support.posting_factory import make_posting
    from skillgap.store import Store
    order = list(range({total}))
    if {reverse}:
        order.reverse()
    with Store.open({url!r}) as store:
        for start in range(0, len(order), 10):
            store.upsert_many([make_posting(str(i)) for i in order[start : start + 10]])
    """
)


def test_two_concurrent_writers_never_duplicate(db_url: str) -> None:
    Store.open(db_url).close()
    total = 300
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACER.format(repo=str(REPO), url=db_url, total=total, reverse=reverse),
            ],
            stderr=subprocess.PIPE,
        )
        for reverse in (False, True)
    ]
    for child in children:
        _out, errors = child.communicate(timeout=120)
        assert child.returncode == 0, errors.decode()
    with Store.open(db_url) as store:
        frame = store.postings_frame()
        assert len(frame) == total and frame.external_id.is_unique
