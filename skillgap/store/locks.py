"""A named lock held in the store, so runs never overlap across processes and machines.

The holder writes its host, pid and a random owner token, and renews `heartbeat_at` from a
background thread. A lock is stale when its heartbeat is older than `expires_after`
seconds, or when it was taken on this host by a process that no longer exists; a stale lock
is taken over with a conditional update (only if the row is still the stale one), so two
processes racing for it never both win.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from skillgap.errors import SkillgapError
from skillgap.store.core import Store
from skillgap.store.schema import locks

log = logging.getLogger("skillgap.store.locks")

PIPELINE_LOCK = "pipeline"  # the lock every run of the pipeline takes
DEFAULT_EXPIRY = 120.0  # seconds without a heartbeat before a lock counts as stale
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def store_clock(store: Store) -> Clock:
    """The database server's clock on PostgreSQL (machines sharing it may disagree on the
    time; the server is the one referee), this machine's clock for embedded SQLite."""
    if store.backend != "postgresql":
        return utcnow

    def server_now() -> datetime:
        with store.read() as conn:
            value = conn.execute(select(func.now())).scalar_one()
        return value.astimezone(UTC)

    return server_now


class LockHeld(SkillgapError):
    """Another live process holds the lock; the message names it."""

    def __init__(self, holder: LockInfo) -> None:
        self.holder = holder
        super().__init__(
            f"another run holds the lock {holder.name!r}: pid {holder.pid} on {holder.host}, "
            f"since {holder.acquired_at:%Y-%m-%d %H:%M:%S} UTC ({holder.purpose or 'run'}); "
            f"last heartbeat {holder.heartbeat_at:%H:%M:%S} UTC"
        )


@dataclass(frozen=True)
class LockInfo:
    name: str
    owner: str
    host: str
    pid: int
    purpose: str | None
    acquired_at: datetime
    heartbeat_at: datetime
    expires_after: float
    runs: str = "[]"  # JSON list of the run ids the holder has open
    children: str = "[]"  # JSON [[pid, marker]]: process groups the holder started

    @property
    def run_ids(self) -> list[int]:
        try:
            return [int(r) for r in json.loads(self.runs or "[]")]
        except (ValueError, TypeError):
            return []

    @property
    def child_groups(self) -> list[tuple[int, str]]:
        """(process group id, a word its leader's command line holds) of each child."""
        try:
            return [(int(pid), str(marker)) for pid, marker in json.loads(self.children or "[]")]
        except (ValueError, TypeError):
            return []


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def stale_reason(info: LockInfo, now: datetime, host: str) -> str | None:
    """Why a lock is stale ("expired" / "dead process"), or None while its holder lives."""
    if info.heartbeat_at + timedelta(seconds=info.expires_after) < now:
        return "expired"
    if info.host == host and not pid_alive(info.pid):
        return "dead process"
    return None


def read_lock(store: Store, name: str) -> LockInfo | None:
    with store.read() as conn:
        row = conn.execute(select(locks).where(locks.c.name == name)).first()
    return LockInfo(**row._mapping) if row else None


class StoreLock:
    """`with StoreLock(store, "pipeline"):` ... raises LockHeld when a live holder has it."""

    def __init__(
        self,
        store: Store,
        name: str = PIPELINE_LOCK,
        purpose: str | None = None,
        expires_after: float = DEFAULT_EXPIRY,
        heartbeat_every: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.name = name
        self.purpose = purpose
        self.expires_after = expires_after
        self.heartbeat_every = heartbeat_every or max(expires_after / 4, 0.05)
        self.clock = clock or store_clock(store)
        self.owner = uuid.uuid4().hex
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.lost = False
        self.took_over: LockInfo | None = None  # the stale lock this one replaced
        self.run_ids: list[int] = []  # the runs attached while holding it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --------------------------------------------------------------- acquire / release
    def acquire(self) -> StoreLock:
        now = self.clock()
        row = {
            "name": self.name,
            "owner": self.owner,
            "host": self.host,
            "pid": self.pid,
            "purpose": self.purpose,
            "acquired_at": now,
            "heartbeat_at": now,
            "expires_after": self.expires_after,
            "runs": "[]",
            "children": "[]",
        }
        for _attempt in range(3):
            current = read_lock(self.store, self.name)
            if current is None:
                try:
                    with self.store.write() as conn:
                        conn.execute(locks.insert().values(**row))
                except IntegrityError:
                    continue  # someone inserted first: look again
                break
            reason = stale_reason(current, now, self.host)
            if reason is None:
                raise LockHeld(current)
            with self.store.write() as conn:  # take over only the row we judged stale
                taken = conn.execute(
                    update(locks)
                    .where(
                        locks.c.name == self.name,
                        locks.c.owner == current.owner,
                        locks.c.heartbeat_at == current.heartbeat_at,
                    )
                    .values(**row)
                ).rowcount
            if taken == 1:
                self.took_over = current
                log.warning(
                    "cleared a stale lock %r (%s): pid %s on %s, last heartbeat %s",
                    self.name,
                    reason,
                    current.pid,
                    current.host,
                    current.heartbeat_at,
                )
                break
        else:
            current = read_lock(self.store, self.name)
            if current is not None and current.owner != self.owner:
                raise LockHeld(current)
        self._start_heartbeat()
        return self

    def attach_run(self, run_id: int) -> None:
        """Note a run this holder has open: if the holder dies, whoever clears its stale
        lock can mark exactly these runs as interrupted."""
        self.run_ids.append(run_id)
        self._edit_list(locks.c.runs, lambda ids: [*ids, run_id])

    def attach_child(self, pid: int, marker: str) -> None:
        """Note a process group this holder started (its leader's pid, a word of its command
        line): whoever takes over the lock of a holder that died ends it."""
        self._edit_list(locks.c.children, lambda kids: [*kids, [pid, marker]])

    def detach_child(self, pid: int) -> None:
        self._edit_list(locks.c.children, lambda kids: [k for k in kids if k[0] != pid])

    def _edit_list(self, column: Any, edit: Callable[[list[Any]], list[Any]]) -> None:
        mine = (locks.c.name == self.name) & (locks.c.owner == self.owner)
        with self.store.write() as conn:
            current = conn.execute(select(column).where(mine)).scalar()
            if current is None:
                return
            conn.execute(
                update(locks)
                .where(mine)
                .values({column: json.dumps(edit(json.loads(current or "[]")))})
            )

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self.store.write() as conn:
            conn.execute(
                delete(locks).where(locks.c.name == self.name, locks.c.owner == self.owner)
            )

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    # --------------------------------------------------------------- heartbeat
    def beat(self) -> bool:
        """Renew the heartbeat; False (and `lost` set) if the lock is no longer ours."""
        with self.store.write() as conn:
            renewed = conn.execute(
                update(locks)
                .where(locks.c.name == self.name, locks.c.owner == self.owner)
                .values(heartbeat_at=self.clock())
            ).rowcount
        if renewed != 1 and not self.lost:
            self.lost = True
            log.error("lost the lock %r: another process took it over", self.name)
        return renewed == 1

    def _start_heartbeat(self) -> None:
        self._stop.clear()

        def loop() -> None:
            while not self._stop.wait(self.heartbeat_every):
                try:
                    self.beat()
                except Exception as exc:  # a flaky database must not kill the run
                    log.warning("lock heartbeat failed: %s", exc)

        self._thread = threading.Thread(target=loop, name=f"lock-{self.name}", daemon=True)
        self._thread.start()


def lock_summary(info: LockInfo | None, now: datetime | None = None) -> dict[str, Any] | None:
    """The lock as a plain dict, with `stale` saying whether (and why) it is stale."""
    if info is None:
        return None
    stale = stale_reason(info, now or utcnow(), socket.gethostname())
    return {**info.__dict__, "stale": stale}
