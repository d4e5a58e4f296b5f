"""`skillgap demo`: fully offline, real spiders on loopback, report + gap page, store removed."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

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
    assert re.search(r'data-figure="sources">7<', html)  # every source type crawled
    assert f'data-figure="postings">{SAMPLE_ADS}<' in gap.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [gap.name, report.name]  # temp store gone
    assert not list(tmp_path.glob("xdg/skillgap/*.sqlite"))  # the user's store untouched
