"""Past runs for `skillgap runs`: outcome, duration, per-source figures, errors; the lock."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from skillgap.store import Store
from skillgap.store.locks import PIPELINE_LOCK, lock_summary, read_lock


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


def load_runs(store: Store, limit: int = 20, kind: str | None = None) -> History:
    """The last `limit` runs (of one kind), newest first, and who holds the run lock."""
    frame = store.runs_frame()
    lock = lock_summary(read_lock(store, PIPELINE_LOCK))
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
