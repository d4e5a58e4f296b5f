"""Skills demand over time: shares per calendar month, and the rising and falling skills."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analyzer.counts import MarketCounts
from analyzer.stats import Z95, two_proportion_z, wilson_interval


def monthly_shares(counts: MarketCounts, skills: Iterable[str] | None = None) -> pd.DataFrame:
    """Share of ads per calendar month and skill.

    Columns: month (YYYY-MM), skill, ads, total (ads that month), share, ci_low, ci_high.
    Ads without any date are left out. Every (month, skill) pair appears, zeros included.
    """
    totals = counts.month_totals()
    wanted = list(skills) if skills is not None else [str(x) for x in counts.skill_ads().index]
    dated = counts.cells[counts.cells["month"].notna()]
    grouped = dated.groupby(["month", "skill"])["ads"].sum()
    index = pd.MultiIndex.from_product([totals.index, wanted], names=["month", "skill"])
    out = grouped.reindex(index, fill_value=0).astype("int64").rename("ads").reset_index()
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


def trends(counts: MarketCounts, rule: TrendRule | None = None, top: int = 10) -> Trends:
    """Compare each skill's share in the latest month with the month before it."""
    rule = rule or TrendRule()
    empty = pd.DataFrame(columns=TREND_COLUMNS)
    totals = counts.month_totals()
    if totals.empty:
        return Trends(None, None, 0, 0, empty, empty, "no ad has a date", rule)
    latest = str(totals.index.max())
    before = _previous_month(latest)
    n2 = int(totals.get(latest, 0))
    n1 = int(totals.get(before, 0))
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
    table = monthly_shares(counts)
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
