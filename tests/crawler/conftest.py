"""Crawler test fixtures: the loopback sample server, configs pointing at it, a fresh store."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleserver import SAMPLE_DATA, SampleServer, sample_config
from skillgap.config import Config, load_config

# Fast, polite-enough settings for loopback: no delays, one quick retry.
FAST = {
    "download_delay": 0,
    "autothrottle": False,
    "retries": 1,
    "backoff_base": 0.1,
    "timeout": 2,
    "log_level": "WARNING",
}


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
    return f"sqlite:///{tmp_path / 'store' / 'skillgap.sqlite'}"


MakeConfig = Callable[..., Config]


@pytest.fixture
def make_config(tmp_path: Path, server: SampleServer, db_url: str) -> MakeConfig:
    """Write a config for the sample server (extra TOML appended) and load it."""

    def make(extra: str = "", **crawl: Any) -> Config:
        path = tmp_path / "skillgap.toml"
        path.write_text(sample_config(server.url, db_url, {**FAST, **crawl}) + "\n" + extra)
        return load_config(path)

    return make
