"""The learner's gap: a mapped checklist held against demand. Model first, rendering later.

- coverage: the demand-weighted share of the market's skills the learner has done;
- per skill: demand (required weighs more than nice-to-have) and the learner's state;
- learn next: skills not done, scored by demand, prerequisites done and how often they go
  together with what the learner knows (cosine similarity over postings), with a reason;
- over-invested: skills done or planned that few ads ask for; a skill that stands for a
  whole category ("NoSQL (in general)", "Cloud computing") and a category named on its own
  are judged by the category's demand (analyzer.demand.general_skills);
- every share carries the ads it rests on, its 95% interval and whether it is uncertain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from analyzer.aggregate import build_ads
from analyzer.checklist.model import STATE_RANK, Checklist, ChecklistItem
from analyzer.counts import MarketCounts
from analyzer.demand import (
    Demand,
    category_postings,
    demand_of,
    general_skills,
    skill_similarity,
)
from analyzer.errors import AnalyzerError
from analyzer.learn_next import ScoreWeights, Suggestion, category_of, label_of, learn_next
from analyzer.stats import FEW_ADS, Share, uncertainty_rule
from analyzer.tally import count_ads
from taxonomy import Taxonomy

__all__ = ["ScoreWeights", "Suggestion", "build_gap", "learn_next"]

RARE_SHARE = 0.02  # asked for by fewer than 2% of ads: "the market barely asks for it"


class GapError(AnalyzerError):
    """The gap cannot be computed (no postings); the message says what to do."""


@dataclass(frozen=True)
class SkillRow:
    skill: str
    label: str
    category: str
    postings: int
    required: int
    preferred: int
    share: float
    demand: float
    state: str | None
    ci_low: float = 0.0  # the share's 95% Wilson interval
    ci_high: float = 1.0
    uncertain: bool = True  # too few ads to lean on the share (analyzer.stats)


@dataclass(frozen=True)
class OverInvested:
    skill: str  # a skill id, or a category id when kind is "category"
    label: str
    state: str
    postings: int
    share: float
    reason: str
    kind: str = "skill"  # skill | category
    category: str | None = None  # the category it was judged by (a category, or a skill
    # that stands for one)
    ci_low: float = 0.0
    ci_high: float = 1.0
    uncertain: bool = True


@dataclass(frozen=True)
class CategoryRow:
    """One area of the taxonomy: how many ads ask for it and how much of it you have done."""

    category: str
    label: str
    postings: int  # ads naming at least one of its skills
    share: float
    coverage: float  # demand-weighted share of the area's demand you have done
    done: tuple[str, ...]
    state: str | None  # the area's own state when the checklist names it
    ci_low: float = 0.0  # the share's 95% Wilson interval
    ci_high: float = 1.0
    uncertain: bool = True


@dataclass
class GapReport:
    checklist: str
    title: str | None
    format: str
    postings: int
    coverage: float
    coverage_learning: float  # if everything being learned were done
    coverage_planned: float  # if the whole checklist (but skipped topics) were done
    items: list[ChecklistItem]
    learn_next: list[Suggestion]
    over_invested: list[OverInvested]
    skills: list[SkillRow]
    categories: list[CategoryRow] = field(default_factory=list)
    resources: int = 0
    warnings: list[str] = field(default_factory=list)
    level: str | None = None  # demand from ads of this level only (None: every ad)

    @property
    def few_ads(self) -> bool:
        """Too few ads for any share on the page to be more than a rough hint."""
        return self.postings < FEW_ADS

    @property
    def uncertainty(self) -> str:
        return uncertainty_rule()

    @property
    def unmapped(self) -> list[ChecklistItem]:
        return [i for i in self.items if not i.mapped]

    def state_counts(self) -> dict[str, int]:
        out = {"done": 0, "learning": 0, "todo": 0, "skipped": 0}
        for item in self.items:
            out[item.state] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        """The JSON model (DESIGN.md contract: items, unmapped, coverage, learn_next)."""
        return {
            "checklist": self.checklist,
            "title": self.title,
            "format": self.format,
            "postings": self.postings,
            "level": self.level,
            "coverage": round(self.coverage, 4),
            "coverage_learning": round(self.coverage_learning, 4),
            "coverage_planned": round(self.coverage_planned, 4),
            "states": self.state_counts(),
            "items": [_item_dict(i) for i in self.items],
            "unmapped": [
                {"text": i.text, "state": i.state, "line": i.line, "kind": i.kind}
                for i in self.unmapped
            ],
            "learn_next": [_suggestion_dict(s) for s in self.learn_next],
            "over_invested": [_rounded(asdict(o)) for o in self.over_invested],
            "skills": [_rounded(asdict(r)) for r in self.skills],
            "categories": [_rounded({**asdict(c), "done": list(c.done)}) for c in self.categories],
            "resources": self.resources,
            "warnings": list(self.warnings),
            "uncertainty": self.uncertainty,
        }


def _item_dict(item: ChecklistItem) -> dict[str, Any]:
    return {
        "text": item.text,
        "state": item.state,
        "skills": list(item.skills),
        "category": item.category,
        "not_skill": item.not_skill,
        "kind": item.kind,
        "line": item.line,
        "depth": item.depth,
        "parent": item.parent,
    }


def _suggestion_dict(s: Suggestion) -> dict[str, Any]:
    return _rounded({**asdict(s), "missing": list(s.missing), "needed_by": list(s.needed_by)})


def _rounded(d: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


# ---------------------------------------------------------------------- learner side
def learner_states(checklist: Checklist) -> dict[str, str]:
    """Each skill the checklist names, with its strongest state (done > learning > todo)."""
    states: dict[str, str] = {}
    for item in checklist.items:
        for skill in item.skills:
            old = states.get(skill)
            if old is None or STATE_RANK[item.state] > STATE_RANK[old]:
                states[skill] = item.state
    return states


def category_states(checklist: Checklist) -> dict[str, str]:
    """Categories the checklist names without listing skills under them ("## Message
    brokers"), with their strongest state. A heading over specific items ("## Languages"
    over Python and Go) says which skills of the category, not that all of them are planned.
    """
    parents = {i.parent for i in checklist.items if i.parent is not None}
    states: dict[str, str] = {}
    for n, item in enumerate(checklist.items):
        if item.category and n not in parents:
            old = states.get(item.category)
            if old is None or STATE_RANK[item.state] > STATE_RANK[old]:
                states[item.category] = item.state
    return states


# ---------------------------------------------------------------------- market side
def coverage(table: pd.DataFrame, skills: set[str]) -> float:
    """Demand-weighted share of the market's skills that `skills` covers (0..1)."""
    total = float(table["demand"].sum())
    if total <= 0:
        return 0.0
    return float(table.loc[table.index.isin(skills), "demand"].sum()) / total


def skill_rows(
    table: pd.DataFrame, states: dict[str, str], tax: Taxonomy, n: int
) -> list[SkillRow]:
    """Every skill the market asks for, plus the learner's skills it does not, by demand
    (`n` ads in all)."""
    rows = [
        SkillRow(
            skill=str(skill),
            label=label_of(tax, str(skill)),
            category=category_of(tax, str(skill)),
            postings=int(r["postings"]),
            required=int(r["required"]),
            preferred=int(r["preferred"]),
            share=float(r["share"]),
            demand=float(r["demand"]),
            state=states.get(str(skill)),
            ci_low=float(r["ci_low"]),
            ci_high=float(r["ci_high"]),
            uncertain=Share.of(int(r["postings"]), n).uncertain,
        )
        for skill, r in table.iterrows()
    ]
    asked = set(table.index)
    for skill in sorted(states):
        if skill not in asked:
            none = Share.of(0, n)
            rows.append(
                SkillRow(skill, label_of(tax, skill), category_of(tax, skill), 0, 0, 0, 0.0, 0.0,
                         states[skill], none.ci_low, none.ci_high, none.uncertain)
            )  # fmt: skip
    return rows


def _rare_reason(postings: int, n: int, share: float, what: str = "it") -> str:
    if postings == 0:
        return f"none of the {n} ads asks for {what}"
    return f"only {postings} of {n} ads ({share:.1%}) ask for {what}"


def category_rows(
    demand: Demand, states: dict[str, str], categories: dict[str, str], tax: Taxonomy
) -> list[CategoryRow]:
    """Every area ads ask for or the checklist touches, in roadmap order."""
    done = {s for s, st in states.items() if st == "done"}
    rows = []
    for cat in tax.category_order():
        in_cat = [s for s in demand.skills if category_of(tax, s) == cat]
        mine = tuple(sorted(s for s in done if category_of(tax, s) == cat))
        postings = category_postings(demand, tax, cat)
        if not postings and not mine and cat not in categories:
            continue
        cov = coverage(demand.table.loc[in_cat], done) if in_cat else 0.0
        share = Share.of(postings, demand.n_postings)
        rows.append(
            CategoryRow(cat, tax.category_label(cat), postings, share.share, cov, mine,
                        categories.get(cat), share.ci_low, share.ci_high, share.uncertain)
        )  # fmt: skip
    return rows


def over_invested(
    demand: Demand,
    states: dict[str, str],
    tax: Taxonomy,
    rare_share: float = RARE_SHARE,
    categories: dict[str, str] | None = None,
) -> list[OverInvested]:
    """Skills (and categories named on their own) done or planned that fewer than
    `rare_share` of the ads ask for. A skill that stands for a whole category ("NoSQL (in
    general)") is judged by the ads asking for any skill of that category."""
    table = demand.table
    n = demand.n_postings
    general = general_skills(tax)
    out: list[OverInvested] = []
    for skill, state in states.items():
        if state == "skipped":
            continue
        cat = general.get(skill)
        if cat is not None:
            postings = category_postings(demand, tax, cat)
            what = f"anything in {tax.category_label(cat)}"
        else:
            postings = int(table["postings"].get(skill, 0))
            what = "it"
        share = Share.of(postings, n)
        if share.share < rare_share:
            reason = _rare_reason(postings, n, share.share, what)
            out.append(
                OverInvested(skill, label_of(tax, skill), state, postings, share.share, reason,
                             "skill", cat, share.ci_low, share.ci_high, share.uncertain)
            )  # fmt: skip
    for cat, state in (categories or {}).items():
        if state == "skipped":
            continue
        share = Share.of(category_postings(demand, tax, cat), n)
        if share.share < rare_share:
            reason = _rare_reason(share.ads, n, share.share, "any of it")
            out.append(
                OverInvested(cat, tax.category_label(cat), state, share.ads, share.share, reason,
                             "category", cat, share.ci_low, share.ci_high, share.uncertain)
            )  # fmt: skip
    out.sort(key=lambda o: (-STATE_RANK[o.state], o.share, o.kind, o.skill))
    return out


# ---------------------------------------------------------------------- all together
def build_gap(
    checklist: Checklist,
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    tax: Taxonomy,
    limit: int = 10,
    rare_share: float = RARE_SHARE,
    weights: ScoreWeights | None = None,
    level: str | None = None,
) -> GapReport:
    """The whole gap model for a mapped checklist and frames in memory (`level`: the
    frames hold only ads of that level, and the page says so)."""
    if postings.empty:
        raise GapError("there are no postings to compare the checklist with")
    skill_cat = tax.skill_categories()
    counts = count_ads(build_ads(postings, mentions), skill_cat)
    return gap_from_counts(checklist, counts, tax, limit, rare_share, weights, level)


def gap_from_counts(
    checklist: Checklist,
    counts: MarketCounts,
    tax: Taxonomy,
    limit: int = 10,
    rare_share: float = RARE_SHARE,
    weights: ScoreWeights | None = None,
    level: str | None = None,
) -> GapReport:
    """The whole gap model for a mapped checklist and the counts of the ads it is held
    against (made with the taxonomy's skill categories; `level`: only ads of that level
    were counted, and the page says so)."""
    if counts.total == 0:
        raise GapError("there are no postings to compare the checklist with")
    demand = demand_of(counts)
    states = learner_states(checklist)
    table = demand.table
    done = {s for s, st in states.items() if st == "done"}
    learning = done | {s for s, st in states.items() if st == "learning"}
    planned = {s for s, st in states.items() if st != "skipped"}
    cats = category_states(checklist)
    return GapReport(
        checklist=checklist.name,
        title=checklist.title,
        format=checklist.format,
        postings=demand.n_postings,
        coverage=coverage(table, done),
        coverage_learning=coverage(table, learning),
        coverage_planned=coverage(table, planned),
        items=list(checklist.items),
        learn_next=learn_next(
            demand,
            skill_similarity(demand),
            states,
            tax,
            cats,
            limit,
            weights,
        ),
        over_invested=over_invested(demand, states, tax, rare_share, cats),
        skills=skill_rows(table, states, tax, demand.n_postings),
        categories=category_rows(demand, states, cats, tax),
        resources=len(checklist.resources),
        warnings=list(checklist.warnings),
        level=level,
    )
