"""Pipeline fixtures: the loopback sample server, a config pointing at it, a fresh store."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleserver import SAMPLE_DATA, SampleServer, sample_config
from skillgap.config import Config, load_config

# loopback: no politeness delays, one quick retry, short timeouts
FAST = {"download_delay": 0, "autothrottle": False, "retries": 1, "backoff_base": 0.1,
        "timeout": 3, "log_level": "WARNING"}  # fmt: skip
SAMPLE_ADS = 24  # backend ads the sample sources hold (crawler/sample_data)


@pytest.fixture(autouse=True)
def _private_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Logs and default stores go under tmp_path, never the user's home."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("SKILLGAP_CONFIG", raising=False)
    monkeypatch.delenv("SKILLGAP_DB", raising=False)
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "sample_data"
    shutil.copytree(SAMPLE_DATA, target)
    return target


@pytest.fixture
def server(data_dir: Path) -> Iterator[SampleServer]:
    with SampleServer(data_dir) as srv:
        yield srv


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'skillgap.sqlite'}"


MakeConfig = Callable[..., Config]


@pytest.fixture
def config_path(tmp_path: Path, server: SampleServer, db_url: str) -> Path:
    path = tmp_path / "skillgap.toml"
    path.write_text(sample_config(server.url, db_url, FAST))
    return path


@pytest.fixture
def make_config(tmp_path: Path, server: SampleServer, db_url: str) -> MakeConfig:
    """A config for the sample server with extra TOML appended, loaded."""

    def make(extra: str = "", **crawl: Any) -> Config:
        path = tmp_path / "skillgap.toml"
        path.write_text(sample_config(server.url, db_url, {**FAST, **crawl}) + "\n" + extra)
        return load_config(path)

    return make


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    from skillgap.pgcluster import ThrowawayCluster, find_bin_dir

    if find_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries absent (apt-get install postgresql): "
                    "PostgreSQL variant skipped")  # fmt: skip
    cluster = ThrowawayCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


_pg_numbers = iter(range(10_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'any' / 'store.sqlite'}"
    cluster = request.getfixturevalue("pg_cluster")
    return str(cluster.create_database(f"lock{next(_pg_numbers)}"))
