"""Unattended runs log to a rotating file (and the terminal)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from skillgap.run.logs import setup_logging, teardown_logging


def test_log_file_rotates_and_keeps_a_bounded_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "logs" / "skillgap.log"
    handlers = setup_logging(path, max_bytes=2_000, backups=2)
    try:
        log = logging.getLogger("skillgap.run")
        for i in range(200):
            log.info("run %s finished: ok", i)
    finally:
        teardown_logging(handlers)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["skillgap.log", "skillgap.log.1", "skillgap.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in path.parent.iterdir())
    assert "run 199 finished: ok" in path.read_text()  # the newest lines are in the live file
    assert "run 199 finished: ok" in capsys.readouterr().err  # and on the terminal
    logging.getLogger("skillgap.run").info("after teardown")
    assert "after teardown" not in path.read_text()
