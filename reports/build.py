"""Turn the postings and mentions frames into the report model (no rendering here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pandas as pd

from analyzer import aggregate as agg
from analyzer.bylevel import LevelRule
from analyzer.counts import MarketCounts
from analyzer.evidence import EvidenceSource
from analyzer.pairs import cooccurrence
from analyzer.paystats import PayRule
from analyzer.tally import count_ads
from analyzer.trends import TrendRule, monthly_shares, trends
from reports.market import evidence_section, level_section, pay_section
from reports.model import (
    CategoryRow,
    Example,
    Headline,
    Monthly,
    PairRow,
    Report,
    Series,
    SkillRow,
    SourceRow,
    TrendRow,
    TrendSection,
)
from reports.safety import safe_url
from reports.values import day as _day
from reports.values import text as _text
from taxonomy.model import Taxonomy


@dataclass(frozen=True)
class ReportOptions:
    """How much the report shows and the thresholds it applies."""

    title: str = "Backend skills in demand"
    top_skills: int = 25
    examples_per_skill: int = 3
    trend_skills: int = 6  # lines in the monthly chart
    min_month_ads: int = 30  # months with fewer ads are left out of the monthly chart
    top_pairs: int = 15
    min_pair_ads: int = 5
    trend_rule: TrendRule = field(default_factory=TrendRule)
    top_trends: int = 8
    level_rule: LevelRule = field(default_factory=LevelRule)
    level_skills: int = 15  # rows of the entry-level vs senior table
    level_differences: int = 8  # skills listed as asked more by either group
    pay_rule: PayRule = field(default_factory=PayRule)  # its `rows`: skills shown
    evidence_per_skill: int = 3
    sample_data: bool = False  # the ads are invented (`skillgap demo`): the page says so


def build_report(
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    taxonomy: Taxonomy,
    filters: agg.Filters | None = None,
    options: ReportOptions | None = None,
    now: datetime | None = None,
    evidence: EvidenceSource | None = None,
) -> Report:
    """The report of frames already in memory (the store counts in the database instead:
    `report_from_counts`)."""
    skill_cat = taxonomy.skill_categories()
    counts = count_ads(agg.build_ads(postings, mentions), skill_cat)
    return report_from_counts(counts, taxonomy, filters, options, now, evidence)


def report_from_counts(
    counts: MarketCounts,
    taxonomy: Taxonomy,
    filters: agg.Filters | None = None,
    options: ReportOptions | None = None,
    now: datetime | None = None,
    evidence: EvidenceSource | None = None,
) -> Report:
    """Compute every section of the report from the counts of the ads the filters chose
    (made with the taxonomy's skill categories); `evidence` reads the sentences behind the
    figures (none without it)."""
    opts = options or ReportOptions()
    filters = filters or agg.Filters()
    ads = counts
    labels = {sid: s.label for sid, s in taxonomy.skills.items()}
    skill_cat = taxonomy.skill_categories()

    def label(skill: str) -> str:
        return labels.get(skill, skill)

    demand = agg.skill_demand(ads)
    top = demand.head(opts.top_skills)
    ex = agg.examples(ads.sample, list(top["skill"]), opts.examples_per_skill)
    by_skill: dict[str, list[Example]] = {}
    for row in ex.to_dict("records"):
        by_skill.setdefault(str(row["skill"]), []).append(_example(row))
    skills = [
        SkillRow(
            skill=r.skill,
            label=label(r.skill),
            category=skill_cat.get(r.skill, agg.UNKNOWN_CATEGORY),
            category_label=taxonomy.category_label(skill_cat.get(r.skill, agg.UNKNOWN_CATEGORY)),
            ads=int(r.ads),
            share=float(r.share),
            ci_low=float(r.ci_low),
            ci_high=float(r.ci_high),
            required=int(r.required),
            preferred=int(r.preferred),
            other=int(r.other),
            required_share=float(r.required_share),
            nice_share=float(r.nice_share),
            examples=by_skill.get(r.skill, []),
        )
        for r in _records(top)
    ]
    cats = agg.category_demand(ads, skill_cat, taxonomy.category_order())
    if not ads.total:  # no ads: no shares to show, not a table of 0% (0-100%) rows
        cats = cats.iloc[0:0]
    categories = [
        CategoryRow(
            category=r.category,
            label=taxonomy.category_label(r.category),
            ads=int(r.ads),
            share=float(r.share),
            ci_low=float(r.ci_low),
            ci_high=float(r.ci_high),
            required=int(r.required),
            preferred=int(r.preferred),
            other=int(r.other),
            skills_seen=int(r.skills_seen),
            top_skills=[label(s) for s in r.top_skills],
        )
        for r in _records(cats)
    ]
    levels = level_section(ads, label, opts.level_rule, opts.level_skills, opts.level_differences)
    pay = pay_section(ads, label, opts.pay_rule)
    trend = _trends(ads, opts, label)
    pairs = _pairs(ads, opts, label)
    # every skill a figure is shown for gets its sentences, the top skills' first
    shown = [s.skill for s in skills] + [r.skill for r in levels.top] + [r.skill for r in pay.rows]
    shown += [r.skill for r in (*levels.more_entry, *levels.more_senior)]
    shown += [r.skill for r in (*trend.rising, *trend.falling)]
    shown += [x for p in pairs for x in (p.a, p.b)]
    return Report(
        title=opts.title,
        generated_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
        filters=filters.describe(),
        headline=_headline(ads, demand),
        skills=skills,
        categories=categories,
        trends=trend,
        monthly=_monthly(
            ads, list(demand["skill"].head(opts.trend_skills)), label, opts.min_month_ads
        ),
        pairs=pairs,
        sources=_sources(ads),
        method=method_notes(opts),
        levels=levels,
        pay=pay,
        evidence=evidence_section(ads.sample, shown, evidence, label, opts.evidence_per_skill),
        taxonomy_fingerprint=taxonomy.fingerprint,
        scope=filters.phrases(),
        message="" if ads.total else no_ads_message(filters),
        sample_data=opts.sample_data,
        pair_rule=pair_rule(opts),
    )


def no_ads_message(filters: agg.Filters) -> str:
    """What an empty report says instead of figures."""
    phrases = filters.phrases()
    if phrases:
        return (
            f"No ads match these filters ({'; '.join(phrases)}), so there is nothing to "
            "measure: loosen the filters to see figures."
        )
    return (
        "No ads in the store yet, so there is nothing to measure: crawl some sources first "
        "(skillgap crawl), then write the report again."
    )


def _records(frame: pd.DataFrame) -> list[Any]:
    """Rows with attribute access (pandas-stubs types itertuples too loosely to use)."""
    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]


def _example(row: dict[Any, Any]) -> Example:
    return Example(
        title=_text(row["title"]) or "(untitled)",
        company=_text(row["company"]),
        url=safe_url(row["url"]),
        source=_text(row["source"]),
        source_type=_text(row["source_type"]),
        attribution=_text(row["attribution"]) or None,
        date=_day(row["date"]),
        label=_text(row["label"]),
    )


def _headline(ads: MarketCounts, demand: pd.DataFrame) -> Headline:
    return Headline(
        ads=ads.total,
        postings=ads.postings,
        duplicates=ads.postings - ads.total,
        ads_with_skills=ads.ads_with_skills,
        skills_seen=len(demand),
        sources=sorted(str(s) for s in ads.sources["source"].dropna().unique()),
        period_start=_day(ads.first) if ads.first is not None else None,
        period_end=_day(ads.last) if ads.last is not None else None,
    )


def _trend_rows(frame: pd.DataFrame, label: Any) -> list[TrendRow]:
    return [
        TrendRow(
            skill=r.skill,
            label=label(r.skill),
            before_ads=int(r.before_ads),
            before_share=float(r.before_share),
            latest_ads=int(r.latest_ads),
            latest_share=float(r.latest_share),
            change=float(r.change),
            z=float(r.z),
        )
        for r in _records(frame)
    ]


def _trends(ads: MarketCounts, opts: ReportOptions, label: Any) -> TrendSection:
    t = trends(ads, opts.trend_rule, top=opts.top_trends)
    return TrendSection(
        latest=t.latest,
        before=t.before,
        latest_ads=t.latest_ads,
        before_ads=t.before_ads,
        rising=_trend_rows(t.rising, label),
        falling=_trend_rows(t.falling, label),
        rule=t.rule.describe(),
        note=t.note,
    )


def _monthly(ads: MarketCounts, skills: list[str], label: Any, min_ads: int) -> Monthly:
    """Shares per month of the top skills, over the months with at least `min_ads` ads."""
    table = monthly_shares(ads, skills)
    all_totals = ads.month_totals()
    months = [str(m) for m, n in all_totals.items() if n >= min_ads]
    left_out = {str(m): int(n) for m, n in all_totals.items() if n < min_ads}
    series = []
    for skill in skills:
        rows = table[table["skill"] == skill].set_index("month").reindex(months)
        series.append(Series(skill, label(skill), [float(x) for x in rows["share"].fillna(0)]))
    totals = [int(all_totals[m]) for m in months]
    return Monthly(months, totals, series, min_ads=min_ads, left_out=left_out)


def _pairs(ads: MarketCounts, opts: ReportOptions, label: Any) -> list[PairRow]:
    frame = cooccurrence(ads, opts.min_pair_ads, opts.top_pairs)
    return [
        PairRow(r.a, r.b, label(r.a), label(r.b), int(r.ads), float(r.share), float(r.lift))
        for r in _records(frame)
    ]


def _sources(ads: MarketCounts) -> list[SourceRow]:
    return [
        SourceRow(
            source=_text(r.source),
            source_type=_text(r.source_type),
            postings=int(r.postings),
            ads=int(r.ads),
            attribution=_text(r.attribution) or None,
            first=_day(r.first),
            last=_day(r.last),
        )
        for r in _records(ads.sources)
    ]


def method_notes(opts: ReportOptions) -> list[str]:
    """How the figures were made, in plain words (shown under "Method and sources")."""
    return [
        "An ad is one job posting; the same job found twice (in one source or several) "
        "is one duplicate group and counts once.",
        "Skills come from the skillgap taxonomy, matched in each ad's text by a rule-based "
        "spaCy matcher; a skill named in the job title counts as required.",
        "Required vs nice to have: a skill's label in an ad is the strongest of its mentions "
        "(required > nice to have > other, e.g. the company's stack).",
        "Share = ads naming the skill / all ads; the range is the 95% Wilson score interval.",
        "A category's share counts the ads naming any of its skills, each ad once.",
        "Dates: when the ad was posted, or first seen when the source gives no date.",
        f"Rising and falling: the latest calendar month against the one before, with "
        f"{opts.trend_rule.describe()}.",
        f"Share of ads per month: only months with at least {opts.min_month_ads} ads are "
        "plotted; fewer make a month's shares noise.",
        f"Skills that go together: {pair_rule(opts)}.",
        "Levels, years and pay are read from each ad's title and text (structured pay fields "
        "first) by rules in analyzer/meta; an ad hiring for several levels counts in each.",
        f"By level: entry level is intern and junior ads; a difference counts with "
        f"{opts.level_rule.describe()}.",
        "What pays: pay made annual (hour × 2080, day × 260, week × 52, month × 12), the "
        "middle of a stated range, in the main currency only (no exchange rates); medians "
        f"with bootstrap 95% intervals; {opts.pay_rule.describe()}.",
        "Evidence: for each skill, a few ads that ask for it, required ones first, newest "
        "first; the sentence is the ad's own text.",
    ]


def pair_rule(opts: ReportOptions) -> str:
    """Which pairs of skills the report lists, in words."""
    return (
        f"pairs named together in at least {opts.min_pair_ads} ads, and more often than "
        "chance: lift = P(both) / (P(a) × P(b)) over all ads, above 1"
    )
