"""Store commands: `skillgap extract` and `skillgap export`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from skillgap.cli.common import (
    ConfigOpt,
    DbOpt,
    SinceOpt,
    TaxonomyOpt,
    WorkersOpt,
    err,
    fail,
    load,
    out,
    refused,
    since_option,
    styled,
)

if TYPE_CHECKING:
    from skillgap.store import Store


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)
    app.command("export")(export_cmd)


class Kind(StrEnum):
    postings = "postings"
    mentions = "mentions"


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _open_store(config: Path | None, db: str | None) -> Store:
    """The existing store named by --db, else $SKILLGAP_DB, else the config's."""
    from skillgap.store import Store

    return Store.open(load(config, db).db_url, create=False)


def extract_cmd(
    workers: WorkersOpt = 0,
    taxonomy: TaxonomyOpt = None,
    dedupe: Annotated[
        bool, typer.Option("--dedupe/--no-dedupe", help="Regroup duplicate ads afterwards.")
    ] = True,
    full_dedupe: Annotated[
        bool,
        typer.Option("--full-dedupe", help="Compare every ad again, not only new/changed ones."),
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Tag stored postings that are new, changed, or were tagged with another taxonomy.

    Each tagged posting's mentions are replaced in one transaction; postings already tagged
    with this taxonomy, these cue words and this section model are left alone. Levels,
    years of experience and pay are read for every posting that lacks them (stored before,
    or changed since). Then duplicate ads are regrouped (exact text fingerprints plus
    near-duplicates) so demand counts each ad once. It takes the store's run lock, as `run`
    and `crawl` do (exit 75 while another holds it), and is recorded as a run; Ctrl-C or
    SIGTERM stop it cleanly.

    Example: skillgap extract --workers 2
    """
    from skillgap.cli.progress import progress_bar
    from skillgap.run.extract import extract_run
    from skillgap.run.locking import RunLocked
    from skillgap.run.signals import guarded

    fingerprint = _fingerprint(taxonomy)
    with _open_store(config, db) as store, guarded():  # SIGTERM stops it like Ctrl-C
        if store.upgraded_from:
            err.print(f"store upgraded from schema {store.upgraded_from} to the current one")
        pending = store.count_pending_extraction(fingerprint)
        with progress_bar("tagging", err, total=pending) as advance:

            def on_progress(n: int) -> None:
                for _ in range(n):
                    advance()

            try:
                stats = extract_run(store, taxonomy, workers, on_progress, dedupe, full_dedupe)
            except RunLocked as exc:
                raise refused(exc) from None
        groups = stats.duplicates
        totals = store.stats()
    table = Table("extract", "postings")
    table.add_row("extraction version", stats.taxonomy)
    for reason in ("new", "changed", "retagged"):
        table.add_row(f"pending: {reason}", str(stats.reasons.get(reason, 0)))
    table.add_row("tagged now", str(stats.extracted))
    table.add_row("mentions stored", str(stats.mentions))
    table.add_row("levels, years, pay read", str(stats.meta))
    table.add_row("tagged in store", f"{totals.extracted} of {totals.postings}")
    if groups is not None:
        kinds = f"{groups['exact_groups']} exact, {groups['near_groups']} near"
        table.add_row(
            "duplicate groups",
            f"{groups['groups']} ({kinds}), {groups['grouped_postings']} postings in them",
        )
    out.print(table)
    out.print(
        f"{stats.extracted} posting(s) tagged in {stats.seconds:.1f} s "
        f"with {stats.workers} worker(s)"
    )
    if stats.failed:
        for pid, why in list(stats.failed.items())[:20]:
            err.print(styled(("skipped", "yellow"), f" posting {pid}: {why}"), highlight=False)
        raise fail(f"{len(stats.failed)} posting(s) could not be tagged; they stay pending")


def _fingerprint(taxonomy: Path | None) -> str:
    from analyzer.fingerprint import extraction_fingerprint

    return extraction_fingerprint(taxonomy)


def export_cmd(
    kind: Annotated[Kind, typer.Argument(help="What to export: postings or mentions.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output file (default: stdout; parquet needs one)."),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source (repeatable).")
    ] = None,
    since: SinceOpt = None,
    open_only: Annotated[
        bool, typer.Option("--open-only", help="Leave out postings marked closed.")
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Export the store's postings or skill mentions as JSON Lines, CSV or Parquet.

    A posting row carries source, external_id, url, title, company, text and the other
    stored columns (dup_group: equal for duplicate ads). A mention row carries posting_id,
    source, external_id, skill, section, start, end, text. Rows are streamed, so big
    stores export in little memory.

    Example: skillgap export postings --format csv -o postings.csv
    """
    from skillgap.store.export import export
    from skillgap.store.queries import posting_filters

    if fmt is Format.parquet and output is None:
        raise fail("parquet is binary: give an output file with -o FILE")
    where = posting_filters(since=since_option(since), sources=source, include_closed=not open_only)
    with _open_store(config, db) as store:
        try:
            n = export(store, kind.value, fmt.value, output or sys.stdout, where)
        except BrokenPipeError:  # `| head` closed the pipe: not an error
            return
    if output is not None:
        err.print(f"exported {n} {kind.value} to {output}")
