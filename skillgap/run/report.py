"""Read the store's frames for a report and write its files (the CLI's one call)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyzer.aggregate import Filters
from reports.build import ReportOptions, build_report
from reports.export import write_csv, write_html, write_json
from reports.model import Report
from reports.render import render_report
from skillgap.errors import SkillgapError
from skillgap.run.evidence import StoreEvidence
from skillgap.store import Store
from taxonomy import load_taxonomy


class ReportError(SkillgapError):
    """The report could not be made; the message says why."""


@dataclass
class ReportFiles:
    report: Report
    html: Path
    json: Path | None = None
    csv: list[Path] = field(default_factory=list)
    untagged: int = 0  # postings in the store not (re)tagged with this taxonomy yet


REPORT_MENTION_COLUMNS = ("posting_id", "skill", "section")  # all the report reads


def load_frames(
    db_url: str, filters: Filters, fingerprint: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The postings and mentions the filters select, and how many postings (of the whole
    store) still wait for tagging with this taxonomy."""
    since = filters.since
    sources = list(filters.sources) or None
    words = list(filters.title_words) or None
    with Store.open(db_url, create=False) as store:
        untagged = len(store.pending_extraction(fingerprint)) if fingerprint else 0
        postings = store.postings_frame(
            since=since, sources=sources, remote=filters.remote, title_words=words,
            level=filters.level,
        )  # fmt: skip
        mentions = store.mentions_frame(
            since=since,
            sources=sources,
            remote=filters.remote,
            title_words=words,
            columns=REPORT_MENTION_COLUMNS,
            level=filters.level,
        )
    return postings, mentions, untagged


def make_report(
    db_url: str,
    html: Path,
    filters: Filters,
    json_path: Path | None = None,
    csv_dir: Path | None = None,
    taxonomy_path: Path | None = None,
    options: ReportOptions | None = None,
) -> ReportFiles:
    """Store -> frames -> model -> HTML (+ JSON twin, + CSV tables)."""
    taxonomy = load_taxonomy(taxonomy_path)
    postings, mentions, untagged = load_frames(db_url, filters, taxonomy.fingerprint)
    report = build_report(
        postings, mentions, taxonomy, filters, options, evidence=StoreEvidence(db_url)
    )
    try:
        files = ReportFiles(report, write_html(render_report(report), html), untagged=untagged)
        if json_path is not None:
            files.json = write_json(report, json_path)
        if csv_dir is not None:
            files.csv = write_csv(report, csv_dir)
    except OSError as exc:
        raise ReportError(f"cannot write {exc.filename or 'the report'}: {exc.strerror}") from exc
    return files
