"""Schema v4 adds the locks table; a v3 store upgrades in place and keeps its rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select, text

from skillgap.store import Store
from skillgap.store.locks import StoreLock, read_lock
from skillgap.store.schema import SCHEMA_VERSION, schema_version


def test_v3_store_upgrades_to_v4_with_locks(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v3.sqlite'}"
    with Store.open(url) as store:  # make a v3 store: today's minus what v4 added
        run_id = store.start_run(kind="crawl", sources=["greenhouse"])
        store.finish_run(run_id, "ok", {"greenhouse": {"new": 1}})
        with store.write() as conn:
            conn.execute(text("DROP TABLE locks"))
            conn.execute(text("DELETE FROM schema_version"))
            conn.execute(text("INSERT INTO schema_version VALUES (3, '2026-01-01 00:00:00')"))
    assert SCHEMA_VERSION >= 4  # later versions (v5: duplicate-grouping bookkeeping) follow
    with Store.open(url) as store:
        assert store.upgraded_from == 3
        with store.read() as conn:
            assert "locks" in inspect(conn).get_table_names()
            versions = conn.execute(select(schema_version.c.version)).scalars().all()
        assert sorted(versions) == list(range(3, SCHEMA_VERSION + 1))
        assert store.runs_frame().status.tolist() == ["ok"]  # rows kept
        with StoreLock(store, "pipeline"):
            assert read_lock(store, "pipeline") is not None
