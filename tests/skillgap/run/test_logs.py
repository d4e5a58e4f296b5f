"""Unattended runs log to a rotating file (and the terminal)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

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


def _old_crawl_logs(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"crawl-202601{d:02d}-060000.log" for d in range(1, n + 1)]
    for name in names:
        (folder / name).write_text("old crawl\n")
    for other in ("crawl-latest.log", "skillgap.log", "skillgap.log.1"):
        (folder / other).write_text("not a per-crawl log\n")
    return names


def test_crawl_logs_are_pruned_to_the_newest(tmp_path: Path) -> None:
    from datetime import datetime

    from skillgap.run.logs import crawl_log_file

    folder = tmp_path / "logs"
    names = _old_crawl_logs(folder, 25)
    new = crawl_log_file(keep=20, folder=folder, now=datetime(2026, 2, 1, 6, 0, 0))
    assert new.name.startswith("crawl-20260201-060000-") and not new.exists()
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([*names[-19:], "crawl-latest.log", "skillgap.log", "skillgap.log.1"])


def test_skillgap_crawl_keeps_keep_logs_files(tmp_path: Path, make_config: Any) -> None:
    from typer.testing import CliRunner

    from skillgap.cli import app

    folder = tmp_path / "xdg" / "skillgap" / "logs"  # the private data home of these tests
    names = _old_crawl_logs(folder, 5)
    config = make_config("", keep_logs=3)
    result = CliRunner().invoke(app, ["crawl", "--config", str(config.path), "--source",
                                      "remoteok", "--no-extract"])  # fmt: skip
    assert result.exit_code == 0, result.output
    crawl_logs = sorted(p.name for p in folder.glob("crawl-2*.log"))
    assert len(crawl_logs) == 3 and crawl_logs[:2] == names[-2:]
    assert (folder / "crawl-latest.log").exists()
    bad = make_config("", keep_logs=0)
    result = CliRunner().invoke(app, ["crawl", "--config", str(bad.path)])
    assert result.exit_code == 1 and "keep_logs must be a whole number" in result.output
