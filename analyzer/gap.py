"""The learner's gap: a mapped checklist held against demand. Model first, rendering later.

- coverage: the demand-weighted share of the market's skills the learner has done;
- per skill: demand (required weighs more than nice-to-have) and the learner's state;
- learn next: skills not done, scored by demand, prerequisites done and how often they go
  together with what the learner knows (cosine similarity over postings), with a reason;
- over-invested: skills done or planned that few ads ask for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from analyzer.checklist.model import STATE_RANK, Checklist, ChecklistItem
from analyzer.demand import Demand, compute_demand, skill_similarity
from analyzer.errors import AnalyzerError
from taxonomy import Taxonomy

RARE_SHARE = 0.02  # asked for by fewer than 2% of ads: "the market barely asks for it"
AFFINITY_NOTE = 0.2  # similarity worth naming in a reason


class GapError(AnalyzerError):
    """The gap cannot be computed (no postings); the message says what to do."""


@dataclass(frozen=True)
class ScoreWeights:
    """How much each signal counts in a learn-next score (they sum to 1)."""

    demand: float = 0.55
    affinity: float = 0.25
    prerequisites: float = 0.15
    planned: float = 0.05


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


@dataclass(frozen=True)
class Suggestion:
    skill: str
    label: str
    score: float
    reason: str
    share: float
    demand: float
    affinity: float
    partner: str | None
    prerequisites_done: float


@dataclass(frozen=True)
class OverInvested:
    skill: str  # a skill id, or a category id when kind is "category"
    label: str
    state: str
    postings: int
    share: float
    reason: str
    kind: str = "skill"  # skill | category


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
            "coverage": round(self.coverage, 4),
            "coverage_learning": round(self.coverage_learning, 4),
            "coverage_planned": round(self.coverage_planned, 4),
            "states": self.state_counts(),
            "items": [_item_dict(i) for i in self.items],
            "unmapped": [
                {"text": i.text, "state": i.state, "line": i.line, "kind": i.kind}
                for i in self.unmapped
            ],
            "learn_next": [_rounded(asdict(s)) for s in self.learn_next],
            "over_invested": [_rounded(asdict(o)) for o in self.over_invested],
            "skills": [_rounded(asdict(r)) for r in self.skills],
            "categories": [_rounded({**asdict(c), "done": list(c.done)}) for c in self.categories],
            "resources": self.resources,
            "warnings": list(self.warnings),
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


def _label(tax: Taxonomy, skill: str) -> str:
    s = tax.skills.get(skill)
    return s.label if s else skill


def _category(tax: Taxonomy, skill: str) -> str:
    s = tax.skills.get(skill)
    return s.category if s else ""


def skill_rows(table: pd.DataFrame, states: dict[str, str], tax: Taxonomy) -> list[SkillRow]:
    """Every skill the market asks for, plus the learner's skills it does not, by demand."""
    rows = [
        SkillRow(
            skill=str(skill),
            label=_label(tax, str(skill)),
            category=_category(tax, str(skill)),
            postings=int(r["postings"]),
            required=int(r["required"]),
            preferred=int(r["preferred"]),
            share=float(r["share"]),
            demand=float(r["demand"]),
            state=states.get(str(skill)),
        )
        for skill, r in table.iterrows()
    ]
    asked = set(table.index)
    for skill in sorted(states):
        if skill not in asked:
            rows.append(
                SkillRow(skill, _label(tax, skill), _category(tax, skill), 0, 0, 0, 0.0, 0.0,
                         states[skill])
            )  # fmt: skip
    return rows


def _reason(
    share: float,
    required_share: float,
    partner: str | None,
    affinity: float,
    prereqs: tuple[str, ...],
    missing: list[str],
    plan: str | None,
    tax: Taxonomy,
) -> str:
    parts = [f"in {share:.0%} of ads ({required_share:.0%} as required)"]
    if partner and affinity >= AFFINITY_NOTE:
        parts.append(f"often asked for with {_label(tax, partner)}, which you know")
    if prereqs and not missing:
        parts.append(
            "you have its prerequisites (" + ", ".join(_label(tax, p) for p in prereqs) + ")"
        )
    elif missing:
        parts.append("learn " + ", ".join(_label(tax, p) for p in missing) + " first")
    if plan:
        parts.append(plan)
    return "; ".join(parts)


def learn_next(
    demand: Demand,
    similarity: pd.DataFrame,
    states: dict[str, str],
    tax: Taxonomy,
    categories: dict[str, str] | None = None,
    limit: int = 10,
    weights: ScoreWeights | None = None,
) -> list[Suggestion]:
    """Skills not done, best next step first; skipped skills and categories are left out."""
    w = weights or ScoreWeights()
    categories = categories or {}
    table = demand.table
    if table.empty:
        return []
    top = float(table["demand"].max()) or 1.0
    known = [s for s, st in states.items() if st == "done" and s in similarity.index]
    done = {s for s, st in states.items() if st == "done"}
    out: list[Suggestion] = []
    for skill, r in table.iterrows():
        skill = str(skill)
        state = states.get(skill)
        cat = _category(tax, skill)
        if state in ("done", "skipped") or (state is None and categories.get(cat) == "skipped"):
            continue
        partner, affinity = None, 0.0
        if known and skill in similarity.index:
            sims = similarity.loc[skill, known]
            partner = str(sims.idxmax())
            affinity = float(sims.to_numpy().max())
        prereqs = tax.skills[skill].prerequisites if skill in tax.skills else ()
        missing = [p for p in prereqs if p not in done]
        prereq_score = 1.0 - len(missing) / len(prereqs) if prereqs else 1.0
        if state == "learning":
            plan = "you are learning it"
        elif state == "todo":
            plan = "on your list"
        elif categories.get(cat) in ("todo", "learning", "done"):
            plan = f"on your list under {tax.category_label(cat)}"
        else:
            plan = None
        score = (
            w.demand * float(r["demand"]) / top
            + w.affinity * affinity
            + w.prerequisites * prereq_score
            + w.planned * (1.0 if plan else 0.0)
        )
        reason = _reason(
            float(r["share"]),
            float(r["required"]) / demand.n_postings,
            partner,
            affinity,
            prereqs,
            missing,
            plan,
            tax,
        )
        out.append(
            Suggestion(
                skill=skill,
                label=_label(tax, skill),
                score=round(score, 4),
                reason=reason,
                share=float(r["share"]),
                demand=float(r["demand"]),
                affinity=affinity,
                partner=partner if affinity > 0 else None,
                prerequisites_done=prereq_score,
            )
        )
    out.sort(key=lambda s: (-s.score, -s.demand, s.skill))
    return out[:limit] if limit > 0 else out


def _rare_reason(postings: int, n: int, share: float) -> str:
    if postings == 0:
        return f"none of the {n} ads asks for it"
    return f"only {postings} of {n} ads ({share:.1%}) ask for it"


def category_postings(demand: Demand, tax: Taxonomy, category: str) -> int:
    """How many ads name at least one skill of the category."""
    cols = [j for j, s in enumerate(demand.skills) if _category(tax, s) == category]
    if not cols:
        return 0
    return int((demand.matrix[:, cols].sum(axis=1) > 0).sum())


def category_rows(
    demand: Demand, states: dict[str, str], categories: dict[str, str], tax: Taxonomy
) -> list[CategoryRow]:
    """Every area ads ask for or the checklist touches, in roadmap order."""
    done = {s for s, st in states.items() if st == "done"}
    rows = []
    for cat in tax.category_order():
        in_cat = [s for s in demand.skills if _category(tax, s) == cat]
        mine = tuple(sorted(s for s in done if _category(tax, s) == cat))
        postings = category_postings(demand, tax, cat)
        if not postings and not mine and cat not in categories:
            continue
        cov = coverage(demand.table.loc[in_cat], done) if in_cat else 0.0
        rows.append(
            CategoryRow(cat, tax.category_label(cat), postings, postings / demand.n_postings,
                        cov, mine, categories.get(cat))
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
    `rare_share` of the ads ask for."""
    table = demand.table
    n = demand.n_postings
    out: list[OverInvested] = []
    for skill, state in states.items():
        if state == "skipped":
            continue
        postings = int(table["postings"].get(skill, 0))
        share = postings / n
        if share < rare_share:
            reason = _rare_reason(postings, n, share)
            out.append(OverInvested(skill, _label(tax, skill), state, postings, share, reason))
    for cat, state in (categories or {}).items():
        if state == "skipped":
            continue
        postings = category_postings(demand, tax, cat)
        share = postings / n
        if share < rare_share:
            reason = _rare_reason(postings, n, share).replace("asks for it", "asks for any of it")
            reason = reason.replace("ask for it", "ask for any of it")
            label = tax.category_label(cat)
            out.append(OverInvested(cat, label, state, postings, share, reason, "category"))
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
) -> GapReport:
    """The whole gap model for a mapped checklist and the store's frames."""
    if postings.empty:
        raise GapError("there are no postings to compare the checklist with")
    demand = compute_demand(postings, mentions)
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
        skills=skill_rows(table, states, tax),
        categories=category_rows(demand, states, cats, tax),
        resources=len(checklist.resources),
        warnings=list(checklist.warnings),
    )
