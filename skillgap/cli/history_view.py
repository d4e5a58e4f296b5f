"""`skillgap runs` on a terminal: one row per run, figures per source."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

OUTCOME_STYLE = {
    "ok": "green",
    "partial": "yellow",
    "failed": "red",
    "interrupted": "magenta",
    "running": "cyan",
}


def _per_source(figures: dict[str, Any]) -> str:
    lines = []
    for name, f in figures.items():
        if not isinstance(f, dict):
            continue
        parts = [f"{f.get(k, 0)} {k}" for k in ("new", "updated", "closed") if f.get(k)]
        if f.get("errors"):
            parts.append(f"[red]{f['errors']} errors[/]")
        lines.append(f"{escape(name)}: {', '.join(parts) or 'no change'}")
    return "\n".join(lines) or "-"


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
            r["kind"],
            started,
            took,
            f"[{style}]{r['status']}[/]",
            _per_source(r["figures"]),
            escape(r["error"] or ""),
        )
    return table
