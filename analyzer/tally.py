"""Counting ads already in memory (frames, analyzer.aggregate.Ads) into the same
MarketCounts the store's database makes (skillgap/store/counts.py): for tests, notebooks
and benchmarks of frames; a store's report and gap never read its mentions into memory."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from analyzer.aggregate import UNKNOWN_CATEGORY, Ads, build_ads, skill_codes, source_summary
from analyzer.bylevel import ad_levels
from analyzer.counts import (
    AD_CELL_COLUMNS,
    CATEGORY_COLUMNS,
    CELL_COLUMNS,
    ENTRY_LEVELS,
    PAY_COLUMNS,
    SENIOR_LEVELS,
    SKILL_PAY_COLUMNS,
    SOURCE_COLUMNS,
    MarketCounts,
    main_currency,
)
from analyzer.paystats import ad_pay


def count_frames(
    postings: pd.DataFrame, mentions: pd.DataFrame, skill_category: Mapping[str, str] | None = None
) -> MarketCounts:
    """The counts of the store's two frames (postings, mentions) held in memory."""
    return count_ads(build_ads(postings, mentions), skill_category or {})


def count_ads(ads: Ads, skill_category: Mapping[str, str] | None = None) -> MarketCounts:
    """The counts of ads already in memory (analyzer.aggregate.build_ads); categories
    by `skill_category` (all `uncategorised` without it)."""
    skill_category = skill_category or {}
    n = ads.total
    flags = ad_levels(ads)
    month = ads.ads["month"].to_numpy(dtype=object)
    entry = flags[list(ENTRY_LEVELS)].any(axis=1).to_numpy()
    senior = flags[list(SENIOR_LEVELS)].any(axis=1).to_numpy()
    codes, names = skill_codes(ads)
    ad = ads.skills["ad"].to_numpy().astype(np.int64)
    rank = ads.skills["rank"].to_numpy().astype(np.int64)
    rows = pd.DataFrame({"month": month[ad], "skill": names[codes].astype(str) if len(codes)
                         else np.zeros(0, dtype=object), "rank": rank,
                         "entry": entry[ad], "senior": senior[ad]})  # fmt: skip
    cells = _sizes(rows, CELL_COLUMNS[:-1])
    per_ad = flags.assign(month=month)
    ad_cells = _sizes(per_ad, AD_CELL_COLUMNS[:-1])
    cat = rows.assign(ad=ad, category=[skill_category.get(s, UNKNOWN_CATEGORY)
                                       for s in rows["skill"]])  # fmt: skip
    best = cat.groupby(["category", "ad"])["rank"].min().reset_index()
    categories = _sizes(best, CATEGORY_COLUMNS[:-1])
    pay = ad_pay(ads)
    pay_counts = _sizes(pay, PAY_COLUMNS[:-1])
    currency, _per = main_currency(pay_counts)
    main = pay[pay["currency"] == currency]
    annual = pd.Series(main["annual"].to_numpy(), index=main["ad"].to_numpy())
    paid = rows.assign(ad=ad)
    paid = paid[paid["ad"].isin(annual.index)]
    paid = paid.assign(annual=annual.reindex(paid["ad"].to_numpy()).to_numpy())
    return MarketCounts(
        total=n,
        postings=len(ads.postings),
        ads_with_skills=len(np.unique(ad)),
        first=ads.ads["date"].min() if ads.ads["date"].notna().any() else None,
        last=ads.ads["date"].max() if ads.ads["date"].notna().any() else None,
        cells=cells,
        ad_cells=ad_cells,
        categories=categories,
        pairs=_pairs(ad, codes, names, n),
        pay=pay_counts,
        skill_pay=_sizes(paid, SKILL_PAY_COLUMNS[:-1]),
        sources=(
            source_summary(ads)[SOURCE_COLUMNS]
            if "source" in ads.postings
            else pd.DataFrame(columns=SOURCE_COLUMNS)
        ),
        sample=ads,
    )


def _sizes(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows per distinct combination of `by` (missing values kept as a value), as `ads`."""
    if frame.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=object) for c in by} | {"ads": pd.Series(dtype="int64")}
        )
    out = frame.groupby(by, dropna=False, sort=True).size().rename("ads").reset_index()
    out["ads"] = out["ads"].astype("int64")
    return out


def _pairs(ad: np.ndarray, codes: np.ndarray, names: np.ndarray, n: int) -> pd.DataFrame:
    """Ads naming both skills of each pair named together (a < b)."""
    if not len(codes):
        return pd.DataFrame({"a": pd.Series(dtype=object), "b": pd.Series(dtype=object),
                             "ads": pd.Series(dtype="int64")})  # fmt: skip
    data = np.ones(len(codes), dtype=np.int64)
    matrix = sparse.csr_matrix((data, (ad, codes)), shape=(n, len(names)))
    together = sparse.triu(matrix.T @ matrix, k=1).tocoo()
    out = pd.DataFrame({"a": names[together.row].astype(str), "b": names[together.col].astype(str),
                        "ads": together.data.astype("int64")})  # fmt: skip
    return out[out["ads"] > 0].sort_values(["a", "b"], ignore_index=True)
