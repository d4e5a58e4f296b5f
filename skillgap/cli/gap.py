"""`skillgap gap`: a learner's checklist held against the demand in the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skillgap.cli.common import (
    ConfigOpt,
    DbOpt,
    Level,
    SinceOpt,
    SourcesOpt,
    TaxonomyOpt,
    err,
    fail,
    load,
    out,
    since_option,
    warn,
)

if TYPE_CHECKING:
    from analyzer.checklist.model import Checklist


def register(app: typer.Typer) -> None:
    app.command("gap")(gap_cmd)


def _read_checklist(source: str) -> Checklist:
    """Load a checklist from a path or stdin ("-"); ChecklistError when it is bad."""
    from analyzer.checklist.model import ChecklistError
    from analyzer.checklist.read import (
        MAX_BYTES,
        decode_text,
        detect_format,
        load_checklist,
        parse_checklist,
    )

    if source != "-":
        return load_checklist(source)
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ChecklistError(f"stdin holds more than {MAX_BYTES // 1_048_576} MB; not a checklist")
    warnings: list[str] = []
    text = decode_text(data, "stdin", warnings)
    checklist = parse_checklist(text, "stdin", detect_format(text) if text.strip() else None)
    checklist.warnings[:0] = warnings
    return checklist


def gap_cmd(
    checklist: Annotated[
        str | None,
        typer.Argument(
            metavar="CHECKLIST",
            help="Your checklist: Markdown/text roadmap, CSV/TSV skill,status, or JSON/YAML "
            "{done, learning, todo, skipped}; - reads stdin; default: the first of the "
            "config's \\[report] checklists.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the gap as an HTML page.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the gap model as JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many skills to suggest.")] = 10,
    since: SinceOpt = None,
    source: SourcesOpt = None,
    level: Annotated[
        Level | None,
        typer.Option("--level", help="Weigh demand by the ads of this level only."),
    ] = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """How much of the market's demand your checklist covers, and what to learn next.

    Maps each checklist item onto skills and holds the list against the ads in the store.

    Shows coverage, what to learn next and why, over-invested topics and unmapped items.

    With --level junior, demand comes from junior ads only. The HTML page links each
    learn-next reason to sentences where ads ask for the skill; --json carries them too.

    Example: skillgap gap my-roadmap.md --level junior -o gap.html
    """
    from analyzer.checklist.mapping import ChecklistMapper
    from skillgap.run.gap import gap_evidence, hold_against, read_demand
    from skillgap.store import Store
    from taxonomy import load_taxonomy

    cfg = load(config, db)
    if checklist is None:
        if not cfg.checklists:
            raise fail(
                "no CHECKLIST given and the config lists none ([report] checklists); "
                "try: skillgap gap skillgap/sample_checklist.md"
            )
        checklist = str(cfg.checklists[0])
    parsed = _read_checklist(checklist)
    tax = load_taxonomy(taxonomy)
    cutoff = since_option(since)
    with Store.open(cfg.db_url, create=False) as store:
        demand = read_demand(store, cutoff, source, level.value if level else None, tax)
    if not demand.has_mentions:
        warn("no skill mentions in the store yet; run `skillgap extract`")
    report = hold_against(parsed, demand, tax, ChecklistMapper(taxonomy=tax), limit=limit)
    evidence = gap_evidence(report, demand, tax) if output is not None or as_json else []
    if output is not None:
        from reports.gap_page import write_gap_html

        try:
            write_gap_html(report, output, evidence=evidence)
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
        err.print(f"wrote {output}", highlight=False)
    if as_json:
        from dataclasses import asdict

        model = {**report.as_dict(), "evidence": [asdict(e) for e in evidence]}
        sys.stdout.write(json.dumps(model, indent=2, ensure_ascii=False) + "\n")
    else:
        from skillgap.cli.gap_view import print_gap

        print_gap(report, out)
