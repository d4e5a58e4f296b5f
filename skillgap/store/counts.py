"""The database counts what a report or a gap shows (analyzer.counts.MarketCounts): the
same SQLAlchemy Core on SQLite and PostgreSQL, GROUP BY over the postings the filters
choose, so only small tables come back, however big the store is.

Two temporary tables are made first, in one transaction: an ad's row (a duplicate group:
its first posting, earliest and newest date, month, levels, pay) and an ad's skills (the
strongest label of each). Everything else is counted from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from analyzer.aggregate import UNKNOWN_CATEGORY, Ads, build_ads
from analyzer.counts import (
    AD_CELL_COLUMNS,
    CATEGORY_COLUMNS,
    CELL_COLUMNS,
    PAIR_COLUMNS,
    PAY_COLUMNS,
    SKILL_PAY_COLUMNS,
    SOURCE_COLUMNS,
    MarketCounts,
    main_currency,
)
from analyzer.labels import LABELS
from analyzer.meta import LEVELS
from analyzer.paystats import ANNUAL
from skillgap.store.queries import POSTING_COLUMNS, posted_date, postings_select, typed_frame
from skillgap.store.schema import UTCDateTime, mentions, postings

p = postings
m = mentions


class month_of(FunctionElement[str]):
    """YYYY-MM of a UTC datetime column."""

    type = String()
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"  # naive UTC text


@compiles(month_of, "postgresql")
def _month_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM')"


def ad_key() -> ColumnElement[int]:
    """One key per duplicate group; a posting without one is its own ad."""
    return func.coalesce(p.c.dup_group, p.c.id)


def rank_of(section: Any) -> ColumnElement[int]:
    """0 required, 1 preferred, 2 anything else (analyzer.labels)."""
    return case(*((section == label, i) for i, label in enumerate(LABELS[:-1])),
                else_=len(LABELS) - 1)  # fmt: skip


def annual_pay() -> ColumnElement[float]:
    """The middle of the stated range (or its one bound), made annual; NULL when unknown."""
    middle = func.coalesce((p.c.pay_min + p.c.pay_max) * literal(0.5, Float),
                           p.c.pay_min, p.c.pay_max)  # fmt: skip
    factor = case(*((p.c.pay_period == k, literal(float(v), Float)) for k, v in ANNUAL.items()))
    return middle * factor


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.max(case((cond, 1), else_=0))


class CountingTables:
    """The temporary tables of one count (their names are fixed: one count at a time per
    connection)."""

    def __init__(self) -> None:
        md = MetaData()
        tmp = ["TEMPORARY"]
        self.ads = Table(
            "sg_count_ads", md,
            Column("ad", Integer, primary_key=True), Column("first_id", Integer),
            Column("date", UTCDateTime), Column("newest", UTCDateTime), Column("month", String),
            *(Column(level, Integer) for level in LEVELS), Column("read", Integer),
            prefixes=tmp,
        )  # fmt: skip
        self.skills = Table(
            "sg_count_skills", md,
            Column("ad", Integer), Column("skill", String), Column("r", Integer), prefixes=tmp,
        )  # fmt: skip
        self.pay = Table(
            "sg_count_pay", md,
            Column("ad", Integer, primary_key=True), Column("annual", Float),
            Column("currency", String), prefixes=tmp,
        )  # fmt: skip
        self.category = Table(
            "sg_count_category", md,
            Column("skill", String, primary_key=True), Column("category", String), prefixes=tmp,
        )  # fmt: skip
        self.all = (self.ads, self.skills, self.pay, self.category)

    def fill(
        self, conn: Connection, where: list[ColumnElement[bool]], skill_category: Mapping[str, str]
    ) -> None:
        for table in self.all:
            table.drop(conn, checkfirst=True)
            table.create(conn)
        date = posted_date()
        levels = [_flag(p.c.levels.contains(level, autoescape=True)) for level in LEVELS]
        ads = select(ad_key(), func.min(p.c.id), func.min(date), func.max(date),
                     month_of(func.min(date)), *levels, _flag(p.c.levels.isnot(None))
                     ).where(*where).group_by(ad_key())  # fmt: skip
        conn.execute(self.ads.insert().from_select([c.name for c in self.ads.c], ads))
        pairs = (
            select(ad_key(), m.c.skill, func.min(rank_of(m.c.section)))
            .select_from(m.join(p, p.c.id == m.c.posting_id))
            .where(*where)
            .group_by(ad_key(), m.c.skill)
        )
        conn.execute(self.skills.insert().from_select(["ad", "skill", "r"], pairs))
        # the newest posting of each ad that states pay (the lowest id of equally new ones)
        annual = annual_pay()
        newest = func.row_number().over(partition_by=ad_key(),
                                        order_by=(date.desc(), p.c.id))  # fmt: skip
        paid = (
            select(ad_key().label("ad"), annual.label("annual"),
                   p.c.pay_currency.label("currency"), newest.label("n"))
            .where(*where, annual > 0, p.c.pay_currency.isnot(None))
            .subquery()
        )  # fmt: skip
        conn.execute(self.pay.insert().from_select(
            ["ad", "annual", "currency"],
            select(paid.c.ad, paid.c.annual, paid.c.currency).where(paid.c.n == 1)))  # fmt: skip
        if skill_category:
            conn.execute(self.category.insert(), [{"skill": s, "category": c}
                                                  for s, c in skill_category.items()])  # fmt: skip
        # pairs, pay and cells join on the ad (a (skill, r) index took 15 s to build at 1M)
        Index("sg_count_skills_ad", self.skills.c.ad, self.skills.c.skill).create(conn)

    def drop(self, conn: Connection) -> None:
        for table in self.all:
            table.drop(conn, checkfirst=True)


def _frame(conn: Connection, stmt: Any, columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in conn.execute(stmt)], columns=list(columns))


def _ints(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        frame[col] = frame[col].astype("int64")
    return frame


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
    t = CountingTables()
    t.fill(conn, where, skill_category)
    try:
        return _counts(conn, t, where, examples, candidates)
    finally:
        t.drop(conn)


def _counts(
    conn: Connection, t: CountingTables, where: list[ColumnElement[bool]], examples: int,
    candidates: int,
) -> MarketCounts:  # fmt: skip
    a, s = t.ads, t.skills
    entry = case((a.c.intern + a.c.junior > 0, 1), else_=0)
    senior = a.c.senior
    cells = _frame(conn, select(a.c.month, s.c.skill, s.c.r, entry, senior, func.count())
                   .select_from(s.join(a, a.c.ad == s.c.ad))
                   .group_by(a.c.month, s.c.skill, s.c.r, entry, senior), CELL_COLUMNS)  # fmt: skip
    cells = _ints(cells, "rank", "ads")
    cells["entry"], cells["senior"] = cells["entry"] > 0, cells["senior"] > 0
    flags = [a.c[c] for c in (*LEVELS, "read")]
    ad_cells = _frame(conn, select(a.c.month, *flags, func.count()).group_by(a.c.month, *flags),
                      AD_CELL_COLUMNS)  # fmt: skip
    ad_cells = _ints(ad_cells, "ads")
    for col in (*LEVELS, "read"):
        ad_cells[col] = ad_cells[col] > 0
    cat = func.coalesce(t.category.c.category, UNKNOWN_CATEGORY)
    best = (select(s.c.ad, cat.label("category"), func.min(s.c.r).label("r"))
            .select_from(s.outerjoin(t.category, t.category.c.skill == s.c.skill))
            .group_by(s.c.ad, cat).subquery())  # fmt: skip
    categories = _ints(_frame(conn, select(best.c.category, best.c.r, func.count())
                              .group_by(best.c.category, best.c.r), CATEGORY_COLUMNS),
                       "rank", "ads")  # fmt: skip
    b = s.alias("b")
    pairs = _frame(conn, select(s.c.skill, b.c.skill, func.count())
                   .select_from(s.join(b, and_(b.c.ad == s.c.ad, b.c.skill > s.c.skill)))
                   .group_by(s.c.skill, b.c.skill), PAIR_COLUMNS)  # fmt: skip
    swap = pairs["a"].to_numpy(dtype=object) > pairs["b"].to_numpy(dtype=object)
    if swap.any():  # the database's collation may order names differently from Python
        pairs.loc[swap, ["a", "b"]] = pairs.loc[swap, ["b", "a"]].to_numpy()
    pairs = _ints(pairs, "ads").sort_values(["a", "b"], ignore_index=True)
    pay = _ints(
        _frame(
            conn,
            select(t.pay.c.currency, t.pay.c.annual, func.count()).group_by(
                t.pay.c.currency, t.pay.c.annual
            ),
            PAY_COLUMNS,
        ),
        "ads",
    )
    currency, _per = main_currency(pay)
    skill_pay = _ints(_frame(conn, select(s.c.skill, t.pay.c.annual, func.count())
                             .select_from(s.join(t.pay, t.pay.c.ad == s.c.ad))
                             .where(t.pay.c.currency == currency)
                             .group_by(s.c.skill, t.pay.c.annual), SKILL_PAY_COLUMNS),
                      "ads")  # fmt: skip
    total, first, last = conn.execute(
        select(func.count(), func.min(a.c.date), func.max(a.c.date))
    ).one()
    with_skills = conn.execute(select(func.count(func.distinct(s.c.ad)))).scalar() or 0
    n_postings = conn.execute(select(func.count()).select_from(p).where(*where)).scalar() or 0
    return MarketCounts(
        total=int(total), postings=int(n_postings), ads_with_skills=int(with_skills),
        first=pd.Timestamp(first) if first is not None else None,
        last=pd.Timestamp(last) if last is not None else None,
        cells=cells, ad_cells=ad_cells, categories=categories, pairs=pairs, pay=pay,
        skill_pay=skill_pay, sources=_sources(conn, where),
        sample=_sample(conn, t, where, examples, candidates),
    )  # fmt: skip


def _sources(conn: Connection, where: list[ColumnElement[bool]]) -> pd.DataFrame:
    """Per source: postings, distinct ads, the type and attribution of its first posting
    (that has one), and the dates covered."""
    date = posted_date()
    rows = conn.execute(
        select(p.c.source, func.count(), func.count(func.distinct(ad_key())),
               func.min(date), func.max(date), func.min(p.c.id))
        .where(*where).group_by(p.c.source)
    ).all()  # fmt: skip
    credited = (
        select(p.c.source, func.min(p.c.id))
        .where(*where, p.c.attribution.isnot(None), p.c.attribution != "")
        .group_by(p.c.source)
    )
    firsts = {int(r[5]) for r in rows} | {int(i) for _s, i in conn.execute(credited)}
    info = {
        int(i): (st, at)
        for i, st, at in conn.execute(
            select(p.c.id, p.c.source_type, p.c.attribution).where(p.c.id.in_(sorted(firsts)))
        )
    }
    attribution = {src: info[int(i)][1] for src, i in conn.execute(credited)}
    out = pd.DataFrame(
        [(src, info[int(fid)][0], int(n), int(k), attribution.get(src),
          UTCDateTime().process_result_value(lo, conn.dialect),
          UTCDateTime().process_result_value(hi, conn.dialect))
         for src, n, k, lo, hi, fid in rows],
        columns=SOURCE_COLUMNS,
    )  # fmt: skip
    if out.empty:
        return out
    out["first"] = pd.to_datetime(out["first"], utc=True)
    out["last"] = pd.to_datetime(out["last"], utc=True)
    return out.sort_values(["postings", "source"], ascending=[False, True], ignore_index=True)


def _sample(
    conn: Connection, t: CountingTables, where: list[ColumnElement[bool]], examples: int,
    candidates: int,
) -> Ads:  # fmt: skip
    """The ads examples and evidence may pick, as analyzer.aggregate.Ads: for every skill
    its best ads by label, then date (newest first), then first posting; the postings of
    those ads in full."""
    a, s = t.ads, t.skills
    picked: dict[tuple[int, str], int] = {}
    for date, keep in ((a.c.date, examples), (a.c.newest, candidates)):
        order = func.row_number().over(
            partition_by=s.c.skill, order_by=(s.c.r, date.desc().nulls_last(), a.c.first_id)
        )
        ranked = (select(s.c.ad, s.c.skill, s.c.r, order.label("n"))
                  .select_from(s.join(a, a.c.ad == s.c.ad)).subquery())  # fmt: skip
        for ad, skill, r in conn.execute(
            select(ranked.c.ad, ranked.c.skill, ranked.c.r).where(ranked.c.n <= keep)
        ):
            picked[(int(ad), str(skill))] = int(r)
    ads = sorted({ad for ad, _s in picked})
    rows: list[Any] = []
    for start in range(0, len(ads), 500):
        chunk = ads[start : start + 500]
        # each side of the OR can use an index (the key itself cannot)
        mine = or_(p.c.id.in_(chunk), p.c.dup_group.in_(chunk))
        rows += conn.execute(postings_select([*where, mine, ad_key().in_(chunk)])).all()
    posts = typed_frame(rows, POSTING_COLUMNS).sort_values("id", ignore_index=True)
    first = posts.groupby("dup_group")["id"].min()
    mention_rows = pd.DataFrame(
        [(int(first[ad]), skill, LABELS[r]) for (ad, skill), r in picked.items()],
        columns=["posting_id", "skill", "section"],
    )
    return build_ads(posts, mention_rows)
