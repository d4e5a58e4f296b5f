"""The report's "By level", "What pays" and "Evidence" sections: analyzer frames turned
into model rows (no computing here beyond formatting labels)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from analyzer.aggregate import Ads
from analyzer.bylevel import LevelRule, compare_levels
from analyzer.counts import MarketCounts
from analyzer.evidence import EvidenceSource, evidence
from analyzer.paystats import PayRule, pay_by_skill
from reports.model import (
    EvidenceItem,
    EvidenceSkill,
    LevelCount,
    LevelSection,
    LevelSkillRow,
    PayRow,
    PaySection,
)
from reports.safety import safe_url
from reports.values import day as _day
from reports.values import text as _text

Label = Callable[[str], str]


def _level_row(r: dict[Any, Any], label: Label) -> LevelSkillRow:
    skill = str(r["skill"])
    return LevelSkillRow(
        skill=skill,
        label=label(skill),
        entry_ads=int(r["a_ads"]),
        entry_share=float(r["a_share"]),
        entry_low=float(r["a_low"]),
        entry_high=float(r["a_high"]),
        senior_ads=int(r["b_ads"]),
        senior_share=float(r["b_share"]),
        senior_low=float(r["b_low"]),
        senior_high=float(r["b_high"]),
        difference=float(r["difference"]),
        z=float(r["z"]),
    )


def _level_rows(frame: pd.DataFrame, label: Label) -> list[LevelSkillRow]:
    return [_level_row(r, label) for r in frame.to_dict("records")]


def level_section(
    counts: MarketCounts,
    label: Label,
    rule: LevelRule | None = None,
    top: int = 15,
    differ: int = 8,
) -> LevelSection:
    found = compare_levels(counts, rule, top=top, differ=differ)
    per_level = [
        LevelCount(str(r["level"]), int(r["ads"]), float(r["share"]))
        for r in found.counts.to_dict("records")
    ]
    return LevelSection(
        counts=per_level,
        entry_ads=found.entry_ads,
        senior_ads=found.senior_ads,
        top=_level_rows(found.top, label),
        more_entry=_level_rows(found.more_entry, label),
        more_senior=_level_rows(found.more_senior, label),
        rule=found.rule.describe(),
        note=found.note,
    )


def _pay_row(r: dict[Any, Any], label: Label) -> PayRow:
    skill = str(r["skill"])
    return PayRow(
        skill=skill,
        label=label(skill),
        ads=int(r["ads"]),
        median=float(r["median"]),
        low=float(r["low"]),
        high=float(r["high"]),
        others_ads=int(r["others_ads"]),
        others_median=float(r["others_median"]),
        others_low=float(r["others_low"]),
        others_high=float(r["others_high"]),
        difference=float(r["difference"]),
        diff_low=float(r["diff_low"]),
        diff_high=float(r["diff_high"]),
    )


def pay_section(counts: MarketCounts, label: Label, rule: PayRule | None = None) -> PaySection:
    found = pay_by_skill(counts, rule)
    table = found.table
    note = ""
    if found.currency is None:
        note = "no ad states pay"
    elif table.empty:
        note = (
            f"no skill has enough ads with pay yet: {found.rule.describe()} "
            f"({found.ads_in_currency} ads state pay in {found.currency})"
        )
    return PaySection(
        currency=found.currency,
        ads_with_pay=found.ads_with_pay,
        ads_in_currency=found.ads_in_currency,
        other_currencies=found.other_currencies,
        median=found.median,
        rows=[_pay_row(r, label) for r in table.to_dict("records")],
        min_ads=found.rule.min_ads,
        rule=found.rule.describe(),
        note=note,
    )


def _item(row: dict[Any, Any], post: pd.Series) -> EvidenceItem:
    return EvidenceItem(
        before=str(row["before"]),
        match=str(row["match"]),
        after=str(row["after"]),
        label=str(row["label"]),
        title=_text(post.get("title")) or "(untitled)",
        company=_text(post.get("company")),
        url=safe_url(post.get("url")),
        source=_text(post.get("source")),
        source_type=_text(post.get("source_type")),
        attribution=_text(post.get("attribution")) or None,
        date=_day(post.get("date")),
    )


def evidence_section(
    ads: Ads,
    skills: Iterable[str],
    source: EvidenceSource | None,
    label: Label,
    per_skill: int = 3,
) -> list[EvidenceSkill]:
    """A few sentences per skill, in the order given, each with its posting's title,
    company and link (only http(s) links are kept)."""
    wanted = list(dict.fromkeys(skills))
    if source is None or not wanted:
        return []
    found = evidence(ads, wanted, source, per_skill)
    posts = ads.postings.set_index("id")
    by_skill: dict[str, list[EvidenceItem]] = {}
    for r in found.to_dict("records"):
        post = posts.loc[int(r["posting_id"])]
        by_skill.setdefault(str(r["skill"]), []).append(_item(r, post))
    return [EvidenceSkill(s, label(s), by_skill[s]) for s in wanted if s in by_skill]
