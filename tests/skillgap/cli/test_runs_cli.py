"""`skillgap runs`: past runs with outcome, per-source figures and errors; the lock holder."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from skillgap.cli import app
from skillgap.store import Store
from skillgap.store.locks import PIPELINE_LOCK, StoreLock

runner = CliRunner()


def figures(new: int, errors: int = 0) -> dict[str, int | dict[str, int]]:
    return {"fetched": new + errors, "new": new, "updated": 0, "unchanged": 0, "closed": 0,
            "errors": errors, "dropped": {}}  # fmt: skip


def test_runs_lists_outcomes_figures_and_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    missing = runner.invoke(app, ["runs", "--db", db])
    assert missing.exit_code == 1 and "no store at" in missing.stderr
    Store.open(db).close()
    empty = runner.invoke(app, ["runs", "--db", db])
    assert empty.exit_code == 0 and "no runs recorded yet" in empty.stdout
    with Store.open(db) as store:
        first = store.start_run(kind="run", sources=["greenhouse", "lever"])
        store.finish_run(first, "ok", {"greenhouse": figures(5), "lever": figures(3)})
        crawl = store.start_run(kind="crawl", sources=["lever"])
        store.finish_run(crawl, "ok", {"lever": figures(0)})
        second = store.start_run(kind="run", sources=["greenhouse", "lever"])
        store.finish_run(second, "partial", {"greenhouse": figures(1), "lever": figures(0, 4)},
                         error="crawl: lever failed (4 errors): HTTP 503 [x]")  # fmt: skip
        lock = StoreLock(store, PIPELINE_LOCK).acquire()
        try:
            table = runner.invoke(app, ["runs", "--db", db, "--kind", "run"])
            as_json = runner.invoke(app, ["runs", "--db", db, "--json", "-n", "2"])
        finally:
            lock.release()
    assert table.exit_code == 0, table.output
    text = table.stdout
    flat = " ".join(text.split())  # the table wraps at the terminal's width
    assert "partial" in flat and "ok" in flat and "│ crawl │" not in flat  # --kind run
    assert "greenhouse: 5" in flat and "lever: 4" in flat and "lever: 3" in flat
    assert "[x]" in flat  # error text shown as is, not read as markup
    assert flat.index(f"│ {second} ") < flat.index(f"│ {first} ")  # newest first
    assert "lock held by pid" in text
    data = json.loads(as_json.stdout)
    assert [r["id"] for r in data["runs"]] == [second, crawl]
    assert data["runs"][0]["figures"]["lever"]["errors"] == 4
    assert data["runs"][0]["status"] == "partial" and data["runs"][0]["seconds"] >= 0
    assert data["lock"]["name"] == PIPELINE_LOCK and data["lock"]["stale"] is None
