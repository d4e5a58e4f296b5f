"""`skillgap tag` and `skillgap eval`: skills in JSONL ads, and accuracy against gold labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from skillgap.cli.common import (
    ConfigOpt,
    DbOpt,
    ModelOpt,
    TaxonomyOpt,
    WorkersOpt,
    err,
    fail,
    out,
    styled,
)


def register(app: typer.Typer) -> None:
    app.command("tag")(tag)
    app.command("eval")(eval_cmd)


def tag(
    file: Annotated[str, typer.Argument(help="JSONL file of ads, or - for stdin.")] = "-",
    workers: WorkersOpt = 0,
    spacy_model: ModelOpt = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Tag job ads with skills: JSONL in ({"id","text","title"?,"company"?}), JSONL out.

    Each output line: {"id", "skills": [ids], "mentions": [{"skill", "start", "end",
    "text", "section"}], "levels": [...], "years_min": int|null, "salary": {"min", "max",
    "currency", "period"}|null}.
    Bad lines are reported on stderr with their line number; the exit code is 1 if any failed.

    Example: skillgap tag ads.jsonl > tagged.jsonl
    """
    from analyzer.extract import default_workers
    from analyzer.tagging import TagReport, parse_jsonl, tag_stream
    from skillgap.cli.progress import progress_bar

    try:
        stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror or exc}") from None
    report = TagReport()

    def on_problem(line: int, message: str, fatal: bool) -> None:
        kind = ("error", "red") if fatal else ("warning", "yellow")
        err.print(styled(kind, f": line {line}: {message}"), highlight=False)

    n_workers = workers if workers > 0 else default_workers()
    with stream, progress_bar("tagging", err) as advance:
        ads = parse_jsonl(stream, report, on_problem)
        tpath = str(taxonomy) if taxonomy else None
        tag_stream(ads, sys.stdout, n_workers, tpath, advance, model=spacy_model)
    if report.failed:
        raise fail(f"{len(report.failed)} of {report.lines} line(s) failed; the rest were tagged")


def eval_cmd(
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            help="Gold JSONL: {id, text, skills, sections?, levels?, years_min?, salary?}.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    worst: Annotated[int, typer.Option(help="How many worst skills to list.")] = 10,
    folds: Annotated[
        int,
        typer.Option(
            "--folds",
            help="Also K-fold cross-validate over the gold ads (an ad never split): "
            "per-fold and pooled out-of-fold figures next to in-sample ones.",
        ),
    ] = 0,
    rules: Annotated[
        bool, typer.Option("--rules", help="Label sections by the rules alone (no model).")
    ] = False,
    workers: WorkersOpt = 0,
    spacy_model: ModelOpt = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Measure extraction against gold labels: P/R/F1 per tier, worst skills, section labels,
    and levels, years of experience and salary when the gold lines carry them.

    Example: skillgap eval --gold ../shared/eval/dev.jsonl --folds 5
    """
    from analyzer.evaluate_meta import evaluate_meta_file
    from analyzer.evaluate_run import cross_validate_file, evaluate_file
    from skillgap.cli.eval_meta_view import print_meta_eval
    from skillgap.cli.eval_view import print_eval, print_folds

    if folds < 0 or folds == 1:
        raise fail(f"--folds needs at least 2 folds (or 0 for none), got {folds}")
    cv = None
    if folds:
        cv = cross_validate_file(gold, folds, taxonomy, spacy_model, rules_only=rules)
        result = cv.in_sample
    else:
        result = evaluate_file(gold, workers, taxonomy, spacy_model, rules_only=rules)
    meta = evaluate_meta_file(gold)
    if as_json:
        figures = result.as_dict(worst=worst)
        if meta is not None:
            figures["meta"] = meta.as_dict()
        if cv is not None:
            figures["cross_validation"] = cv.as_dict()
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    else:
        print_eval(result, out, worst)
        if meta is not None:
            print_meta_eval(meta, out)
        if cv is not None:
            print_folds(cv, out)
