"""CSV and TSV checklists: one topic a row with its status (`skill,status`).

A header row is optional: when the first row names its columns (`skill,status`,
`Topic;Done`), those columns are read; otherwise the first column is the topic and the
second its status. Status words ("done", "Yes", "x", "✓", "in progress", an empty cell)
are data (syntax.yaml); an unknown word is reported with its line and read as to do.
"""

from __future__ import annotations

import csv
import io

from analyzer.checklist.markdown import clean_text, split_label
from analyzer.checklist.model import Checklist, ChecklistError, ChecklistItem
from analyzer.checklist.syntax import load_syntax, status_state

DELIMITERS = {"csv": (",", ";"), "tsv": ("\t",)}
SNIFF_SHARE = 0.5  # at least this share of the status cells must be known status words


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank row; ChecklistError when csv cannot read it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                out.append((reader.line_num, cells))
    except csv.Error as exc:
        raise ChecklistError(f"line {reader.line_num}: not readable as CSV ({exc})") from None
    return out


def _columns(header: list[str]) -> tuple[int, int] | None:
    """(topic column, status column) when `header` is a header row naming them. "Python,
    done" is a row, not a header: a status column's name that is also a status word
    ("done") makes a header only beside a topic column's name ("skill,done")."""
    syntax = load_syntax()
    names = [" ".join(c.strip().lower().split()) for c in header]
    status = next((i for i, n in enumerate(names) if n in syntax.status_columns), None)
    topic = next((i for i, n in enumerate(names) if n in syntax.topic_columns), None)
    if topic is None and (status is None or status_state(header[status]) is not None):
        return None
    if topic is None:
        topic = 0 if status != 0 else 1
    if status is None:
        status = 1 if topic != 1 else 0
    return topic, status


def _layout(rows: list[tuple[int, list[str]]]) -> tuple[int, int, int]:
    """(topic column, status column, first data row) of the rows."""
    columns = _columns(rows[0][1]) if rows else None
    if columns is not None:
        return columns[0], columns[1], 1
    return 0, 1, 0


def looks_like_table(text: str, fmt: str) -> str | None:
    """The delimiter when every row has a status column and most status cells are status
    words (or a header names the column); None when the text is not such a table."""
    for delimiter in DELIMITERS[fmt]:
        try:
            rows = _rows(text, delimiter)
        except ChecklistError:
            continue
        if not rows or any(len(cells) < 2 for _line, cells in rows):
            continue
        columns = _columns(rows[0][1])
        if columns is not None and rows[0][1][columns[1]].strip().lower() in (
            load_syntax().status_columns
        ):  # a header naming its status column
            return delimiter
        _topic, status, _start = _layout(rows)
        cells = [c[status] for _line, c in rows if len(c) > status]
        known = sum(1 for c in cells if c.strip() and status_state(c) is not None)
        if cells and known >= SNIFF_SHARE * len(cells):
            return delimiter
    return None


def parse_table(text: str, name: str, fmt: str) -> Checklist:
    """Parse a CSV (comma or semicolon) or TSV checklist into items with their states."""
    delimiter = looks_like_table(text, fmt) or DELIMITERS[fmt][0]
    rows = _rows(text, delimiter)
    topic_col, status_col, start = _layout(rows)
    items: list[ChecklistItem] = []
    warnings: list[str] = []
    for line, cells in rows[start:]:
        topic = clean_text(cells[topic_col]) if topic_col < len(cells) else ""
        if not topic:
            warnings.append(f"line {line}: no topic in column {topic_col + 1}; row not read")
            continue
        cell = cells[status_col] if status_col < len(cells) else ""
        state = status_state(cell)
        if state is None:
            warnings.append(
                f"line {line}: unknown status {cell.strip()!r} for {topic!r}, read as todo "
                "(use done, learning, todo or skipped; yes/no, x or a check mark also work)"
            )
            state = "todo"
        label, _detail = split_label(topic)
        items.append(ChecklistItem(topic, state, line, "row", label=label))
    return Checklist(name=name, format=fmt, items=items, warnings=warnings)
