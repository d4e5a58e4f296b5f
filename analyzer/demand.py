"""Demand per skill and the posting-by-skill matrix, from the store's two frames.

Postings: columns `id` and `dup_group` (duplicates share a group and count once).
Mentions: columns `posting_id`, `skill`, `section` (required | preferred | other).
A skill counts once per posting group, with the strongest section it has there; demand
weighs a required mention more than a nice-to-have one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analyzer.sections import STRENGTH

SECTION_WEIGHTS = {"required": 1.0, "preferred": 0.5, "other": 0.25}


@dataclass
class Demand:
    """How many distinct postings there are and what they ask for."""

    n_postings: int
    table: pd.DataFrame  # index skill; postings, required, preferred, other, share, demand
    matrix: sparse.csr_matrix  # posting group x skill, 1 where the posting names the skill
    skills: list[str]  # the matrix's column order


def posting_groups(postings: pd.DataFrame) -> pd.Series:
    """Posting id -> group key: its dup_group, or the posting's own id when it has none."""
    ids = postings["id"]
    own = "id:" + ids.astype(str)
    if "dup_group" not in postings:
        return pd.Series(own.to_numpy(), index=ids.to_numpy())
    dup = postings["dup_group"]
    keys = np.where(dup.notna(), "dup:" + dup.astype(str), own)
    return pd.Series(keys, index=ids.to_numpy())


def strongest_sections(postings: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per (posting group, skill): the strongest section the skill has there."""
    groups = posting_groups(postings)
    cols = ["group", "skill", "section"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    m = pd.DataFrame(
        {
            "group": mentions["posting_id"].map(groups),
            "skill": mentions["skill"].astype(str),
            "section": mentions["section"].astype(str),
        }
    ).dropna(subset=["group"])  # mentions of postings outside the frame (filtered out)
    m["strength"] = m["section"].map(STRENGTH).fillna(STRENGTH["other"])
    m = m.sort_values("strength", ascending=False, kind="stable")
    m = m.drop_duplicates(["group", "skill"])
    m.loc[~m["section"].isin(list(STRENGTH)), "section"] = "other"
    return m[cols].reset_index(drop=True)


def compute_demand(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    weights: dict[str, float] | None = None,
) -> Demand:
    """Per-skill demand and the presence matrix; ValueError when there are no postings."""
    weights = weights or SECTION_WEIGHTS
    groups = posting_groups(postings)
    group_keys = sorted(set(groups.tolist()))
    n = len(group_keys)
    if n == 0:
        raise ValueError("no postings to measure demand on")
    best = strongest_sections(postings, mentions)
    counts = pd.crosstab(best["skill"], best["section"]) if len(best) else pd.DataFrame()
    table = pd.DataFrame(index=pd.Index(sorted(best["skill"].unique()), name="skill"))
    for section in ("required", "preferred", "other"):
        col = counts[section] if section in counts else pd.Series(dtype=int)
        table[section] = col.reindex(table.index, fill_value=0).astype(int)
    table["postings"] = table[["required", "preferred", "other"]].sum(axis=1)
    table["share"] = table["postings"] / n
    table["demand"] = sum(table[s] * weights.get(s, 0.0) for s in weights) / n
    table = table.sort_values(["demand", "postings"], ascending=False, kind="stable")

    skills = list(table.index)
    row_of = {g: i for i, g in enumerate(group_keys)}
    col_of = {s: j for j, s in enumerate(skills)}
    rows = best["group"].map(row_of).to_numpy(dtype=np.int64)
    cols = best["skill"].map(col_of).to_numpy(dtype=np.int64)
    data = np.ones(len(best), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(n, len(skills)))
    return Demand(n_postings=n, table=table, matrix=matrix, skills=skills)


def skill_similarity(demand: Demand) -> pd.DataFrame:
    """Cosine similarity between skills over the postings that name them (scikit-learn)."""
    from sklearn.metrics.pairwise import cosine_similarity

    if not demand.skills:
        return pd.DataFrame()
    sim = cosine_similarity(demand.matrix.T.tocsr(), dense_output=True)
    np.fill_diagonal(sim, 0.0)
    return pd.DataFrame(sim, index=demand.skills, columns=demand.skills)
