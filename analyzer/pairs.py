"""Skills asked for together: pairs of skills by lift over the ads that name both."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.aggregate import Ads, skill_codes


def cooccurrence(ads: Ads, min_pair_ads: int = 5, top: int = 15) -> pd.DataFrame:
    """Skill pairs named in the same ads more often than chance, by lift =
    P(a and b) / (P(a) P(b)).

    Only pairs seen together in at least `min_pair_ads` ads (support) and with a lift
    above 1 (together more often than if unrelated) are listed. Columns:
    a, b (a < b), ads (together), a_ads, b_ads, share (of all ads), lift. Sorted by
    lift, then ads.
    """
    cols = ["a", "b", "ads", "a_ads", "b_ads", "share", "lift"]
    n = ads.total
    if n == 0 or ads.skills.empty:
        return pd.DataFrame(columns=cols)
    codes, names = skill_codes(ads)
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
    out = out[out["lift"] > 1.0]
    out = out.sort_values(["lift", "ads", "a", "b"], ascending=[False, False, True, True])
    return out.head(top).reset_index(drop=True)[cols]
