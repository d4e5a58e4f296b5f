"""The analyzer's one error base: input it cannot use (a checklist, a gold file, frames)."""

from __future__ import annotations


class AnalyzerError(ValueError):
    """Input the analyzer cannot use; the message says which and why."""
