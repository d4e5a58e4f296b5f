"""SIGTERM/Ctrl-C and kill -9 against real `skillgap` processes crawling the sample server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.sampleserver import SampleServer
from skillgap.config import load_config
from skillgap.run.pipeline import PipelineOptions, run_pipeline
from skillgap.run.signals import RunInterrupted, guarded
from skillgap.store import Store
from skillgap.store.locks import PIPELINE_LOCK, read_lock
from tests.support.sample_sources import SAMPLE_ADS, MakeConfig

MAIN = "import sys; from skillgap.cli import main; sys.argv[0] = 'skillgap'; main()"
SLOW = 0.3  # seconds per request: the crawl takes long enough to be interrupted


def skillgap(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", MAIN, *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def wait_for(check: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        assert proc.poll() is None, f"exited early: {proc.communicate()}"
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"timed out waiting; output: {proc.communicate()}")


def stored(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    try:
        with sqlite3.connect(db_file) as conn:
            return int(conn.execute("SELECT count(*) FROM postings").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def check_consistent(db_file: Path) -> None:
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        dups = "SELECT count(*) FROM (SELECT source, external_id FROM postings GROUP BY 1, 2 " \
               "HAVING count(*) > 1)"  # fmt: skip
        assert conn.execute(dups).fetchone()[0] == 0
        closed = "SELECT count(*) FROM postings WHERE closed_at IS NOT NULL"
        assert conn.execute(closed).fetchone()[0] == 0  # an interrupted crawl closes nothing


def test_sigterm_then_kill_9_then_a_clean_run(
    make_config: MakeConfig, db_url: str, server: SampleServer, tmp_path: Path
) -> None:
    config_path = make_config(concurrency=1, concurrency_per_domain=1).path
    db_file = Path(db_url.removeprefix("sqlite:///"))
    server.delay = SLOW
    # 1. SIGTERM during the crawl: stops cleanly, recorded as interrupted, exit code 130
    proc = skillgap("run", "--config", str(config_path), "-o", str(tmp_path / "r.html"))
    wait_for(lambda: stored(db_file) >= 2, proc)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "interrupted: run" in err and out == ""  # one line, as for Ctrl-C
    with Store.open(db_url) as store:
        history = store.runs_frame()
        assert read_lock(store, PIPELINE_LOCK) is None  # released on the way out
        kept = len(store.postings_frame())
        assert store.stats().extracted == 0  # stopped before extraction
    assert set(history.status) == {"interrupted"} and set(history.kind) == {"run", "crawl"}
    assert history.finished_at.notna().all()
    assert 2 <= kept < SAMPLE_ADS
    check_consistent(db_file)

    # 2. kill -9 while holding the lock: the lock and a "running" run are left behind
    proc = skillgap("run", "--config", str(config_path), "-o", str(tmp_path / "r.html"))
    wait_for(lambda: stored(db_file) > kept, proc)  # crawling: the crawl has a run record
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    with Store.open(db_url) as store:
        dead = read_lock(store, PIPELINE_LOCK)
        assert dead is not None and dead.pid == proc.pid
        assert len(dead.run_ids) == 2  # its run and the crawl inside it

    # 3. the next run sees the holder is dead, clears its lock, and completes
    server.delay = 0
    result = run_pipeline(
        load_config(config_path), PipelineOptions(report_path=tmp_path / "r.html")
    )
    assert result.status == "ok" and result.stale_lock_cleared
    with Store.open(db_url) as store:
        history = store.runs_frame()
        assert (history.status != "running").all()  # the dead run and its crawl are closed
        runs = history.query("kind == 'run'")
        assert runs.status.tolist() == ["interrupted", "interrupted", "ok"]
        assert "died" in runs.error.iloc[1]
        assert history.query("kind == 'crawl'").status.tolist()[:2] == ["interrupted"] * 2
        assert len(store.postings_frame()) == SAMPLE_ADS
        assert store.stats().extracted == SAMPLE_ADS  # everything tagged, nothing lost
        assert read_lock(store, PIPELINE_LOCK) is None
    check_consistent(db_file)


def test_schedule_stops_on_sigterm_between_and_during_runs(
    make_config: MakeConfig, db_url: str, server: SampleServer, tmp_path: Path
) -> None:
    config_path = make_config(concurrency=1, concurrency_per_domain=1).path
    log_file = tmp_path / "logs" / "schedule.log"
    common = ["--config", str(config_path), "--log-file", str(log_file), "--jitter", "0"]
    # idle (next slot far away): stops at once, cleanly
    proc = skillgap("schedule", "--cron", "0 6 1 1 *", *common)
    wait_for(lambda: log_file.exists() and "scheduler started" in log_file.read_text(), proc)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "stopped by a signal between runs" in log_file.read_text()

    # during a run: the run is recorded as interrupted, then the scheduler exits
    server.delay = SLOW
    db_file = Path(db_url.removeprefix("sqlite:///"))
    proc = skillgap("schedule", "--cron", "0 6 1 1 *", "--now", *common)
    wait_for(lambda: stored(db_file) >= 2, proc)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 0
    with Store.open(db_url) as store:
        assert store.runs_frame().query("kind == 'run'").status.tolist() == ["interrupted"]
        assert read_lock(store, PIPELINE_LOCK) is None
    log = log_file.read_text()
    assert "interrupted" in log and "stopping the scheduler" in log
    check_consistent(db_file)


class _RaisesWhenCollected:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __del__(self) -> None:
        raise self.error


def test_an_interrupt_swallowed_by_a_finalizer_is_quiet_and_stops_at_the_next_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C landing in a weakref callback (seen in SQLAlchemy's) printed a traceback."""
    reported: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: reported.append(u.exc_type))
    with guarded() as guard:
        guard.received.append(signal.SIGINT)  # the handler took it, then raised in a finalizer
        _RaisesWhenCollected(RunInterrupted(signal.SIGINT))
        assert reported == []
        _RaisesWhenCollected(ValueError("a real bug"))  # anything else is still reported
        assert reported == [ValueError]
        with pytest.raises(RunInterrupted):
            guard.check()
    _RaisesWhenCollected(RunInterrupted(signal.SIGINT))  # the guard's hook went with it
    assert reported == [ValueError, RunInterrupted]
