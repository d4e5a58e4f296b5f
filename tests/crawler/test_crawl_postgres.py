"""The same crawl into PostgreSQL (a throwaway local cluster): same code, same figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crawler.run import crawl

pgcluster = pytest.importorskip("skillgap.pgcluster", reason="the store area has not landed yet")
store_mod = pytest.importorskip("skillgap.store")


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if pgcluster.find_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries absent (apt-get install postgresql)")
    cluster = pgcluster.ThrowawayCluster().start()
    try:
        yield cluster.create_database("crawl")
    finally:
        cluster.stop()


def test_crawl_into_postgresql_is_incremental(make_config: Any, pg_url: str) -> None:
    config = make_config()
    first = crawl(config, db_url=pg_url, extract=False)
    assert first.status == "ok", first.errors
    assert sum(f["new"] for f in first.figures.values()) == 24
    second = crawl(config, ["greenhouse", "hackernews"], db_url=pg_url, extract=False)
    assert {n: (f["new"], f["unchanged"]) for n, f in second.figures.items()} == {
        "greenhouse": (0, 5),
        "hackernews": (0, 5),
    }
    with store_mod.Store.open(pg_url) as store:
        assert store.backend == "postgresql"
        df = store.postings_frame()
        runs = store.runs_frame()
    assert len(df) == 24 and not df.duplicated(["source", "external_id"]).any()
    assert list(runs.status) == ["ok", "ok"]
