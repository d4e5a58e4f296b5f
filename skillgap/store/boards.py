"""Gone boards: which ATS boards of a source answered 404/410, so crawls can skip them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, select, tuple_, update

from skillgap.store.schema import gone_boards


@dataclass(frozen=True)
class GoneBoard:
    source: str
    board: str
    source_type: str
    status: int
    gone_at: datetime
    checked_at: datetime
    run_id: int | None


def mark_gone(
    conn: Connection, source: str, source_type: str, found: Iterable[tuple[str, int]],
    when: datetime, run_id: int | None,
) -> int:  # fmt: skip
    """Record each (board, status) as gone; a board already recorded keeps its first date."""
    statuses = dict(found)
    if not statuses:
        return 0
    t = gone_boards.c
    known = set(conn.scalars(select(t.board).where(t.source == source, t.board.in_(statuses))))
    for board, status in statuses.items():
        if board in known:
            found_by = {"run_id": run_id} if run_id is not None else {}
            conn.execute(update(gone_boards).where(t.source == source, t.board == board)
                         .values(status=status, checked_at=when, **found_by))  # fmt: skip
        else:
            conn.execute(gone_boards.insert().values(
                source=source, board=board, source_type=source_type, status=status,
                gone_at=when, checked_at=when, run_id=run_id))  # fmt: skip
    return len(statuses)


def list_gone(conn: Connection, sources: Iterable[str] | None = None) -> list[GoneBoard]:
    """The gone boards (of the named sources, else all), by source and board."""
    t = gone_boards.c
    stmt = select(gone_boards).order_by(t.source, t.board)
    if sources is not None:
        stmt = stmt.where(t.source.in_(list(sources)))
    return [GoneBoard(**dict(row._mapping)) for row in conn.execute(stmt)]


def clear_gone(conn: Connection, pairs: Iterable[tuple[str, str]]) -> int:
    """Forget (source, board) pairs that answer again; how many were forgotten."""
    wanted = list(pairs)
    if not wanted:
        return 0
    t = gone_boards.c
    done = conn.execute(delete(gone_boards).where(tuple_(t.source, t.board).in_(wanted)))
    return int(done.rowcount or 0)
