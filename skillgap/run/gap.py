"""A learner's checklist held against the store's demand: the frames it reads, one gap,
and the gap pages a pipeline run writes for the config's checklists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analyzer.evidence import EvidenceSource
from skillgap.errors import SkillgapError
from skillgap.run.evidence import StoreEvidence
from skillgap.store import Store, safe_url
from taxonomy import Taxonomy

if TYPE_CHECKING:
    from analyzer.checklist.mapping import ChecklistMapper
    from analyzer.checklist.model import Checklist
    from analyzer.gap import GapReport

GAP_MENTION_COLUMNS = ("posting_id", "skill", "section")  # all a gap reads of a mention


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
    postings: pd.DataFrame
    mentions: pd.DataFrame
    level: str | None = None  # only ads of this level
    evidence: EvidenceSource | None = None  # where the sentences behind a skill are read


def read_demand(
    store: Store, since: datetime | None = None, sources: list[str] | None = None,
    level: str | None = None,
) -> DemandFrames:  # fmt: skip
    """The postings and mentions a gap is held against (of ads hiring for `level` only,
    when given); NoDemand when there are none."""
    postings = store.postings_frame(since=since, sources=sources, level=level)
    if postings.empty:
        raise NoDemand(store.url, level)
    mentions = store.mentions_frame(
        since=since, sources=sources, columns=GAP_MENTION_COLUMNS, level=level
    )
    return DemandFrames(postings, mentions, level, StoreEvidence(store.url))


def hold_against(
    checklist: Checklist, demand: DemandFrames, taxonomy: Taxonomy, mapper: ChecklistMapper,
    limit: int = 10,
) -> GapReport:  # fmt: skip
    """Map the checklist's items onto skills and build its gap against the demand."""
    from analyzer.gap import build_gap

    mapped = mapper.map_checklist(checklist)
    return build_gap(
        mapped, demand.postings, demand.mentions, taxonomy, limit=limit, level=demand.level
    )


def gap_evidence(report: GapReport, demand: DemandFrames, taxonomy: Taxonomy) -> list[Any]:
    """The sentences behind each skill to learn next (reports.model.EvidenceSkill)."""
    from analyzer.aggregate import build_ads
    from reports.market import evidence_section

    skills = [s.skill for s in report.learn_next]
    if demand.evidence is None or not skills:
        return []
    ads = build_ads(demand.postings, demand.mentions)
    labels = {sid: s.label for sid, s in taxonomy.skills.items()}
    return evidence_section(ads, skills, demand.evidence, lambda s: labels.get(s, s))


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
