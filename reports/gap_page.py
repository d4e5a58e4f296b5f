"""The learner's gap as one self-contained HTML page, in the report's look (base.html)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from analyzer.gap import GapReport
from reports.model import EvidenceSkill
from reports.render import render_page


def render_gap(report: GapReport, evidence: Sequence[EvidenceSkill] = ()) -> str:
    """The gap page: coverage, learn next (each reason linked to what ads say), most
    asked for, over-invested, unmapped, and the sentences behind the skills to learn."""
    name = report.title or report.checklist
    return render_page("gap.html", gap=report, title=f"Your gap: {name}", evidence=evidence)


def write_gap_html(
    report: GapReport, path: str | Path, evidence: Sequence[EvidenceSkill] = ()
) -> Path:
    """Write the page atomically (a half-written file never replaces a good one)."""
    target = Path(path)
    html = render_gap(report, evidence)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gap-", suffix=".html", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
