"""`skillgap run`, `demo`, `schedule`, `runs` and `prune`: the pipeline's commands."""

from __future__ import annotations

import json
import logging
import signal
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from skillgap.cli import interrupt
from skillgap.cli.common import (
    EXIT_LOCKED,
    ConfigOpt,
    DbOpt,
    err,
    exit_for,
    fail,
    load,
    note,
    out,
    plain,
    refused,
    say,
    since_option,
)
from skillgap.config import Config
from skillgap.errors import SkillgapError


def register(app: typer.Typer) -> None:
    app.command("run")(run_cmd)
    app.command("demo")(demo_cmd)
    app.command("schedule")(schedule_cmd)
    app.command("runs")(runs_cmd)
    app.command("prune")(prune_cmd)


LogFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--log-file",
        help="Log file, rotated at 5 MB, 5 kept (default: "
        "\\[schedule] log_file or ~/.local/share/skillgap/logs/skillgap.log).",
    ),
]
KeepHtmlOpt = Annotated[
    str | None,
    typer.Option(
        "--keep-html",
        help="After the run, clear the raw HTML of postings not seen "
        "for this long (90d, 12w, 6m, 1y); postings and mentions stay.",
    ),
]
SourceOpt = Annotated[
    list[str] | None,
    typer.Option("--source", "-s", help="Crawl only this config source (repeatable)."),
]


def _section(cfg: Config) -> dict[str, Any]:
    """The config's [schedule] table (cron, jitter, keep_html, log_file, timezone)."""
    raw = cfg.raw.get("schedule") or {}
    if not isinstance(raw, dict):
        raise fail(f"{cfg.path}: [schedule] must be a table")
    return raw


def _keep(value: str | None) -> datetime | None:
    """The --keep-html cutoff: HTML of postings last seen before it is cleared."""
    return since_option(value, "--keep-html")


def _log_file(cfg: Config, option: Path | None) -> Path | None:
    configured = _section(cfg).get("log_file")
    return option or (Path(str(configured)).expanduser() if configured else None)


def _print_result(result: Any) -> None:
    from skillgap.run.crawl import source_status

    table = Table(
        "source",
        "status",
        "fetched",
        "new",
        "updated",
        "unchanged",
        "closed",
        "errors",
        title=f"run {result.run_id}: {result.status}",
    )
    for name, f in result.figures.items():
        table.add_row(
            plain(name),
            source_status(f),
            *(
                str(f.get(k, 0))
                for k in ("fetched", "new", "updated", "unchanged", "closed", "errors")
            ),
        )
    if result.figures:
        out.print(table)
    for problem in result.problems:
        note("problem", problem)
    if result.extracted:
        out.print(
            f"tagged {result.extracted} new or changed postings ({result.mentions} skill mentions)",
            highlight=False,
        )
    if result.report:
        out.print(f"report: {result.report} ({result.report_ads} ads)", highlight=False)
        if result.problems:
            err.print(
                "the report was still written, from everything the store holds", highlight=False
            )
    for page in result.gap_pages:
        out.print(f"gap page: {page}", highlight=False)
    if result.pruned is not None:
        out.print(f"retention: cleared the HTML of {result.pruned} old postings", highlight=False)
    out.print(f"run {result.run_id} {result.status} in {result.seconds:.1f}s", highlight=False)


def run_cmd(
    source: SourceOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Report HTML (default: \\[report] output)."),
    ] = None,
    checklist: Annotated[
        list[Path] | None,
        typer.Option(
            "--checklist",
            help="Also write a gap page for this checklist (repeatable; "
            "default: \\[report] checklists).",
        ),
    ] = None,
    keep_html: KeepHtmlOpt = None,
    log_file: LogFileOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Crawl, extract and report once (plus gap pages for configured checklists).

    Unreachable sources are named and the report is still written from what the store
    holds. A lock in the store refuses a second run while one is going. Ctrl-C or SIGTERM
    stops cleanly and records the run as interrupted. Exit code: 0 ok, 3 partial, 1 failed,
    130 interrupted, 75 another run holds the lock. For cron and systemd timers.

    Example: skillgap run --keep-html 90d -o ~/skillgap/report.html
    """
    from skillgap.run.locking import RunLocked
    from skillgap.run.logs import default_log_file, setup_logging, teardown_logging
    from skillgap.run.pipeline import PipelineOptions, run_pipeline

    cfg = load(config, db)
    keep = _keep(keep_html or _section(cfg).get("keep_html"))
    handlers = setup_logging(_log_file(cfg, log_file), terminal=False)
    try:
        options = PipelineOptions(
            sources=source, report_path=output, checklists=checklist, keep_html=keep
        )
        result = run_pipeline(cfg, options)
    except RunLocked as exc:
        note("refused", str(exc), "bold yellow")
        raise typer.Exit(EXIT_LOCKED) from None
    except SkillgapError:
        raise
    except Exception as exc:  # recorded as a failed run and logged with its traceback
        raise fail(
            f"the run failed unexpectedly: {type(exc).__name__}: {exc} "
            f"(details in {_log_file(cfg, log_file) or default_log_file()})"
        ) from None
    finally:
        teardown_logging(handlers)
    if as_json:
        out.print_json(json.dumps(result.as_dict(), default=str))
    elif result.status == "interrupted":  # Ctrl-C: one line
        interrupt.report(f"interrupted: run {result.run_id} stopped, recorded as interrupted")
    else:
        _print_result(result)
    exit_for(result.status)


def demo_cmd(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for report.html and the gap page.")
    ] = Path("skillgap-demo"),
    keep_store: Annotated[
        bool, typer.Option("--keep-store", hidden=True, help="(The store is always kept now.)")
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Fully offline demo: crawl bundled sample sources served on loopback, report, gap.

    Serves invented sample ads in each source's real format on 127.0.0.1, crawls them with
    the real spiders into OUTPUT/store.sqlite (made afresh each time), and writes
    report.html and a gap page for the bundled sample checklist, both marked as sample
    data. Ends with the commands that go on from that store. Your config and store are not
    touched (--config and --db are ignored here).

    Example: skillgap demo -o /tmp/skillgap-demo
    """
    from skillgap.run.demo import next_commands, run_demo

    quiet = logging.NullHandler()  # the demo's outcome is printed below, not logged
    logging.getLogger("skillgap").addHandler(quiet)
    try:
        demo = run_demo(output)
    finally:
        logging.getLogger("skillgap").removeHandler(quiet)
    if demo.result.status == "interrupted":  # Ctrl-C: one line, no half-made next steps
        interrupt.report()
        exit_for("interrupted")
    _print_result(demo.result)
    if demo.store.exists():
        say(f"\nsample store (invented ads): {demo.store}")
        say("next:\n" + "\n".join(f"  {line}" for line in next_commands(demo.store)))
    if demo.result.report:
        say(f"\nopen {demo.result.report} in a browser")
    exit_for(demo.result.status)


def schedule_cmd(
    cron: Annotated[
        str | None,
        typer.Option(
            "--cron",
            help="Crontab schedule, 5 fields (default: \\[schedule] cron or "
            "'0 6 * * *', every day at 06:00).",
        ),
    ] = None,
    jitter: Annotated[
        int | None,
        typer.Option(
            "--jitter", help="Start each run up to this many seconds late (default 300).", min=0
        ),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="Timezone of the cron fields (default UTC).")
    ] = None,
    now: Annotated[bool, typer.Option("--now", help="Also run once right away.")] = False,
    source: SourceOpt = None,
    keep_html: KeepHtmlOpt = None,
    log_file: LogFileOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Run crawl -> extract -> report on a schedule, in the foreground, until stopped.

    Coalesces missed slots, runs at most one at a time (a store lock also refuses overlap
    with `skillgap run` from anywhere), adds jitter. A failed run is logged, recorded and
    retried at the next slot. Logs go to a rotating file and the terminal. Ctrl-C or SIGTERM
    stops cleanly; a run in progress is recorded as interrupted.

    Example: skillgap schedule --cron "0 6 * * *" --keep-html 90d
    """
    from datetime import UTC
    from datetime import datetime as dt

    from skillgap.run.crawl import select_sources
    from skillgap.run.logs import default_log_file, setup_logging, teardown_logging
    from skillgap.run.pipeline import PipelineOptions, run_pipeline
    from skillgap.run.schedule import (
        DEFAULT_CRON,
        DEFAULT_JITTER,
        ScheduledJob,
        cron_trigger,
        next_runs,
        run_schedule,
    )
    from skillgap.run.signals import last_signal

    cfg = load(config, db)
    select_sources(cfg, source)
    section = _section(cfg)
    expr = cron or str(section.get("cron", DEFAULT_CRON))
    trigger = cron_trigger(expr, timezone or str(section.get("timezone", "UTC")))
    spread = jitter if jitter is not None else int(section.get("jitter", DEFAULT_JITTER))
    keep_text = keep_html or section.get("keep_html")
    _keep(keep_text)  # fail early on a bad value; the cutoff is recomputed at each run
    path = _log_file(cfg, log_file) or default_log_file()
    options = PipelineOptions(sources=source)

    def one_run() -> Any:
        options.keep_html = _keep(keep_text)
        return run_pipeline(cfg, options)

    handlers = setup_logging(path)
    try:
        upcoming = ", ".join(f"{t:%Y-%m-%d %H:%M %Z}" for t in next_runs(trigger, dt.now(UTC)))
        logging.getLogger("skillgap.run.schedule").info(
            "schedule %r (+ up to %ss jitter); next: %s; log file %s", expr, spread, upcoming, path
        )
        run_schedule(ScheduledJob(one_run), trigger, jitter=spread, run_now=now)
    finally:
        teardown_logging(handlers)
    # it runs until a signal stops it (logged as one line): SIGTERM, a service manager's
    # stop, is a clean end (0); Ctrl-C exits 130 like every command
    if last_signal() == signal.SIGINT:
        interrupt.mark()
        exit_for("interrupted")


def runs_cmd(
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show the last N runs.", min=1)] = 20,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only runs of this kind: run, crawl, ...")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the runs as JSON.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """List past runs, newest first: outcome, duration, per-source figures, errors.

    Kind "run" is a whole pipeline run (`skillgap run`, scheduled, demo); kind "crawl" is
    the crawl inside it or a `skillgap crawl`. Also shows who holds the run lock, if anyone.

    Example: skillgap runs -n 10 --kind run
    """
    from skillgap.cli.history_view import runs_table
    from skillgap.run.history import load_runs
    from skillgap.store import Store

    cfg = load(config, db)
    with Store.open(cfg.db_url, create=False) as store:
        history = load_runs(store, limit=limit, kind=kind)
    if as_json:
        out.print_json(json.dumps(history.as_dict(), default=str))
        return
    if not history.runs:
        out.print("no runs recorded yet; start one with `skillgap run`", highlight=False)
    else:
        out.print(runs_table(history.runs))
    if history.lock:
        stale = f" (stale: {history.lock['stale']})" if history.lock.get("stale") else ""
        out.print(
            f"lock held by pid {history.lock['pid']} on {history.lock['host']} since "
            f"{history.lock['acquired_at']:%Y-%m-%d %H:%M:%S}{stale}",
            highlight=False,
        )


def prune_cmd(
    keep_html: Annotated[
        str,
        typer.Option(
            "--keep-html",
            help="Keep raw HTML of postings seen within this span "
            "(90d, 12w, 6m, 1y or a date); older HTML is cleared.",
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would go.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Clear the raw HTML of postings not seen for a while; postings and mentions stay.

    Trends and reports need only the posting rows and their skill mentions, so they are
    unchanged; only `description_html` is emptied.

    Example: skillgap prune --keep-html 90d --dry-run
    """
    from skillgap.run.locking import RunLocked, holding
    from skillgap.store import Store
    from skillgap.store.retention import prune_html

    cfg = load(config, db)
    cutoff = _keep(keep_html)
    assert cutoff is not None
    with Store.open(cfg.db_url, create=False) as store:
        if dry_run:
            stats = prune_html(store, cutoff, dry_run=True)
        else:
            try:
                with holding(store, "skillgap prune"):  # writes: the run lock, as run does
                    stats = prune_html(store, cutoff)
            except RunLocked as exc:
                raise refused(exc) from None
    verb = "would clear" if dry_run else "cleared"
    out.print(
        f"{verb} the HTML of {stats.pruned} postings last seen before "
        f"{stats.cutoff:%Y-%m-%d} ({stats.bytes_freed / 1e6:.1f} MB)",
        highlight=False,
    )
