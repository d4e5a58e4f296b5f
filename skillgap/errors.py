"""The one error base of the application: the CLI prints any of them as one clear line."""

from __future__ import annotations


class SkillgapError(Exception):
    """A user-facing failure; the message says what went wrong and what to do."""
