"""Past runs for `skillgap runs`: outcome, duration, per-source figures, errors; the lock."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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


@dataclass
class History:
    runs: list[dict[str, Any]] = field(default_factory=list)  # newest first
    lock: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "lock": self.lock}


def _figures(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}
    return raw if isinstance(raw, dict) else {}


def load_runs(db_url: str, limit: int = 20, kind: str | None = None) -> History:
    from skillgap.store.locks import lock_summary, read_lock
    from skillgap.run.pipeline import LOCK_NAME, open_store

    with open_store(db_url) as store:
        frame = store.runs_frame()
        lock = lock_summary(read_lock(store, LOCK_NAME))
    if kind:
        frame = frame[frame.kind == kind]
    frame = frame.sort_values("id", ascending=False).head(limit)
    runs = []
    for row in frame.to_dict("records"):
        started, finished = row.get("started_at"), row.get("finished_at")
        seconds = (
            (finished - started).total_seconds()
            if finished is not None and not _missing(finished) and not _missing(started)
            else None
        )
        sources = row.get("sources")
        runs.append(
            {
                "id": int(row["id"]),
                "kind": row["kind"],
                "status": row["status"],
                "started_at": None if _missing(started) else started.isoformat(),
                "finished_at": None if _missing(finished) else finished.isoformat(),
                "seconds": round(seconds, 1) if seconds is not None else None,
                "sources": json.loads(sources) if isinstance(sources, str) else sources,
                "figures": _figures(row.get("figures")),
                "error": None if _missing(row.get("error")) else row.get("error"),
            }
        )
    return History(runs, lock)


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


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
