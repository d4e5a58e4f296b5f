"""Opening an older store upgrades it in place and keeps every row."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from analyzer.fingerprint import extraction_fingerprint
from skillgap.store import SchemaError, Store
from skillgap.store.engine import make_engine
from skillgap.store.locks import StoreLock, read_lock
from skillgap.store.migrations import head
from skillgap.store.records import posting_row, text_fingerprint
from skillgap.store.schema import metadata
from tests.support.paths import release_dump
from tests.support.posting_factory import make_posting

# The schema as version 1 wrote it: no fingerprints, no groups, no extraction bookkeeping.
V1_DDL = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at {ts} NOT NULL);
CREATE TABLE runs (id {pk}, kind VARCHAR(32) NOT NULL, sources TEXT NOT NULL,
  started_at {ts} NOT NULL, finished_at {ts}, status VARCHAR(16) NOT NULL, error TEXT,
  figures TEXT NOT NULL);
CREATE TABLE postings (id {pk}, source VARCHAR(200) NOT NULL, source_type VARCHAR(32) NOT NULL,
  external_id VARCHAR(500) NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL,
  company TEXT NOT NULL, location TEXT, remote BOOLEAN, posted_at {ts}, salary_min FLOAT,
  salary_max FLOAT, salary_currency VARCHAR(16), salary_period VARCHAR(8),
  description_html TEXT, description_text TEXT NOT NULL, attribution TEXT,
  content_hash VARCHAR(64) NOT NULL, first_seen {ts} NOT NULL, last_seen {ts} NOT NULL,
  closed_at {ts}, first_run_id INTEGER, last_run_id INTEGER,
  CONSTRAINT uq_postings_source_external_id UNIQUE (source, external_id));
CREATE INDEX ix_postings_last_seen ON postings (last_seen);
CREATE TABLE mentions (id {pk}, posting_id INTEGER NOT NULL REFERENCES postings (id)
  ON DELETE CASCADE, skill VARCHAR(100) NOT NULL, section VARCHAR(16) NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
"""
DIALECT = {
    "sqlite": {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "ts": "DATETIME"},
    "postgresql": {"pk": "SERIAL PRIMARY KEY", "ts": "TIMESTAMP WITH TIME ZONE"},
}
V1_POSTINGS = 30


def _create_v1(url: str) -> None:
    engine = make_engine(url)
    ddl = V1_DDL.format(**DIALECT[engine.dialect.name])
    with engine.begin() as conn:
        for statement in filter(str.strip, ddl.split(";")):
            conn.execute(text(statement))
        conn.execute(text("INSERT INTO schema_version VALUES (1, '2025-05-01 10:00:00')"))
        conn.execute(
            text(
                "INSERT INTO runs (kind, sources, started_at, finished_at, status, figures) "
                "VALUES ('crawl', '[\"greenhouse\"]', '2025-05-01 10:00:00', "
                "'2025-05-01 10:05:00', 'ok', :figures)"
            ),
            {"figures": json.dumps({"greenhouse": {"new": V1_POSTINGS}})},
        )
        for i in range(V1_POSTINGS):
            row = posting_row(make_posting(str(i), description_text=f"Ad {i}: " + "Python " * 30))
            conn.execute(
                text(
                    "INSERT INTO postings (source, source_type, external_id, url, title, company, "
                    "location, remote, posted_at, description_html, description_text, "
                    "content_hash, first_seen, last_seen, closed_at, first_run_id, last_run_id) "
                    "VALUES (:source, :source_type, :external_id, :url, :title, :company, "
                    ":location, :remote, NULL, "
                    ":description_html, :description_text, :content_hash, '2025-05-01 10:01:00', "
                    "'2025-05-01 10:01:00', :closed, 1, 1)"
                ),
                {
                    k: row[k]
                    for k in (
                        "source",
                        "source_type",
                        "external_id",
                        "url",
                        "title",
                        "company",
                        "location",
                        "remote",
                        "description_html",
                        "description_text",
                        "content_hash",
                    )
                }
                | {"closed": "2025-05-02 00:00:00" if i == 0 else None},
            )
            conn.execute(text(
                "INSERT INTO mentions (posting_id, skill, section, start, \"end\", text) "
                "SELECT id, 'python', 'required', 7, 13, 'Python' FROM postings "
                "WHERE external_id = :e"), {"e": str(i)})  # fmt: skip
    engine.dispose()


def test_v1_store_is_upgraded_without_losing_rows(db_url: str) -> None:
    _create_v1(db_url)
    with Store.open(db_url) as store:
        assert store.upgraded_from == "v1"
        frame = store.postings_frame()
        assert sorted(map(int, frame.external_id)) == list(range(V1_POSTINGS))
        assert frame.set_index("external_id").closed_at.notna().to_dict()["0"]
        assert frame.first_seen.dt.year.unique().tolist() == [2025]
        mentions = store.mentions_frame()
        assert len(mentions) == V1_POSTINGS and set(mentions.skill) == {"python"}
        runs = store.runs_frame()
        assert json.loads(runs.figures[0]) == {"greenhouse": {"new": V1_POSTINGS}}
        with store.read() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            fps = dict(
                conn.execute(text("SELECT external_id, text_fingerprint FROM postings")).all()
            )
            pending = conn.execute(text(
                "SELECT COUNT(*) FROM postings WHERE input_hash IS NOT NULL "
                "AND extracted_taxonomy IS NULL")).scalar()  # fmt: skip
        assert revision == head()
        assert fps["3"] == text_fingerprint("Ad 3: " + "Python " * 30)
        assert pending == V1_POSTINGS  # old mentions are redone by the next extract
        # the upgraded store works as a current one: same content is "unchanged"
        same = make_posting("3", description_text="Ad 3: " + "Python " * 30)
        assert store.upsert_posting(same) == "unchanged"
        assert store.upsert_posting(make_posting("new-one")) == "new"
        # and foreign keys still hold mentions to their postings
        with store.read() as conn:  # v10: each posting's skills made from its mentions
            summary = conn.execute(text("SELECT n, skills FROM posting_skills")).all()
        assert sorted(summary) == [(1, "python:0")] * V1_POSTINGS
    with Store.open(db_url) as again:
        assert again.upgraded_from is None
        assert len(again.postings_frame()) == V1_POSTINGS + 1


def test_newer_store_is_refused_clearly(db_url: str) -> None:
    Store.open(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'v99_from_the_future'"))
    engine.dispose()
    with pytest.raises(SchemaError, match="'v99_from_the_future', newer than this skillgap"):
        Store.open(db_url)


def test_newer_legacy_store_is_refused_clearly(db_url: str) -> None:
    _create_v1(db_url)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_version VALUES (9, '2030-01-01 00:00:00')"))
    engine.dispose()
    with pytest.raises(SchemaError, match="version 9, newer"):
        Store.open(db_url)


def test_a_new_store_has_the_schema_of_the_code(db_url: str) -> None:
    """Every revision from an empty database gives exactly the tables, columns and indexes
    the code declares (alembic's autogenerate finds nothing to do)."""
    Store.open(db_url).close()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_a_half_upgraded_store_is_repaired(db_url: str) -> None:
    """A store an intermediate release marked version 4 without the locks' `runs` column and
    without `grouped_hash`: the columns are added, whatever the number said."""
    Store.open(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at "
                          "VARCHAR(40) NOT NULL)"))  # fmt: skip
        conn.execute(text("INSERT INTO schema_version VALUES (4, '2026-01-01 00:00:00')"))
        conn.execute(text("DROP TABLE locks"))
        conn.execute(text("CREATE TABLE locks (name VARCHAR(64) PRIMARY KEY, owner VARCHAR(64) "
                          "NOT NULL, host VARCHAR(255) NOT NULL, pid INTEGER NOT NULL, purpose "
                          "TEXT, acquired_at VARCHAR(40) NOT NULL, heartbeat_at VARCHAR(40) NOT "
                          "NULL, expires_after FLOAT NOT NULL)"))  # fmt: skip
    engine.dispose()
    with Store.open(db_url) as store:
        assert store.upgraded_from == "v4"
        with store.read() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("locks")}
        assert "runs" in columns
        StoreLock(store, "pipeline").acquire().release()  # the repaired table works


LOCKS_WITHOUT_RUNS = (
    "CREATE TABLE locks (name VARCHAR(64) PRIMARY KEY, owner VARCHAR(64) NOT NULL, "
    "host VARCHAR(255) NOT NULL, pid INTEGER NOT NULL, purpose TEXT, acquired_at VARCHAR(40) "
    "NOT NULL, heartbeat_at VARCHAR(40) NOT NULL, expires_after FLOAT NOT NULL)"
)


@pytest.mark.parametrize(
    ("stamp", "damage"),
    [
        # an intermediate build whose v4 meant grouped hashes: no locks table at all
        ("v4", ["DROP TABLE locks"]),
        # stamped with the newest revision, but its locks table has no `runs`
        (None, ["DROP TABLE locks", LOCKS_WITHOUT_RUNS]),
        # stamped v6 without the gone boards table v6 makes
        ("v6", ["DROP TABLE gone_boards"]),
    ],
)
def test_an_alembic_store_missing_what_its_revision_says_is_repaired(
    db_url: str, stamp: str | None, damage: list[str]
) -> None:
    """The actual tables and columns decide, not the revision number alone."""
    with Store.open(db_url) as store:
        store.upsert_posting(make_posting("kept"))
    engine = make_engine(db_url)
    with engine.begin() as conn:
        for statement in damage:
            conn.execute(text(statement))
        if stamp:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": stamp})
    engine.dispose()
    with Store.open(db_url) as store:
        assert store.upgraded_from is not None
        assert list(store.postings_frame().external_id) == ["kept"]
        StoreLock(store, "pipeline").acquire().release()  # the repaired table works
        with store.read() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == head()
    assert [d for d in diff if d[0] in ("add_table", "add_column")] == []
    with Store.open(db_url) as again:
        assert again.upgraded_from is None


def test_a_store_of_the_release_before_alembic_opens_with_every_row(tmp_path: Path) -> None:
    """tests/support/stores/release-0.1.0.sql is a store written by skillgap 0.1.0 (the last
    release with hand-written migrations), dumped as SQL: it opens, keeps every row, and
    works on."""
    path = tmp_path / "release.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(release_dump(extraction_fingerprint()))
    with Store.open(str(path)) as store:
        postings = store.postings_frame()
        assert sorted(postings.external_id) == ["gh-1", "gh-2", "gh-3", "lv-1", "lv-2"]
        assert (
            postings.set_index("external_id").dup_group["lv-2"]
            == postings.set_index("external_id").dup_group["gh-1"]
        )
        assert len(store.mentions_frame()) == 32
        assert list(store.runs_frame().status) == ["ok"]
        assert store.pending_extraction(extraction_fingerprint()) == []  # nothing to redo
        lock = read_lock(store, "pipeline")
        assert lock is not None and lock.purpose == "a run left holding the lock"
        assert store.upsert_posting(make_posting("gh-9")) == "new"
    with Store.open(str(path)) as again:
        assert again.upgraded_from is None and len(again.postings_frame()) == 6


def test_foreign_database_is_refused_clearly(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE postings (id INTEGER PRIMARY KEY, what TEXT)"))
    engine.dispose()
    with pytest.raises(SchemaError, match="not a skillgap store"):
        Store.open(db_url)


def test_threads_opening_new_stores_at_once_each_get_a_whole_store(tmp_path: Path) -> None:
    """Alembic keeps a revision's state in module globals: stores created by several
    threads at once (a crawl in a thread while another reads the store) must not trample
    each other (they failed with "table runs already exists" or KeyError, or crashed)."""
    import threading

    errors: list[str] = []

    def open_new(url: str) -> None:
        try:
            with Store.open(url) as store:
                assert store.stats().postings == 0
        except Exception as exc:  # every failure is the finding
            errors.append(repr(exc))

    for round_ in range(3):
        urls = [f"sqlite:///{tmp_path / f'r{round_}' / f's{i}.sqlite'}" for i in range(6)]
        threads = [threading.Thread(target=open_new, args=(url,)) for url in urls]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert errors == []
