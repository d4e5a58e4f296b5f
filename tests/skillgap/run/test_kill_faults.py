"""Fault injection (issue 20): `skillgap run`, `crawl` and `extract` are killed with SIGKILL or
stopped with SIGTERM at several moments (crawling, tagging, grouping) against the loopback
sample server; after each: no process of the killed command is left, the next run takes
over cleanly, the store holds every served posting exactly once, every posting is tagged,
the duplicate groups are those a full regrouping gives, and no run is left `running`.

The moment is picked by the store's state (postings stored while some answers are held back)
or by the SKILLGAP_PAUSE_AT test hook (skillgap/store/pause.py). Every process the command
starts inherits a tag in its environment, which is how the survivors are found in /proc.
Marked `faults` (`pytest -m "not faults"` leaves it out); SQLite only, to stay bounded.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from analyzer.fingerprint import extraction_fingerprint
from crawler.sampleserver import Fault, SampleServer
from skillgap.config import load_config
from skillgap.run.crawl import crawl
from skillgap.run.pipeline import PipelineOptions, run_pipeline
from skillgap.store import Store, grouping
from skillgap.store.locks import PIPELINE_LOCK, read_lock
from skillgap.store.pause import PAUSE_AT, PAUSE_FILE
from skillgap.store.schema import dup_groups
from tests.support.sample_sources import SAMPLE_ADS, MakeConfig

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)"),
]

MAIN = "import sys; from skillgap.cli import main; sys.argv[0] = 'skillgap'; main()"
TAG = "SKILLGAP_FAULT_TAG"
HELD = (  # answers held back while crawling, so the crawl is caught half-way
    "/api/v1/items/47100001",
    "/careers/tidewater/scala-engineer.html",
    "/v0/postings/nimbusforge",
)


@dataclass(frozen=True)
class Case:
    command: str  # run | crawl | extract
    moment: str  # crawl | tagging | grouping
    signum: signal.Signals

    def __str__(self) -> str:
        return f"{self.command}-{self.signum.name}-at-{self.moment}"


CASES = [  # each command, both signals, crawling, tagging and grouping (~30 s each)
    Case("run", "crawl", signal.SIGKILL),  # the crawler child must not crawl on, orphaned
    Case("run", "crawl", signal.SIGTERM),
    Case("run", "grouping", signal.SIGKILL),
    Case("run", "grouping", signal.SIGTERM),
    Case("crawl", "crawl", signal.SIGKILL),
    Case("crawl", "tagging", signal.SIGTERM),
    Case("extract", "tagging", signal.SIGKILL),
    Case("extract", "grouping", signal.SIGTERM),
]


def processes_tagged(tag: str) -> list[int]:
    """Live (not zombie) processes whose environment carries the tag."""
    needle = f"{TAG}={tag}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            found.append(int(proc.name))
    return found


def stored(db_file: Path) -> int:
    try:
        with sqlite3.connect(db_file) as conn:
            return int(conn.execute("SELECT count(*) FROM postings").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def wait_for(check: Callable[[], bool], proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None:
            raise AssertionError(f"exited early ({proc.returncode}): {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"timed out waiting; output: {proc.communicate()}")
        time.sleep(0.05)


def args_of(case: Case, config: Path, tmp_path: Path) -> list[str]:
    common = ["--config", str(config)]
    if case.command == "run":
        return ["run", *common, "-o", str(tmp_path / "killed.html")]
    if case.command == "crawl":
        return ["crawl", *common]
    return ["extract", *common, "--workers", "1"]


def check_store(db_url: str) -> None:
    """Every served posting once, all tagged, groups as a full regrouping makes them, no run
    left running, no lock held, the file intact."""
    with Store.open(db_url) as store:
        postings = store.postings_frame()
        assert len(postings) == SAMPLE_ADS
        assert not postings.duplicated(["source", "external_id"]).any()
        assert store.stats().extracted == SAMPLE_ADS
        assert store.pending_extraction(extraction_fingerprint()) == []
        assert store.grouping_pending() == 0
        with store.read() as conn:
            rows = grouping.read_for_grouping(conn)
            kept = {r.id: (r.size, r.method) for r in conn.execute(dup_groups.select())}
            full = grouping.plan_groups(conn, rows, full=True)
        assert full.changed == [] and kept == full.result.groups
        runs = store.runs_frame()
        assert (runs.status != "running").all(), runs[["id", "kind", "status"]]
        assert read_lock(store, PIPELINE_LOCK) is None
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_killed_at_a_moment_then_the_next_run_takes_over(
    case: Case, make_config: MakeConfig, db_url: str, server: SampleServer, tmp_path: Path
) -> None:
    config = make_config()
    db_file = Path(db_url.removeprefix("sqlite:///"))
    if case.command == "extract":  # a store crawled, not tagged yet
        crawl(config, extract=False)
    release = threading.Event()
    if case.moment == "crawl":
        for path in HELD:
            server.faults[path] = Fault(hold=release)
    tag, pause_file = uuid.uuid4().hex, tmp_path / "paused"
    env = {**os.environ, TAG: tag, PAUSE_AT: case.moment, PAUSE_FILE: str(pause_file)}
    cmd = [sys.executable, "-c", MAIN, *args_of(case, config.path, tmp_path)]
    proc = subprocess.Popen(cmd, env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    try:
        if case.moment == "crawl":
            wait_for(lambda: stored(db_file) >= 10, proc, timeout=90)
        else:
            wait_for(pause_file.exists, proc, timeout=120)
        before = processes_tagged(tag)
        proc.send_signal(case.signum)
        if case.signum == signal.SIGTERM:
            release.set()  # a slow source answers in the end; the crawl stops cleanly
        out, err = proc.communicate(timeout=60)
        # no process of the killed command is left, even with answers still held back
        deadline = time.monotonic() + 20
        while (left := processes_tagged(tag)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert left == [], f"left running: {left} (of {before})"
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    if case.signum == signal.SIGTERM:
        assert proc.returncode == 130 and "Traceback" not in err, (out, err)
        with Store.open(db_url) as store:
            assert read_lock(store, PIPELINE_LOCK) is None  # let go on the way out
    else:
        assert proc.returncode == -signal.SIGKILL
    server.faults.clear()

    # the next run takes over (clearing the dead holder's lock) and completes everything
    result = run_pipeline(
        load_config(config.path), PipelineOptions(report_path=tmp_path / "r.html")
    )
    assert result.status == "ok", result.problems
    assert result.stale_lock_cleared == (case.signum == signal.SIGKILL)
    check_store(db_url)
    with Store.open(db_url) as store:
        runs = store.runs_frame()
    kind = {"run": "run", "crawl": "crawl", "extract": "extract"}[case.command]
    killed = runs[runs.kind == kind].iloc[0]  # the seeding crawl of `extract` is no crawl kill
    # a crawl stopped while it extracted had recorded its crawl as done before
    expected = "ok" if case.command == "crawl" and case.moment != "crawl" else "interrupted"
    assert killed.status == expected, runs[["id", "kind", "status", "error"]]
