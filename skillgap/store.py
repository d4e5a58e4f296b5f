"""The durable store: postings, mentions, runs and duplicate groups, via SQLAlchemy 2.

SQLite by default (WAL, foreign keys on), PostgreSQL with the same code. Every write is
one transaction: a crash half-way leaves the store as it was before that write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, delete, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from skillgap.config import default_db_url
from skillgap.engine import WRITE, StoreURLError, make_engine, normalise_url
from skillgap.migrations import SchemaError, upgrade
from skillgap.queries import (
    MENTION_COLUMNS,
    POSTING_COLUMNS,
    RUN_COLUMNS,
    mentions_select,
    posting_filters,
    postings_select,
    runs_select,
    typed_frame,
)
from skillgap.records import PostingError, posting_row, stored_external_id
from skillgap.schema import dup_groups, mentions, postings, runs

RUN_STATUSES = ("ok", "partial", "failed", "interrupted")
OUTCOMES = ("new", "updated", "unchanged")
CHUNK = 500  # ids per IN (...) list
UPSERT_RETRIES = 3  # a concurrent writer may insert the same posting first
PG_MIGRATION_LOCK = 0x5E1_9A9  # advisory lock id: one process upgrades at a time

__all__ = ["RUN_STATUSES", "PostingError", "SchemaError", "Store", "StoreError", "StoreURLError"]

p = postings
# columns an upsert writes from the posting dict
_ROW_FIELDS = (
    "source", "source_type", "external_id", "url", "title", "company", "location", "remote",
    "posted_at", "salary_min", "salary_max", "salary_currency", "salary_period",
    "description_html", "description_text", "attribution", "content_hash", "input_hash",
    "text_fingerprint",
)  # fmt: skip


# statements built once: per-posting upserts spend their time here otherwise
_SELECT_EXISTING = select(p.c.id, p.c.external_id, p.c.content_hash, p.c.closed_at).where(
    p.c.source == bindparam("b_source"), p.c.external_id.in_(bindparam("b_ids", expanding=True))
)
_SELECT_SAME_TEXT = select(
    p.c.id, p.c.source, p.c.external_id, p.c.text_fingerprint, p.c.dup_group
).where(p.c.text_fingerprint.in_(bindparam("b_fps", expanding=True)))
_TOUCH = (
    update(p)
    .where(p.c.id.in_(bindparam("b_ids", expanding=True)))
    .values(last_seen=bindparam("b_seen"), last_run_id=bindparam("b_run"))
)
_CHANGE_FIELDS = (*_ROW_FIELDS, "last_seen", "last_run_id")
_CHANGE = (
    update(p)
    .where(p.c.id == bindparam("b_id"))
    # reopened if it was closed; a changed text is regrouped after the write (exact) and
    # by the next regroup_duplicates (near: its grouped_hash no longer matches)
    .values({**{f: bindparam(f"b_{f}") for f in _CHANGE_FIELDS}, "closed_at": None})
)
_SET_GROUP = update(p).where(p.c.id == bindparam("b_id")).values(dup_group=bindparam("b_group"))
_SET_GROUPED = update(p).where(p.c.id == bindparam("b_id")).values(grouped_hash=bindparam("b_hash"))


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says why."""


@dataclass(frozen=True)
class StoreStats:
    postings: int
    open: int
    closed: int
    mentions: int
    runs: int
    dup_groups: int
    extracted: int


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip()


def _retryable(exc: BaseException | None) -> bool:
    """A PostgreSQL deadlock or serialization failure: the transaction can simply be redone."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001")


def safe_url(url: str) -> str:
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable URL>"


class Store:
    """Open with Store.open(url); use as a context manager or call close()."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.upgraded_from: int | None = None

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating or upgrading the schema); SQLite folders are made as needed."""
        store = cls(url or default_db_url())
        try:
            with store.engine.connect() as conn:
                conn.execution_options(**{WRITE: True})
                pg = conn.dialect.name == "postgresql"
                if pg:
                    conn.execute(text(f"SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))
                    conn.commit()
                try:
                    before, after = upgrade(conn)
                finally:
                    if pg:
                        conn.execute(text(f"SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))
                        conn.commit()
            store.upgraded_from = before if before and before != after else None
        except SchemaError:
            store.close()
            raise
        except SQLAlchemyError as exc:
            store.close()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open store {safe_url(store.url)}: {reason}") from None
        return store

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
            raise StoreError(f"cannot write to the store: {_reason(exc)}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; database failures surface as StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the store: {_reason(exc)}") from exc

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
                    return self._upsert_rows(conn, rows, run_id, self._now())
            except IntegrityError as exc:  # another writer stored one of them first: redo
                if attempt == UPSERT_RETRIES - 1:
                    raise StoreError(f"cannot store postings: {_reason(exc)}") from exc
            except StoreError as exc:  # a deadlock with another writer: redo
                if attempt == UPSERT_RETRIES - 1 or not _retryable(exc.__cause__):
                    raise
        raise AssertionError("unreachable")

    def _existing(self, conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
        by_source: dict[str, set[str]] = {}
        for r in rows:
            by_source.setdefault(r["source"], set()).add(r["external_id"])
        found: dict[tuple[str, str], Any] = {}
        for source, ids in by_source.items():
            for chunk in _chunks(sorted(ids)):
                for rec in conn.execute(_SELECT_EXISTING, {"b_source": source, "b_ids": chunk}):
                    found[(source, rec.external_id)] = rec
        return found

    def _upsert_rows(
        self, conn: Connection, rows: list[dict[str, Any]], run_id: int | None, now: datetime
    ) -> list[str]:
        # key -> (id or None if inserted in this batch, content hash, closed?)
        state = {k: (r.id, r.content_hash, r.closed_at is not None)
                 for k, r in self._existing(conn, rows).items()}  # fmt: skip
        inserts: dict[tuple[str, str], dict[str, Any]] = {}
        changes: dict[int, dict[str, Any]] = {}
        touched: set[int] = set()
        outcomes: list[str] = []
        for row in rows:
            key = (row["source"], row["external_id"])
            if key not in state:
                outcome = "new"
                inserts[key] = row
                state[key] = (None, row["content_hash"], False)
                outcomes.append(outcome)
                continue
            pid, old_hash, closed = state[key]
            if old_hash == row["content_hash"] and not closed:
                outcome = "unchanged"
                if pid is not None:
                    touched.add(pid)
            else:
                outcome = "updated"
                if pid is None:
                    inserts[key] = row
                else:
                    changes[pid] = row
            state[key] = (pid, row["content_hash"], False)
            outcomes.append(outcome)
        seen = {"last_seen": now, "last_run_id": run_id}
        if inserts:  # in key order, as every writer does: no lock-order deadlocks
            conn.execute(
                p.insert(),
                [{**inserts[k], **seen, "first_seen": now, "first_run_id": run_id}
                 for k in sorted(inserts)],
            )  # fmt: skip
        if changes:
            conn.execute(
                _CHANGE,
                [{"b_id": pid, **{f"b_{f}": {**r, **seen}[f] for f in _CHANGE_FIELDS}}
                 for pid, r in sorted(changes.items())],
            )  # fmt: skip
        touched -= set(changes)
        for chunk in _chunks(sorted(touched)):
            conn.execute(_TOUCH, {"b_ids": list(chunk), "b_seen": now, "b_run": run_id})
        self._group_exact(conn, [r for r in (*inserts.values(), *changes.values())])
        return outcomes

    def _group_exact(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Put new/changed postings into the group of an existing ad with the same text."""
        keys = {(r["source"], r["external_id"]) for r in rows}
        fps = sorted({r["text_fingerprint"] for r in rows if r["text_fingerprint"]})
        affected: dict[int, str | None] = {}
        others: dict[str, list[int]] = {}
        for chunk in _chunks(fps):
            for rec in conn.execute(_SELECT_SAME_TEXT, {"b_fps": list(chunk)}):
                if (rec.source, rec.external_id) in keys:
                    affected[rec.id] = rec.text_fingerprint
                    others.setdefault(rec.text_fingerprint, []).append(rec.id)
                else:
                    others.setdefault(rec.text_fingerprint, []).append(rec.dup_group or rec.id)
        params = []
        for pid, fp in affected.items():
            members = others.get(fp or "", [])
            if len(members) > 1:  # a lone ad keeps dup_group NULL (its own id in frames)
                params.append({"b_id": pid, "b_group": min(members)})
        if params:
            conn.execute(_SET_GROUP, params)

    def close_vanished(
        self, source: str, seen_external_ids: Iterable[str], run_id: int | None = None
    ) -> int:
        """Mark open postings of `source` that this crawl did not see as closed; how many."""
        seen = {stored_external_id(str(x)) for x in seen_external_ids}
        with self.write() as conn:
            open_rows = conn.execute(
                select(p.c.id, p.c.external_id).where(p.c.source == source,
                                                      p.c.closed_at.is_(None))
            ).all()  # fmt: skip
            gone = [r.id for r in open_rows if r.external_id not in seen]
            now = self._now()
            close = update(p).where(p.c.id.in_(bindparam("b_ids", expanding=True)))
            for chunk in _chunks(gone):
                conn.execute(close.values(closed_at=now), {"b_ids": list(chunk)})
        return len(gone)

    # ----------------------------------------------------------------- frames
    def postings_frame(
        self, since: datetime | None = None, sources: Iterable[str] | None = None,
        remote: bool | None = None, title_words: Iterable[str] | None = None,
        include_closed: bool = True,
    ) -> pd.DataFrame:  # fmt: skip
        """One row per posting; `dup_group` is equal for duplicates (count each group once)."""
        where = posting_filters(since, sources, remote, title_words, include_closed)
        with self.read() as conn:
            rows = conn.execute(postings_select(where)).all()
        return typed_frame(rows, POSTING_COLUMNS)

    def mentions_frame(
        self, since: datetime | None = None, sources: Iterable[str] | None = None,
        remote: bool | None = None, title_words: Iterable[str] | None = None,
        include_closed: bool = True, columns: Sequence[str] = MENTION_COLUMNS,
    ) -> pd.DataFrame:  # fmt: skip
        """Skill mentions of the postings the same filters select; `columns` picks a subset
        (the report needs only posting_id, skill and section)."""
        unknown = set(columns) - set(MENTION_COLUMNS)
        if unknown:
            raise ValueError(f"unknown mention column(s): {', '.join(sorted(unknown))}")
        where = posting_filters(since, sources, remote, title_words, include_closed)
        with self.read() as conn:
            rows = conn.execute(mentions_select(where, columns)).all()
        return typed_frame(rows, columns)

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
        from skillgap.dedupe import find_groups

        with self.read() as conn:
            rows = conn.execute(
                select(p.c.id, p.c.title, p.c.description_text, p.c.text_fingerprint,
                       p.c.dup_group, p.c.input_hash, p.c.grouped_hash).order_by(p.c.id)
            ).all()  # fmt: skip
        dirty = [full or r.grouped_hash is None or r.grouped_hash != r.input_hash for r in rows]
        result = find_groups(
            [r.id for r in rows], [r.text_fingerprint for r in rows],
            [f"{r.title}\n{r.description_text}" for r in rows],
            dirty=dirty, prior=[r.dup_group for r in rows],
        )  # fmt: skip
        checked = [{"b_id": r.id, "b_hash": r.input_hash}
                   for r, d in zip(rows, dirty, strict=True) if d]  # fmt: skip
        current = {r.id: r.dup_group for r in rows}
        now = self._now()
        changed = [{"b_id": pid, "b_group": result.group_of.get(pid)}
                   for pid in current if current[pid] != result.group_of.get(pid)]  # fmt: skip
        with self.write() as conn:
            if changed:
                conn.execute(_SET_GROUP, changed)
            if checked:
                conn.execute(_SET_GROUPED, checked)
            conn.execute(delete(dup_groups))
            if result.groups:
                conn.execute(dup_groups.insert(), [
                    {"id": gid, "size": size, "method": method, "grouped_at": now}
                    for gid, (size, method) in result.groups.items()])  # fmt: skip
        return {
            "postings": len(rows),
            "groups": len(result.groups),
            "grouped_postings": sum(size for size, _m in result.groups.values()),
            "exact_groups": sum(1 for _s, m in result.groups.values() if m == "exact"),
            "near_groups": sum(1 for _s, m in result.groups.values() if m == "near"),
            "changed": len(changed),
            "checked": len(checked),
        }

    # ----------------------------------------------------------------- extraction
    def pending_extraction(self, fingerprint: str) -> list[tuple[int, str]]:
        """(posting id, reason) for postings to tag: "new" (never tagged), "changed" (text
        changed since), "retagged" (tagged with another taxonomy)."""
        stmt = (
            select(p.c.id, p.c.input_hash, p.c.extracted_hash, p.c.extracted_taxonomy)
            .where(
                (p.c.extracted_hash.is_(None))
                | (p.c.extracted_taxonomy.is_(None))
                | (p.c.extracted_hash != p.c.input_hash)
                | (p.c.extracted_taxonomy != fingerprint)
            )
            .order_by(p.c.id)
        )
        out = []
        with self.read() as conn:
            for r in conn.execute(stmt):
                if r.extracted_hash is None or r.extracted_taxonomy is None:
                    reason = "new"
                elif r.extracted_hash != r.input_hash:
                    reason = "changed"
                else:
                    reason = "retagged"
                out.append((r.id, reason))
        return out

    def extraction_inputs(self, ids: Sequence[int]) -> list[Any]:
        """Rows (id, title, company, text, input_hash) for these postings, in id order."""
        rows: list[Any] = []
        with self.read() as conn:
            for chunk in _chunks(sorted(ids)):
                stmt = select(p.c.id, p.c.title, p.c.company, p.c.description_text.label("text"),
                              p.c.input_hash).where(p.c.id.in_(chunk)).order_by(p.c.id)  # fmt: skip
                rows.extend(conn.execute(stmt).all())
        return rows

    def save_mentions(
        self, results: Sequence[tuple[int, str, Sequence[Any]]], fingerprint: str
    ) -> int:
        """Replace the mentions of each (posting id, input hash it was tagged from, mentions)
        in one transaction; returns how many mentions were stored."""
        if not results:
            return 0
        ids = [pid for pid, _h, _m in results]
        rows = [
            {"posting_id": pid, "skill": m.skill, "section": m.section, "start": m.start,
             "end": m.end, "text": m.text, "taxonomy": fingerprint}
            for pid, _h, found in results for m in found
        ]  # fmt: skip
        with self.write() as conn:
            for chunk in _chunks(ids):
                conn.execute(delete(mentions).where(mentions.c.posting_id.in_(chunk)))
            if rows:
                conn.execute(mentions.insert(), rows)
            conn.execute(
                update(p).where(p.c.id == bindparam("b_id")).values(
                    extracted_hash=bindparam("b_hash"), extracted_taxonomy=fingerprint),
                [{"b_id": pid, "b_hash": h} for pid, h, _m in results],
            )  # fmt: skip
        return len(rows)

    # ----------------------------------------------------------------- streaming
    def iter_rows(self, stmt: Any, batch: int = 1000) -> Iterator[list[dict[str, Any]]]:
        """Run a select and yield its rows as dicts, `batch` at a time (server-side cursor
        on PostgreSQL), so exports of big stores stay small in memory."""
        with self.read() as conn:
            conn.execution_options(stream_results=True, yield_per=batch)
            result = conn.execute(stmt)
            for part in result.mappings().partitions(batch):
                yield [dict(r) for r in part]
