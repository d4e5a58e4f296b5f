"""Fixtures of the application tests: a private data home, no lock heartbeat left behind, a
config for the loopback sample server, and an empty store on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.sampleserver import SampleServer, sample_config
from skillgap.store.locks import StoreLock
from tests.support.sample_sources import FAST


@pytest.fixture(autouse=True)
def _private_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Logs and default stores go under tmp_path, never the user's home."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("SKILLGAP_CONFIG", raising=False)
    monkeypatch.delenv("SKILLGAP_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def _no_heartbeat_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Locks a test leaves held (a holder that "crashed") stop beating when the test ends,
    not at exit, after their database is gone ("lock heartbeat failed")."""
    beating: list[StoreLock] = []
    start = StoreLock._start_heartbeat

    def tracked(lock: StoreLock) -> None:
        beating.append(lock)
        start(lock)

    monkeypatch.setattr(StoreLock, "_start_heartbeat", tracked)
    yield
    for lock in beating:
        lock._stop.set()
        if lock._thread is not None:
            lock._thread.join()


@pytest.fixture
def config_path(tmp_path: Path, server: SampleServer, db_url: str) -> Path:
    path = tmp_path / "skillgap.toml"
    path.write_text(sample_config(server.url, db_url, FAST))
    return path


_pg_numbers = iter(range(10_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'any' / 'store.sqlite'}"
    cluster = request.getfixturevalue("pg_cluster")
    return str(cluster.create_database(f"lock{next(_pg_numbers)}"))
