"""`skillgap runs` on a terminal: one row per run, figures per source."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

OUTCOME_STYLE = {
    "ok": "green",
    "partial": "yellow",
    "failed": "red",
    "interrupted": "magenta",
    "running": "cyan",
}


def _per_source(figures: dict[str, Any]) -> Text:
    """One line per source; names come from the config and are shown as they are."""
    text = Text()
    for name, f in figures.items():
        if not isinstance(f, dict):
            continue
        if text:
            text.append("\n")
        parts = [f"{f.get(k, 0)} {k}" for k in ("new", "updated", "closed") if f.get(k)]
        text.append(f"{name}: {', '.join(parts) or ('' if f.get('errors') else 'no change')}")
        if f.get("errors"):
            text.append(", " if parts else "")
            text.append(f"{f['errors']} errors", style="red")
    return text or Text("-")


def runs_table(runs: list[dict[str, Any]]) -> Table:
    table = Table(
        "id",
        "kind",
        "started (UTC)",
        "took",
        "outcome",
        "per source",
        "error",
        title="runs, newest first",
        show_lines=True,
    )
    for r in runs:
        style = OUTCOME_STYLE.get(r["status"], "white")
        took = f"{r['seconds']:.0f}s" if r["seconds"] is not None else "-"
        started = (r["started_at"] or "")[:19].replace("T", " ")
        table.add_row(
            str(r["id"]),
            Text(str(r["kind"])),
            started,
            took,
            Text(str(r["status"]), style=style),
            _per_source(r["figures"]),
            Text(r["error"] or ""),
        )
    return table
