"""`skillgap sources`: the configured sources, their postings and last crawl, and the
boards found gone (`--check` asks them again)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from crawler.items import BOARD_KEYS
from crawler.sources import Source
from skillgap.cli.common import ConfigOpt, DbOpt, fail, load, out, plain, refused, warn
from skillgap.config import Config, with_preset


def register(app: typer.Typer) -> None:
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


def sources_cmd(
    check: Annotated[
        bool, typer.Option("--check", help="Ask each board found gone again; forget those back.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    preset: Annotated[
        list[str] | None, typer.Option("--preset", "-p", help="Add a preset's sources.")
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """List the configured job sources, with open postings, the last crawl's figures and the
    boards found gone (404), which crawls skip until `--check` finds them answering again.

    Example: skillgap sources --check
    """
    cfg = load(config, db)
    for name in preset or []:
        cfg = with_preset(cfg, name)
    if not cfg.sources:
        raise fail(f"{cfg.path}: no [[sources]] configured")
    if db is not None:  # a store named with --db or $SKILLGAP_DB must be there
        from skillgap.store import Store

        Store.open(cfg.db_url, create=False).close()
    if check:
        _check(cfg, as_json)
        return
    counts, last, gone = _store_summary(cfg)
    if as_json:
        rows = [{"name": s.name, "type": s.type, "options": s.options,
                 "open_postings": counts.get(s.name, 0), "last_crawl": last.get(s.name),
                 "gone_boards": gone.get(s.name, [])}
                for s in cfg.sources]  # fmt: skip
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table("name", "type", "crawls", "open postings", "last crawl", title=plain(cfg.path))
    for src in cfg.sources:
        table.add_row(plain(src.name), plain(src.type), plain(describe_source(src)),
                      str(counts.get(src.name, "-")), _last_line(last.get(src.name)))  # fmt: skip
    out.print(table)
    for name, boards in gone.items():
        out.print(f"gone  {name}: {', '.join(boards)} (skipped; `skillgap sources --check`)",
                  highlight=False)  # fmt: skip


def _check(cfg: Config, as_json: bool) -> None:
    """Check the gone boards and print what each answered."""
    from skillgap.run.boards_check import check_gone_boards
    from skillgap.store import Store, store_exists

    if not store_exists(cfg.db_url):
        checks = []
    else:
        from skillgap.run.locking import RunLocked, holding

        with Store.open(cfg.db_url, create=False) as store:
            try:
                with holding(store, "skillgap sources --check"):  # writes gone boards
                    checks = check_gone_boards(cfg, store)
            except RunLocked as exc:
                raise refused(exc) from None
    if as_json:
        out.print_json(json.dumps([c.__dict__ for c in checks]))
        return
    if not checks:
        out.print("no boards are gone: nothing to check")
        return
    table = Table("source", "board", "answer", "now", title="boards found gone, asked again")
    for c in checks:
        answer = f"HTTP {c.status}" if c.status is not None else c.detail
        now = {"back": "back: crawled again", "gone": "still gone: skipped",
               "unknown": f"unknown ({c.detail}): still skipped"}[c.outcome]  # fmt: skip
        table.add_row(plain(c.source), plain(c.board), plain(answer), plain(now))
    out.print(table)
    back = sum(c.outcome == "back" for c in checks)
    out.print(f"{back} of {len(checks)} gone boards answer again", highlight=False)


def _last_line(last: dict[str, Any] | None) -> str:
    if not last:
        return "never"
    return (f"{last['started_at'][:16]} {last['status']}: {last.get('new', 0)} new, "
            f"{last.get('errors', 0)} errors")  # fmt: skip


def _store_summary(
    cfg: Config,
) -> tuple[dict[str, int], dict[str, Any], dict[str, list[str]]]:
    """Open postings, the last crawl and the gone boards per source; empty while the default
    store is not there yet (before the first crawl)."""
    from skillgap.errors import SkillgapError
    from skillgap.store import Store, store_exists

    if not store_exists(cfg.db_url):
        return {}, {}, {}
    try:
        with Store.open(cfg.db_url, create=False) as store:
            postings = store.postings_frame(include_closed=False)
            runs = store.runs_frame()
            gone: dict[str, list[str]] = {}
            for g in store.gone_boards([s.name for s in cfg.sources]):
                gone.setdefault(g.source, []).append(g.board)
    except SkillgapError as exc:
        warn(f"store not readable: {exc}")
        return {}, {}, {}
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
    return {str(k): int(v) for k, v in counts.items()}, last, gone
