"""A disk that fills up while reports.output writes: the fake both output tests use."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

import reports.output as output


class FullDisk:
    """A file object whose writes fail with ENOSPC after `room` characters."""

    def __init__(self, fh: Any, room: int) -> None:
        self.fh, self.room = fh, room

    def write(self, data: Any) -> int:
        if len(data) > self.room:
            self.fh.write(data[: self.room])
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return int(self.fh.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def full_disk(monkeypatch: pytest.MonkeyPatch, room: int = 10) -> None:
    """Every file reports.output opens takes `room` characters, then fails with ENOSPC."""
    real = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda *a, **k: FullDisk(real(*a, **k), room))
