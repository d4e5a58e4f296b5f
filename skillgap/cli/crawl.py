"""`skillgap crawl` and `skillgap sources`: the crawler's commands."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from crawler.items import BOARD_KEYS
from crawler.sources import Source
from skillgap.cli.common import ConfigOpt, DbOpt, err, exit_for, fail, load, out, warn
from skillgap.config import Config, default_data_dir


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_cmd)
    app.command("sources")(sources_cmd)


def describe_source(src: Source) -> str:
    """Where a source crawls, in a few words."""
    keys = BOARD_KEYS
    if src.type in keys:
        items = src.get(keys[src.type]) or []
        where = f"{len(items)} {keys[src.type]}: " + ", ".join(map(str, items[:4]))
        return where + (", ..." if len(items) > 4 else "")
    if src.type == "hackernews":
        return f"last {src.get('months', 3)} 'Who is hiring?' threads"
    if src.type in ("rss", "jsonld"):
        urls, maps = src.get("urls") or [], src.get("sitemaps") or []
        return f"{len(urls)} url(s)" + (f", {len(maps)} sitemap(s)" if maps else "")
    return str(src.get("base_url") or "")


@contextmanager
def _progress(names: list[str]) -> Iterator[Any]:
    """A live per-source display on a terminal; the callback does nothing when piped."""
    if not err.is_terminal:
        yield None
        return
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description:<16}"),
               TextColumn("{task.fields[line]}"), TimeElapsedColumn()]  # fmt: skip
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
        table.add_row(name, source_status(f), *map(str, counts), str(dropped), str(f["errors"]))
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
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Crawl the configured job sources into the store, politely and incrementally.

    New postings are inserted, changed ones updated, vanished ones marked closed (only when
    the source was crawled without errors). One failing source never stops the others.
    Each crawl is recorded as a run with per-source figures. Exit code: 0 ok, 3 partial
    (some sources had errors), 1 failed, 130 interrupted (Ctrl-C stops cleanly).

    Example: skillgap crawl --source greenhouse --source hackernews
    """
    from skillgap.run.crawl import crawl, select_sources

    cfg = load(config, db)
    names = select_sources(cfg, source)
    overrides: dict[str, Any] = {"LOG_LEVEL": "INFO"}
    log_file = None
    if not verbose:
        log_file = default_data_dir() / "logs" / f"crawl-{time.strftime('%Y%m%d-%H%M%S')}.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        overrides["LOG_FILE"] = str(log_file)
    with _progress(names) as on_event:
        result = crawl(cfg, names, on_event=on_event, overrides=overrides, extract=extract)
    if as_json:
        ex = result.extracted.as_dict() if result.extracted else None
        payload = {
            "run_id": result.run_id,
            "status": result.status,
            "figures": result.figures,
            "errors": result.errors,
            "seconds": round(result.elapsed, 2),
            "extracted": ex,
        }
        out.print_json(json.dumps(payload, default=str))
    else:
        out.print(_figures_table(result))
        for line in _dropped_lines(result):
            out.print(f"dropped  {line}", highlight=False)
        for name, messages in result.errors.items():
            for message in messages[:5]:
                err.print(f"[yellow]{name}:[/] {message}", highlight=False)
        for note in result.notes:
            err.print(f"note: {note}", highlight=False)
        if log_file is not None and result.status != "ok":
            err.print(f"details in the log: {log_file}", highlight=False)
        ex = result.extracted
        if ex is not None:
            out.print(f"tagged {ex.extracted} new or changed postings ({ex.mentions} skill "
                      f"mentions) in {ex.seconds:.1f}s", highlight=False)  # fmt: skip
        out.print(f"{result.postings} postings stored in {result.elapsed:.1f}s", highlight=False)
    exit_for(result.status)


def sources_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """List the configured job sources, with open postings and the last crawl's figures.

    Example: skillgap sources --config my.toml
    """
    cfg = load(config, db)
    if not cfg.sources:
        raise fail(f"{cfg.path}: no [[sources]] configured")
    counts, last = _store_summary(cfg)
    if as_json:
        rows = [{"name": s.name, "type": s.type, "options": s.options,
                 "open_postings": counts.get(s.name, 0), "last_crawl": last.get(s.name)}
                for s in cfg.sources]  # fmt: skip
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table("name", "type", "crawls", "open postings", "last crawl", title=str(cfg.path))
    for src in cfg.sources:
        table.add_row(src.name, src.type, describe_source(src),
                      str(counts.get(src.name, "-")), _last_line(last.get(src.name)))  # fmt: skip
    out.print(table)


def _last_line(last: dict[str, Any] | None) -> str:
    if not last:
        return "never"
    return (f"{last['started_at'][:16]} {last['status']}: {last.get('new', 0)} new, "
            f"{last.get('errors', 0)} errors")  # fmt: skip


def _store_summary(cfg: Config) -> tuple[dict[str, int], dict[str, Any]]:
    """Open postings per source and the last crawl per source; empty when there is no store."""
    from skillgap.errors import SkillgapError
    from skillgap.store import Store, store_exists

    if not store_exists(cfg.db_url):
        return {}, {}
    try:
        with Store.open(cfg.db_url, create=False) as store:
            postings = store.postings_frame(include_closed=False)
            runs = store.runs_frame()
    except SkillgapError as exc:
        warn(f"store not readable: {exc}")
        return {}, {}
    counts = postings.groupby("source").size().to_dict() if len(postings) else {}
    last: dict[str, Any] = {}
    for _, run in runs.sort_values("id").iterrows():
        if run.get("kind") != "crawl":
            continue
        figures = run["figures"]
        figures = json.loads(figures) if isinstance(figures, str) else figures or {}
        for name, f in figures.items():
            last[name] = {
                "run": int(run["id"]),
                "started_at": str(run.get("started_at"))[:19],
                "status": run["status"],
                **f,
            }
    return {str(k): int(v) for k, v in counts.items()}, last
