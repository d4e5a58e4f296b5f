"""Shared fixtures: one extractor per session, the loopback sample sources, and one
throwaway PostgreSQL cluster for every test that needs a server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.extract import Extractor
from crawler.sampleserver import SAMPLE_DATA, SampleServer, sample_config
from skillgap.config import Config, load_config
from tests.support.paths import SHARED
from tests.support.sample_sources import FAST, MakeConfig


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Any]:
    """One throwaway Redis server on loopback for the session (CI installs redis-server)."""
    from tests.support.redisserver import ThrowawayRedis, find_redis_server

    if find_redis_server() is None:
        pytest.skip("redis-server absent (apt-get install redis-server; CI installs it): "
                    "distributed-crawl tests skipped")  # fmt: skip
    with ThrowawayRedis() as server:
        yield server


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository; skipping tests that read it")
    return SHARED


# ------------------------------------------------------------------ sample sources
@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the sample fixtures that a test may edit."""
    target = tmp_path / "sample_data"
    shutil.copytree(SAMPLE_DATA, target)
    return target


@pytest.fixture
def server(data_dir: Path) -> Iterator[SampleServer]:
    with SampleServer(data_dir) as srv:
        yield srv


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite store (tests/store overrides this with one per backend)."""
    return f"sqlite:///{tmp_path / 'store' / 'skillgap.sqlite'}"


@pytest.fixture
def make_config(tmp_path: Path, server: SampleServer, db_url: str) -> MakeConfig:
    """Write a config for the sample server (extra TOML appended) and load it."""

    def make(extra: str = "", **crawl: Any) -> Config:
        path = tmp_path / "skillgap.toml"
        path.write_text(sample_config(server.url, db_url, {**FAST, **crawl}) + "\n" + extra)
        return load_config(path)

    return make


# ------------------------------------------------------------------ PostgreSQL
@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """One throwaway cluster (initdb + pg_ctl on loopback) for the whole session."""
    from tests.support.pgcluster import ThrowawayCluster, find_bin_dir

    if find_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries absent (apt-get install postgresql): "
                    "PostgreSQL variant skipped")  # fmt: skip
    cluster = ThrowawayCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()
