"""Demand per skill and the posting-by-skill matrix, from the store's two frames.

Postings: columns `id` and `dup_group` (duplicates share a group and count once).
Mentions: columns `posting_id`, `skill`, `section` (required | preferred | other).
A skill counts once per ad (posting group), with the strongest section it has there
(analyzer.aggregate does the folding); demand weighs a required mention more than a
nice-to-have one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analyzer.aggregate import build_ads, skill_demand
from analyzer.labels import LABELS
from taxonomy import Taxonomy, normalise_topic

SECTION_WEIGHTS = {"required": 1.0, "preferred": 0.5, "other": 0.25}


@dataclass
class Demand:
    """How many distinct postings there are and what they ask for."""

    n_postings: int
    table: pd.DataFrame  # index skill; required, preferred, other, postings, share,
    # ci_low, ci_high (its 95% Wilson interval), demand
    matrix: sparse.csr_matrix  # posting group x skill, 1 where the posting names the skill
    skills: list[str]  # the matrix's column order


def compute_demand(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    weights: dict[str, float] | None = None,
) -> Demand:
    """Per-skill demand and the presence matrix; ValueError when there are no postings.

    Ads (duplicate groups) and per-skill label counts come from analyzer.aggregate, the
    same as the report's; this adds the weighted demand and the ad-by-skill matrix.
    """
    weights = weights or SECTION_WEIGHTS
    ads = build_ads(postings, mentions)
    n = ads.total
    if n == 0:
        raise ValueError("no postings to measure demand on")
    per_skill = skill_demand(ads).set_index("skill")
    table = per_skill[list(LABELS)].astype(int)
    table.index = table.index.astype(str)
    table.index.name = "skill"
    table["postings"] = per_skill["ads"].astype(int)
    table["share"] = table["postings"] / n
    table["ci_low"] = per_skill["ci_low"].astype(float)
    table["ci_high"] = per_skill["ci_high"].astype(float)
    table["demand"] = sum(table[s] * weights.get(s, 0.0) for s in LABELS) / n
    table = table.sort_values(["demand", "postings"], ascending=False, kind="stable")

    skills = list(table.index)
    col_of = {s: j for j, s in enumerate(skills)}
    pairs = ads.skills
    rows = pairs["ad"].to_numpy(dtype=np.int64)
    cols = pairs["skill"].astype(str).map(col_of).to_numpy(dtype=np.int64)
    data = np.ones(len(pairs), dtype=np.float64)
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


def category_postings(demand: Demand, tax: Taxonomy, category: str) -> int:
    """How many ads name at least one skill of the category."""
    cols = [j for j, s in enumerate(demand.skills) if _category(tax, s) == category]
    if not cols:
        return 0
    return int((demand.matrix[:, cols].sum(axis=1) > 0).sum())


def _category(tax: Taxonomy, skill: str) -> str:
    s = tax.skills.get(skill)
    return s.category if s else ""


def _name_keys(name: str) -> set[str]:
    """A name's topic key and its singular/plural twin ("Message brokers" ~ "message broker")."""
    key = normalise_topic(name.replace("-", " "))
    return {key, key[:-1] if key.endswith("s") else key + "s"}


def general_skills(tax: Taxonomy) -> dict[str, str]:
    """Skills that stand for a whole category, with that category: those the category's own
    name is an alias of ("NoSQL databases" names `nosql` in NoSQL databases, "cloud
    providers" names `cloud` in Cloud providers). A learner who lists one is judged by the
    category's demand: ads rarely say "NoSQL", they name MongoDB or Redis."""
    labels = {c.id: c.label for c in tax.categories}
    out: dict[str, str] = {}
    for skill in tax.skills.values():
        names = _name_keys(labels.get(skill.category, skill.category)) | _name_keys(skill.category)
        aliases = {normalise_topic(a.text.replace("-", " ")) for a in skill.aliases}
        if names & aliases:
            out[skill.id] = skill.category
    return out
