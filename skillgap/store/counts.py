"""What a report or a gap shows (analyzer.counts.MarketCounts), counted from the postings
the filters choose: the same SQLAlchemy Core on SQLite and PostgreSQL reads each posting as
one short row (its ad key, date, levels, annual pay, and its skills joined into one text),
a round of rows at a time, and numpy counts them (analyzer.coded). No temporary tables,
no self-join: millions of (ad, skill) rows become small tables in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
)

from analyzer.aggregate import UNKNOWN_CATEGORY, Ads, build_ads
from analyzer.coded import NAT, CodedAds, CodedPostings
from analyzer.counts import SOURCE_COLUMNS, MarketCounts, main_currency
from analyzer.labels import LABELS
from analyzer.paystats import ANNUAL
from skillgap.store.queries import POSTING_COLUMNS, posted_date, postings_select, typed_frame
from skillgap.store.schema import posting_skills, postings
from skillgap.store.skill_summary import SEP

p = postings


def ad_key() -> ColumnElement[int]:
    """One key per duplicate group; a posting without one is its own ad."""
    return func.coalesce(p.c.dup_group, p.c.id)


def annual_pay() -> ColumnElement[float]:
    """The middle of the stated range (or its one bound), made annual; NULL when unknown."""
    middle = func.coalesce((p.c.pay_min + p.c.pay_max) * literal(0.5, Float),
                           p.c.pay_min, p.c.pay_max)  # fmt: skip
    factor = case(*((p.c.pay_period == k, literal(float(v), Float)) for k, v in ANNUAL.items()))
    return middle * factor


BATCH = 100_000  # postings read a round


class _Tokens:
    """The distinct "skill:rank" tokens seen, numbered in the order met."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def codes(self, texts: Any, per: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row of each token, its token number) for the texts of one round, `per` tokens
        in each."""
        words = SEP.join(filter(None, texts)).split(SEP) if per.sum() else []
        local, uniques = pd.factorize(np.asarray(words, dtype=object))
        table = np.array([self.index.setdefault(str(u), len(self.index)) for u in uniques],
                         dtype=np.int32)  # fmt: skip
        return np.repeat(np.arange(len(texts), dtype=np.int32), per), table[local]

    def skills(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted skill names, and each token number's skill code and rank."""
        parts = [t.rpartition(":") for t in self.index]
        names = np.array(sorted({s for s, _c, _r in parts}), dtype=object)
        code = {s: i for i, s in enumerate(names)}
        skill = np.array([code[s] for s, _c, _r in parts], dtype=np.int32)
        rank = np.array([int(r) for _s, _c, r in parts], dtype=np.int8)
        return names, skill, rank


def _dates(values: Any) -> np.ndarray:
    """int64 nanoseconds (UTC) of datetimes or the text SQLite keeps them as; NAT for None."""
    dates = pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
    return dates.dt.tz_convert(None).dt.as_unit("ns").to_numpy().view(np.int64)


def _shared(values: Any, seen: dict[Any, Any]) -> np.ndarray:
    """An object array of the values, each distinct text one shared object (a million
    postings' copies of the same few names would cost a hundred MB)."""
    codes, uniques = pd.factorize(np.array(values, dtype=object))
    table = np.array([*(seen.setdefault(u, u) for u in uniques), None], dtype=object)
    return table[codes]  # -1 (None) picks the last


def _driver_rows(conn: Connection, stmt: Any) -> Iterator[Sequence[Any]]:
    """The rows of a select, a round at a time, as the driver's plain tuples (a million
    rows through SQLAlchemy's Row objects cost seconds); binds go through their types'
    processors as SQLAlchemy would."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    processors = compiled._bind_processors
    values = {k: (processors[k](v) if k in processors else v) for k, v in params.items()}
    order = compiled.positiontup
    args: Any = tuple(values[k] for k in order) if order is not None else values
    if not conn.in_transaction():  # the counts that follow read the same snapshot
        conn.begin()
    driver: Any = conn.connection.dbapi_connection
    # PostgreSQL: a server-side cursor, so a round at a time crosses to this process
    cursor = (
        driver.cursor("skillgap_counts") if conn.dialect.name == "postgresql" else driver.cursor()
    )
    try:
        cursor.execute(str(compiled), args)
        while part := cursor.fetchmany(BATCH):
            yield part
    finally:
        cursor.close()


def read_coded(conn: Connection, where: list[ColumnElement[bool]]) -> CodedPostings:
    """The postings `where` selects, as arrays: ad key, date, levels, pay, skills."""
    ps = posting_skills
    stmt = (
        select(p.c.id, ad_key(), type_coerce(posted_date(), String), p.c.levels, annual_pay(),
               p.c.pay_currency, func.coalesce(ps.c.n, 0), ps.c.skills, p.c.source,
               case((and_(p.c.attribution.isnot(None), p.c.attribution != ""), 1), else_=0))
        .select_from(p.outerjoin(ps, ps.c.posting_id == p.c.id))
        .where(*where)
    )  # fmt: skip
    tokens = _Tokens()
    seen: dict[Any, Any] = {}
    cols: list[list[np.ndarray]] = [[] for _ in range(10)]
    done = 0
    for part in _driver_rows(conn, stmt):
        rows = np.array(part, dtype=object)  # one C loop; zip(*part) costs 5x more
        row, token = tokens.codes(rows[:, 7], rows[:, 6].astype(np.int64))
        for i, arr in enumerate((rows[:, 0].astype(np.int64), rows[:, 1].astype(np.int64),
                                 _dates(rows[:, 2]), _shared(rows[:, 3], seen),
                                 np.array(rows[:, 4].tolist(), dtype=np.float64),  # None: NaN
                                 _shared(rows[:, 5], seen), row + done, token,
                                 _shared(rows[:, 8], seen), rows[:, 9].astype(bool))):  # fmt: skip
            cols[i].append(arr)
        done += len(part)
    kinds = (np.int64, np.int64, np.int64, object, np.float64, object, np.int32, np.int32,
             object, bool)  # fmt: skip
    arrays = [np.concatenate(c) if c else np.zeros(0, dtype=k)
              for c, k in zip(cols, kinds, strict=True)]  # fmt: skip
    names, skill_of, rank_of_token = tokens.skills()
    token = arrays[7]
    return CodedPostings(
        id=arrays[0], ad=arrays[1], date=arrays[2], levels=arrays[3], annual=arrays[4],
        currency=arrays[5], row_posting=arrays[6], row_skill=skill_of[token],
        row_rank=rank_of_token[token], skill_names=names, source=arrays[8], credited=arrays[9],
    )  # fmt: skip


def count_market(
    conn: Connection,
    where: list[ColumnElement[bool]],
    skill_category: Mapping[str, str],
    examples: int = 3,
    candidates: int = 100,
) -> MarketCounts:
    """Count the ads of the postings `where` selects; `skill_category` maps skills to the
    categories counted; the sample keeps, for every skill, its `examples` best ads by the
    ad's date and its `candidates` best by its newest posting (analyzer.evidence)."""
    coded = read_coded(conn, where)
    ads = CodedAds(coded)
    coded.row_posting = coded.row_skill = coded.row_rank = np.zeros(0, dtype=np.int32)  # done
    pay = ads.pay()
    currency, _per = main_currency(pay)
    known = ads.date[ads.date != NAT]
    picked = {(ad, skill): r for ad, skill, r in
              [*ads.best(examples), *ads.best(candidates, newest=True)]}  # fmt: skip
    return MarketCounts(
        total=ads.total, postings=ads.postings, ads_with_skills=ads.ads_with_skills(),
        first=pd.Timestamp(int(known.min()), tz="UTC") if len(known) else None,
        last=pd.Timestamp(int(known.max()), tz="UTC") if len(known) else None,
        cells=ads.cells(), ad_cells=ads.ad_cells(),
        categories=ads.categories(skill_category, UNKNOWN_CATEGORY), pairs=ads.pairs(),
        pay=pay, skill_pay=ads.skill_pay(currency), sources=_sources(conn, coded),
        sample=_sample(conn, where, picked),
    )  # fmt: skip


def _sources(conn: Connection, cp: CodedPostings) -> pd.DataFrame:
    """Per source: postings, distinct ads, the type and attribution of its first posting
    (that has one), and the dates covered."""
    code, names = pd.factorize(pd.Series(cp.source, dtype=object))
    code = np.asarray(code, dtype=np.int64)
    k = len(names)
    if not k:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    top = np.iinfo(np.int64).max
    width = int(cp.ad.max()) + 1
    ads = np.bincount(np.unique(code * width + cp.ad) // width, minlength=k)
    first_id = np.full(k, top, dtype=np.int64)
    np.minimum.at(first_id, code, cp.id)
    credited = np.full(k, top, dtype=np.int64)
    np.minimum.at(credited, code[cp.credited], cp.id[cp.credited])
    known = cp.date != NAT
    lo, hi = np.full(k, top, dtype=np.int64), np.full(k, NAT, dtype=np.int64)
    np.minimum.at(lo, code[known], cp.date[known])
    np.maximum.at(hi, code[known], cp.date[known])
    lo[lo == top] = NAT
    wanted = sorted({int(i) for i in (*first_id, *credited) if i != top})
    info: dict[int, tuple[Any, Any]] = {}
    for start in range(0, len(wanted), 500):
        stmt = select(p.c.id, p.c.source_type, p.c.attribution).where(
            p.c.id.in_(wanted[start : start + 500])
        )
        info.update((int(i), (st, at)) for i, st, at in conn.execute(stmt))
    out = pd.DataFrame({
        "source": [str(x) for x in names],
        "source_type": [info[int(i)][0] for i in first_id],
        "postings": np.bincount(code, minlength=k).astype(np.int64),
        "ads": ads.astype(np.int64),
        "attribution": [info[int(i)][1] if i != top else None for i in credited],
        "first": pd.to_datetime(np.where(lo == NAT, np.iinfo(np.int64).min, lo), utc=True),
        "last": pd.to_datetime(hi, utc=True),
    })[SOURCE_COLUMNS]  # fmt: skip
    return out.sort_values(["postings", "source"], ascending=[False, True], ignore_index=True)


def _sample(
    conn: Connection, where: list[ColumnElement[bool]], picked: dict[tuple[int, str], int]
) -> Ads:
    """The ads examples and evidence may pick, as analyzer.aggregate.Ads: the picked
    (ad, skill) rows with their rank, and the postings of those ads in full."""
    ads = sorted({ad for ad, _s in picked})
    rows: list[Any] = []
    for start in range(0, len(ads), 500):
        chunk = ads[start : start + 500]
        # each side of the OR can use an index (the key itself cannot)
        mine = or_(p.c.id.in_(chunk), p.c.dup_group.in_(chunk))
        rows += conn.execute(postings_select([*where, mine, ad_key().in_(chunk)])).all()
    posts = typed_frame(rows, POSTING_COLUMNS).sort_values("id", ignore_index=True)
    first = posts.groupby("dup_group")["id"].min().to_dict()
    mention_rows = pd.DataFrame(
        [(int(first[ad]), skill, LABELS[r]) for (ad, skill), r in picked.items()],
        columns=["posting_id", "skill", "section"],
    )
    return build_ads(posts, mention_rows)
