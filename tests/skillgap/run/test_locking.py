"""Every command that writes to the store takes the one run lock; whoever takes over the lock
of a holder that died ends the crawler it left and closes the runs it left `running`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from skillgap.run.crawl import CHILD_MODULE, crawl
from skillgap.run.extract import extract_run
from skillgap.run.locking import RunLocked, holding, take_lock
from skillgap.store import Store
from skillgap.store.locks import PIPELINE_LOCK, StoreLock, read_lock
from tests.support.sample_sources import MakeConfig

linux = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def a_dead_holder(store: Store, children: list[tuple[int, str]]) -> StoreLock:
    """A lock held by a process that died with one run open and these process groups."""
    ghost = StoreLock(store, PIPELINE_LOCK, expires_after=3600)
    ghost.pid = dead_pid()
    ghost.acquire()
    ghost._stop.set()
    ghost.attach_run(store.start_run(kind="run"))
    for pid, marker in children:
        ghost.attach_child(pid, marker)
    return ghost


@linux
def test_taking_over_from_a_dead_holder_ends_its_crawler_and_closes_its_runs(
    any_db_url: str,
) -> None:
    # the orphan: a real crawler child in a group of its own, waiting for a job on stdin
    orphan = subprocess.Popen([sys.executable, "-P", "-m", CHILD_MODULE, "1"],
                              stdin=subprocess.PIPE, process_group=0)  # fmt: skip
    # a process whose id was recorded but which is not our crawler (an id reused): spared
    stranger = subprocess.Popen(["sleep", "60"], process_group=0)
    try:
        with Store.open(any_db_url) as store:
            a_dead_holder(store, [(orphan.pid, CHILD_MODULE), (stranger.pid, CHILD_MODULE)])
            with holding(store, "skillgap crawl") as lock:
                assert lock.took_over is not None
                assert orphan.wait(timeout=10) == -9  # SIGKILL to its group
                assert stranger.poll() is None
            runs = store.runs_frame()
            assert runs.status.tolist() == ["interrupted"]
            assert "died" in runs.error.iloc[0]
            assert read_lock(store, PIPELINE_LOCK) is None
    finally:
        for proc in (orphan, stranger):
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def test_a_holder_closes_the_runs_it_left_running_when_it_lets_go(any_db_url: str) -> None:
    with Store.open(any_db_url) as store:
        with holding(store, "skillgap run") as lock:
            lock.attach_run(store.start_run(kind="run"))
            other = store.start_run(kind="crawl")
            lock.attach_run(other)
            store.finish_run(other, "ok", {})
        runs = store.runs_frame().set_index("id")
        assert runs.status.tolist() == ["interrupted", "ok"]
        assert read_lock(store, PIPELINE_LOCK) is None


def test_crawl_and_extract_take_the_lock_a_run_holds(make_config: MakeConfig, db_url: str) -> None:
    config = make_config()
    with Store.open(db_url) as store:
        lock = take_lock(store, "a scheduled run")
        try:
            with pytest.raises(RunLocked, match="a scheduled run"):
                crawl(config, extract=False)
            with pytest.raises(RunLocked, match="a scheduled run"):
                extract_run(store)
            args = ["--config", str(config.path)]
            writers = (["crawl", *args], ["extract", *args], ["prune", "--keep-html", "1d", *args])
            for command in writers:
                result = CliRunner().invoke(app, command)
                assert result.exit_code == 75 and "refused" in result.output, result.output
                assert "Traceback" not in result.output
        finally:
            lock.release()
        assert store.runs_frame().empty  # refused: nothing recorded, nothing crawled
        assert store.stats().postings == 0


def test_a_crawl_attaches_its_run_and_child_to_the_lock_and_lets_go(
    make_config: MakeConfig, db_url: str
) -> None:
    seen: dict[str, object] = {}

    def on_event(kind: str, source: str, data: dict[str, object]) -> None:
        if kind == "started":
            with Store.open(db_url) as store:
                held = read_lock(store, PIPELINE_LOCK)
            assert held is not None
            seen.update(runs=held.run_ids, children=held.child_groups, pid=data["pid"])

    result = crawl(make_config(), ["greenhouse"], on_event=on_event, extract=False)
    assert seen["runs"] == [result.run_id]
    assert seen["children"] == [(seen["pid"], CHILD_MODULE)]
    with Store.open(db_url) as store:
        assert read_lock(store, PIPELINE_LOCK) is None
        assert store.runs_frame().status.tolist() == ["ok"]
