"""Demand by seniority: how many ads hire for each level, and what entry-level ads (intern,
junior) ask for beside senior ads. Pure pandas over analyzer.aggregate.Ads.

An ad's levels are those of all its postings (a duplicate group counts once); an ad that
hires for several levels ("junior to senior") is in each of their groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analyzer.aggregate import Ads
from analyzer.counts import MarketCounts
from analyzer.meta import LEVELS
from analyzer.stats import Z95, two_proportion_z, wilson_interval

ENTRY = ("intern", "junior")
SENIOR = ("senior",)
NOT_STATED = "not stated"
NOT_READ = "not read yet"


def ad_levels(ads: Ads) -> pd.DataFrame:
    """One row per ad (index: ad), a boolean column per level, and `read` (whether any of
    its postings had its levels read: a store not yet through `skillgap extract` has none)."""
    posts = ads.postings
    n = ads.total
    out = pd.DataFrame(False, index=pd.RangeIndex(n, name="ad"), columns=list(LEVELS))
    out["read"] = False
    if "levels" not in posts or n == 0:
        return out
    levels = posts["levels"]
    read = levels.notna().to_numpy()
    ad = posts["ad"].to_numpy()
    out.loc[np.unique(ad[read]), "read"] = True
    text = levels.fillna("").astype(str)
    for level in LEVELS:
        named = text.str.contains(level, regex=False).to_numpy()
        out.loc[np.unique(ad[named]), level] = True
    return out


def level_counts(flags: pd.DataFrame) -> pd.DataFrame:
    """Ads per level, then ads naming none and ads not read yet, from ads per combination
    of level flags (columns: one per level, read, ads). Columns: level, ads, share (of all
    ads; an ad with several levels counts in each)."""
    n = int(flags["ads"].sum())
    weight = flags["ads"].to_numpy()
    stated = flags[list(LEVELS)].astype(bool).any(axis=1).to_numpy()
    read = flags["read"].astype(bool).to_numpy()
    rows = [(level, int(weight[flags[level].astype(bool).to_numpy()].sum())) for level in LEVELS]
    rows.append((NOT_STATED, int(weight[read & ~stated].sum())))
    rows.append((NOT_READ, int(weight[~read].sum())))
    out = pd.DataFrame(rows, columns=["level", "ads"])
    out["share"] = out["ads"] / n if n else 0.0
    return out[(out["ads"] > 0) | out["level"].isin(LEVELS)].reset_index(drop=True)


@dataclass(frozen=True)
class LevelRule:
    """What it takes to say a skill is asked more at one level than at the other."""

    min_group_ads: int = 20  # ads in each of the two groups
    min_skill_ads: int = 5  # ads naming the skill in at least one group
    min_z: float = Z95

    def describe(self) -> str:
        return (
            f"at least {self.min_group_ads} ads in each group, the skill in at least "
            f"{self.min_skill_ads} ads of one of them, and a difference in share significant "
            f"at the 95% level (two-proportion z-test, |z| ≥ {self.min_z:.2f})"
        )


COMPARE_COLUMNS = ["skill", "a_ads", "a_share", "a_low", "a_high"]
COMPARE_COLUMNS += ["b_ads", "b_share", "b_low", "b_high", "difference", "z"]


def compare_groups(counts: MarketCounts) -> pd.DataFrame:
    """Per skill: ads of entry level (a) and senior ads (b) naming it, shares with 95%
    Wilson intervals, difference (b - a, in share) and two-proportion z. Sorted by a's ads."""
    flags = counts.ad_cells
    weight = flags["ads"].to_numpy()
    n_a = int(weight[flags[list(ENTRY)].astype(bool).any(axis=1).to_numpy()].sum())
    n_b = int(weight[flags[list(SENIOR)].astype(bool).any(axis=1).to_numpy()].sum())
    cells = counts.cells
    names = counts.skill_ads().index
    k_a = cells[cells["entry"].astype(bool)].groupby("skill")["ads"].sum()
    k_b = cells[cells["senior"].astype(bool)].groupby("skill")["ads"].sum()
    out = pd.DataFrame(
        {
            "skill": [str(x) for x in names],
            "a_ads": k_a.reindex(names, fill_value=0).to_numpy(dtype=np.int64),
            "b_ads": k_b.reindex(names, fill_value=0).to_numpy(dtype=np.int64),
        }
    )
    out = out[(out["a_ads"] > 0) | (out["b_ads"] > 0)].reset_index(drop=True)
    for side, n in (("a", n_a), ("b", n_b)):
        k = out[f"{side}_ads"].to_numpy()
        out[f"{side}_share"] = k / n if n else 0.0
        low, high = wilson_interval(k, n)
        out[f"{side}_low"], out[f"{side}_high"] = low, high
    out["difference"] = out["b_share"] - out["a_share"]
    out["z"] = 0.0
    if n_a and n_b:
        out["z"] = two_proportion_z(out["a_ads"].to_numpy(), n_a, out["b_ads"].to_numpy(), n_b)
    out = out.sort_values(["a_ads", "b_ads", "skill"], ascending=[False, False, True])
    return out[COMPARE_COLUMNS].reset_index(drop=True)


def _first(frame: pd.DataFrame, n: int, ascending: bool) -> pd.DataFrame:
    """The n rows of the largest difference (smallest with `ascending`), then by skill."""
    ordered = frame.sort_values(["difference", "skill"], ascending=[ascending, True])
    return ordered.head(n).reset_index(drop=True)


@dataclass
class LevelComparison:
    """Entry-level ads beside senior ads."""

    counts: pd.DataFrame  # level_counts()
    entry_ads: int
    senior_ads: int
    top: pd.DataFrame  # compare_groups rows of the skills most asked by either group
    more_entry: pd.DataFrame  # asked more by entry-level ads, beyond noise
    more_senior: pd.DataFrame
    rule: LevelRule = field(default_factory=LevelRule)
    note: str = ""  # why the groups could not be compared, when that is so


def compare_levels(
    counts: MarketCounts, rule: LevelRule | None = None, top: int = 15, differ: int = 8
) -> LevelComparison:
    """The skills of entry-level ads (intern, junior) beside those of senior ads: the top
    skills of either group, and those whose share differs most, beyond noise."""
    rule = rule or LevelRule()
    flags = counts.ad_cells
    weight = flags["ads"].to_numpy()
    n_a = int(weight[flags[list(ENTRY)].astype(bool).any(axis=1).to_numpy()].sum())
    n_b = int(weight[flags[list(SENIOR)].astype(bool).any(axis=1).to_numpy()].sum())
    table = compare_groups(counts)
    best = table.assign(most=np.maximum(table["a_share"], table["b_share"]))
    best = best.sort_values(["most", "skill"], ascending=[False, True]).head(top)
    empty = table.head(0)
    result = LevelComparison(level_counts(flags), n_a, n_b, best.drop(columns="most"),
                             empty, empty, rule)  # fmt: skip
    if min(n_a, n_b) < rule.min_group_ads:
        result.note = (
            f"too few ads to compare (entry level: {n_a}, senior: {n_b}; at least "
            f"{rule.min_group_ads} needed in each)"
        )
        return result
    enough = np.maximum(table["a_ads"], table["b_ads"]) >= rule.min_skill_ads
    clear = table[enough & (table["z"].abs() >= rule.min_z)]
    entry_more = clear[clear["difference"] < 0]
    senior_more = clear[clear["difference"] > 0]
    result.more_entry = _first(entry_more, differ, ascending=True)
    result.more_senior = _first(senior_more, differ, ascending=False)
    if result.more_entry.empty and result.more_senior.empty:
        result.note = "no skill's share differs between them by more than noise"
    return result
