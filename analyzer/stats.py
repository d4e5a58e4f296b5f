"""Proportions with their uncertainty: Wilson intervals and the two-proportion z-test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # the standard normal's 97.5% quantile: two-sided 95%


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


FEW_ADS = 30  # a share from fewer ads than this is uncertain, however it looks
WIDE_INTERVAL = 0.2  # a share whose 95% interval is wider than 20 points is uncertain


def is_uncertain(low: float, high: float, n: int) -> bool:
    """True when a share rests on too few ads to lean on: fewer than FEW_ADS, or a 95%
    interval wider than WIDE_INTERVAL."""
    return n < FEW_ADS or (high - low) > WIDE_INTERVAL


def uncertainty_rule() -> str:
    """When a share is called uncertain, in words."""
    return (
        f"a share is marked uncertain when it rests on fewer than {FEW_ADS} ads or its 95% "
        f"Wilson interval is wider than {WIDE_INTERVAL * 100:.0f} points"
    )


@dataclass(frozen=True)
class Share:
    """k of n ads, with its 95% Wilson interval and whether it is uncertain."""

    ads: int
    total: int
    ci_low: float
    ci_high: float
    uncertain: bool

    @classmethod
    def of(cls, ads: int, total: int) -> Share:
        low, high = wilson_interval(ads, total)
        # exact at the ends: none of the ads is 0% at the bottom, all of them 100% at the top
        lo = 0.0 if ads == 0 else float(low)
        hi = 1.0 if ads == total else float(high)
        return cls(int(ads), int(total), lo, hi, is_uncertain(lo, hi, int(total)))

    @property
    def share(self) -> float:
        return self.ads / self.total if self.total else 0.0
