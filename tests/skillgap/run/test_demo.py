"""`skillgap demo`: fully offline, real spiders on loopback, report + gap page, store removed."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crawler.items import SOURCE_TYPES
from skillgap.cli import app
from tests.support.sample_sources import SAMPLE_ADS

runner = CliRunner()


def test_demo_writes_report_and_gap_page_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = socket.socket.connect
    attempts: list[Any] = []

    def loopback_only(self: socket.socket, address: Any) -> Any:  # in this (parent) process
        attempts.append(address)
        host = address[0] if isinstance(address, tuple) else str(address)
        assert host in ("127.0.0.1", "localhost", "::1") or host.startswith("/"), address
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report, gap = out / "report.html", out / "gap-sample_checklist.html"
    assert f"report: {report}" in " ".join(result.stdout.split())
    html = report.read_text(encoding="utf-8")
    assert re.search(rf'data-figure="ads">{SAMPLE_ADS}<', html)
    assert re.search(rf'data-figure="sources">{len(SOURCE_TYPES)}<', html)  # every type crawled
    assert f'data-figure="postings">{SAMPLE_ADS}<' in gap.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [gap.name, report.name]  # temp store gone
    assert not list(tmp_path.glob("xdg/skillgap/*.sqlite"))  # the user's store untouched


def test_demo_from_a_folder_holding_a_skillgap_directory(tmp_path: Path) -> None:
    """$HOME after `git clone .../skillgap`: the crawl's child process must still import the
    installed package, not the folder of the same name in the current directory."""
    (tmp_path / "skillgap" / "skillgap").mkdir(parents=True)  # a clone: no __init__.py on top
    (tmp_path / "crawler").mkdir()
    command = Path(sys.executable).with_name("skillgap")
    done = subprocess.run(
        [str(command), "demo", "-o", "out"],
        cwd=tmp_path,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ImportError" not in done.stderr and "crashed" not in done.stdout + done.stderr
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert re.search(rf'data-figure="ads">{SAMPLE_ADS}<', html)
