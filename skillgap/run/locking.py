"""The store's run lock as every command that writes to the store takes it.

`skillgap run`, `crawl` and `extract` (and each scheduled run) hold the same lock
(`PIPELINE_LOCK`), so they never overlap. Whoever takes over the lock of a holder that died
cleans up after it: the process groups it started (its crawler) are killed, so no orphan
crawls on beside the new holder, and the runs it left `running` are marked interrupted.
A holder that stops (finishing, failing or interrupted) marks any run it attached and did
not finish as interrupted before it lets the lock go, so no run stays `running`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from skillgap.errors import SkillgapError
from skillgap.store import Store
from skillgap.store.locks import (
    DEFAULT_EXPIRY,
    PIPELINE_LOCK,
    LockHeld,
    LockInfo,
    StoreLock,
    pid_alive,
)

log = logging.getLogger("skillgap.run")

CHILD_GONE_WAIT = 10.0  # seconds to wait for killed children to be gone


class RunLocked(SkillgapError):
    """Another live process holds the store's run lock; this command was refused."""

    def __init__(self, held: LockHeld) -> None:
        self.holder: LockInfo = held.holder
        super().__init__(str(held))


class LockUnavailable(SkillgapError):
    """The database refused the lock (unreachable, read-only): nothing was started."""


def take_lock(
    store: Store, purpose: str, expires_after: float = DEFAULT_EXPIRY, name: str | None = None
) -> StoreLock:
    """The run lock, or RunLocked naming its live holder. A lock left by a holder that died
    is taken over after ending its children and closing its runs (`recover`). A process of
    a distributed crawl takes a lock `name`d for itself, so the others are not refused."""
    lock = StoreLock(store, name or PIPELINE_LOCK, purpose=purpose, expires_after=expires_after)
    try:
        lock.acquire()
    except LockHeld as held:
        raise RunLocked(held) from None
    except Exception as exc:  # the database refused: nothing has started
        raise LockUnavailable(f"cannot take the run lock in the store: {exc}") from exc
    if lock.took_over is not None:
        try:
            recover(store, lock.took_over)
        except BaseException:
            lock.release()
            raise
    return lock


def release(store: Store, lock: StoreLock) -> None:
    """Let the lock go; runs attached to it and still `running` are marked interrupted."""
    try:
        close_runs(store, lock.run_ids, "stopped before it recorded its outcome")
    finally:
        lock.release()


@contextlib.contextmanager
def holding(
    store: Store, purpose: str, expires_after: float = DEFAULT_EXPIRY
) -> Iterator[StoreLock]:
    """`with holding(store, "skillgap extract") as lock:` ... (see take_lock, release)."""
    lock = take_lock(store, purpose, expires_after)
    try:
        yield lock
    finally:
        release(store, lock)


def recover(store: Store, dead: LockInfo) -> None:
    """After taking over a stale lock: end the dead holder's children, close its runs."""
    if dead.host == socket.gethostname() and not pid_alive(dead.pid):
        for pid in end_children(dead.child_groups):
            log.warning("ended process group %s left by pid %s, which died", pid, dead.pid)
    runs = store.runs_frame()
    left = runs[
        (runs.status == "running")
        & (runs.id.isin(dead.run_ids) | (runs.started_at >= dead.acquired_at))
    ]
    close_runs(store, [int(i) for i in left.id], "the process died during the run")


def close_runs(store: Store, run_ids: list[int], why: str) -> None:
    """Mark those of these runs still `running` as interrupted."""
    if not run_ids:
        return
    runs = store.runs_frame()
    for run_id in runs[runs.id.isin(run_ids) & (runs.status == "running")].id:
        store.finish_run(int(run_id), "interrupted", {}, error=why)
        log.warning("run %s was left running (%s): marked interrupted", run_id, why)


def _leads_our_group(pid: int, marker: str) -> bool:
    """Whether `pid` still leads a process group running our child (its command line holds
    `marker`), not an unrelated process that reused the id. Only where /proc tells."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return marker.encode() in cmdline and os.getpgid(pid) == pid
    except OSError:
        return False


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return not pid_alive(pid)
    return state in ("Z", "X")  # a zombie has ended; its new parent reaps it


def end_children(groups: list[tuple[int, str]], wait: float = CHILD_GONE_WAIT) -> list[int]:
    """SIGKILL each process group still running our child; wait until they are gone."""
    ended = []
    for pid, marker in groups:
        if _leads_our_group(pid, marker):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
                ended.append(pid)
    deadline = time.monotonic() + wait
    while any(not _gone(pid) for pid in ended) and time.monotonic() < deadline:
        time.sleep(0.05)
    return ended
