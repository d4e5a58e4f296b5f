"""The store lock: one holder at a time across processes, stale locks detected and cleared."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from skillgap.store import Store
from skillgap.store.locks import LockHeld, StoreLock, lock_summary, read_lock
from skillgap.store.schema import locks


@pytest.fixture
def store(any_db_url: str) -> Store:
    with Store.open(any_db_url) as s:
        yield s  # type: ignore[misc]


def dead_pid() -> int:
    """The id of a process that has just exited (on this host)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_one_holder_at_a_time_and_release(store: Store) -> None:
    first = StoreLock(store, "pipeline", purpose="manual run").acquire()
    with pytest.raises(LockHeld) as refused:
        StoreLock(store, "pipeline").acquire()
    message = str(refused.value)
    assert f"pid {os.getpid()}" in message and "manual run" in message
    assert StoreLock(store, "other-name").acquire().owner  # names are independent
    first.release()
    assert read_lock(store, "pipeline") is None
    with StoreLock(store, "pipeline") as second:
        assert read_lock(store, "pipeline").owner == second.owner  # type: ignore[union-attr]
    assert read_lock(store, "pipeline") is None


def test_expired_heartbeat_is_stale_and_taken_over(store: Store) -> None:
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    old = StoreLock(store, "pipeline", expires_after=60, clock=lambda: an_hour_ago)
    old.host = "another-machine"  # its pid means nothing here: only the heartbeat counts
    old.acquire()
    old._stop.set()  # it stops beating, as a frozen or partitioned machine would
    new = StoreLock(store, "pipeline").acquire()
    assert new.took_over is not None and new.took_over.owner == old.owner
    assert read_lock(store, "pipeline").owner == new.owner  # type: ignore[union-attr]
    assert old.beat() is False and old.lost  # the old holder learns it lost the lock
    new.release()


def test_lock_of_a_dead_process_on_this_host_is_stale(store: Store) -> None:
    ghost = StoreLock(store, "pipeline", expires_after=3600)
    ghost.pid = dead_pid()
    ghost.acquire()
    ghost._stop.set()
    assert lock_summary(read_lock(store, "pipeline"))["stale"] == "dead process"  # type: ignore[index]
    taker = StoreLock(store, "pipeline").acquire()
    assert taker.took_over is not None and taker.took_over.pid == ghost.pid
    taker.release()


def test_live_lock_on_another_host_is_respected(store: Store) -> None:
    remote = StoreLock(store, "pipeline", expires_after=3600)
    remote.host, remote.pid = "another-machine", dead_pid()  # pid unknown here: not judged
    remote.acquire()
    remote._stop.set()
    with pytest.raises(LockHeld, match="another-machine"):
        StoreLock(store, "pipeline").acquire()


def test_heartbeat_keeps_a_long_run_alive(store: Store) -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]

    def clock() -> datetime:
        return now[0]

    holder = StoreLock(store, "pipeline", expires_after=60, heartbeat_every=3600, clock=clock)
    holder.acquire()
    now[0] += timedelta(seconds=50)
    assert holder.beat()
    now[0] += timedelta(seconds=50)  # 100 s since it was taken, 50 s since its last beat
    with pytest.raises(LockHeld):
        StoreLock(store, "pipeline", clock=clock).acquire()
    now[0] += timedelta(seconds=11)  # a minute without a beat: stale, whatever the pid says
    taker = StoreLock(store, "pipeline", clock=clock).acquire()
    assert taker.took_over is not None and taker.took_over.owner == holder.owner
    assert not holder.beat() and holder.lost  # the old holder learns it lost the lock
    taker.release()
    holder._stop.set()


def test_the_heartbeat_thread_renews_the_lock(store: Store) -> None:
    holder = StoreLock(store, "pipeline", expires_after=3600, heartbeat_every=0.01).acquire()
    first = read_lock(store, "pipeline")
    assert first is not None
    deadline = time.monotonic() + 30
    while (
        now := read_lock(store, "pipeline")
    ) is not None and now.heartbeat_at == first.heartbeat_at:
        assert time.monotonic() < deadline, "the heartbeat never renewed the lock"
        time.sleep(0.01)
    holder.release()
    assert not holder.lost


def test_racing_processes_exactly_one_wins(store: Store) -> None:
    barrier = threading.Barrier(6)
    winners: list[StoreLock] = []
    refused: list[str] = []

    def contend() -> None:
        lock = StoreLock(store, "pipeline")
        barrier.wait()
        try:
            winners.append(lock.acquire())
        except LockHeld as exc:
            refused.append(str(exc))

    threads = [threading.Thread(target=contend) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1 and len(refused) == 5
    winners[0].release()


def test_racing_takeover_of_a_stale_lock_has_one_winner(store: Store) -> None:
    stale = StoreLock(store, "pipeline", expires_after=1,
                      clock=lambda: datetime.now(UTC) - timedelta(minutes=5))  # fmt: skip
    stale.acquire()
    stale._stop.set()
    barrier = threading.Barrier(4)
    winners: list[StoreLock] = []

    def contend() -> None:
        lock = StoreLock(store, "pipeline")
        barrier.wait()
        with contextlib.suppress(LockHeld):
            winners.append(lock.acquire())

    threads = [threading.Thread(target=contend) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    winners[0].release()


def test_a_lock_changed_under_its_holder_is_reported_lost(store: Store) -> None:
    holder = StoreLock(store, "pipeline", heartbeat_every=60).acquire()
    with store.write() as conn:
        conn.execute(update(locks).where(locks.c.name == "pipeline").values(owner="intruder"))
    assert holder.beat() is False and holder.lost
    holder.release()  # releases only its own row
    assert read_lock(store, "pipeline").owner == "intruder"  # type: ignore[union-attr]
