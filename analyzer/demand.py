"""Demand per skill and the posting-by-skill matrix, from the store's two frames.

Postings: columns `id` and `dup_group` (duplicates share a group and count once).
Mentions: columns `posting_id`, `skill`, `section` (required | preferred | other).
A skill counts once per ad (posting group), with the strongest section it has there
(analyzer.aggregate does the folding); demand weighs a required mention more than a
nice-to-have one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyzer.aggregate import build_ads, skill_demand
from analyzer.counts import MarketCounts
from analyzer.labels import LABELS
from analyzer.tally import count_ads
from taxonomy import Taxonomy, normalise_topic

SECTION_WEIGHTS = {"required": 1.0, "preferred": 0.5, "other": 0.25}


@dataclass
class Demand:
    """How many distinct postings there are and what they ask for."""

    n_postings: int
    table: pd.DataFrame  # index skill; required, preferred, other, postings, share,
    # ci_low, ci_high (its 95% Wilson interval), demand
    pairs: pd.DataFrame  # a, b, ads: the ads naming both skills (analyzer.counts)
    categories: dict[str, int]  # ads naming any skill of each category
    skills: list[str]  # the table's order

    @property
    def together(self) -> np.ndarray:
        """skills x skills: ads naming both (the diagonal: ads naming the skill)."""
        col_of = {s: j for j, s in enumerate(self.skills)}
        out = np.zeros((len(self.skills), len(self.skills)), dtype=np.int64)
        pairs = self.pairs[self.pairs["a"].isin(col_of) & self.pairs["b"].isin(col_of)]
        a = pairs["a"].map(col_of).to_numpy(dtype=np.int64)
        b = pairs["b"].map(col_of).to_numpy(dtype=np.int64)
        out[a, b] = out[b, a] = pairs["ads"].to_numpy(dtype=np.int64)
        out[np.arange(len(self.skills)), np.arange(len(self.skills))] = self.table["postings"]
        return out


def compute_demand(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    weights: dict[str, float] | None = None,
    skill_category: Mapping[str, str] | None = None,
) -> Demand:
    """Per-skill demand of frames in memory; ValueError when there are no postings."""
    counts = count_ads(build_ads(postings, mentions), skill_category or {})
    return demand_of(counts, weights)


def demand_of(counts: MarketCounts, weights: dict[str, float] | None = None) -> Demand:
    """Per-skill demand from the counts of the ads (analyzer.counts): ads and labels per
    skill, the same as the report's, with the weighted demand; ValueError when there are
    no ads."""
    weights = weights or SECTION_WEIGHTS
    n = counts.total
    if n == 0:
        raise ValueError("no postings to measure demand on")
    per_skill = skill_demand(counts).set_index("skill")
    table = per_skill[list(LABELS)].astype(int)
    table.index = table.index.astype(str)
    table.index.name = "skill"
    table["postings"] = per_skill["ads"].astype(int)
    table["share"] = table["postings"] / n
    table["ci_low"] = per_skill["ci_low"].astype(float)
    table["ci_high"] = per_skill["ci_high"].astype(float)
    table["demand"] = sum(table[s] * weights.get(s, 0.0) for s in LABELS) / n
    table = table.sort_values(["demand", "postings"], ascending=False, kind="stable")
    cats = counts.categories.groupby("category")["ads"].sum()
    return Demand(n_postings=n, table=table, pairs=counts.pairs,
                  categories={str(c): int(k) for c, k in cats.items()},
                  skills=list(table.index))  # fmt: skip


def skill_similarity(demand: Demand) -> pd.DataFrame:
    """Cosine similarity between skills over the ads that name them: ads naming both over
    the root of the product of the ads naming each (as scikit-learn's over the ad x skill
    matrix)."""
    if not demand.skills:
        return pd.DataFrame()
    together = demand.together
    inv = 1.0 / np.sqrt(np.diag(together).astype(float))
    sim = together * inv[:, None] * inv[None, :]
    np.fill_diagonal(sim, 0.0)
    return pd.DataFrame(sim, index=demand.skills, columns=demand.skills)


def category_postings(demand: Demand, tax: Taxonomy, category: str) -> int:
    """How many ads name at least one skill of the category (counted with the taxonomy's
    categories)."""
    return demand.categories.get(category, 0)


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
