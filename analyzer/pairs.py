"""Skills asked for together: pairs of skills by lift over the ads that name both."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.counts import MarketCounts


def cooccurrence(counts: MarketCounts, min_pair_ads: int = 5, top: int = 15) -> pd.DataFrame:
    """Skill pairs named in the same ads more often than chance, by lift =
    P(a and b) / (P(a) P(b)).

    Only pairs seen together in at least `min_pair_ads` ads (support) and with a lift
    above 1 (together more often than if unrelated) are listed. Columns:
    a, b (a < b), ads (together), a_ads, b_ads, share (of all ads), lift. Sorted by
    lift, then ads.
    """
    cols = ["a", "b", "ads", "a_ads", "b_ads", "share", "lift"]
    n = counts.total
    if n == 0 or counts.pairs.empty:
        return pd.DataFrame(columns=cols)
    per_skill = counts.skill_ads()
    pairs = counts.pairs[counts.pairs["ads"] >= max(min_pair_ads, 1)]
    out = pd.DataFrame(
        {
            "a": pairs["a"].to_numpy(),
            "b": pairs["b"].to_numpy(),
            "ads": pairs["ads"].to_numpy(dtype=np.int64),
            "a_ads": per_skill.reindex(pairs["a"]).to_numpy(dtype=np.int64),
            "b_ads": per_skill.reindex(pairs["b"]).to_numpy(dtype=np.int64),
        }
    )
    out["share"] = out["ads"] / n
    out["lift"] = out["ads"] * n / (out["a_ads"] * out["b_ads"])
    out = out[out["lift"] > 1.0]
    out = out.sort_values(["lift", "ads", "a", "b"], ascending=[False, False, True, True])
    return out.head(top).reset_index(drop=True)[cols]
