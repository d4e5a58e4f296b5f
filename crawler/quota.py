"""Calls to rate-limited APIs and their last answers, kept on disk across runs.

Some services allow only a few calls a day (Remotive: 4). A `CallBook` in a folder counts
the calls made to a service in the last 24 hours and keeps the last good answer of each
URL, so a crawl that may not call again reads the kept answer instead. Every check and
record happens under a file lock, so two crawls on one machine cannot both take the last
call. The clock is injectable for tests.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DAY = 86400.0
CACHE_DIR_SETTING = "SKILLGAP_CACHE_DIR"


@dataclass(frozen=True)
class Kept:
    """The last good answer of a URL and when it was fetched (epoch seconds)."""

    body: bytes
    fetched_at: float


class CallBook:
    """Counts calls per service and keeps answers per URL under `folder`."""

    def __init__(self, folder: str | Path, clock: Callable[[], float] = time.time) -> None:
        self.folder = Path(folder)
        self.clock = clock

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return self.folder / f"{kind}-{digest}{suffix}"

    @contextmanager
    def _locked(self, service: str) -> Iterator[Path]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self._path("calls", service, ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self._path("calls", service, ".json")
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _recent(self, ledger: Path) -> list[float]:
        try:
            calls = json.loads(ledger.read_text())
        except (OSError, ValueError):
            return []
        now = self.clock()
        return [float(t) for t in calls if isinstance(t, int | float) and now - t < DAY]

    def calls_today(self, service: str) -> int:
        """Calls made to `service` in the last 24 hours."""
        with self._locked(service) as ledger:
            return len(self._recent(ledger))

    def take_call(self, service: str, per_day: int) -> bool:
        """Record one call to `service` if fewer than `per_day` were made in the last 24
        hours; False (nothing recorded) when the day's calls are used up."""
        with self._locked(service) as ledger:
            recent = self._recent(ledger)
            if len(recent) >= per_day:
                return False
            ledger.write_text(json.dumps([*recent, self.clock()]))
            return True

    def keep(self, url: str, body: bytes) -> None:
        """Keep `body` as the last good answer of `url`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path("answer", url, ".body")
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(body)
        tmp.replace(path)
        self._path("answer", url, ".json").write_text(
            json.dumps({"url": url, "fetched_at": self.clock()})
        )

    def kept(self, url: str) -> Kept | None:
        """The last good answer of `url`, if one was kept."""
        try:
            meta = json.loads(self._path("answer", url, ".json").read_text())
            body = self._path("answer", url, ".body").read_bytes()
        except (OSError, ValueError):
            return None
        return Kept(body=body, fetched_at=float(meta.get("fetched_at", 0)))

    def age(self, kept: Kept) -> float:
        return self.clock() - kept.fetched_at
