"""Read the store's frames for a report and write its files (the CLI's one call)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analyzer.aggregate import Filters
from analyzer.counts import MarketCounts
from analyzer.evidence import candidate_depth
from analyzer.fingerprint import extraction_fingerprint
from reports.build import ReportOptions, report_from_counts
from reports.export import write_csv, write_html, write_json
from reports.model import Report
from reports.render import render_report
from skillgap.errors import SkillgapError
from skillgap.run.evidence import StoreEvidence
from skillgap.store import Store
from taxonomy import Taxonomy, load_taxonomy


class ReportError(SkillgapError):
    """The report could not be made; the message says why."""


@dataclass
class ReportFiles:
    report: Report
    html: Path
    json: Path | None = None
    csv: list[Path] = field(default_factory=list)
    untagged: int = 0  # postings not (re)tagged with this taxonomy and section model yet


def count_report(
    db_url: str, filters: Filters, taxonomy: Taxonomy, options: ReportOptions | None = None
) -> tuple[MarketCounts, int]:
    """The counts of the ads the filters select, made by the database, and how many
    postings (of the whole store) still wait for tagging with this taxonomy."""
    opts = options or ReportOptions()
    skill_cat = taxonomy.skill_categories()
    with Store.open(db_url, create=False) as store:
        untagged = store.count_pending_extraction(extraction_fingerprint(taxonomy))
        counts = store.market_counts(
            skill_cat, since=filters.since, sources=list(filters.sources) or None,
            remote=filters.remote, title_words=list(filters.title_words) or None,
            level=filters.level, examples=opts.examples_per_skill,
            candidates=candidate_depth(opts.evidence_per_skill),
        )  # fmt: skip
    return counts, untagged


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
    counts, untagged = count_report(db_url, filters, taxonomy, options)
    report = report_from_counts(counts, taxonomy, filters, options, evidence=StoreEvidence(db_url))
    try:
        files = ReportFiles(report, write_html(render_report(report), html), untagged=untagged)
        if json_path is not None:
            files.json = write_json(report, json_path)
        if csv_dir is not None:
            files.csv = write_csv(report, csv_dir)
    except OSError as exc:
        raise ReportError(f"cannot write {exc.filename or 'the report'}: {exc.strerror}") from exc
    return files
