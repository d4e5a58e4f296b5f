"""A learner's checklist held against the store's demand: the frames it reads, one gap,
and the gap pages a pipeline run writes for the config's checklists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.counts import MarketCounts
from analyzer.evidence import EvidenceSource
from skillgap.errors import SkillgapError
from skillgap.run.evidence import StoreEvidence
from skillgap.store import Store, safe_url
from taxonomy import Taxonomy

if TYPE_CHECKING:
    from analyzer.checklist.mapping import ChecklistMapper
    from analyzer.checklist.model import Checklist
    from analyzer.gap import GapReport

EVIDENCE_PER_SKILL = 3  # sentences per skill to learn next


class NoDemand(SkillgapError):
    """The store holds no postings (of the level asked) to compare a checklist with."""

    def __init__(self, url: str, level: str | None = None) -> None:
        if level:
            super().__init__(
                f"the store at {safe_url(url)} has no {level} ads to compare your checklist "
                "with; leave out --level, or run `skillgap extract` if the store was "
                "written by an older skillgap"
            )
            return
        super().__init__(
            f"the store at {safe_url(url)} has no postings to compare your checklist with; "
            "run `skillgap crawl` first (or `skillgap demo` and use --db "
            "skillgap-demo/store.sqlite for sample data)"
        )


@dataclass(frozen=True)
class DemandFrames:
    """The counts of the ads a gap is held against (analyzer.counts, made by the store)."""

    counts: MarketCounts
    level: str | None = None  # only ads of this level
    evidence: EvidenceSource | None = None  # where the sentences behind a skill are read

    @property
    def has_mentions(self) -> bool:
        return self.counts.ads_with_skills > 0


def read_demand(
    store: Store, since: datetime | None = None, sources: list[str] | None = None,
    level: str | None = None, taxonomy: Taxonomy | None = None,
) -> DemandFrames:  # fmt: skip
    """The counts a gap is held against (of ads hiring for `level` only, when given),
    made by the database; NoDemand when there are no postings."""
    from analyzer.evidence import candidate_depth
    from taxonomy import load_taxonomy

    tax = taxonomy or load_taxonomy()
    skill_cat = tax.skill_categories()
    counts = store.market_counts(
        skill_cat,
        since=since,
        sources=sources,
        level=level,
        examples=0,
        candidates=candidate_depth(EVIDENCE_PER_SKILL),
    )
    if counts.postings == 0:
        raise NoDemand(store.url, level)
    return DemandFrames(counts, level, StoreEvidence(store.url))


def hold_against(
    checklist: Checklist, demand: DemandFrames, taxonomy: Taxonomy, mapper: ChecklistMapper,
    limit: int = 10,
) -> GapReport:  # fmt: skip
    """Map the checklist's items onto skills and build its gap against the demand."""
    from analyzer.gap import gap_from_counts

    mapped = mapper.map_checklist(checklist)
    return gap_from_counts(mapped, demand.counts, taxonomy, limit=limit, level=demand.level)


def gap_evidence(report: GapReport, demand: DemandFrames, taxonomy: Taxonomy) -> list[Any]:
    """The sentences behind each skill to learn next (reports.model.EvidenceSkill)."""
    from reports.market import evidence_section

    skills = [s.skill for s in report.learn_next]
    if demand.evidence is None or not skills:
        return []
    labels = {sid: s.label for sid, s in taxonomy.skills.items()}
    return evidence_section(demand.counts.sample, skills, demand.evidence,
                            lambda s: labels.get(s, s), EVIDENCE_PER_SKILL)  # fmt: skip


@dataclass
class GapPages:
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "checklist: what went wrong"


def gap_page_path(checklist: Path, out_dir: Path) -> Path:
    """`gap-<checklist stem>.html` beside the report."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", checklist.stem).strip("-") or "checklist"
    return out_dir / f"gap-{stem}.html"


def write_gap_pages(
    checklists: list[Path], demand: DemandFrames, taxonomy: Taxonomy, out_dir: Path,
    extractor: Any = None, sample: bool = False,
) -> GapPages:  # fmt: skip
    """Hold each checklist against the demand and write its page; one bad checklist is
    reported and skipped, the others are still written. `sample`: invented ads (demo)."""
    from analyzer.checklist.mapping import ChecklistMapper
    from analyzer.checklist.model import ChecklistError
    from analyzer.checklist.read import load_checklist
    from analyzer.gap import GapError
    from reports.gap_page import write_gap_html

    pages = GapPages()
    mapper: ChecklistMapper | None = None
    for path in checklists:
        try:
            checklist = load_checklist(path)
            mapper = mapper or ChecklistMapper(taxonomy=taxonomy, extractor=extractor)
            report = hold_against(checklist, demand, taxonomy, mapper)
            evidence = gap_evidence(report, demand, taxonomy)
            pages.written.append(
                write_gap_html(
                    report, gap_page_path(path, out_dir), evidence=evidence, sample=sample
                )
            )
        except (ChecklistError, GapError) as exc:
            pages.problems.append(f"{path}: {exc}")
        except OSError as exc:
            pages.problems.append(f"{path}: cannot write its gap page: {exc.strerror or exc}")
    return pages
