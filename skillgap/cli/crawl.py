"""`skillgap crawl` and `skillgap sources`: the crawler's commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from skillgap.cli import interrupt
from skillgap.cli.common import ConfigOpt, DbOpt, err, exit_for, load, note, out, plain, refused
from skillgap.config import with_preset


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_cmd)


@contextmanager
def _progress(names: list[str]) -> Iterator[Any]:
    """A live per-source display on a terminal; the callback does nothing when piped."""
    if not err.is_terminal:
        yield None
        return
    # source names come from the config: shown as they are, never read as markup
    columns = [SpinnerColumn(), TextColumn("{task.description:<16}", style="bold", markup=False),
               TextColumn("{task.fields[line]}", markup=False), TimeElapsedColumn()]  # fmt: skip
    with Progress(
        *columns, console=err, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as progress:
        figures = {
            n: {"fetched": 0, "new": 0, "updated": 0, "dropped": 0, "errors": 0} for n in names
        }
        tasks = {n: progress.add_task(n, total=None, line="waiting") for n in names}

        def on_event(kind: str, source: str, data: dict[str, Any]) -> None:
            f = figures.get(source)
            if f is None:
                return
            if kind == "stored" and data.get("outcome") in f:
                f[data["outcome"]] += 1
            elif kind in ("fetched", "dropped"):
                f[kind] += 1
            elif kind == "error":
                f["errors"] += 1
            line = ", ".join(f"{v} {k}" for k, v in f.items() if v) or "started"
            progress.update(tasks[source], line=line)

        yield on_event


def _figures_table(result: Any) -> Table:
    from skillgap.run.crawl import source_status

    title = f"crawl run {result.run_id}: {result.status}"
    heads = ("source", "status", "fetched", "new", "updated", "same", "closed", "drop", "err")
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for i, head in enumerate(heads):
        table.add_column(head, no_wrap=True, justify="left" if i < 2 else "right")
    for name, f in result.figures.items():
        counts = [f[k] for k in ("fetched", "new", "updated", "unchanged", "closed")]
        dropped = sum(f["dropped"].values())
        table.add_row(plain(name), source_status(f), *map(str, counts), str(dropped),
                      str(f["errors"]))  # fmt: skip
    return table


def _dropped_lines(result: Any) -> list[str]:
    """`source: reason n, reason n` for each source that dropped something."""
    return [
        f"{name}: " + ", ".join(f"{k} {v}" for k, v in f["dropped"].items())
        for name, f in result.figures.items()
        if f["dropped"]
    ]


def crawl_cmd(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Crawl only this config source (repeatable)."),
    ] = None,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Tag new and changed postings after.")
    ] = True,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log to stderr instead of the log file.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run figures as JSON.")] = False,
    preset: Annotated[
        list[str] | None,
        typer.Option("--preset", "-p", help="Add a preset's sources, e.g. 'market' (repeatable)."),
    ] = None,
    distributed: Annotated[
        str | None,
        typer.Option(
            "--distributed",
            metavar="REDIS_URL",
            help="Share the crawl with every process started with this Redis URL "
            "(redis://HOST:6379/0): one request queue and duplicate filter for all.",
        ),
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Crawl the configured job sources into the store, politely and incrementally.

    New postings are inserted, changed ones updated, vanished ones marked closed (only when
    the source was crawled without errors). One failing source never stops the others.
    Each crawl is recorded as a run with per-source figures. Exit code: 0 ok, 3 partial
    (some sources had errors), 1 failed, 130 interrupted (Ctrl-C stops cleanly).

    It takes the store's run lock, as `skillgap run` and `extract` do (exit 75 while another
    holds it). Boards that answer 404 are reported gone and skipped by later crawls until
    `skillgap sources --check` finds them again.

    With --distributed, start the same command on several machines against one
    PostgreSQL store: they share the work; vanished postings are not closed then.

    Example: skillgap crawl --source greenhouse --source hackernews
    """
    from skillgap.run.crawl import crawl, select_sources
    from skillgap.run.locking import RunLocked
    from skillgap.run.signals import guarded

    cfg = load(config, db)
    for name in preset or []:
        cfg = with_preset(cfg, name)
    names = select_sources(cfg, source)
    overrides: dict[str, Any] = {"LOG_LEVEL": "INFO"}
    log_file = None
    if not verbose:
        from skillgap.run.logs import crawl_log_file, keep_logs_setting

        log_file = crawl_log_file(keep_logs_setting(cfg.raw.get("crawl") or {}))
        overrides["LOG_FILE"] = str(log_file)
    try:
        with guarded(), _progress(names) as on_event:  # SIGTERM stops it like Ctrl-C
            result = crawl(cfg, names, on_event=on_event, overrides=overrides, extract=extract,
                           distributed=distributed)  # fmt: skip
    except RunLocked as exc:
        raise refused(exc) from None
    if as_json:
        ex = result.extracted.as_dict() if result.extracted else None
        payload = {
            "run_id": result.run_id,
            "status": result.status,
            "figures": result.figures,
            "errors": result.errors,
            "seconds": round(result.elapsed, 2),
            "extracted": ex,
            "notes": result.notes,  # e.g. "no source could be reached: ..."
        }
        out.print_json(json.dumps(payload, default=str))
    elif result.status == "interrupted":  # Ctrl-C: one line, what was kept is in the store
        interrupt.report(f"interrupted: crawl run {result.run_id} stopped, {result.postings} "
                         "postings stored")  # fmt: skip
    elif result.offline:  # one line, not a table of failed sources
        note("error", result.notes[0], "bold red")
        if log_file is not None:
            err.print(f"details in the log: {log_file}", highlight=False)
    else:
        out.print(_figures_table(result))
        for line in _dropped_lines(result):
            out.print(f"dropped  {line}", highlight=False)
        for name, messages in result.errors.items():
            for message in messages[:5]:
                note(name, message)
        for remark in result.notes:
            err.print(f"note: {remark}", highlight=False)
        if log_file is not None and result.status != "ok":
            err.print(f"details in the log: {log_file}", highlight=False)
        ex = result.extracted
        if ex is not None:
            out.print(f"tagged {ex.extracted} new or changed postings ({ex.mentions} skill "
                      f"mentions) in {ex.seconds:.1f}s", highlight=False)  # fmt: skip
        out.print(f"{result.postings} postings stored in {result.elapsed:.1f}s", highlight=False)
    exit_for(result.status)
