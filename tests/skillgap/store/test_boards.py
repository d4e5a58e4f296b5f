"""Gone boards in the store: recorded, listed, forgotten; the v6 revision adds the table to
a store of revision v5 (on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from skillgap.store import Store
from skillgap.store.engine import make_engine
from skillgap.store.migrations import head


def test_gone_boards_are_recorded_listed_and_forgotten(store: Store) -> None:
    assert store.mark_gone("gh", "greenhouse", [("oldco", 404), ("gone2", 410)], run_id=3) == 2
    first = {g.board: g for g in store.gone_boards()}
    assert set(first) == {"oldco", "gone2"} and first["oldco"].run_id == 3
    store.mark_gone("gh", "greenhouse", [("oldco", 410)])  # found gone again by a check
    again = {g.board: g for g in store.gone_boards(["gh"])}
    assert again["oldco"].status == 410 and again["oldco"].gone_at == first["oldco"].gone_at
    assert again["oldco"].checked_at >= first["oldco"].checked_at and again["oldco"].run_id == 3
    assert store.gone_boards(["other"]) == []
    assert store.clear_gone([("gh", "oldco"), ("gh", "never-gone")]) == 1
    assert [g.board for g in store.gone_boards()] == ["gone2"]


def test_a_v5_store_gets_the_gone_boards_table(db_url: str) -> None:
    Store.open(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE gone_boards"))
        conn.execute(text("UPDATE alembic_version SET version_num = 'v5'"))
    engine.dispose()
    with Store.open(db_url) as store:
        assert store.upgraded_from == "v5"
        with store.read() as conn:
            assert "gone_boards" in inspect(conn).get_table_names()
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head()
        store.mark_gone("gh", "greenhouse", [("oldco", 404)])
        assert [g.board for g in store.gone_boards()] == ["oldco"]
