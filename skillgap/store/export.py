"""Export the store's postings or mentions as JSON Lines, CSV or Parquet, streaming."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from reports.output import open_output
from skillgap.errors import SkillgapError
from skillgap.store.core import Store
from skillgap.store.queries import EXPORT_POSTING_COLUMNS, postings_select
from skillgap.store.schema import mentions, postings

KINDS = ("postings", "mentions")
FORMATS = ("jsonl", "csv", "parquet")
BATCH = 2000
MENTION_EXPORT_COLUMNS = ("posting_id", "source", "external_id", "skill", "section", "start",
                          "end", "text")  # fmt: skip

_TS = pa.timestamp("us", tz="UTC")
_TYPES: dict[str, pa.DataType] = {
    "id": pa.int64(), "posting_id": pa.int64(), "dup_group": pa.int64(), "start": pa.int64(),
    "end": pa.int64(), "remote": pa.bool_(), "salary_min": pa.float64(),
    "salary_max": pa.float64(), "posted_at": _TS, "first_seen": _TS, "last_seen": _TS,
    "closed_at": _TS, "years_min": pa.int64(), "pay_min": pa.float64(), "pay_max": pa.float64(),
}  # fmt: skip


class ExportError(SkillgapError):
    """Unknown kind or format, or an output that cannot be written."""


def columns_of(kind: str) -> tuple[str, ...]:
    return EXPORT_POSTING_COLUMNS if kind == "postings" else MENTION_EXPORT_COLUMNS


def _statement(kind: str, where: list[Any]) -> Any:
    if kind == "postings":
        return postings_select(where, export=True)
    m, p = mentions, postings
    cols = [m.c.posting_id, p.c.source, p.c.external_id, m.c.skill, m.c.section, m.c.start,
            m.c.end, m.c.text]  # fmt: skip
    stmt = select(*cols).join(p, p.c.id == m.c.posting_id).where(*where)
    return stmt.order_by(m.c.posting_id, m.c.start, m.c.id)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def write_jsonl(batches: Iterable[list[dict[str, Any]]], out: IO[str]) -> int:
    n = 0
    for batch in batches:
        out.writelines(
            json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
            for row in batch
        )
        n += len(batch)
    return n


def write_csv(batches: Iterable[list[dict[str, Any]]], out: IO[str], columns: Iterable[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for batch in batches:
        writer.writerows({k: _plain(v) for k, v in row.items()} for row in batch)
        n += len(batch)
    return n


def parquet_schema(columns: Iterable[str]) -> pa.Schema:
    return pa.schema([(c, _TYPES.get(c, pa.string())) for c in columns])


def write_parquet(batches: Iterable[list[dict[str, Any]]], out: IO[bytes], columns: Iterable[str]
                  ) -> int:  # fmt: skip
    schema = parquet_schema(columns)
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def export(
    store: Store, kind: str, fmt: str, out: IO[str] | Path, where: list[Any] | None = None
) -> int:
    """Write every `kind` row matching `where` to `out` (a text stream, or a path for
    Parquet); returns the number of rows."""
    if kind not in KINDS:
        raise ExportError(f"cannot export {kind!r}: choose one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if isinstance(out, Path):
        return _export_file(store, kind, fmt, out, where)
    if fmt == "parquet":
        raise ExportError("parquet is binary: give an output file with -o FILE")
    batches: Iterator[list[dict[str, Any]]] = store.iter_rows(_statement(kind, where or []), BATCH)
    if fmt == "jsonl":
        return write_jsonl(batches, out)
    return write_csv(batches, out, columns_of(kind))


def _export_file(store: Store, kind: str, fmt: str, path: Path, where: list[Any] | None) -> int:
    """Write through the one output writer (reports.output): a failed export leaves the
    previous file as it was, a device is written as a stream, a link is refused."""
    try:
        if fmt == "parquet":
            with open_output(path, binary=True, parents=False) as fb:
                batches = store.iter_rows(_statement(kind, where or []), BATCH)
                return write_parquet(batches, fb, columns_of(kind))
        with open_output(path, parents=False) as fh:
            return export(store, kind, fmt, fh, where)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
