"""Revision v4 adds the locks table; a v3 store upgrades in place and keeps its rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from skillgap.store import Store
from skillgap.store.locks import StoreLock, read_lock
from skillgap.store.migrations import head


def test_v3_store_upgrades_to_v4_with_locks(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v3.sqlite'}"
    with Store.open(url) as store:  # make a v3 store: today's minus what v4 added
        run_id = store.start_run(kind="crawl", sources=["greenhouse"])
        store.finish_run(run_id, "ok", {"greenhouse": {"new": 1}})
        with store.write() as conn:
            conn.execute(text("DROP TABLE locks"))
            conn.execute(text("DROP TABLE alembic_version"))  # as the hand-written ones left it
            conn.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                              "applied_at VARCHAR(40) NOT NULL)"))  # fmt: skip
            conn.execute(text("INSERT INTO schema_version VALUES (3, '2026-01-01 00:00:00')"))
    with Store.open(url) as store:
        assert store.upgraded_from == "v3"
        with store.read() as conn:
            assert "locks" in inspect(conn).get_table_names()
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == head()
        assert store.runs_frame().status.tolist() == ["ok"]  # rows kept
        with StoreLock(store, "pipeline"):
            assert read_lock(store, "pipeline") is not None
