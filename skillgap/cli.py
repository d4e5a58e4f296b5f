"""The `skillgap` command line: a thin layer, each command parses options and calls one function."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from skillgap import __version__

app = typer.Typer(
    name="skillgap",
    help="What the backend job market asks for, and what to learn next.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
taxonomy_app = typer.Typer(help="Inspect and validate the skill taxonomy.", no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy")

out = Console()
err = Console(stderr=True)

# Options every command takes (the config contract in DESIGN.md).
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config TOML file (default: $SKILLGAP_CONFIG or built-in).",
                 envvar="SKILLGAP_CONFIG", show_envvar=False),
]  # fmt: skip
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy store URL (default: $SKILLGAP_DB or embedded SQLite).",
                 envvar="SKILLGAP_DB", show_envvar=False),
]  # fmt: skip
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--spacy-model",
        help="An installed spaCy model to tokenize with (optional; default spacy.blank('en')).",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(help="Only ads seen in this period: 90d, 12w, 6m, 1y or a date (2026-01-31)."),
]
SourcesOpt = Annotated[
    list[str] | None, typer.Option("--source", help="Only ads from this source (repeatable).")
]
TaxonomyOpt = Annotated[
    Path | None,
    typer.Option("--taxonomy", help="Taxonomy YAML file (default: the bundled one)."),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a clear error on stderr and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"skillgap {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """skillgap: crawl backend job ads, extract skills, hold a learner's roadmap against demand."""


# ---------------------------------------------------------------------- taxonomy
@taxonomy_app.command("check")
def taxonomy_check(
    taxonomy: TaxonomyOpt = None,
    seeds: Annotated[
        list[Path] | None,
        typer.Option("--seeds", help="Seed roadmap files or folders whose topics must be covered."),
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Validate the taxonomy: ids, alias collisions, patterns, seed topics covered.

    Example: skillgap taxonomy check --seeds ../shared/seeds
    """
    from analyzer.checklist.seeds import check_seed_topics, default_seed_paths
    from taxonomy import TaxonomyError, load_taxonomy
    from taxonomy.check import check_taxonomy

    try:
        tax = load_taxonomy(taxonomy)
    except TaxonomyError as exc:
        raise fail(str(exc)) from None
    paths = seeds if seeds is not None else default_seed_paths()
    result = check_taxonomy(tax)
    seeded = check_seed_topics(tax, paths)
    for warning in result.warnings + seeded.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    problems = result.problems + seeded.problems
    if problems:
        for problem in problems:
            err.print(f"[red]problem:[/] {problem}", highlight=False)
        raise fail(f"taxonomy check failed: {len(problems)} problem(s)")
    out.print(
        f"taxonomy ok: {len(tax.skills)} skills in {len(tax.categories)} categories, "
        f"{result.aliases} aliases, {seeded.topics} seed topics accounted for "
        f"({seeded.topics_by_extractor} by the extractor, {seeded.topics_listed} listed)"
    )


@taxonomy_app.command("list")
def taxonomy_list(
    category: Annotated[str | None, typer.Option(help="Only this category id.")] = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """List skills by category, in roadmap order.

    Example: skillgap taxonomy list --category language
    """
    from taxonomy import TaxonomyError, load_taxonomy

    try:
        tax = load_taxonomy(taxonomy)
    except TaxonomyError as exc:
        raise fail(str(exc)) from None
    table = Table("id", "label", "category", "tier", "aliases")
    for cat in tax.category_order():
        if category and cat != category:
            continue
        for s in tax.skills_in(cat):
            table.add_row(s.id, s.label, cat, s.tier, str(len(s.aliases)))
    if category and not table.row_count:
        raise fail(f"no category {category!r} (known: {', '.join(tax.category_order())})")
    out.print(table)


@taxonomy_app.command("show")
def taxonomy_show(
    skill_id: Annotated[str, typer.Argument(metavar="ID", help="Skill id, e.g. kafka.")],
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Show one skill: label, category, aliases and their rules, prerequisites.

    Example: skillgap taxonomy show go
    """
    from taxonomy import TaxonomyError, load_taxonomy

    try:
        tax = load_taxonomy(taxonomy)
    except TaxonomyError as exc:
        raise fail(str(exc)) from None
    skill = tax.skills.get(skill_id)
    if skill is None:
        import difflib

        close = difflib.get_close_matches(skill_id, list(tax.skills), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise fail(f"no skill {skill_id!r}{hint}")
    out.print(f"[bold]{skill.id}[/]: {skill.label}")
    out.print(
        f"category: {skill.category} ({tax.category_label(skill.category)}), tier: {skill.tier}"
    )
    if skill.prerequisites:
        out.print("prerequisites: " + ", ".join(skill.prerequisites))
    if skill.roadmap:
        out.print("roadmap: " + "; ".join(skill.roadmap))
    table = Table("alias", "rules")
    for a in skill.aliases:
        rules = []
        if a.cased:
            rules.append("exact case")
        if a.context:
            rules.append(f"needs {a.context} context")
        if a.also:
            rules.append("also " + ", ".join(a.also))
        if a.not_next:
            rules.append("not before: " + " ".join(sorted(a.not_next)))
        if a.not_prev:
            rules.append("not after: " + " ".join(sorted(a.not_prev)))
        if a.not_next_title:
            rules.append("not before a Capitalised name")
        table.add_row(a.text, "; ".join(rules))
    out.print(table)


# ---------------------------------------------------------------------- tag / eval
@app.command("tag")
def tag(
    file: Annotated[str, typer.Argument(help="JSONL file of ads, or - for stdin.")] = "-",
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Processes to use (default: one per core).")
    ] = 0,
    spacy_model: ModelOpt = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Tag job ads with skills: JSONL in ({"id","text","title"?,"company"?}), JSONL out.

    Each output line: {"id", "skills": [ids], "mentions": [{"skill", "start", "end",
    "text", "section"}]}.
    Bad lines are reported on stderr with their line number; the exit code is 1 if any failed.

    Example: skillgap tag ads.jsonl > tagged.jsonl
    """
    from analyzer.extract import default_workers
    from analyzer.tagging import TagReport, parse_jsonl, tag_stream
    from skillgap.progress import progress_bar

    try:
        stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror or exc}") from None
    report = TagReport()

    def on_problem(line: int, message: str, fatal: bool) -> None:
        kind = "[red]error[/]" if fatal else "[yellow]warning[/]"
        err.print(f"{kind}: line {line}: {message}", highlight=False)

    n_workers = workers if workers > 0 else default_workers()
    with stream, progress_bar("tagging", err) as advance:
        ads = parse_jsonl(stream, report, on_problem)
        tpath = str(taxonomy) if taxonomy else None
        tag_stream(ads, sys.stdout, n_workers, tpath, advance, model=spacy_model)
    if report.failed:
        raise fail(f"{len(report.failed)} of {report.lines} line(s) failed; the rest were tagged")


@app.command("eval")
def eval_cmd(
    gold: Annotated[
        Path, typer.Option("--gold", help="Gold JSONL: {id, text, skills, sections?}.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    worst: Annotated[int, typer.Option(help="How many worst skills to list.")] = 10,
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Processes (default: cores).")
    ] = 0,
    spacy_model: ModelOpt = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Measure extraction against gold labels: P/R/F1 per tier, worst skills, section labels.

    Example: skillgap eval --gold ../shared/eval/dev.jsonl
    """
    from analyzer.evaluate_run import EvalInputError, evaluate_file
    from skillgap.render_eval import print_eval

    try:
        result = evaluate_file(gold, workers=workers, taxonomy_path=taxonomy, model=spacy_model)
    except EvalInputError as exc:
        raise fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(worst=worst), indent=2) + "\n")
    else:
        print_eval(result, out, worst)


# ---------------------------------------------------------------------- command modules
# Each area keeps its commands in skillgap/cli_<area>.py (they import `app` from here and
# register with @app.command); importing the module is all it takes.
# (one import line per area goes here)
from skillgap import cli_crawl, cli_gap, cli_report, cli_run, cli_store  # noqa: E402, F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()
