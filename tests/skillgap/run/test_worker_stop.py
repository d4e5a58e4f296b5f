"""Stopping a run while extraction workers are busy: the run stops with one line, and the
workers print no RunInterrupted (or any) traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.support.paths import REPO

SCRIPT = textwrap.dedent(
    """
    import itertools, sys
    from analyzer.extract import AdInput, extract_parallel
    from skillgap.run.signals import RunInterrupted, guarded

    ads = (AdInput(i, "Requirements: Python, Go, PostgreSQL and Kafka. " * 40)
           for i in itertools.count())
    with guarded():
        try:
            for n, _ in enumerate(extract_parallel(ads, workers=2, chunk_size=4)):
                if n == 8:
                    print("busy", flush=True)
        except RunInterrupted as stop:
            print(f"stopped by {stop}", flush=True)
            sys.exit(130)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_workers_print_no_traceback_when_the_group_is_stopped(signum: int) -> None:
    # like systemd or Ctrl-C: the whole process group gets the signal
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], cwd=REPO, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "busy"
        os.killpg(proc.pid, signum)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert f"stopped by {signal.Signals(signum).name}" in out
    assert "Traceback" not in err and "RunInterrupted" not in err, err


KILL_ONE = textwrap.dedent(
    """
    import itertools, multiprocessing, os, signal, sys
    from analyzer.extract import AdInput, WorkerDied, extract_parallel

    ads = (AdInput(i, "Requirements: Python, Go, PostgreSQL and Kafka. " * 40)
           for i in itertools.count())
    try:
        for n, _ in enumerate(extract_parallel(ads, workers=2, chunk_size=4)):
            if n == 8:
                os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)
    except WorkerDied as exc:
        print(f"error: {exc}", flush=True)
        sys.exit(1)
    """
)


def test_a_worker_killed_from_outside_is_one_clear_error_not_a_hang() -> None:
    done = subprocess.run([sys.executable, "-c", KILL_ONE], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "extraction worker process ended abruptly" in done.stdout
    assert "Traceback" not in done.stderr, done.stderr
