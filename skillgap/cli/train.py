"""`skillgap train sections`: learn the section model from gold ads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skillgap.cli.common import ConfigOpt, DbOpt, TaxonomyOpt, fail, out

train_app = typer.Typer(help="Train what the extractor learns.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(train_app, name="train")


@train_app.command("sections")
def train_sections(
    gold: Annotated[
        Path, typer.Option("--gold", help="Gold JSONL with 'sections' labels per skill.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Model file to write (default: the one shipped)."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", help="Folds for the figures.")] = 5,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Train the section model (required / preferred / other per mention) on gold ads and
    write it as plain JSON with its in-sample and out-of-fold figures.

    Example: skillgap train sections --gold ../shared/eval/dev.jsonl
    """
    from analyzer.sections.model import MODEL_PATH
    from analyzer.train_sections import train_gold_file
    from skillgap.cli.eval_view import print_folds

    if folds < 2:
        raise fail(f"--folds needs at least 2 folds, got {folds}")
    target = output or MODEL_PATH
    tpath = str(taxonomy) if taxonomy else None
    model, cv, rules = train_gold_file(gold, target, folds, tpath)
    print_folds(cv, out)
    acc = rules.in_sample.section_accuracy
    out.print(
        f"the rules alone: label accuracy {acc:.3f} (in-sample; they were written on these ads)"
    )
    out.print(f"wrote {target} ({len(model.weights)} weights, {target.stat().st_size:,} bytes)")
