"""What to learn next: skills not done, scored, with a reason, prerequisites first.

A skill's score adds its demand, how often ads ask for it together with what the learner
knows (cosine similarity over the ads), how many of its prerequisites are done, and
whether it is on the learner's list already. A prerequisite the learner has not done is
never ranked below a skill that needs it: it moves up to just before that skill, and its
reason says which skill needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from analyzer.demand import Demand
from analyzer.stats import Share
from taxonomy import Taxonomy

AFFINITY_NOTE = 0.2  # similarity worth naming in a reason


@dataclass(frozen=True)
class ScoreWeights:
    """How much each signal counts in a learn-next score (they sum to 1)."""

    demand: float = 0.55
    affinity: float = 0.25
    prerequisites: float = 0.15
    planned: float = 0.05


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
    postings: int = 0  # ads naming it: the share rests on these of all the ads
    ci_low: float = 0.0  # the share's 95% Wilson interval
    ci_high: float = 1.0
    uncertain: bool = True  # too few ads to lean on the share (analyzer.stats)
    missing: tuple[str, ...] = ()  # its prerequisites not done yet
    needed_by: tuple[str, ...] = ()  # suggested skills it is a missing prerequisite of


def label_of(tax: Taxonomy, skill: str) -> str:
    s = tax.skills.get(skill)
    return s.label if s else skill


def category_of(tax: Taxonomy, skill: str) -> str:
    s = tax.skills.get(skill)
    return s.category if s else ""


def _reason(
    share: Share,
    required: int,
    partner: str | None,
    affinity: float,
    prereqs: tuple[str, ...],
    missing: list[str],
    plan: str | None,
    tax: Taxonomy,
) -> str:
    parts = [
        f"in {share.ads} of {share.total} ads ({share.share:.0%}), "
        f"{required} as required ({required / share.total:.0%})"
    ]
    if partner and affinity >= AFFINITY_NOTE:
        parts.append(f"often asked for with {label_of(tax, partner)}, which you know")
    if prereqs and not missing:
        parts.append(
            "you have its prerequisites (" + ", ".join(label_of(tax, p) for p in prereqs) + ")"
        )
    elif missing:
        parts.append("learn " + ", ".join(label_of(tax, p) for p in missing) + " first")
    if plan:
        parts.append(plan)
    return "; ".join(parts)


def _plan(state: str | None, category_state: str | None, category_label: str) -> str | None:
    if state == "learning":
        return "you are learning it"
    if state == "todo":
        return "on your list"
    if category_state in ("todo", "learning", "done"):
        return f"on your list under {category_label}"
    return None


def learn_next(
    demand: Demand,
    similarity: pd.DataFrame,
    states: dict[str, str],
    tax: Taxonomy,
    categories: dict[str, str] | None = None,
    limit: int = 10,
    weights: ScoreWeights | None = None,
) -> list[Suggestion]:
    """Skills not done, best next step first (prerequisites before the skills that need
    them); skipped skills and categories are left out."""
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
        cat = category_of(tax, skill)
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
        plan = _plan(state, categories.get(cat), tax.category_label(cat))
        score = (
            w.demand * float(r["demand"]) / top
            + w.affinity * affinity
            + w.prerequisites * prereq_score
            + w.planned * (1.0 if plan else 0.0)
        )
        share = Share.of(int(r["postings"]), demand.n_postings)
        reason = _reason(share, int(r["required"]), partner, affinity, prereqs, missing, plan, tax)
        out.append(
            Suggestion(
                skill=skill,
                label=label_of(tax, skill),
                score=round(score, 4),
                reason=reason,
                share=float(r["share"]),
                demand=float(r["demand"]),
                affinity=affinity,
                partner=partner if affinity > 0 else None,
                prerequisites_done=prereq_score,
                postings=share.ads,
                ci_low=share.ci_low,
                ci_high=share.ci_high,
                uncertain=share.uncertain,
                missing=tuple(missing),
            )
        )
    out.sort(key=lambda s: (-s.score, -s.demand, s.skill))
    ranked = prerequisites_first(out)
    return note_needed_by(ranked[:limit] if limit > 0 else ranked, tax)


def prerequisites_first(ranked: list[Suggestion]) -> list[Suggestion]:
    """The same suggestions, each missing prerequisite that is itself suggested moved up to
    just before the first skill that needs it (recursively); otherwise in ranked order."""
    by_skill = {s.skill: s for s in ranked}
    out: list[Suggestion] = []
    placed: set[str] = set()

    def place(s: Suggestion, path: frozenset[str]) -> None:
        if s.skill in placed:
            return
        for p in s.missing:
            if p in by_skill and p not in path:  # a cycle in the data is not followed
                place(by_skill[p], path | {s.skill})
        placed.add(s.skill)
        out.append(s)

    for s in ranked:
        place(s, frozenset())
    return out


def note_needed_by(shown: list[Suggestion], tax: Taxonomy) -> list[Suggestion]:
    """Mark each shown suggestion that a shown skill needs first, in its reason too (the
    skills left out by the limit are not named: the reason would list them all)."""
    needs: dict[str, list[str]] = {}
    for s in shown:
        for p in s.missing:
            needs.setdefault(p, []).append(s.skill)
    out = []
    for s in shown:
        users = tuple(needs.get(s.skill, ()))
        if users:
            names = " and ".join(label_of(tax, u) for u in users)
            verb = "needs" if len(users) == 1 else "need"
            s = replace(s, needed_by=users, reason=f"{s.reason}; before {names}, which {verb} it")
        out.append(s)
    return out
