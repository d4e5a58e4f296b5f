"""Each tagged posting's skills in one short row (the `posting_skills` table): every skill
once with its strongest label (rank 0 required, 1 preferred, 2 other), as "skill:rank"
tokens joined by line breaks, and how many. The report's counts read these rows instead
of every mention (skillgap/store/counts.py).

Written with the mentions (skillgap/store/tagging.py, the only writer of mentions);
`rebuild` makes them from the stored mentions (the v10 upgrade, stores repaired by hand).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    case,
    cast,
    delete,
    func,
    literal,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from analyzer.labels import LABEL_RANK, LABELS
from skillgap.store.bulk import insert_many
from skillgap.store.schema import mentions, posting_skills

SEP = "\n"  # between a posting's tokens; a token is "skill:rank" (split at the last colon)
m = mentions


class concat_all(FunctionElement[str]):
    """The values of a group joined by a line break (group_concat / string_agg)."""

    type = String()
    inherit_cache = True


@compiles(concat_all, "sqlite")
def _concat_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, char(10))"


@compiles(concat_all, "postgresql")
def _concat_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)}, chr(10))"


def rank_of(section: Any) -> Any:
    """0 required, 1 preferred, 2 anything else (analyzer.labels), in SQL."""
    return case(*((section == label, i) for i, label in enumerate(LABELS[:-1])),
                else_=len(LABELS) - 1)  # fmt: skip


def summary(found: Iterable[Any]) -> tuple[int, str] | None:
    """(how many skills, their tokens) of one posting's mentions; None without any."""
    best: dict[str, int] = {}
    for mention in found:
        rank = LABEL_RANK.get(mention.section, len(LABELS) - 1)
        best[mention.skill] = min(rank, best.get(mention.skill, rank))
    if not best:
        return None
    return len(best), SEP.join(f"{skill}:{rank}" for skill, rank in sorted(best.items()))


def replace(conn: Connection, results: Sequence[tuple[int, Sequence[Any]]]) -> None:
    """Replace the rows of these (posting id, its mentions) in the caller's transaction."""
    ids = [pid for pid, _found in results]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(delete(posting_skills).where(posting_skills.c.posting_id.in_(chunk)))
    rows = []
    for pid, found in results:
        made = summary(found)
        if made is not None:
            rows.append({"posting_id": pid, "n": made[0], "skills": made[1]})
    insert_many(conn, posting_skills, rows)


def rebuild(conn: Connection, ids: Sequence[int] | None = None) -> None:
    """Make the rows of these postings (of every posting without one, when None) from
    their stored mentions, in SQL."""
    ps = posting_skills
    best = select(m.c.posting_id, m.c.skill, func.min(rank_of(m.c.section)).label("r"))
    if ids is None:
        best = best.where(m.c.posting_id.notin_(select(ps.c.posting_id)))
    else:
        conn.execute(delete(ps).where(ps.c.posting_id.in_(list(ids))))
        best = best.where(m.c.posting_id.in_(list(ids)))
    pairs = best.group_by(m.c.posting_id, m.c.skill).subquery()
    token = pairs.c.skill + literal(":") + cast(pairs.c.r, String)
    rows = select(pairs.c.posting_id, func.count(), concat_all(token)).group_by(pairs.c.posting_id)
    conn.execute(ps.insert().from_select(["posting_id", "n", "skills"], rows))
