"""Gap pages for the config's checklists, as one pipeline stage (one page per checklist)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from taxonomy import Taxonomy


@dataclass
class GapPages:
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "checklist: what went wrong"


def gap_page_path(checklist: Path, out_dir: Path) -> Path:
    """`gap-<checklist stem>.html` beside the report."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", checklist.stem).strip("-") or "checklist"
    return out_dir / f"gap-{stem}.html"


def write_gap_pages(
    checklists: list[Path],
    postings: pd.DataFrame,
    mentions: pd.DataFrame,
    taxonomy: Taxonomy,
    out_dir: Path,
    extractor: Any = None,
) -> GapPages:
    """Hold each checklist against the frames and write its page; one bad checklist is
    reported and skipped, the others are still written."""
    from analyzer.checklist.mapping import ChecklistMapper
    from analyzer.checklist.model import ChecklistError
    from analyzer.checklist.read import load_checklist
    from analyzer.gap import GapError, build_gap
    from reports.gap_page import write_gap_html

    pages = GapPages()
    if not checklists:
        return pages
    mapper: ChecklistMapper | None = None
    for path in checklists:
        try:
            checklist = load_checklist(path)
            mapper = mapper or ChecklistMapper(taxonomy=taxonomy, extractor=extractor)
            report = build_gap(mapper.map_checklist(checklist), postings, mentions, taxonomy)
            pages.written.append(write_gap_html(report, gap_page_path(path, out_dir)))
        except (ChecklistError, GapError) as exc:
            pages.problems.append(f"{path}: {exc}")
        except OSError as exc:
            pages.problems.append(f"{path}: cannot write its gap page: {exc.strerror or exc}")
    return pages
