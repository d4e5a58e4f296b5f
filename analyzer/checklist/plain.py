"""Plain-text checklists: one topic per line, maybe with a leading box or symbol."""

from __future__ import annotations

from analyzer.checklist.markdown import clean_text, split_label
from analyzer.checklist.model import Checklist, ChecklistItem
from analyzer.checklist.syntax import split_mark


def parse_plain_text(text: str, name: str) -> Checklist:
    """One topic per line, optionally with a leading box or symbol ("[x] Docker", "✅ Go")."""
    items: list[ChecklistItem] = []
    for n, raw in enumerate(text.split("\n"), start=1):
        state, body = split_mark(raw.strip())
        cleaned = clean_text(body)
        if not cleaned:
            continue
        label, _detail = split_label(cleaned)
        items.append(ChecklistItem(cleaned, state or "todo", n, "line", label=label))
    return Checklist(name=name, format="text", items=items)
