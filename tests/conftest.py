"""Shared fixtures: one extractor per session (building it takes a moment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.extract import Extractor

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository; skipping tests that read it")
    return SHARED
