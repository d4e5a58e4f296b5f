"""What a report or a gap counts, as small tables: the store's database counts them
(skillgap/store/counts.py), or `count_ads` here for frames already in memory. Every
figure of a report or a gap is computed from a MarketCounts, so its size does not grow
with the number of postings (only with months, skills, levels and distinct pay values).

The unit is an *ad* (a duplicate group; analyzer.aggregate): a skill's label in an ad is
the strongest of its mentions there, an ad's date its earliest posting's, its levels those
of all its postings, its pay that of its newest posting stating pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analyzer.meta import LEVELS

CELL_COLUMNS = ["month", "skill", "rank", "entry", "senior", "ads"]
AD_CELL_COLUMNS = ["month", *LEVELS, "read", "ads"]
CATEGORY_COLUMNS = ["category", "rank", "ads"]
PAIR_COLUMNS = ["a", "b", "ads"]
PAY_COLUMNS = ["currency", "annual", "ads"]
SKILL_PAY_COLUMNS = ["skill", "annual", "ads"]
SOURCE_COLUMNS = ["source", "source_type", "postings", "ads", "attribution", "first", "last"]
ENTRY_LEVELS = ("intern", "junior")
SENIOR_LEVELS = ("senior",)


@dataclass
class MarketCounts:
    """Counts over the ads a report or a gap covers; every frame is small."""

    total: int  # ads
    postings: int
    ads_with_skills: int
    first: Any  # the earliest and latest ad date (UTC Timestamps), None without dates
    last: Any
    # ads per (month, skill, rank, entry level?, senior?); month None for ads without date
    cells: pd.DataFrame
    ad_cells: pd.DataFrame  # ads per (month, one flag per level, read)
    categories: pd.DataFrame  # ads per (category, strongest rank among its skills)
    pairs: pd.DataFrame  # ads naming both a and b (a < b), for every pair named together
    pay: pd.DataFrame  # ads per (currency, annual pay)
    skill_pay: pd.DataFrame  # ads per (skill, annual pay) in the main currency
    sources: pd.DataFrame  # SOURCE_COLUMNS, as analyzer.aggregate.source_summary
    # the ads examples and evidence pick from: for each skill at least its best ads in
    # either order (all ads when counted from frames)
    sample: Any  # an analyzer.aggregate.Ads

    def skill_ads(self) -> pd.Series:
        """Ads naming each skill (index: skill, sorted)."""
        return self.cells.groupby("skill")["ads"].sum().astype("int64").sort_index()

    def month_totals(self) -> pd.Series:
        """Ads per month with a date (index: month, sorted)."""
        dated = self.ad_cells[self.ad_cells["month"].notna()]
        return dated.groupby("month")["ads"].sum().astype("int64").sort_index()


def main_currency(pay: pd.DataFrame) -> tuple[str | None, pd.Series]:
    """The currency most ads state pay in (then by name), and ads per currency."""
    per = pay.groupby("currency")["ads"].sum().astype("int64")
    if per.empty:
        return None, per
    return str(min(per.index, key=lambda c: (-int(per[c]), str(c)))), per
