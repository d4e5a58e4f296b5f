"""Skills demand from the store's postings and mentions frames: pure pandas, no I/O.

The unit everywhere is an *ad*: one duplicate group (postings sharing a `dup_group`
count once; a posting without one is its own group). A skill's label in an ad is the
strongest of its mentions in any posting of the group: required > preferred > other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from analyzer.labels import LABEL_RANK, LABELS

Z95 = 1.959963984540054
UNKNOWN_CATEGORY = "uncategorised"


# ---------------------------------------------------------------------- statistics
def wilson_interval(
    k: float | np.ndarray | pd.Series, n: float | np.ndarray | pd.Series, z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval for k successes out of n (vectorised; n == 0 gives 0..1)."""
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        z2 = z * z
        denom = 1 + z2 / n_arr
        centre = (p + z2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z2 / (4 * n_arr * n_arr)) / denom
        low = np.where(n_arr > 0, np.clip(centre - half, 0.0, 1.0), 0.0)
        high = np.where(n_arr > 0, np.clip(centre + half, 0.0, 1.0), 1.0)
    return low, high


def two_proportion_z(k1: np.ndarray, n1: float, k2: np.ndarray, n2: float) -> np.ndarray:
    """Pooled two-proportion z statistic for p2 - p1 (0 where undefined)."""
    k1 = np.asarray(k1, dtype=float)
    k2 = np.asarray(k2, dtype=float)
    pooled = (k1 + k2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (k2 / n2 - k1 / n1) / se
    return np.where(se > 0, z, 0.0)


# ---------------------------------------------------------------------- filters
@dataclass(frozen=True)
class Filters:
    """Which postings a report covers; empty means everything."""

    since: datetime | None = None
    sources: tuple[str, ...] = ()
    remote: bool | None = None
    title_words: tuple[str, ...] = ()

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
        return out


_SINCE_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`90d`, `12w`, `6m`, `1y` (back from now) or an ISO date `2026-01-31`, as UTC."""
    now = now or datetime.now(UTC)
    m = _SINCE_RE.match(text)
    if m:
        n, unit = int(m.group(1)), m.group(2).lower()
        if unit == "d":
            return now - timedelta(days=n)
        if unit == "w":
            return now - timedelta(weeks=n)
        months = n if unit == "m" else 12 * n
        return (pd.Timestamp(now) - pd.DateOffset(months=months)).to_pydatetime()
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since {text!r}: expected a span like 90d, 12w, 6m, 1y or a date like 2026-01-31"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


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


def title_mask(titles: pd.Series, words: Iterable[str]) -> pd.Series:
    """Titles containing any of the words (case-insensitive substring, as the store does)."""
    words = [w.strip().lower() for w in words if w.strip()]
    if not words:
        return pd.Series(True, index=titles.index)
    lowered = titles.fillna("").str.lower()
    mask = pd.Series(False, index=titles.index)
    for word in words:
        mask |= lowered.str.contains(word, regex=False)
    return mask


def filter_frames(
    postings: pd.DataFrame, mentions: pd.DataFrame, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the filters to the postings and keep only their mentions.

    The same rules as `Store.postings_frame`: `since` keeps postings last seen on or after
    it (still live in the period; posting date when there is no `last_seen`), `remote`
    matches exactly (unknown is neither), title words match any, case-insensitively.
    """
    keep = pd.Series(True, index=postings.index)
    if filters.since is not None:
        seen = _utc(postings["last_seen"]) if "last_seen" in postings else None
        when = seen.fillna(posting_dates(postings)) if seen is not None else posting_dates(postings)
        keep &= when >= pd.Timestamp(filters.since)
    if filters.sources:
        keep &= postings["source"].isin(filters.sources)
    if filters.remote is not None:
        wanted = filters.remote
        keep &= postings["remote"].map(lambda v: isinstance(v, bool | np.bool_) and v == wanted)
    if filters.title_words:
        keep &= title_mask(postings["title"], filters.title_words)
    kept = postings[keep]
    return kept, mentions[mentions["posting_id"].isin(kept["id"])]


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


def _skill_codes(ads: Ads) -> tuple[np.ndarray, np.ndarray]:
    """Each (ad, skill) row's skill code, and the skill names the codes index."""
    col = ads.skills["skill"]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype("category")
    return col.cat.codes.to_numpy(), np.asarray(col.cat.categories, dtype=object)


def _label_counts(group: np.ndarray, n_groups: int, rank: np.ndarray) -> np.ndarray:
    """(n_groups, 3) counts of required / preferred / other per group code."""
    flat = np.bincount(group * 3 + rank.astype(np.int64), minlength=n_groups * 3)
    return flat.reshape(n_groups, 3)


def _months(dates: pd.Series) -> pd.Series:
    """Calendar month (YYYY-MM) of each date, None where unknown."""
    naive = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return naive.dt.strftime("%Y-%m").where(naive.notna(), None)


# ---------------------------------------------------------------------- per skill
def skill_demand(ads: Ads) -> pd.DataFrame:
    """Per skill: ads, share with Wilson interval, required / nice-to-have / other counts.

    Columns: skill, ads, share, ci_low, ci_high, required, preferred, other,
    required_share, nice_share (shares of all ads), required_ratio (of the skill's ads).
    Sorted by ads (desc), then skill id.
    """
    n = ads.total
    codes, names = _skill_codes(ads)
    counts = _label_counts(codes.astype(np.int64), len(names), ads.skills["rank"].to_numpy())
    out = pd.DataFrame(counts, columns=list(LABELS))
    out.insert(0, "skill", [str(x) for x in names])
    out = out[counts.sum(axis=1) > 0].reset_index(drop=True)
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
    ads: Ads,
    skill_category: Mapping[str, str],
    category_order: Sequence[str],
    top: int = 3,
) -> pd.DataFrame:
    """Per roadmap category (in the given order): ads asking for any of its skills.

    Columns: category, ads, share, ci_low, ci_high, required, preferred, other (an ad's
    label for a category is its strongest skill label there), skills_seen, top_skills
    (ids, most asked first). Skills missing from the mapping fall under `uncategorised`,
    listed last when present.
    """
    n = ads.total
    codes, names = _skill_codes(ads)
    cat_names = [skill_category.get(name, UNKNOWN_CATEGORY) for name in names]
    order = list(category_order)
    if UNKNOWN_CATEGORY in cat_names and UNKNOWN_CATEGORY not in order:
        order.append(UNKNOWN_CATEGORY)
    extra = sorted(set(cat_names) - set(order))  # categories the order does not list
    order += extra
    cat_index = {c: i for i, c in enumerate(order)}
    cat_of_code = np.array([cat_index[c] for c in cat_names], dtype=np.int64)
    cat = cat_of_code[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    ad = ads.skills["ad"].to_numpy().astype(np.int64)
    rank = ads.skills["rank"].to_numpy()
    # strongest label per (category, ad)
    key = cat * max(n, 1) + ad
    sorted_idx = np.lexsort((rank, key))
    first = np.ones(len(sorted_idx), dtype=bool)
    first[1:] = key[sorted_idx][1:] != key[sorted_idx][:-1]
    pick = sorted_idx[first]
    counts = _label_counts(cat[pick], len(order), rank[pick])
    out = pd.DataFrame(counts, columns=list(LABELS))
    out.insert(0, "category", order)
    out = out[out["category"].isin(category_order) | (out[list(LABELS)].sum(axis=1) > 0)]
    out = out.reset_index(drop=True)
    out["ads"] = out[list(LABELS)].sum(axis=1)
    _add_shares(out, n)
    per_skill = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(len(names))
    by_cat: dict[str, list[tuple[int, str]]] = {}
    for name, c, k in zip(names, cat_names, per_skill, strict=True):
        if k > 0:
            by_cat.setdefault(c, []).append((-int(k), str(name)))
    out["skills_seen"] = [len(by_cat.get(c, [])) for c in out["category"]]
    out["top_skills"] = [[s for _k, s in sorted(by_cat.get(c, []))[:top]] for c in out["category"]]
    return out[
        ["category", "ads", "share", "ci_low", "ci_high", *LABELS, "skills_seen", "top_skills"]
    ]


# ---------------------------------------------------------------------- over time
def monthly_shares(ads: Ads, skills: Iterable[str] | None = None) -> pd.DataFrame:
    """Share of ads per calendar month and skill.

    Columns: month (YYYY-MM), skill, ads, total (ads that month), share, ci_low, ci_high.
    Ads without any date are left out. Every (month, skill) pair appears, zeros included.
    """
    month_of_ad = ads.ads["month"].to_numpy()
    totals = ads.ads.dropna(subset=["month"]).groupby("month").size()
    codes, names = _skill_codes(ads)
    wanted = list(skills) if skills is not None else [str(x) for x in names[np.unique(codes)]]
    wanted_codes = [i for i, name in enumerate(names) if name in set(wanted)]
    frame = pd.DataFrame({"month": month_of_ad[ads.skills["ad"].to_numpy()], "code": codes})
    frame = frame[frame["month"].notna() & np.isin(codes, wanted_codes)]
    grouped = frame.groupby(["month", "code"]).size()
    counts = pd.Series(
        grouped.to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [
                grouped.index.get_level_values(0),
                names[grouped.index.get_level_values(1).to_numpy()].astype(str),
            ],
            names=["month", "skill"],
        ),
    )
    index = pd.MultiIndex.from_product([totals.index, wanted], names=["month", "skill"])
    out = counts.reindex(index, fill_value=0).rename("ads").reset_index()
    out["total"] = out["month"].map(totals).astype(int)
    out["share"] = out["ads"] / out["total"]
    low, high = wilson_interval(out["ads"].to_numpy(), out["total"].to_numpy())
    out["ci_low"] = low
    out["ci_high"] = high
    return out


@dataclass(frozen=True)
class TrendRule:
    """What it takes to call a change a trend, so noise isn't called one."""

    min_period_ads: int = 30  # ads in each of the two months compared
    min_skill_ads: int = 5  # ads naming the skill in at least one of the two months
    min_z: float = Z95  # two-proportion z, |z| at least this (about p < 0.05)

    def describe(self) -> str:
        return (
            f"at least {self.min_period_ads} ads in each month, the skill in at least "
            f"{self.min_skill_ads} ads in one of them, and a change in share significant "
            f"at the 95% level (two-proportion z-test, |z| ≥ {self.min_z:.2f})"
        )


@dataclass
class Trends:
    """Rising and falling skills between the latest month and the one before."""

    latest: str | None
    before: str | None
    latest_ads: int
    before_ads: int
    rising: pd.DataFrame
    falling: pd.DataFrame
    note: str = ""  # why nothing could be compared, when that is so
    rule: TrendRule = field(default_factory=TrendRule)


TREND_COLUMNS = ["skill", "before_ads", "before_share", "latest_ads", "latest_share"]
TREND_COLUMNS += ["change", "z"]


def _previous_month(month: str) -> str:
    return (pd.Period(month, freq="M") - 1).strftime("%Y-%m")


def trends(ads: Ads, rule: TrendRule | None = None, top: int = 10) -> Trends:
    """Compare each skill's share in the latest month with the month before it."""
    rule = rule or TrendRule()
    empty = pd.DataFrame(columns=TREND_COLUMNS)
    months = ads.ads["month"].dropna()
    if months.empty:
        return Trends(None, None, 0, 0, empty, empty, "no ad has a date", rule)
    latest = str(months.max())
    before = _previous_month(latest)
    n2 = int((months == latest).sum())
    n1 = int((months == before).sum())
    base = Trends(latest, before, n2, n1, empty, empty, "", rule)
    if n1 == 0:
        base.note = f"no ads from {before} to compare {latest} with"
        return base
    if min(n1, n2) < rule.min_period_ads:
        base.note = (
            f"too few ads to call trends ({before}: {n1}, {latest}: {n2}; "
            f"at least {rule.min_period_ads} needed in each)"
        )
        return base
    table = monthly_shares(ads)
    table = table[table["month"].isin([before, latest])]
    wide = table.pivot(index="skill", columns="month", values="ads").fillna(0)
    wide = wide.reindex(columns=[before, latest], fill_value=0)
    k1, k2 = wide[before].to_numpy(), wide[latest].to_numpy()
    out = pd.DataFrame(
        {
            "skill": wide.index,
            "before_ads": k1.astype(int),
            "before_share": k1 / n1,
            "latest_ads": k2.astype(int),
            "latest_share": k2 / n2,
        }
    )
    out["change"] = out["latest_share"] - out["before_share"]
    out["z"] = two_proportion_z(k1, n1, k2, n2)
    supported = (np.maximum(k1, k2) >= rule.min_skill_ads) & (out["z"].abs() >= rule.min_z)
    out = out[supported]
    rising = out[out["change"] > 0].sort_values(["change", "skill"], ascending=[False, True])
    falling = out[out["change"] < 0].sort_values(["change", "skill"], ascending=[True, True])
    base.rising = rising.head(top).reset_index(drop=True)
    base.falling = falling.head(top).reset_index(drop=True)
    if base.rising.empty and base.falling.empty:
        base.note = "no skill's share changed by more than noise"
    return base


# ---------------------------------------------------------------------- together
def cooccurrence(ads: Ads, min_pair_ads: int = 5, top: int = 15) -> pd.DataFrame:
    """Skill pairs named in the same ads, by lift = P(a and b) / (P(a) P(b)).

    Only pairs seen together in at least `min_pair_ads` ads count (support). Columns:
    a, b (a < b), ads (together), a_ads, b_ads, share (of all ads), lift. Sorted by
    lift, then ads.
    """
    cols = ["a", "b", "ads", "a_ads", "b_ads", "share", "lift"]
    n = ads.total
    if n == 0 or ads.skills.empty:
        return pd.DataFrame(columns=cols)
    codes, names = _skill_codes(ads)
    k = len(names)
    # ads x skills indicator; its Gram matrix counts the ads each pair shares
    matrix = np.zeros((n, k), dtype=np.float32)
    matrix[ads.skills["ad"].to_numpy(), codes] = 1.0
    together = np.rint(matrix.T @ matrix).astype(np.int64)
    per_skill = np.diag(together).copy()
    a, b = np.triu_indices(k, 1)
    n_ab = together[a, b]
    keep = n_ab >= max(min_pair_ads, 1)
    a, b, n_ab = a[keep], b[keep], n_ab[keep]
    out = pd.DataFrame(
        {
            "a": names[a],
            "b": names[b],
            "ads": n_ab,
            "a_ads": per_skill[a],
            "b_ads": per_skill[b],
        }
    )
    out["share"] = out["ads"] / n
    out["lift"] = out["ads"] * n / (out["a_ads"] * out["b_ads"])
    out = out.sort_values(["lift", "ads", "a", "b"], ascending=[False, False, True, True])
    return out.head(top).reset_index(drop=True)[cols]


# ---------------------------------------------------------------------- examples, sources
EXAMPLE_COLUMNS = ["skill", "title", "company", "url", "source", "source_type", "attribution"]
EXAMPLE_COLUMNS += ["date", "label"]


def examples(ads: Ads, skills: Sequence[str], per_skill: int = 3) -> pd.DataFrame:
    """Example postings for each skill: required ones first, newest first, one per ad."""
    codes, names = _skill_codes(ads)
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
