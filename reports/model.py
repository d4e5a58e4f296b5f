"""The report model: plain dataclasses, computed first; HTML, JSON and CSV render from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 2  # 2: levels, pay and evidence


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
class LevelCount:
    level: str  # intern .. lead, "not stated", "not read yet"
    ads: int
    share: float  # of all ads (an ad hiring for several levels counts in each)


@dataclass
class LevelSkillRow:
    """A skill in entry-level ads (intern, junior) beside senior ads."""

    skill: str
    label: str
    entry_ads: int
    entry_share: float
    entry_low: float  # 95% Wilson interval
    entry_high: float
    senior_ads: int
    senior_share: float
    senior_low: float
    senior_high: float
    difference: float  # senior_share - entry_share
    z: float


@dataclass
class LevelSection:
    counts: list[LevelCount]
    entry_ads: int
    senior_ads: int
    top: list[LevelSkillRow]  # the skills most asked by either group
    more_entry: list[LevelSkillRow]  # asked more by entry-level ads, beyond noise
    more_senior: list[LevelSkillRow]
    rule: str
    note: str


@dataclass
class PayRow:
    """Median annual pay (main currency) of ads naming a skill, against the others."""

    skill: str
    label: str
    ads: int  # ads with pay naming the skill
    median: float
    low: float  # bootstrap 95% interval of the median
    high: float
    others_ads: int  # ads with pay not naming it
    others_median: float
    others_low: float
    others_high: float
    difference: float  # median - others_median
    diff_low: float  # bootstrap 95% interval of the difference
    diff_high: float


@dataclass
class PaySection:
    currency: str | None  # the main currency; None when no ad states pay
    ads_with_pay: int  # in any currency
    ads_in_currency: int
    other_currencies: dict[str, int]  # ads left out, per currency
    median: float | None  # all ads with pay in the main currency
    rows: list[PayRow]
    min_ads: int
    rule: str
    note: str


@dataclass
class EvidenceItem:
    """A sentence where an ad asks for a skill (all text fields are untrusted)."""

    before: str
    match: str  # the skill as the ad writes it
    after: str
    label: str  # required | preferred | other
    title: str
    company: str
    url: str | None
    source: str
    source_type: str
    attribution: str | None
    date: str | None


@dataclass
class EvidenceSkill:
    skill: str
    label: str
    items: list[EvidenceItem]


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
    levels: LevelSection | None = None
    pay: PaySection | None = None
    evidence: list[EvidenceSkill] = field(default_factory=list)
    taxonomy_fingerprint: str = ""
    schema_version: int = SCHEMA_VERSION
    scope: list[str] = field(default_factory=list)  # the filters, as phrases ("marked remote")
    message: str = ""  # why there are no figures, when there are none (no ads)
    pair_rule: str = ""  # which pairs "Skills that go together" lists, in words
    sample_data: bool = False  # the ads are invented sample data (`skillgap demo`)

    def as_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready plain values (the JSON twin of the HTML)."""
        return asdict(self)
