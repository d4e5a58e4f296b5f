"""SIGTERM and Ctrl-C during a run: stop at a safe point, never in the middle of bookkeeping.

While armed, a signal raises RunInterrupted in the main thread (each store write is one
transaction, so an interrupted write rolls back). While disarmed (recording the run's
outcome, releasing the lock), the signal is only remembered and acted on afterwards.
The crawl installs its own handlers while its child process runs and restores these after.
A signal that lands inside a finalizer (a weakref callback during garbage collection) cannot
raise there: Python would print "Exception ignored ... Traceback". While a guard is installed
that interrupt is kept quiet, and the run stops at its next check (it is in `received`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_RECEIVED: list[int] = []  # every stop signal any guard of this process took, in order


def note_signal(signum: int) -> None:
    """Record a stop signal taken by other means (the crawl relays it to its child)."""
    _RECEIVED.append(signum)


def last_signal() -> int | None:
    """The last SIGINT/SIGTERM a guard took in this process (None if none yet)."""
    return _RECEIVED[-1] if _RECEIVED else None


class RunInterrupted(KeyboardInterrupt):
    """A run was asked to stop by SIGTERM or Ctrl-C."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


class SignalGuard:
    def __init__(self) -> None:
        self.armed = True
        self.received: list[int] = []
        self._old: dict[int, Any] = {}
        self._old_hook: Any = None

    def _unraisable(self, unraisable: Any) -> None:
        """Keep quiet an interrupt swallowed by a finalizer; report anything else as before."""
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and self.received:
            return
        (self._old_hook or sys.__unraisablehook__)(unraisable)

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        note_signal(signum)
        if self.armed:
            raise RunInterrupted(signum)

    @property
    def signalled(self) -> bool:
        return bool(self.received)

    def check(self) -> None:
        """Raise RunInterrupted now if a signal arrived while deferred."""
        if self.received:
            raise RunInterrupted(self.received[0])

    def install(self) -> bool:
        """Take over SIGINT/SIGTERM; False when not in the main thread (nothing changed)."""
        if threading.current_thread() is not threading.main_thread():
            return False
        for s in SIGNALS:
            self._old[s] = signal.signal(s, self._handler)
        self._old_hook, sys.unraisablehook = sys.unraisablehook, self._unraisable
        return True

    def restore(self) -> None:
        for s, old in self._old.items():
            signal.signal(s, old)
        self._old.clear()
        if self._old_hook is not None:
            sys.unraisablehook, self._old_hook = self._old_hook, None

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Within this block a signal is remembered, not raised."""
        self.armed = False
        try:
            yield
        finally:
            self.armed = True


@contextmanager
def guarded() -> Iterator[SignalGuard]:
    guard = SignalGuard()
    guard.install()
    try:
        yield guard
    finally:
        guard.restore()
