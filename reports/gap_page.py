"""The learner's gap as one self-contained HTML page, in the report's look (base.html)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analyzer.gap import GapReport
from reports.model import EvidenceSkill
from reports.output import write_text
from reports.render import render_page


def render_gap(
    report: GapReport, evidence: Sequence[EvidenceSkill] = (), sample: bool = False
) -> str:
    """The gap page: coverage, learn next (each reason linked to what ads say), most
    asked for, over-invested, unmapped, and the sentences behind the skills to learn;
    `sample`: the ads are invented (`skillgap demo`), the page says so and links none."""
    name = report.title or report.checklist
    return render_page(
        "gap.html", gap=report, title=f"Your gap: {name}", evidence=evidence, sample=sample
    )


def write_gap_html(
    report: GapReport, path: str | Path, evidence: Sequence[EvidenceSkill] = (),
    sample: bool = False,
) -> Path:  # fmt: skip
    """Write the page through the one output writer (reports.output): atomic, never
    through a link, a device written as a stream."""
    return write_text(path, render_gap(report, evidence, sample))
