"""The same crawl into PostgreSQL (a throwaway local cluster): same code, same figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from skillgap.run.crawl import crawl
from skillgap.store import Store
from tests.support.sample_sources import SAMPLE_ADS


@pytest.fixture
def pg_url(pg_cluster: Any) -> Iterator[str]:
    yield pg_cluster.create_database("crawl")
    pg_cluster.drop_database("crawl")


def test_crawl_into_postgresql_is_incremental(make_config: Any, pg_url: str) -> None:
    config = make_config()
    first = crawl(config, db_url=pg_url, extract=False)
    assert first.status == "ok", first.errors
    assert sum(f["new"] for f in first.figures.values()) == SAMPLE_ADS
    second = crawl(config, ["greenhouse", "hackernews"], db_url=pg_url, extract=False)
    assert {n: (f["new"], f["unchanged"]) for n, f in second.figures.items()} == {
        "greenhouse": (0, 5),
        "hackernews": (0, 5),
    }
    with Store.open(pg_url) as store:
        assert store.backend == "postgresql"
        df = store.postings_frame()
        runs = store.runs_frame()
    assert len(df) == SAMPLE_ADS and not df.duplicated(["source", "external_id"]).any()
    assert list(runs.status) == ["ok", "ok"]
