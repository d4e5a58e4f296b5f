"""`skillgap gap`: a learner's checklist held against the demand in the store."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from skillgap.cli import ConfigOpt, DbOpt, SinceOpt, SourcesOpt, TaxonomyOpt, app, err, fail, out

if TYPE_CHECKING:
    import pandas as pd

    from analyzer.checklist.model import Checklist

SAMPLE_CHECKLIST = Path(__file__).with_name("sample_checklist.md")  # for `skillgap demo`
NO_POSTINGS = (
    "the store at {url} has no postings to compare your checklist with; "
    "run `skillgap crawl` first (or `skillgap demo` for bundled sample data)"
)


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


def _since(value: str | None) -> datetime | None:
    """`90d`, `12w`, `6m`, `1y` or a date, the same as `skillgap report --since`."""
    from analyzer.aggregate import parse_since

    if not value:
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _frames(
    url: str, since: datetime | None, sources: list[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Postings and mentions from the store; a clear error when it is missing or empty."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from skillgap.store import Store, StoreError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise fail(f"--db {url!r} is not a database URL (e.g. sqlite:///skillgap.sqlite)") from None
    file_db = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if file_db and not Path(str(parsed.database)).exists():
        raise fail(NO_POSTINGS.format(url=parsed.database))
    safe = parsed.render_as_string(hide_password=True)
    try:
        with Store.open(url) as store:
            postings = store.postings_frame(since=since, sources=sources)
            mentions = store.mentions_frame(
                since=since, sources=sources, columns=("posting_id", "skill", "section")
            )
    except (StoreError, SQLAlchemyError) as exc:
        raise fail(f"cannot read the store {safe}: {exc}") from None
    if postings.empty:
        raise fail(NO_POSTINGS.format(url=safe))
    if mentions.empty:
        err.print(
            "[yellow]warning:[/] no skill mentions in the store yet; run `skillgap extract`",
            highlight=False,
        )
    return postings, mentions


@app.command("gap")
def gap_cmd(
    checklist: Annotated[
        str | None,
        typer.Argument(
            metavar="CHECKLIST",
            help="Your checklist: Markdown/text roadmap, or JSON/YAML {done, learning, todo, "
            "skipped}; - reads stdin; default: the first of the config's \\[report] checklists.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the gap as an HTML page.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the gap model as JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many skills to suggest.")] = 10,
    since: SinceOpt = None,
    source: SourcesOpt = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """How much of the market's demand your checklist covers, and what to learn next.

    Maps each checklist item onto skills and holds the list against the ads in the store.

    Shows coverage, what to learn next and why, over-invested topics and unmapped items.

    Example: skillgap gap my-roadmap.md -o gap.html
    """
    from analyzer.checklist.mapping import ChecklistMapper
    from analyzer.checklist.model import ChecklistError
    from analyzer.gap import GapError, build_gap
    from skillgap.config import ConfigError, load_config
    from taxonomy import TaxonomyError, load_taxonomy

    try:
        cfg = load_config(config, db)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if checklist is None:
        if not cfg.checklists:
            raise fail(
                "no CHECKLIST given and the config lists none ([report] checklists); "
                "try: skillgap gap skillgap/sample_checklist.md"
            )
        checklist = str(cfg.checklists[0])
    try:
        parsed = _read_checklist(checklist)
    except ChecklistError as exc:
        raise fail(str(exc)) from None
    try:
        tax = load_taxonomy(taxonomy)
    except TaxonomyError as exc:
        raise fail(str(exc)) from None
    postings, mentions = _frames(cfg.db_url, _since(since), source)
    mapped = ChecklistMapper(taxonomy=tax).map_checklist(parsed)
    try:
        report = build_gap(mapped, postings, mentions, tax, limit=limit)
    except GapError as exc:
        raise fail(str(exc)) from None
    if output is not None:
        from reports.gap_page import write_gap_html

        try:
            write_gap_html(report, output)
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
        err.print(f"wrote {output}", highlight=False)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        from skillgap.render_gap import print_gap

        print_gap(report, out)
