"""The report model: plain dataclasses, computed first; HTML, JSON and CSV render from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Example:
    """One posting shown as an example for a skill (all text fields are untrusted)."""

    title: str
    company: str
    url: str | None  # only http(s) URLs survive; anything else becomes None
    source: str
    source_type: str
    attribution: str | None
    date: str | None  # YYYY-MM-DD
    label: str  # how this ad asks for the skill: required | preferred | other


@dataclass
class SkillRow:
    skill: str
    label: str
    category: str
    category_label: str
    ads: int
    share: float
    ci_low: float
    ci_high: float
    required: int
    preferred: int
    other: int
    required_share: float
    nice_share: float
    examples: list[Example] = field(default_factory=list)


@dataclass
class CategoryRow:
    category: str
    label: str
    ads: int
    share: float
    ci_low: float
    ci_high: float
    required: int
    preferred: int
    other: int
    skills_seen: int
    top_skills: list[str]  # skill labels, most asked first


@dataclass
class TrendRow:
    skill: str
    label: str
    before_ads: int
    before_share: float
    latest_ads: int
    latest_share: float
    change: float  # latest_share - before_share
    z: float


@dataclass
class TrendSection:
    latest: str | None  # YYYY-MM
    before: str | None
    latest_ads: int
    before_ads: int
    rising: list[TrendRow]
    falling: list[TrendRow]
    rule: str
    note: str


@dataclass
class Series:
    skill: str
    label: str
    shares: list[float]  # one per month in Monthly.months


@dataclass
class Monthly:
    months: list[str]  # the months plotted: those with at least `min_ads` ads
    totals: list[int]  # ads per month plotted
    series: list[Series]  # the top skills, over the months plotted
    min_ads: int = 0  # a month with fewer ads is not plotted (its shares are noise)
    left_out: dict[str, int] = field(default_factory=dict)  # month -> ads, not plotted


@dataclass
class PairRow:
    a: str
    b: str
    a_label: str
    b_label: str
    ads: int
    share: float
    lift: float


@dataclass
class SourceRow:
    source: str
    source_type: str
    postings: int
    ads: int
    attribution: str | None
    first: str | None
    last: str | None


@dataclass
class Headline:
    ads: int  # distinct ads (duplicate groups)
    postings: int
    duplicates: int  # postings folded into another ad
    ads_with_skills: int
    skills_seen: int
    sources: list[str]
    period_start: str | None
    period_end: str | None


@dataclass
class Report:
    title: str
    generated_at: str  # ISO 8601, UTC
    filters: dict[str, str]
    headline: Headline
    skills: list[SkillRow]  # the top skills, most asked first
    categories: list[CategoryRow]  # in roadmap order
    trends: TrendSection
    monthly: Monthly
    pairs: list[PairRow]
    sources: list[SourceRow]
    method: list[str]
    taxonomy_fingerprint: str = ""
    schema_version: int = SCHEMA_VERSION
    scope: list[str] = field(default_factory=list)  # the filters, as phrases ("marked remote")
    message: str = ""  # why there are no figures, when there are none (no ads)
    pair_rule: str = ""  # which pairs "Skills that go together" lists, in words

    def as_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready plain values (the JSON twin of the HTML)."""
        return asdict(self)
