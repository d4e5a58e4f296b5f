"""Each posting's skills in one row (posting_skills) stay those of its stored mentions:
written with them, replaced when the posting is tagged again, and made from the mentions
in SQL (the v10 upgrade) exactly as the tagger writes them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from analyzer.extract import Mention
from skillgap.store import Store, skill_summary
from skillgap.store.schema import posting_skills
from tests.support.posting_factory import make_posting

FIRST = [
    Mention("python", 0, 6, "Python", "other"),
    Mention("python", 20, 26, "python", "required"),
    Mention("kafka", 30, 35, "Kafka", "preferred"),
    Mention("go-lang", 40, 42, "Go", "benefits"),  # not a label: counts as other
    Mention("kafka", 50, 55, "Kafka", "other"),
]
AGAIN = [Mention("rust", 0, 4, "Rust", "preferred"), Mention("python", 9, 15, "Python", "other")]


def _rows(store: Store) -> dict[int, tuple[int, str]]:
    with store.read() as conn:
        ps = posting_skills
        return {r[0]: (r[1], r[2]) for r in conn.execute(select(ps.c.posting_id, ps.c.n,
                                                                ps.c.skills))}  # fmt: skip


def _tokens(rows: dict[int, tuple[int, str]]) -> dict[int, tuple[int, set[str]]]:
    return {pid: (n, set(text.split(skill_summary.SEP))) for pid, (n, text) in rows.items()}


def _ids(store: Store) -> list[int]:
    store.upsert_many([make_posting(str(i)) for i in range(3)])
    return sorted(int(i) for i in store.postings_frame()["id"])


def _tag(store: Store, results: list[tuple[int, list[Any]]]) -> None:
    store.save_mentions([(pid, "hash", found) for pid, found in results], "fp")


def test_tagging_writes_and_replaces_each_postings_skills(store: Store) -> None:
    a, b, c = _ids(store)
    _tag(store, [(a, FIRST), (b, AGAIN), (c, [])])
    assert _rows(store) == {a: (3, "go-lang:2\nkafka:1\npython:0"), b: (2, "python:2\nrust:1")}
    _tag(store, [(a, AGAIN), (b, [])])  # tagged again: the rows follow the new mentions
    assert _rows(store) == {a: (2, "python:2\nrust:1")}


def test_made_from_stored_mentions_as_the_tagger_writes_them(store: Store) -> None:
    a, b, c = _ids(store)
    _tag(store, [(a, FIRST), (b, AGAIN), (c, FIRST[:1])])
    written = _tokens(_rows(store))
    with store.write() as conn:
        conn.execute(posting_skills.delete())
        skill_summary.rebuild(conn)  # every posting without a row, from its mentions
    assert _tokens(_rows(store)) == written
    with store.write() as conn:
        conn.execute(posting_skills.update().values(n=0, skills=""))
        skill_summary.rebuild(conn, [a, c])  # just these, whatever they held
    rebuilt = _tokens(_rows(store))
    assert rebuilt[a] == written[a] and rebuilt[c] == written[c] and rebuilt[b] == (0, {""})
