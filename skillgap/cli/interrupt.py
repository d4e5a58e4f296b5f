"""Ctrl-C is one line on stderr and exit 130, whenever it comes: said once, by whoever
sees it first (a command, the command group, or `skillgap.cli.main` while loading)."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130
_said = False


def report(message: str = "interrupted") -> None:
    """Say `message` on stderr, unless an interruption was already reported."""
    global _said
    if not _said:
        _said = True
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def reset() -> None:
    """A new command starts (several run in one process under tests)."""
    global _said
    _said = False


def mark() -> None:
    """The command said it its own way (the scheduler's log line): say nothing more."""
    global _said
    _said = True
