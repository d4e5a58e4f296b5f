"""Ctrl-C at any moment of `demo`, `run`, `crawl` or `schedule`: one line, exit 130, no
traceback. The signal goes to the whole process group, as a terminal sends it (the crawl's
child process gets it too), at moments found by watching the files the command writes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawler.sampleserver import Fault, SampleServer

SKILLGAP = [sys.executable, "-c", "import sys; from skillgap.cli import main; "
            "sys.argv[0] = 'skillgap'; main()"]  # fmt: skip
SLOW_PATHS = ("/api/v1/items/47100001", "/careers/tidewater/scala-engineer.html")


def _postings(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM postings").fetchone()[0])
    except sqlite3.Error:  # not made yet, or busy
        return 0


def _ctrl_c(
    args: list[str], cwd: Path, when: Callable[[], bool], release: threading.Event | None = None
) -> tuple[int, str, str]:
    """Start skillgap, wait until `when()` holds, send SIGINT to its process group."""
    env = {**os.environ, "XDG_DATA_HOME": str(cwd / "xdg")}
    proc = subprocess.Popen([*SKILLGAP, *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120  # a bound for a stuck test, not a timing check
        while not when() and proc.poll() is None:
            assert time.monotonic() < deadline, "the moment never came"
            time.sleep(0.05)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        if release is not None:
            release.set()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode, out, err


def _one_line(code: int, out: str, err: str, first_word: str = "interrupted") -> None:
    assert code == 130, (code, out, err)
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in err
    assert "open None" not in out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(first_word), err


@pytest.mark.parametrize("moment", ["loading", "crawling", "rendering"])
def test_ctrl_c_during_the_demo(tmp_path: Path, moment: str) -> None:
    store, report = tmp_path / "demo" / "store.sqlite", tmp_path / "demo" / "report.html"
    started = time.monotonic()
    when = {
        "loading": lambda: time.monotonic() - started > 0.3,  # imports, the sample server
        "crawling": lambda: _postings(store) > 0,  # the crawl's child is storing
        "rendering": report.exists,  # the report is written, the gap page is next
    }[moment]
    code, out, err = _ctrl_c(["demo", "-o", "demo"], tmp_path, when)
    if code == 0 and moment == "rendering":  # it finished first: the usual ending, no None
        assert "open None" not in out and "Traceback" not in err
        return
    _one_line(code, out, err)
    assert out == ""  # no table, no next commands of a half-made demo


@pytest.fixture
def slow_server(data_dir: Path) -> Any:
    """The sample server, holding two answers back until released (a crawl in progress)."""
    release = threading.Event()
    with SampleServer(data_dir) as srv:
        for path in SLOW_PATHS:
            srv.faults[path] = Fault(hold=release)
        yield srv, release
        release.set()


def _config(tmp_path: Path, server: SampleServer) -> tuple[Path, Path]:
    from crawler.sampleserver import sample_config
    from tests.support.sample_sources import FAST

    store = tmp_path / "store.sqlite"
    path = tmp_path / "skillgap.toml"
    path.write_text(sample_config(server.url, f"sqlite:///{store}", FAST), "utf-8")
    return path, store


@pytest.mark.parametrize("command", ["run", "crawl"])
def test_ctrl_c_during_a_run_or_a_crawl(tmp_path: Path, slow_server: Any, command: str) -> None:
    server, release = slow_server
    config, store = _config(tmp_path, server)
    args = [command, "--config", str(config)]
    if command == "run":
        args += ["-o", str(tmp_path / "report.html")]
    code, out, err = _ctrl_c(args, tmp_path, lambda: _postings(store) >= 5, release)
    word = "interrupted: crawl run" if command == "crawl" else "interrupted: run"
    _one_line(code, out, err, first_word=word)
    assert out == ""


@pytest.mark.parametrize("moment", ["between runs", "during a run"])
def test_ctrl_c_stops_the_schedule(tmp_path: Path, slow_server: Any, moment: str) -> None:
    server, release = slow_server
    config, store = _config(tmp_path, server)
    log = tmp_path / "schedule.log"
    args = ["schedule", "--config", str(config), "--cron", "0 6 * * *", "--log-file", str(log)]
    if moment == "during a run":
        args.append("--now")
        when = lambda: _postings(store) >= 5  # noqa: E731
    else:
        when = lambda: log.exists() and "scheduler started" in log.read_text()  # noqa: E731
    code, out, err = _ctrl_c(args, tmp_path, when, release)
    assert code == 130, err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in err
    stopped = [line for line in err.splitlines() if "stop" in line and "Ctrl-C" not in line]
    assert stopped, err  # the scheduler says it stopped
