"""Offline: when no source can be resolved or connected to, the crawl says so in one line
and stops after one quick retry per host instead of minutes of retries. Loopback only: a
closed 127.0.0.1 port and a `.invalid` host (RFC 6761: never resolves)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from crawler.sampleserver import Fault, SampleServer
from skillgap.cli import app
from skillgap.config import Config, load_config
from skillgap.run.crawl import NO_SOURCE_REACHED, crawl
from skillgap.run.pipeline import PipelineOptions, run_pipeline

runner = CliRunner()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def offline_sources() -> str:
    return f"""
[[sources]]
type = "greenhouse"
base_url = "http://127.0.0.1:{closed_port()}"
boards = ["alpha", "beta", "gamma", "delta"]

[[sources]]
type = "remoteok"
base_url = "http://jobs.skillgap-test.invalid"
"""


def write_config(tmp_path: Path, db_url: str, sources: str) -> Config:
    # the crawler's own retry settings (3 retries, 1 s backoff...), nothing made faster
    path = tmp_path / "offline.toml"
    path.write_text(f'[store]\nurl = "{db_url}"\n\n[crawl]\nlog_level = "WARNING"\n{sources}')
    return load_config(path)


def test_no_source_reached_is_one_clear_failure(tmp_path: Path, db_url: str) -> None:
    config = write_config(tmp_path, db_url, offline_sources())
    result = crawl(config)
    assert result.offline and result.status == "failed"
    assert result.notes[0] == NO_SOURCE_REACHED
    for fig in result.figures.values():  # every error was a failure to resolve or connect
        assert fig["fetched"] == 0 and fig["errors"] == fig["unreachable"] > 0
    # greenhouse's boards after the first were never tried: the host was given up on
    boards = " ".join(result.errors["greenhouse"])
    assert boards.count("could not be reached") >= 3
    assert result.extracted is None  # nothing to tag: extraction is not started


def test_the_crawl_command_prints_one_line_and_fails(tmp_path: Path, db_url: str) -> None:
    config = write_config(tmp_path, db_url, offline_sources())
    got = runner.invoke(app, ["crawl", "--config", str(config.path)], catch_exceptions=False)
    assert got.exit_code == 1
    assert f"error: {NO_SOURCE_REACHED}" in got.stderr.replace("\n", " ")
    assert "greenhouse" not in got.stdout  # no table of failed sources
    as_json = runner.invoke(app, ["crawl", "--json", "--config", str(config.path)])
    assert as_json.exit_code == 1
    payload = json.loads(as_json.stdout)
    assert payload["status"] == "failed" and payload["notes"] == [NO_SOURCE_REACHED]


def test_run_names_the_cause_once(tmp_path: Path, db_url: str) -> None:
    config = write_config(tmp_path, db_url, offline_sources())
    result = run_pipeline(config, PipelineOptions(report_path=tmp_path / "report.html"))
    assert result.status == "failed"
    assert result.problems == [f"crawl: {NO_SOURCE_REACHED}"]


def test_a_source_that_answers_errors_is_not_unreachable(
    tmp_path: Path, db_url: str, server: SampleServer
) -> None:
    server.faults["/v1/boards/quillfeather/jobs"] = Fault(status=403)
    answering = f"""
[[sources]]
type = "greenhouse"
name = "answers"
base_url = "{server.url}"
boards = ["quillfeather"]
"""
    config = write_config(tmp_path, db_url, offline_sources() + answering)
    result = crawl(config, extract=False)
    assert not result.offline and NO_SOURCE_REACHED not in result.notes
    assert result.status == "failed"
    assert "unreachable" not in result.figures["answers"]
