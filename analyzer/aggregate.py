"""Skills demand from the store's postings and mentions frames: pure pandas, no I/O.

The unit everywhere is an *ad*: one duplicate group (postings sharing a `dup_group`
count once; a posting without one is its own group). A skill's label in an ad is the
strongest of its mentions in any posting of the group: required > preferred > other.
Shares over time are analyzer.trends', skills asked for together analyzer.pairs'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from analyzer.counts import MarketCounts
from analyzer.labels import LABEL_RANK, LABELS
from analyzer.stats import wilson_interval

UNKNOWN_CATEGORY = "uncategorised"


# ---------------------------------------------------------------------- filters
@dataclass(frozen=True)
class Filters:
    """Which postings a report covers; empty means everything."""

    since: datetime | None = None
    sources: tuple[str, ...] = ()
    remote: bool | None = None
    title_words: tuple[str, ...] = ()
    level: str | None = None  # only ads hiring for this level (analyzer.meta.LEVELS)

    def describe(self) -> dict[str, str]:
        """Human-readable filter values, for the report's headline and JSON."""
        out: dict[str, str] = {}
        if self.since is not None:
            out["since"] = self.since.date().isoformat()
        if self.sources:
            out["sources"] = ", ".join(self.sources)
        if self.remote is not None:
            out["remote"] = "remote only" if self.remote else "not remote"
        if self.title_words:
            out["title words"] = ", ".join(self.title_words)
        if self.level:
            out["level"] = f"{self.level} ads"
        return out

    def phrases(self) -> list[str]:
        """The same filters as phrases that follow "Only ads" ("marked remote", never "remote
        remote only"); `since` goes by when an ad was posted (see posting_dates)."""
        out: list[str] = []
        if self.since is not None:
            out.append(f"posted on or after {self.since.date().isoformat()}")
        if self.sources:
            out.append("from " + ", ".join(self.sources))
        if self.remote is not None:
            out.append("marked remote" if self.remote else "not marked remote")
        if self.title_words:
            out.append("with " + " or ".join(self.title_words) + " in the title")
        if self.level:
            out.append(f"hiring for {self.level} level")
        return out


def _utc(series: pd.Series) -> pd.Series:
    """Any datetime-ish column as tz-aware UTC timestamps (NaT where missing)."""
    return pd.to_datetime(series, utc=True, errors="coerce")


def posting_dates(postings: pd.DataFrame) -> pd.Series:
    """When each posting appeared: `posted_at`, else `first_seen` (UTC)."""
    posted = _utc(postings["posted_at"]) if "posted_at" in postings else None
    seen = _utc(postings["first_seen"]) if "first_seen" in postings else None
    if posted is None and seen is None:
        return pd.Series(pd.NaT, index=postings.index, dtype="datetime64[ns, UTC]")
    if posted is None:
        assert seen is not None
        return seen
    return posted.fillna(seen) if seen is not None else posted


# ---------------------------------------------------------------------- ads
def ad_keys(postings: pd.DataFrame) -> pd.Series:
    """One key per duplicate group; a posting without a group is its own ad."""
    own = "posting:" + postings["id"].astype(str)
    if "dup_group" not in postings:
        return own
    group = postings["dup_group"]
    return ("group:" + group.astype(str)).where(group.notna(), own)


@dataclass
class Ads:
    """Postings folded into ads, and each ad's skills with their strongest label."""

    postings: pd.DataFrame  # the input postings plus `ad` (int) and `date`
    ads: pd.DataFrame  # one row per ad: ad, date, month
    skills: pd.DataFrame  # one row per (ad, skill): ad, skill, rank (0 required .. 2 other)

    @property
    def total(self) -> int:
        return len(self.ads)


def build_ads(postings: pd.DataFrame, mentions: pd.DataFrame) -> Ads:
    """Fold postings into ads (duplicate groups) and mentions into (ad, skill, rank).

    `skills.skill` is categorical (codes are cheap to group by at 100,000s of rows); ads
    are numbered 0..n-1, so `ads.ads` row i is ad i.
    """
    posts = postings.copy()
    posts["ad"] = pd.factorize(ad_keys(posts))[0] if len(posts) else np.zeros(0, dtype=np.int64)
    posts["date"] = posting_dates(posts)
    ads = posts.groupby("ad", sort=True).agg(date=("date", "min")).reset_index()
    ads["month"] = _months(ads["date"])
    where = pd.Index(posts["id"].to_numpy()).get_indexer(mentions["posting_id"].to_numpy())
    known = where >= 0
    ad = posts["ad"].to_numpy()[where[known]].astype(np.int64)
    all_codes, skill_names = pd.factorize(mentions["skill"], sort=True)
    skill_codes = all_codes[known]
    section_codes, sections = pd.factorize(mentions["section"])
    rank_of_section = np.array([LABEL_RANK.get(x, LABEL_RANK["other"]) for x in sections] or [2])
    rank = rank_of_section[section_codes[known]].astype(np.int8)
    # the strongest label per (ad, skill): sort by key then rank, keep each key's first row
    key = ad * max(len(skill_names), 1) + skill_codes
    order = np.lexsort((rank, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    pick = order[first]
    skills = pd.DataFrame(
        {
            "ad": ad[pick],
            "skill": pd.Categorical.from_codes(
                skill_codes[pick], categories=pd.Index(skill_names, dtype=object)
            ),
            "rank": rank[pick],
        }
    )
    return Ads(postings=posts, ads=ads, skills=skills)


def skill_codes(ads: Ads) -> tuple[np.ndarray, np.ndarray]:
    """Each (ad, skill) row's skill code, and the skill names the codes index."""
    col = ads.skills["skill"]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype("category")
    return col.cat.codes.to_numpy(), np.asarray(col.cat.categories, dtype=object)


def _months(dates: pd.Series) -> pd.Series:
    """Calendar month (YYYY-MM) of each date, None where unknown."""
    naive = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return naive.dt.strftime("%Y-%m").where(naive.notna(), None)


# ---------------------------------------------------------------------- per skill
def skill_demand(counts: MarketCounts) -> pd.DataFrame:
    """Per skill: ads, share with Wilson interval, required / nice-to-have / other counts.

    Columns: skill, ads, share, ci_low, ci_high, required, preferred, other,
    required_share, nice_share (shares of all ads), required_ratio (of the skill's ads).
    Sorted by ads (desc), then skill id.
    """
    n = counts.total
    per = counts.cells.groupby(["skill", "rank"])["ads"].sum().unstack(fill_value=0)
    per = per.reindex(columns=range(len(LABELS)), fill_value=0).astype("int64")
    out = pd.DataFrame(per.to_numpy(), columns=list(LABELS))
    out.insert(0, "skill", [str(x) for x in per.index])
    out = out[out[list(LABELS)].sum(axis=1) > 0].reset_index(drop=True)
    out["ads"] = out[list(LABELS)].sum(axis=1)
    _add_shares(out, n)
    out["required_share"] = out["required"] / n if n else 0.0
    out["nice_share"] = out["preferred"] / n if n else 0.0
    out["required_ratio"] = out["required"] / out["ads"].where(out["ads"] > 0)
    cols = ["skill", "ads", "share", "ci_low", "ci_high", *LABELS]
    cols += ["required_share", "nice_share", "required_ratio"]
    return out[cols].sort_values(["ads", "skill"], ascending=[False, True], ignore_index=True)


def _add_shares(frame: pd.DataFrame, n: int) -> None:
    frame["share"] = frame["ads"] / n if n else 0.0
    low, high = wilson_interval(frame["ads"].to_numpy(), n)
    frame["ci_low"] = low
    frame["ci_high"] = high


# ---------------------------------------------------------------------- per category
def category_demand(
    counts: MarketCounts,
    skill_category: Mapping[str, str],
    category_order: Sequence[str],
    top: int = 3,
) -> pd.DataFrame:
    """Per roadmap category (in the given order): ads asking for any of its skills.

    Columns: category, ads, share, ci_low, ci_high, required, preferred, other (an ad's
    label for a category is its strongest skill label there), skills_seen, top_skills
    (ids, most asked first). Skills missing from the mapping fall under `uncategorised`,
    listed last when present. Counts must be made with the same mapping.
    """
    n = counts.total
    per_skill = counts.skill_ads()
    names = [str(x) for x in per_skill.index]
    cat_names = [skill_category.get(name, UNKNOWN_CATEGORY) for name in names]
    order = list(category_order)
    if UNKNOWN_CATEGORY in cat_names and UNKNOWN_CATEGORY not in order:
        order.append(UNKNOWN_CATEGORY)
    order += sorted(set(cat_names) - set(order))  # categories the order does not list
    per = counts.categories.groupby(["category", "rank"])["ads"].sum().unstack(fill_value=0)
    per = per.reindex(index=order, columns=range(len(LABELS)), fill_value=0).astype("int64")
    out = pd.DataFrame(per.to_numpy(), columns=list(LABELS))
    out.insert(0, "category", order)
    out = out[out["category"].isin(category_order) | (out[list(LABELS)].sum(axis=1) > 0)]
    out = out.reset_index(drop=True)
    out["ads"] = out[list(LABELS)].sum(axis=1)
    _add_shares(out, n)
    by_cat: dict[str, list[tuple[int, str]]] = {}
    for name, c, k in zip(names, cat_names, per_skill.to_numpy(), strict=True):
        if k > 0:
            by_cat.setdefault(c, []).append((-int(k), name))
    out["skills_seen"] = [len(by_cat.get(c, [])) for c in out["category"]]
    out["top_skills"] = [[s for _k, s in sorted(by_cat.get(c, []))[:top]] for c in out["category"]]
    return out[
        ["category", "ads", "share", "ci_low", "ci_high", *LABELS, "skills_seen", "top_skills"]
    ]


# ---------------------------------------------------------------------- examples, sources
EXAMPLE_COLUMNS = ["skill", "title", "company", "url", "source", "source_type", "attribution"]
EXAMPLE_COLUMNS += ["date", "label"]


def examples(ads: Ads, skills: Sequence[str], per_skill: int = 3) -> pd.DataFrame:
    """Example postings for each skill: required ones first, newest first, one per ad."""
    codes, names = skill_codes(ads)
    wanted_codes = [i for i, name in enumerate(names) if name in set(skills)]
    chosen = np.isin(codes, wanted_codes)
    wanted = ads.skills[chosen].copy()
    wanted["skill"] = names[codes[chosen]]
    wanted["date"] = ads.ads["date"].to_numpy()[wanted["ad"].to_numpy()]
    wanted = wanted.sort_values(
        ["skill", "rank", "date", "ad"], ascending=[True, True, False, True]
    )
    picked = wanted.groupby("skill", sort=False).head(per_skill).drop(columns="date")
    posts = ads.postings[ads.postings["ad"].isin(picked["ad"])]
    newest = posts.sort_values(["ad", "date"], ascending=[True, False]).drop_duplicates("ad")
    merged = picked.merge(newest, on="ad", how="left")
    merged = merged.sort_values(["skill", "rank", "date"], ascending=[True, True, False])
    merged["label"] = merged["rank"].map(dict(enumerate(LABELS)))
    for col in EXAMPLE_COLUMNS:
        if col not in merged:
            merged[col] = None
    return merged[EXAMPLE_COLUMNS].reset_index(drop=True)


def source_summary(ads: Ads) -> pd.DataFrame:
    """Per source: postings, distinct ads, type, attribution and the dates covered."""
    posts = ads.postings
    if posts.empty:
        cols = ["source", "source_type", "postings", "ads", "attribution", "first", "last"]
        return pd.DataFrame(columns=cols)
    for col in ("source_type", "attribution"):
        if col not in posts:
            posts = posts.assign(**{col: None})
    out = (
        posts.groupby("source", sort=True)
        .agg(
            source_type=("source_type", "first"),
            postings=("id", "size"),
            ads=("ad", "nunique"),
            attribution=("attribution", lambda a: next((x for x in a if x), None)),
            first=("date", "min"),
            last=("date", "max"),
        )
        .reset_index()
    )
    return out.sort_values(["postings", "source"], ascending=[False, True], ignore_index=True)
