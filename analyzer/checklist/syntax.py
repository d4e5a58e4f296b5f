"""How learners write an item's state (syntax.yaml): task boxes, leading symbols, list keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SYNTAX_PATH = Path(__file__).with_name("syntax.yaml")


@dataclass(frozen=True)
class Syntax:
    """What each state mark means: in a task box, leading a line, as a list key."""

    box_marks: dict[str, str]
    lead_marks: dict[str, str]
    state_keys: dict[str, str]
    status_words: dict[str, str]  # a CSV/TSV status cell, lower-cased
    topic_columns: frozenset[str]  # CSV/TSV header names of the topic column
    status_columns: frozenset[str]  # ... and of the status column


@cache
def load_syntax(path: Path = SYNTAX_PATH) -> Syntax:
    """The marks of a syntax file (default: the bundled syntax.yaml), read once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Syntax(
        box_marks={str(k): v for k, v in data["box_marks"].items()},
        lead_marks={str(k): v for k, v in data["lead_marks"].items()},
        state_keys={str(k).lower(): v for k, v in data["state_keys"].items()},
        status_words={str(k).lower(): v for k, v in data["status_words"].items()},
        topic_columns=frozenset(str(c).lower() for c in data["table_columns"]["topic"]),
        status_columns=frozenset(str(c).lower() for c in data["table_columns"]["status"]),
    )


_BOX_START_RE = re.compile(r"^\[([^\[\]]?)\](?!\()\s*")


def split_mark(body: str) -> tuple[str | None, str]:
    """A leading task box or state symbol: ("done", "Docker") for "[x] Docker"."""
    syntax = load_syntax()
    m = _BOX_START_RE.match(body)
    if m:  # an unfamiliar mark ("[?]") is still a box: read as to do
        return syntax.box_marks.get(m.group(1), "todo"), body[m.end() :]
    for mark, state in syntax.lead_marks.items():
        if body.startswith(mark):
            return state, body[len(mark) :].lstrip()
    return None, body


def status_state(cell: str) -> str | None:
    """The state a CSV/TSV status cell gives ("done", "Yes", "x", "✓", "[x]", "In progress",
    "" -> todo), or None for a word syntax.yaml does not know."""
    syntax = load_syntax()
    raw = cell.strip()
    key = " ".join(raw.lower().split())
    for table in (syntax.status_words, syntax.state_keys):
        if key in table:
            return table[key]
    if raw in syntax.lead_marks:
        return syntax.lead_marks[raw]
    m = _BOX_START_RE.match(raw)
    if m and m.end() == len(raw):
        return syntax.box_marks.get(m.group(1))
    return None
