"""What each skill pays: the median annual pay of ads naming it against ads with pay that
do not, with bootstrap 95% intervals. Pure pandas and numpy over analyzer.aggregate.Ads.

Pay is made annual (hour x 2080, day x 260, week x 52, month x 12) and kept per currency:
no exchange rate is invented, so only the main currency (the one most ads state) is
compared and ads in other currencies are counted as left out. An ad's pay is the middle of
its stated range (or its one stated bound), from its newest posting that states pay.

The interval of a median comes from the exact bootstrap distribution of the median (the
order statistic a resample's median is, with its binomial probabilities), not from
resampling, so it is the same on every run and costs one sort per group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binom

from analyzer.aggregate import Ads
from analyzer.counts import MarketCounts, main_currency

ANNUAL = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
DRAWS = 4000  # draws of each group's bootstrap median for the interval of a difference
SEED = 20261207


def ad_pay(ads: Ads) -> pd.DataFrame:
    """One row per ad that states pay: ad, annual, currency. Columns pay_min, pay_max,
    pay_currency, pay_period of the postings frame are read."""
    posts = ads.postings
    cols = ("pay_min", "pay_max", "pay_currency", "pay_period")
    if any(c not in posts for c in cols) or posts.empty:
        return pd.DataFrame({"ad": pd.Series(dtype="int64"), "annual": pd.Series(dtype=float),
                             "currency": pd.Series(dtype=object)})  # fmt: skip
    lo = pd.to_numeric(posts["pay_min"], errors="coerce")
    hi = pd.to_numeric(posts["pay_max"], errors="coerce")
    middle = pd.concat([lo, hi], axis=1).mean(axis=1, skipna=True)  # one bound: that bound
    factor = posts["pay_period"].map(ANNUAL)
    frame = pd.DataFrame(
        {"ad": posts["ad"], "annual": middle * factor, "currency": posts["pay_currency"],
         "date": posts["date"]}
    )  # fmt: skip
    frame = frame[frame["annual"].notna() & (frame["annual"] > 0) & frame["currency"].notna()]
    newest = frame.sort_values(["ad", "date"], ascending=[True, False], na_position="last")
    out = newest.drop_duplicates("ad")[["ad", "annual", "currency"]]
    return out.sort_values("ad").reset_index(drop=True)


class MedianBootstrap:
    """The exact bootstrap distribution of the median of a sample.

    A resample's (lower) median is the order statistic x(J), where P(J <= j) is the chance
    that at least m = ceil(n/2) of n draws fall at or below x(j): P(Binomial(n, j/n) >= m).
    It is computed only where it is neither 0 nor 1 (a few standard deviations around the
    middle), so a big sample costs one sort.
    """

    def __init__(self, values: np.ndarray) -> None:
        self.x = np.sort(np.asarray(values, dtype=float))
        n = len(self.x)
        m = (n + 1) // 2
        spread = int(6 * np.sqrt(n)) + 2
        self.first = max(0, m - 1 - spread)  # the index of the window's first j
        j = np.arange(self.first + 1, min(n, m + spread) + 1)
        self.cdf = binom.sf(m - 1, n, j / n) if n else np.zeros(0)

    def _at(self, p: np.ndarray | float) -> np.ndarray:
        index = self.first + np.searchsorted(self.cdf, p, side="left")
        return self.x[np.minimum(index, len(self.x) - 1)]

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """The bootstrap percentile interval of the median."""
        if not len(self.x):
            return float("nan"), float("nan")
        tail = (1 - level) / 2
        low, high = self._at(np.array([tail, 1 - tail]))
        return float(low), float(high)

    def draws(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """Draws from the distribution (for the interval of a difference of medians)."""
        if not len(self.x):
            return np.full(count, np.nan)
        return self._at(rng.random(count))


def median_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The bootstrap percentile interval of the median, from its exact distribution."""
    return MedianBootstrap(values).interval(level)


@dataclass(frozen=True)
class PayRule:
    """How many ads with pay a figure needs before it is shown."""

    min_ads: int = 20  # ads with pay in the main currency naming the skill, and not naming it
    level: float = 0.95
    rows: int = 25  # the skills of the highest median shown

    def describe(self) -> str:
        return (
            f"a skill is shown when at least {self.min_ads} ads with pay in the main currency "
            f"name it and at least {self.min_ads} do not"
        )


PAY_COLUMNS = ["skill", "ads", "median", "low", "high", "others_ads", "others_median"]
PAY_COLUMNS += ["others_low", "others_high", "difference", "diff_low", "diff_high"]


@dataclass
class PayBySkill:
    currency: str | None  # the main currency, None when no ad states pay
    ads_with_pay: int  # ads stating pay, in any currency
    ads_in_currency: int
    other_currencies: dict[str, int]  # ads left out, per currency
    median: float | None  # of every ad with pay in the main currency
    table: pd.DataFrame  # PAY_COLUMNS, highest median first, at most rule.rows
    rule: PayRule = field(default_factory=PayRule)


def pay_by_skill(counts: MarketCounts, rule: PayRule | None = None) -> PayBySkill:
    """Per skill, in the main currency: median annual pay of the ads naming it with its
    interval, the same for the ads with pay that do not, and the difference with its
    interval; only skills with enough ads on both sides. Works on the counts of ads per
    pay value, so it costs no more for more ads."""
    rule = rule or PayRule()
    currency, per_currency = main_currency(counts.pay)
    empty = pd.DataFrame(columns=PAY_COLUMNS)
    if currency is None:
        return PayBySkill(None, 0, 0, {}, None, empty, rule)
    others = {str(c): int(per_currency[c]) for c in per_currency.index if c != currency}
    main = counts.pay[counts.pay["currency"] == currency].groupby("annual")["ads"].sum()
    all_values = np.repeat(main.index.to_numpy(dtype=float), main.to_numpy())
    n_paid = len(all_values)
    median = float(np.median(all_values))
    result = PayBySkill(str(currency), int(per_currency.sum()), n_paid, others, median, empty,
                        rule)  # fmt: skip
    skill_pay = counts.skill_pay
    per_skill = skill_pay.groupby("skill")["ads"].sum().sort_index()
    wanted = [str(s) for s, k in per_skill.items()
              if k >= rule.min_ads and n_paid - k >= rule.min_ads]  # fmt: skip
    groups = {}
    for skill in wanted:  # every skill with enough ads: their medians rank them
        mine = skill_pay[skill_pay["skill"] == skill].groupby("annual")["ads"].sum()
        rest = main.sub(mine.reindex(main.index, fill_value=0))
        groups[skill] = (np.repeat(mine.index.to_numpy(dtype=float), mine.to_numpy()),
                         np.repeat(rest.index.to_numpy(dtype=float), rest.to_numpy()))  # fmt: skip
    medians = {skill: float(np.median(w)) for skill, (w, _o) in groups.items()}
    ranked = sorted(groups, key=lambda c: (-medians[c], c))[: rule.rows]
    rng = np.random.default_rng(SEED)
    rows = [_row(c, *groups[c], rule, rng) for c in ranked]
    if rows:
        result.table = pd.DataFrame(rows, columns=PAY_COLUMNS)
    return result


def _row(
    skill: str, with_: np.ndarray, without: np.ndarray, rule: PayRule, rng: np.random.Generator
) -> tuple[Any, ...]:
    """One PAY_COLUMNS row: medians with their intervals, the difference with its own."""
    mine, others = MedianBootstrap(with_), MedianBootstrap(without)
    low, high = mine.interval(rule.level)
    o_low, o_high = others.interval(rule.level)
    tail = (1 - rule.level) / 2 * 100
    diff = mine.draws(DRAWS, rng) - others.draws(DRAWS, rng)
    d_low, d_high = np.percentile(diff, [tail, 100 - tail])
    median, others_median = float(np.median(with_)), float(np.median(without))
    return (skill, len(with_), median, low, high, len(without), others_median, o_low, o_high,
            median - others_median, float(d_low), float(d_high))  # fmt: skip
