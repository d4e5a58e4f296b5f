"""run_pipeline and `skillgap run` against the loopback sample server and a real store."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crawler.sampleserver import Fault, SampleServer
from skillgap.cli import app
from skillgap.run.demo import SAMPLE_CHECKLIST
from skillgap.run.locking import RunLocked
from skillgap.run.pipeline import PipelineOptions, run_pipeline
from skillgap.store import Store
from skillgap.store.locks import PIPELINE_LOCK, StoreLock, read_lock
from tests.support.sample_sources import SAMPLE_ADS, MakeConfig

runner = CliRunner()


def ads_figure(html: Path) -> int:
    found = re.search(r'data-figure="ads">([\d,]+)<', html.read_text(encoding="utf-8"))
    assert found, "the report has no ads figure"
    return int(found.group(1).replace(",", ""))


def runs(db_url: str) -> Any:
    with Store.open(db_url) as store:
        return store.runs_frame()


def fail_every_source(server: SampleServer) -> None:
    """Every path the sample sources use answers 503 from now on."""
    down = Fault(status=503)
    paths = [
        "/robots.txt",
        "/api",
        "/sitemap.xml",
        "/api/v1/search_by_date",
        "/posting-api/job-board/orbitcart",
        "/categories/remote-back-end-programming-jobs.rss",
        "/api/v1/widget/accounts/pinecrest",
        "/recruitee/dunelight/api/offers/",
        "/personio/kestrelwerk/xml",
        "/teamtailor/lumenfjord/jobs.rss",
        "/api/remote-jobs",
        "/jobs/api",
        "/api/public/jobs",
    ]
    paths += [f"/v1/boards/{b}/jobs" for b in ("quillfeather", "harborline")]
    paths += [f"/v0/postings/{c}" for c in ("nimbusforge", "tallowtech")]
    paths += [f"/careers/tidewater/{p}.html" for p in ("scala-engineer", "kotlin-backend")]
    for path in paths:
        server.faults[path] = down


def test_run_names_unreachable_sources_and_always_writes_the_report(
    make_config: MakeConfig, tmp_path: Path, db_url: str, server: SampleServer
) -> None:
    dead = SampleServer().start()
    dead_url = dead.url
    dead.stop()  # nothing listens on this port any more
    extra = f'[[sources]]\ntype = "remoteok"\nname = "offline-board"\nbase_url = "{dead_url}"\n'
    config = make_config(extra)
    report = tmp_path / "out" / "report.html"
    args = [
        "run",
        "--config",
        str(config.path),
        "-o",
        str(report),
        "--checklist",
        str(SAMPLE_CHECKLIST),
    ]
    result = runner.invoke(app, args, catch_exceptions=False)

    # partial: the offline source is named, the others made it into store and report
    assert result.exit_code == 3, result.output
    assert "offline-board" in result.stderr and "problem" in result.stderr
    assert f"tagged {SAMPLE_ADS} new or changed postings" in result.stdout
    assert ads_figure(report) == SAMPLE_ADS
    gap_page = tmp_path / "out" / "gap-sample_checklist.html"
    assert f'data-figure="postings">{SAMPLE_ADS}<' in gap_page.read_text(encoding="utf-8")
    history = runs(db_url)
    run_row = history.query("kind == 'run'").iloc[0]
    crawl_row = history.query("kind == 'crawl'").iloc[0]
    assert run_row.status == "partial" and "offline-board" in run_row.error
    assert json.loads(run_row.figures) == json.loads(crawl_row.figures)  # per-source figures
    assert json.loads(run_row.figures)["greenhouse"]["new"] == 5
    assert run_row.finished_at >= crawl_row.finished_at
    with Store.open(db_url) as store:
        assert read_lock(store, PIPELINE_LOCK) is None  # released

    # every source down: the run fails, the report is rebuilt from what the store holds
    with Store.open(db_url) as store:
        again_mentions = len(store.mentions_frame())
    report.unlink()
    fail_every_source(server)
    tomorrow = datetime.now(UTC) + timedelta(days=1)  # retention: every ad counts as old
    again = run_pipeline(config, PipelineOptions(report_path=report, keep_html=tomorrow))
    assert again.status == "failed" and again.extracted == 0
    assert again.pruned == SAMPLE_ADS  # retention ran after the report
    assert all(f["errors"] for f in again.figures.values())
    assert any(p.startswith("crawl: greenhouse failed") for p in again.problems)
    assert ads_figure(report) == SAMPLE_ADS
    with Store.open(db_url) as store:  # a failed crawl closes nothing; pruning keeps mentions
        assert len(store.postings_frame(include_closed=False)) == SAMPLE_ADS
        assert len(store.mentions_frame()) == again_mentions
    assert runs(db_url).query("kind == 'run'").status.tolist() == ["partial", "failed"]


def test_a_second_run_is_refused_while_one_holds_the_lock(
    make_config: MakeConfig, tmp_path: Path, db_url: str, server: SampleServer
) -> None:
    config = make_config()
    with Store.open(db_url) as store, StoreLock(store, PIPELINE_LOCK, purpose="a scheduled run"):
        with pytest.raises(RunLocked, match="a scheduled run"):
            run_pipeline(config, PipelineOptions(report_path=tmp_path / "r.html"))
        result = runner.invoke(app, ["run", "--config", str(config.path)])
        assert result.exit_code == 75
        assert "refused" in result.stderr and "another run holds the lock" in result.stderr
    assert server.requests == []  # nothing crawled
    assert runs(db_url).empty  # nothing recorded
