"""`skillgap report`: the skills-demand report from what the store holds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from skillgap.cli.common import (
    ConfigOpt,
    DbOpt,
    Level,
    SinceOpt,
    SourcesOpt,
    TaxonomyOpt,
    load,
    out,
    since_option,
    warn,
)


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)


def report_cmd(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="HTML file to write (default: \\[report] output)."),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the report's figures as JSON.")
    ] = None,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Also write the main tables as CSV files here.")
    ] = None,
    since: SinceOpt = None,
    source: SourcesOpt = None,
    remote: Annotated[
        bool | None,
        typer.Option("--remote/--no-remote", help="Only remote ads / only non-remote ads."),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(help="Only ads whose title contains any of these words, e.g. 'backend api'."),
    ] = None,
    level: Annotated[
        Level | None,
        typer.Option("--level", help="Only ads hiring for this level (the whole report)."),
    ] = None,
    top: Annotated[int, typer.Option(help="How many top skills to show.", min=1)] = 25,
    min_month_ads: Annotated[
        int,
        typer.Option(
            "--min-month-ads",
            help="Plot a month in the monthly chart only with at least this many ads.",
            min=1,
        ),
    ] = 30,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Write the skills-demand report: one self-contained HTML page (+ JSON, CSV).

    Sections: headline, top skills with 95% intervals, by category, required vs nice to
    have, rising and falling, skills that go together, by level (entry-level vs senior ads),
    what pays, example postings, evidence (the sentences behind the figures), method.

    Example: skillgap report -o report.html --json report.json --since 90d --level junior
    """
    from analyzer.aggregate import Filters
    from reports.build import ReportOptions
    from skillgap.run.report import make_report

    cfg = load(config, db)
    filters = Filters(
        since=since_option(since),
        sources=tuple(source or ()),
        remote=remote,
        title_words=tuple(w for w in re.split(r"[\s,]+", title or "") if w),
        level=level.value if level else None,
    )
    files = make_report(
        cfg.db_url,
        output or cfg.report_path,
        filters,
        json_path=json_path,
        csv_dir=csv_dir,
        taxonomy_path=taxonomy,
        options=ReportOptions(top_skills=top, min_month_ads=min_month_ads),
    )
    h = files.report.headline
    if h.ads == 0:
        what = "matching these filters" if filters.describe() else "in the store"
        warn(f"no ads {what}; the report is empty")
    if files.untagged:
        warn(
            f"{files.untagged:,} posting(s) in the store are not tagged with the current "
            "taxonomy and section model yet; run `skillgap extract` for complete figures"
        )
    period = f", {h.period_start} to {h.period_end}" if h.period_start else ""
    out.print(
        f"wrote {files.html}: {h.ads:,} ads ({h.postings:,} postings) from "
        f"{len(h.sources)} source(s){period}; {h.skills_seen} skills named",
        highlight=False,
        soft_wrap=True,
    )
    if files.json:
        out.print(f"wrote {files.json}", highlight=False, soft_wrap=True)
    if files.csv:
        out.print(
            f"wrote {len(files.csv)} CSV files to {files.csv[0].parent}",
            highlight=False,
            soft_wrap=True,
        )
