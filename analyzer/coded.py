"""Counting postings given as integer-coded arrays into the small tables of a
MarketCounts (analyzer.counts): the store reads each posting's ad key, date, levels, pay
and skills compactly (skillgap/store/counts.py), and numpy counts them here, so millions
of (ad, skill) rows cost seconds and little memory.

The rules are analyzer.aggregate's: an ad is a duplicate group; its date the earliest of
its postings', its levels those of all of them, its pay that of its newest posting stating
pay (the lowest id of equally new ones); a skill's label in an ad the strongest of its
mentions there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from analyzer.counts import (
    AD_CELL_COLUMNS,
    CATEGORY_COLUMNS,
    CELL_COLUMNS,
    ENTRY_LEVELS,
    PAIR_COLUMNS,
    PAY_COLUMNS,
    SENIOR_LEVELS,
    SKILL_PAY_COLUMNS,
)
from analyzer.labels import LABELS
from analyzer.meta import LEVELS

NAT = np.iinfo(np.int64).min  # an unknown date (numpy's NaT as int64)
RANKS = len(LABELS)
READ_BIT = len(LEVELS)  # the level flags' bit saying the ad's levels were read


@dataclass
class CodedPostings:
    """The postings counted, one array element each, and their (posting, skill) rows."""

    id: np.ndarray  # int64
    ad: np.ndarray  # int64: the ad key (duplicate group, or the posting's own id)
    date: np.ndarray  # int64 nanoseconds since the epoch (UTC); NAT when unknown
    levels: np.ndarray  # object: "junior,mid", "" when it names none, None when not read
    annual: np.ndarray  # float64: annual pay, NaN when none is stated
    currency: np.ndarray  # object: the pay's currency, None when none
    row_posting: np.ndarray  # integers: index (into the arrays above) of each skill row
    row_skill: np.ndarray  # integers: code into skill_names
    row_rank: np.ndarray  # integers: 0 required .. 2 other
    skill_names: np.ndarray  # object, sorted (so a < b as names when codes are)
    source: np.ndarray  # object: the source's name
    credited: np.ndarray  # bool: the posting names an attribution


def level_bits(levels: np.ndarray) -> np.ndarray:
    """Bit i set when the posting names LEVELS[i] (as the database's LIKE '%level%');
    bit READ_BIT when its levels were read at all."""
    codes, uniques = pd.factorize(pd.Series(levels, dtype=object), use_na_sentinel=True)
    table = np.zeros(len(uniques) + 1, dtype=np.int64)  # the last one: None (not read)
    for i, text in enumerate(uniques):
        bits = 1 << READ_BIT
        for j, level in enumerate(LEVELS):
            if level in str(text):
                bits |= 1 << j
        table[i] = bits
    return table[np.asarray(codes)]  # -1 (None) picks the last entry, 0


def _first_of_runs(key: np.ndarray) -> np.ndarray:
    """True where a sorted key starts a new run."""
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    return first


class CodedAds:
    """Postings folded into ads; per-ad arrays and the (ad, skill, rank) rows."""

    def __init__(self, cp: CodedPostings) -> None:
        self.names = cp.skill_names
        self.n_skills = max(len(cp.skill_names), 1)
        self.keys, ad_of = np.unique(cp.ad, return_inverse=True)
        ad_of = ad_of.astype(np.int64)
        n = len(self.keys)
        self.total = n
        self.postings = len(cp.id)
        self.first_id = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(self.first_id, ad_of, cp.id)
        known = cp.date != NAT
        low = np.where(known, cp.date, np.iinfo(np.int64).max)
        self.date = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(self.date, ad_of, low)
        self.date[self.date == np.iinfo(np.int64).max] = NAT
        self.newest = np.full(n, NAT, dtype=np.int64)
        np.maximum.at(self.newest, ad_of, cp.date)
        self.bits = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(self.bits, ad_of, level_bits(cp.levels))
        self.month_names, self.month = self._months()
        self._pay(cp, ad_of)
        # (ad, skill) rows with the strongest rank, sorted by ad then skill
        key = ad_of[cp.row_posting] * self.n_skills  # int64 from here on
        key += cp.row_skill
        key *= RANKS
        key += cp.row_rank
        key.sort()
        key = key[_first_of_runs(key // RANKS)]
        self.row_rank = key % RANKS
        key //= RANKS
        self.row_skill = key % self.n_skills
        self.row_ad = key // self.n_skills

    def _months(self) -> tuple[np.ndarray, np.ndarray]:
        """YYYY-MM of each ad's date (index into the names; -1 when unknown)."""
        known = self.date != NAT
        months = self.date[known].astype("datetime64[ns]").astype("datetime64[M]")
        uniq, inv = np.unique(months, return_inverse=True)
        out = np.full(self.total, -1, dtype=np.int64)
        out[known] = inv
        return np.datetime_as_string(uniq, unit="M").astype(object), out

    def _pay(self, cp: CodedPostings, ad_of: np.ndarray) -> None:
        """Each ad's pay: that of its newest posting stating pay, the lowest id of equally
        new ones (NaN and None for ads without)."""
        stated = np.flatnonzero((cp.annual > 0) & pd.notna(cp.currency))
        date = cp.date[stated]
        order = np.lexsort((cp.id[stated], -np.where(date == NAT, 0, date), date == NAT,
                            ad_of[stated]))  # fmt: skip
        pick = stated[order][_first_of_runs(ad_of[stated][order])]
        self.annual = np.full(self.total, np.nan)
        self.currency = np.full(self.total, None, dtype=object)
        self.annual[ad_of[pick]] = cp.annual[pick]
        self.currency[ad_of[pick]] = cp.currency[pick]

    # ----------------------------------------------------------------- the tables
    def level_flag(self, levels: tuple[str, ...]) -> np.ndarray:
        mask = sum(1 << LEVELS.index(level) for level in levels)
        return (self.bits & mask) != 0

    def month_of(self, idx: np.ndarray) -> np.ndarray:
        names = np.array([*self.month_names, None], dtype=object)  # -1 picks None
        return names[idx]

    def cells(self) -> pd.DataFrame:
        """Ads per (month, skill, rank, entry level?, senior?)."""
        ad = self.row_ad
        flags = self.level_flag(ENTRY_LEVELS)[ad] * 2 + self.level_flag(SENIOR_LEVELS)[ad]
        key = (self.month[ad] + 1) * self.n_skills
        key += self.row_skill
        key *= RANKS
        key += self.row_rank
        key *= 4
        key += flags
        per = np.bincount(key, minlength=1)  # the cells are few: count, do not sort
        uniq = np.flatnonzero(per)
        ads = per[uniq]
        flag, key = uniq % 4, uniq // 4
        rank, key = key % RANKS, key // RANKS
        skill, month = key % self.n_skills, key // self.n_skills - 1
        out = pd.DataFrame({"month": self.month_of(month), "skill": self.names[skill],
                            "rank": rank.astype(np.int64), "entry": flag >= 2,
                            "senior": flag % 2 == 1, "ads": ads.astype(np.int64)})  # fmt: skip
        return out[CELL_COLUMNS]

    def ad_cells(self) -> pd.DataFrame:
        """Ads per (month, one flag per level, levels read)."""
        width = 1 << (READ_BIT + 1)
        uniq, ads = np.unique((self.month + 1) * width + self.bits, return_counts=True)
        bits = uniq % width
        out = pd.DataFrame({"month": self.month_of(uniq // width - 1)})
        for j, level in enumerate(LEVELS):
            out[level] = (bits >> j) & 1 == 1
        out["read"] = (bits >> READ_BIT) & 1 == 1
        out["ads"] = ads.astype(np.int64)
        return out[AD_CELL_COLUMNS]

    def categories(self, skill_category: Mapping[str, str], unknown: str) -> pd.DataFrame:
        """Ads per (category, the strongest rank of its skills there)."""
        cat_names, cat_of = np.unique(
            np.array([skill_category.get(str(s), unknown) for s in self.names] or [unknown],
                     dtype=object), return_inverse=True)  # fmt: skip
        width = len(cat_names)
        best = np.full(self.total * width, RANKS, dtype=np.int8)
        np.minimum.at(
            best, self.row_ad * width + cat_of[self.row_skill], self.row_rank.astype(np.int8)
        )
        table = best.reshape(self.total, width)
        rows: list[tuple[object, ...]] = []
        for c, name in enumerate(cat_names):
            per = np.bincount(table[:, c], minlength=RANKS + 1)
            rows += [(name, r, int(per[r])) for r in range(RANKS) if per[r]]
        return _table(rows, CATEGORY_COLUMNS, ("rank", "ads"))

    def pairs(self) -> pd.DataFrame:
        """Ads naming both skills of each pair named together (a < b)."""
        s = self.n_skills
        together = np.zeros(s * s, dtype=np.int64)
        ad, skill = self.row_ad, self.row_skill
        alive = np.arange(len(ad) - 1)
        step = 1
        while len(alive):  # rows are sorted by ad then skill: pair each with the next ones
            alive = alive[alive + step < len(ad)]
            alive = alive[ad[alive + step] == ad[alive]]
            together += np.bincount(skill[alive] * s + skill[alive + step], minlength=s * s)
            step += 1
        code = np.flatnonzero(together)
        out = pd.DataFrame({"a": self.names[code // s], "b": self.names[code % s],
                            "ads": together[code]})  # fmt: skip
        return out[PAIR_COLUMNS]

    def pay(self) -> pd.DataFrame:
        """Ads per (currency, annual pay)."""
        paid = pd.notna(self.currency)
        frame = pd.DataFrame({"currency": self.currency[paid], "annual": self.annual[paid]})
        return _sizes(frame, PAY_COLUMNS)

    def skill_pay(self, currency: str | None) -> pd.DataFrame:
        """Ads per (skill, annual pay) among the ads paying in `currency`."""
        mine = self.currency[self.row_ad] == currency
        frame = pd.DataFrame({"skill": self.row_skill[mine],
                              "annual": self.annual[self.row_ad[mine]]})  # fmt: skip
        out = _sizes(frame, SKILL_PAY_COLUMNS)
        out["skill"] = self.names[out["skill"].to_numpy(dtype=np.int64)]
        return out

    def ads_with_skills(self) -> int:
        return int(_first_of_runs(self.row_ad).sum())  # rows are sorted by ad

    def best(self, keep: int, newest: bool = False) -> list[tuple[int, str, int]]:
        """For every skill its `keep` best ads (ad key, skill, rank): by rank, then date
        (the ad's, or its newest posting's) newest first, unknown last, then first posting."""
        if keep <= 0 or not len(self.row_ad):
            return []
        date = self.newest if newest else self.date
        order = np.lexsort((self.first_id, -np.where(date == NAT, 0, date), date == NAT))
        place = np.empty(self.total, dtype=np.int64)
        place[order] = np.arange(self.total)
        # one key per row, unique: (skill, rank) first, then the ad's place in that order
        key = (self.row_skill * RANKS + self.row_rank) * self.total + place[self.row_ad]
        key.sort()
        bounds = np.searchsorted(key, np.arange(self.n_skills + 1) * (RANKS * self.total))
        key = np.concatenate([key[lo : min(lo + keep, hi)]
                              for lo, hi in pairwise(bounds)])  # fmt: skip
        ad = order[key % self.total]
        skill, rank = key // (RANKS * self.total), key // self.total % RANKS
        rows = zip(self.keys[ad], self.names[skill], rank, strict=True)
        return [(int(a), str(s), int(r)) for a, s, r in rows]


def _sizes(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    by = columns[:-1]
    if frame.empty:
        return _table([], columns, ("ads",))
    out = frame.groupby(by, sort=True).size().rename("ads").reset_index()
    out["ads"] = out["ads"].astype(np.int64)
    return out


def _table(
    rows: Sequence[tuple[object, ...]], columns: list[str], ints: tuple[str, ...]
) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    for col in ints:
        out[col] = out[col].astype(np.int64)
    return out
