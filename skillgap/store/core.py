"""The durable store: postings, mentions, runs and duplicate groups, via SQLAlchemy 2.

SQLite by default (WAL, foreign keys on), PostgreSQL with the same code. Every write is
one transaction: a crash half-way leaves the store as it was before that write.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from analyzer.counts import MarketCounts
from skillgap.config import default_db_url
from skillgap.errors import came_of_an_interrupt
from skillgap.store import boards, grouping, postings, tagging
from skillgap.store.counts import count_market
from skillgap.store.engine import (
    WRITE,
    StoreReadOnlyError,
    make_engine,
    normalise_url,
    read_only_engine,
    safe_url,
    sqlite_path,
    sqlite_read_only,
)
from skillgap.store.failures import StoreError, StoreMissing, failure_reason, retryable
from skillgap.store.migrations import SchemaError, head, missing_schema, stored_revision, upgrade
from skillgap.store.queries import (
    MENTION_COLUMNS,
    POSTING_COLUMNS,
    RUN_COLUMNS,
    mentions_select,
    posting_filters,
    posting_mentions_select,
    posting_texts_select,
    postings_select,
    runs_select,
    typed_frame,
)
from skillgap.store.records import PostingError, posting_row
from skillgap.store.schema import dup_groups, mentions, runs

RUN_STATUSES = ("ok", "partial", "failed", "interrupted")
UPSERT_RETRIES = 3  # a concurrent writer may insert the same posting first
PG_MIGRATION_LOCK = 0x5E1_9A9  # advisory lock id: one process upgrades at a time
PG_GROUPING_LOCK = 0x5E1_9AA  # one process regroups duplicates at a time
# Alembic runs revisions through module-level proxies (`op`, `context`): two threads of one
# process upgrading stores at once, even different ones, trample each other's state
_UPGRADING = threading.Lock()

p = postings.postings


@dataclass(frozen=True)
class StoreStats:
    postings: int
    open: int
    closed: int
    mentions: int
    runs: int
    dup_groups: int
    extracted: int


def store_exists(url: str) -> bool:
    """False only for an SQLite file that is not there (opening it would create it)."""
    path = sqlite_path(normalise_url(url))
    return path is None or path.exists()


class Store:
    """Open with Store.open(url); use as a context manager or call close()."""

    def __init__(self, url: str, create: bool = True) -> None:
        self.url = normalise_url(url)
        path = sqlite_path(self.url)
        # a command that only reads may read an SQLite store it cannot write (a read-only
        # folder or file): nothing is written then, not even SQLite's -wal and -shm files
        self.read_only = bool(not create and path is not None and sqlite_read_only(path))
        if self.read_only:
            assert path is not None
            try:
                self.engine = read_only_engine(path)
            except StoreReadOnlyError as exc:
                raise StoreError(str(exc)) from None
        else:
            self.engine = make_engine(self.url, create=create)
        self.upgraded_from: str | None = None  # the revision it had, when it was upgraded

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, url: str | None = None, create: bool = True) -> Store:
        """Open (creating or upgrading the schema); SQLite folders are made as needed.

        With `create=False` a store that does not exist yet raises StoreMissing and
        nothing is created (for commands that only read)."""
        url = url or default_db_url()
        if not create and not store_exists(url):
            raise StoreMissing(str(sqlite_path(normalise_url(url)) or safe_url(url)))
        store = cls(url, create=create)
        try:
            if store.read_only:
                store._check_schema_read_only()
                return store
            with store.engine.connect() as conn:
                conn.execution_options(**{WRITE: True})
                pg = conn.dialect.name == "postgresql"
                if pg:
                    conn.execute(text(f"SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))
                    conn.commit()
                try:
                    with _UPGRADING:
                        before, after = upgrade(conn)
                finally:
                    if pg:
                        conn.execute(text(f"SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))
                        conn.commit()
            store.upgraded_from = before if before and before != after else None
        except (SchemaError, StoreError):
            store.close()
            raise
        except SQLAlchemyError as exc:
            store.close()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open store {safe_url(store.url)}: {reason}") from None
        return store

    def _check_schema_read_only(self) -> None:
        """A store opened read-only is read as it is: it must not need an upgrade."""
        with self.engine.connect() as conn:
            revision = stored_revision(conn)
            missing = missing_schema(conn) if revision is not None else []
        if revision != head() or missing:
            raise StoreError(
                f"the store {safe_url(self.url)} is read-only here (its file or folder cannot "
                f"be written) and needs an upgrade to schema {head()}; open it once with "
                "write access"
            )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self.close()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed at the end, rolled back on any error.

        Database failures other than constraint violations surface as StoreError."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{WRITE: True})
                with conn.begin():
                    yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            if came_of_an_interrupt(exc):
                raise KeyboardInterrupt from exc
            raise StoreError(f"cannot write to the store: {failure_reason(exc)}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; database failures surface as StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            if came_of_an_interrupt(exc):
                raise KeyboardInterrupt from exc
            raise StoreError(f"cannot read the store: {failure_reason(exc)}") from exc

    @staticmethod
    def _now() -> datetime:
        return datetime.now(UTC)

    # ----------------------------------------------------------------- runs
    def start_run(self, kind: str = "crawl", sources: Iterable[str] = ()) -> int:
        with self.write() as conn:
            result = conn.execute(
                runs.insert().values(
                    kind=kind,
                    sources=json.dumps(list(sources)),
                    started_at=self._now(),
                    status="running",
                    figures="{}",
                )
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def finish_run(
        self, run_id: int, status: str, figures: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:  # fmt: skip
        if status not in RUN_STATUSES:
            raise ValueError(f"run status {status!r} is not one of {', '.join(RUN_STATUSES)}")
        blob = json.dumps(figures or {}, default=str, sort_keys=True)
        with self.write() as conn:
            done = conn.execute(
                update(runs).where(runs.c.id == run_id).values(
                    status=status, figures=blob, error=error, finished_at=self._now())
            )  # fmt: skip
            if done.rowcount != 1:
                raise ValueError(f"no run with id {run_id}")

    # ----------------------------------------------------------------- gone boards
    def mark_gone(
        self, source: str, source_type: str, found: Iterable[tuple[str, int]],
        run_id: int | None = None,
    ) -> int:  # fmt: skip
        """Record boards of `source` that answered 404/410 (board, status)."""
        with self.write() as conn:
            return boards.mark_gone(conn, source, source_type, found, self._now(), run_id)

    def gone_boards(self, sources: Iterable[str] | None = None) -> list[boards.GoneBoard]:
        with self.read() as conn:
            return boards.list_gone(conn, sources)

    def clear_gone(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Forget gone boards that answer again: (source, board) pairs."""
        with self.write() as conn:
            return boards.clear_gone(conn, pairs)

    # ----------------------------------------------------------------- postings
    def upsert_posting(self, posting: dict[str, Any], run_id: int | None = None) -> str:
        """Insert, update or just mark seen; returns "new", "updated" or "unchanged"."""
        return self.upsert_checked([posting_row(posting)], run_id)[0]

    def upsert_many(self, items: Iterable[dict[str, Any]], run_id: int | None = None) -> list[str]:
        """Upsert a batch in one transaction (all or nothing); outcomes in input order.

        Every posting is checked first: one bad posting raises PostingError (with its
        position) before anything is written."""
        rows = []
        for i, item in enumerate(items):
            try:
                rows.append(posting_row(item))
            except PostingError as exc:
                raise PostingError(f"posting #{i}: {exc}") from None
        return self.upsert_checked(rows, run_id)

    def upsert_checked(self, rows: list[dict[str, Any]], run_id: int | None) -> list[str]:
        """Upsert rows already made by records.posting_row, in one transaction."""
        if not rows:
            return []
        for attempt in range(UPSERT_RETRIES):
            try:
                with self.write() as conn:
                    return postings.upsert_rows(conn, rows, run_id, self._now())
            except IntegrityError as exc:  # another writer stored one of them first: redo
                if attempt == UPSERT_RETRIES - 1:
                    raise StoreError(f"cannot store postings: {failure_reason(exc)}") from exc
            except StoreError as exc:  # a deadlock with another writer: redo
                if attempt == UPSERT_RETRIES - 1 or not retryable(exc.__cause__):
                    raise
        raise AssertionError("unreachable")

    def close_vanished(
        self, source: str, seen_external_ids: Iterable[str], run_id: int | None = None
    ) -> int:
        """Mark open postings of `source` that this crawl did not see as closed; how many."""
        with self.write() as conn:
            return postings.close_vanished(conn, source, seen_external_ids, self._now())

    # ----------------------------------------------------------------- frames
    def postings_frame(
        self, since: datetime | None = None, sources: Iterable[str] | None = None,
        remote: bool | None = None, title_words: Iterable[str] | None = None,
        include_closed: bool = True, level: str | None = None,
    ) -> pd.DataFrame:  # fmt: skip
        """One row per posting; `dup_group` is equal for duplicates (count each group once);
        `levels` ("junior,mid"), `years_min` and `pay_*` as the ad states them."""
        where = posting_filters(since, sources, remote, title_words, include_closed, level)
        with self.read() as conn:
            rows = conn.execute(postings_select(where)).all()
        return typed_frame(rows, POSTING_COLUMNS)

    def mentions_frame(
        self, since: datetime | None = None, sources: Iterable[str] | None = None,
        remote: bool | None = None, title_words: Iterable[str] | None = None,
        include_closed: bool = True, columns: Sequence[str] = MENTION_COLUMNS,
        level: str | None = None,
    ) -> pd.DataFrame:  # fmt: skip
        """Skill mentions of the postings the same filters select; `columns` picks a subset
        (the report needs only posting_id, skill and section)."""
        unknown = set(columns) - set(MENTION_COLUMNS)
        if unknown:
            raise ValueError(f"unknown mention column(s): {', '.join(sorted(unknown))}")
        where = posting_filters(since, sources, remote, title_words, include_closed, level)
        with self.read() as conn:
            rows = conn.execute(mentions_select(where, columns)).all()
        return typed_frame(rows, columns)

    def market_counts(
        self, skill_category: Mapping[str, str], since: datetime | None = None,
        sources: Iterable[str] | None = None, remote: bool | None = None,
        title_words: Iterable[str] | None = None, level: str | None = None,
        examples: int = 3, candidates: int = 100,
    ) -> MarketCounts:  # fmt: skip
        """What a report or a gap shows, counted by the database over the postings the
        same filters select (skillgap.store.counts): small tables, however big the store."""
        where = posting_filters(since, sources, remote, title_words, True, level)
        with self.read() as conn:
            return count_market(conn, where, skill_category, examples, candidates)

    def mentions_of(self, posting_ids: Sequence[int]) -> pd.DataFrame:
        """Every mention of these few postings with its offsets: posting_id, skill,
        section, start, end (the sentences behind a report's figures)."""
        rows: list[Any] = []
        with self.read() as conn:
            for chunk in postings.chunks(sorted(set(posting_ids))):
                rows.extend(conn.execute(posting_mentions_select(chunk)).all())
        return typed_frame(rows, ("posting_id", "skill", "section", "start", "end"))

    def texts_of(self, posting_ids: Sequence[int]) -> dict[int, str]:
        """The stored plain text of these few postings."""
        out: dict[int, str] = {}
        with self.read() as conn:
            for chunk in postings.chunks(sorted(set(posting_ids))):
                out.update((int(i), t or "") for i, t in conn.execute(posting_texts_select(chunk)))
        return out

    def runs_frame(self) -> pd.DataFrame:
        """Every run, oldest first; `figures` is the per-source figures as a JSON string."""
        with self.read() as conn:
            rows = conn.execute(runs_select()).all()
        return typed_frame(rows, RUN_COLUMNS)

    def stats(self) -> StoreStats:
        with self.read() as conn:

            def count(stmt: Any) -> int:
                return int(conn.execute(stmt).scalar() or 0)

            total = count(select(func.count()).select_from(p))
            closed = count(select(func.count()).select_from(p).where(p.c.closed_at.isnot(None)))
            return StoreStats(
                postings=total, open=total - closed, closed=closed,
                mentions=count(select(func.count()).select_from(mentions)),
                runs=count(select(func.count()).select_from(runs)),
                dup_groups=count(select(func.count()).select_from(dup_groups)),
                extracted=count(select(func.count()).select_from(p).where(
                    p.c.extracted_taxonomy.isnot(None))),
            )  # fmt: skip

    # ----------------------------------------------------------------- duplicates
    def regroup_duplicates(self, full: bool = False) -> dict[str, int]:
        """Recompute dup_groups: exact text fingerprints plus near-duplicates. Only postings
        new or changed since the last grouping are searched (all of them with `full`)."""
        totals = {"changed": 0, "checked": 0, "compared": 0}
        with self._one_at_a_time(PG_GROUPING_LOCK):
            if full:
                with self.write() as conn:
                    grouping.forget_groups(conn)
            while True:  # a round at a time, so a big store's memory stays bounded
                with self.read() as conn:
                    rows = grouping.read_for_grouping(conn)
                    plan = grouping.plan_groups(conn, rows, grouping.ROUND)
                with self.write() as conn:
                    grouping.write_groups(conn, plan, self._now())
                figures = grouping.group_figures(rows, plan)
                for key in totals:
                    totals[key] += figures[key]
                if not plan.remaining or not plan.checked:
                    break
        return {**figures, **totals}

    @contextmanager
    def _one_at_a_time(self, key: int) -> Iterator[None]:
        """PostgreSQL: wait for and hold a session advisory lock (workers on several
        machines regroup one after another); SQLite's write lock does this already."""
        if self.backend != "postgresql":
            yield
            return
        with self.engine.connect() as conn:
            conn.execute(text(f"SELECT pg_advisory_lock({key})"))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text(f"SELECT pg_advisory_unlock({key})"))
                conn.commit()

    def grouping_pending(self) -> int:
        """How many postings the last finished grouping has not seen (new or changed since)."""
        with self.read() as conn:
            return grouping.ungrouped(conn)

    # ----------------------------------------------------------------- extraction
    def pending_extraction(self, fingerprint: str) -> list[tuple[int, str]]:
        """(posting id, reason) for postings to tag: "new", "changed" or "retagged"."""
        with self.read() as conn:
            return tagging.pending(conn, fingerprint)

    def count_pending_extraction(self, fingerprint: str) -> int:
        """How many postings pending_extraction would list (a COUNT, nothing read)."""
        with self.read() as conn:
            return tagging.pending_count(conn, fingerprint)

    def extraction_inputs(self, ids: Sequence[int]) -> list[Any]:
        """Rows (id, title, company, text, input_hash, location, salary_*, content_hash) for
        these postings, in id order."""
        with self.read() as conn:
            return tagging.inputs(conn, ids)

    def save_mentions(
        self,
        results: Sequence[tuple[int, str, Sequence[Any]]],
        fingerprint: str,
        meta: Sequence[dict[str, Any]] = (),
    ) -> int:
        """Replace the mentions of each (posting id, input hash it was tagged from, mentions)
        and write their meta rows, in one transaction; returns how many mentions were stored."""
        if not results and not meta:
            return 0
        with self.write() as conn:
            return tagging.replace_mentions(conn, results, fingerprint, meta)

    @contextmanager
    def claim_pending(
        self, fingerprint: str, limit: int, skip: Sequence[int] = ()
    ) -> Iterator[tuple[Connection, list[Any]]]:
        """PostgreSQL: one transaction holding up to `limit` postings to tag that no other
        worker holds (FOR UPDATE SKIP LOCKED), with their extraction inputs; save their
        mentions with save_claimed on the same connection. Any number of workers can run."""
        if self.backend != "postgresql":
            raise StoreError("claiming postings needs PostgreSQL (SQLite has one writer)")
        with self.write() as conn:
            ids = tagging.claim(conn, fingerprint, limit, skip)
            yield conn, tagging.inputs(conn, ids)

    @staticmethod
    def save_claimed(
        conn: Connection,
        results: Sequence[tuple[int, str, Sequence[Any]]],
        fingerprint: str,
        meta: Sequence[dict[str, Any]] = (),
    ) -> int:
        """save_mentions inside a claim_pending transaction."""
        return tagging.replace_mentions(conn, results, fingerprint, meta)

    def pending_meta(self, rules: str) -> list[int]:
        """Ids of postings whose levels, years and pay are to be read (again)."""
        with self.read() as conn:
            return tagging.pending_meta(conn, rules)

    def save_meta(self, rows: Sequence[dict[str, Any]]) -> None:
        """Write postings' levels, years and pay ({"id", levels, ..., meta_rules} rows)."""
        with self.write() as conn:
            tagging.save_meta(conn, rows)

    # ----------------------------------------------------------------- streaming
    def iter_rows(self, stmt: Any, batch: int = 1000) -> Iterator[list[dict[str, Any]]]:
        """Run a select and yield its rows as dicts, `batch` at a time (server-side cursor
        on PostgreSQL), so exports of big stores stay small in memory."""
        with self.read() as conn:
            conn.execution_options(stream_results=True, yield_per=batch)
            result = conn.execute(stmt)
            for part in result.mappings().partitions(batch):
                yield [dict(r) for r in part]
