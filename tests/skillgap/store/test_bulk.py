"""The fast write path: the same rows as SQLAlchemy's own executemany, the same text
fingerprints and hashes as the plain definitions."""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from skillgap.store import Store
from skillgap.store.bulk import execute_many, insert_many
from skillgap.store.postings import _CHANGE, _CHANGE_FIELDS
from skillgap.store.records import (
    CONTENT_FIELDS,
    INPUT_FIELDS,
    normalise_text,
    posting_row,
)
from skillgap.store.schema import postings


def _reference_normalise(text: str) -> str:
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _reference_hash(row: dict[str, Any], fields: tuple[str, ...]) -> str:
    values = [row[f].isoformat() if isinstance(row[f], datetime) else row[f] for f in fields]
    blob = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


TEXT = st.lists(
    st.sampled_from(
        [
            *"ab Z_9-,.!\t\n\r\x0b\x0c\x1c\x1f&;#",
            "&amp;",
            "&#x27;",
            "\u00a0",
            "\u2028",
            "\u3000",
            "é",
            "ß",
            "ﬁ",
            "•",
            "—",
            "’",
            "٣",
            "Ⅻ",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_normalise_text_is_the_regex_definition(text: str) -> None:
    assert normalise_text(text) == _reference_normalise(text)


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT, st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)))
def test_hashes_are_the_json_list_definition(title: str, text: str, pay: float | None) -> None:
    row = posting_row({
        "source": "s", "source_type": "greenhouse", "external_id": "1", "url": "u",
        "title": title.strip() or "t", "company": "Ünï \"co\"", "description_text": text,
        "salary_min": pay, "posted_at": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
    })  # fmt: skip
    assert row["content_hash"] == _reference_hash(row, CONTENT_FIELDS)
    assert row["input_hash"] == _reference_hash(row, INPUT_FIELDS)


def _rows(n: int) -> list[dict[str, Any]]:
    now = datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)
    out = []
    for i in range(n):
        row = posting_row({
            "source": "s", "source_type": "lever", "external_id": f"e{i}", "url": f"u{i}",
            "title": f"Engineer {i}", "company": "Co", "description_text": f"text {i} " * 20,
            "remote": [True, False, None][i % 3], "salary_min": 1.5 * i if i % 2 else None,
            "posted_at": now - timedelta(days=i) if i % 4 else None,
        })  # fmt: skip
        out.append({**row, "first_seen": now, "last_seen": now + timedelta(seconds=i % 2),
                    "first_run_id": None, "last_run_id": 7})  # fmt: skip
    return out


def _read(store: Store) -> list[tuple[Any, ...]]:
    with store.read() as conn:
        rows = conn.execute(select(postings).order_by(postings.c.external_id)).all()
    return [tuple(r)[1:] for r in rows]  # without the id


def test_insert_and_update_rows_equal_sqlalchemys_own(tmp_path: Path) -> None:
    rows = _rows(30)
    with (
        Store.open(f"sqlite:///{tmp_path / 'a.sqlite'}") as fast,
        Store.open(f"sqlite:///{tmp_path / 'b.sqlite'}") as plain,
    ):
        with fast.write() as conn:
            insert_many(conn, postings, rows)
        with plain.write() as conn:
            conn.execute(postings.insert(), rows)
        assert _read(fast) == _read(plain)
        assert {r[postings.c.remote.name] for r in rows} == {True, False, None}
        later = datetime(2027, 1, 1, tzinfo=UTC)
        # _CHANGE also writes a value bound in the statement itself (closed_at = NULL)
        changes = [{"b_id": i + 1, **{f"b_{f}": {**r, "title": "New", "last_seen": later}[f]
                                      for f in _CHANGE_FIELDS}}
                   for i, r in enumerate(rows[:10])]  # fmt: skip
        for store in (fast, plain):
            with store.write() as conn:
                conn.execute(postings.update().values(closed_at=later))
        with fast.write() as conn:
            execute_many(conn, _CHANGE, changes)
        with plain.write() as conn:
            conn.execute(_CHANGE, changes)
        assert _read(fast) == _read(plain)
        with fast.read() as conn:
            closed = conn.execute(select(postings.c.closed_at).order_by(postings.c.id)).scalars()
            assert [c is None for c in closed] == [True] * 10 + [False] * 20


def test_a_missing_value_is_refused_not_written_as_null(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'a.sqlite'}") as store, store.write() as conn:
        try:
            execute_many(conn, _CHANGE, [{"b_id": 1}])
        except ValueError as exc:
            assert "lacks values" in str(exc)
        else:
            raise AssertionError("a statement with unbound values ran")
