"""Print evaluation figures as rich tables."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from analyzer.crossval import HEADLINE, CrossValidation, headline
from analyzer.evaluate import EvalResult


def print_eval(result: EvalResult, console: Console, worst: int = 10) -> None:
    table = Table(
        "scope",
        "precision",
        "recall",
        "F1",
        "tp",
        "fp",
        "fn",
        title=f"Skill extraction on {result.ads} ads (micro-averaged, ad-skill pairs)",
    )
    rows = [("overall", result.overall), *sorted(result.tiers.items())]
    for name, m in rows:
        table.add_row(
            name,
            f"{m.precision:.3f}",
            f"{m.recall:.3f}",
            f"{m.f1:.3f}",
            str(m.tp),
            str(m.fp),
            str(m.fn),
        )
    console.print(table)
    if result.section_pairs:
        sec = Table(
            "label",
            "precision",
            "recall",
            "F1",
            title=f"How skills are asked for: accuracy {result.section_accuracy:.3f} "
            f"over {result.section_pairs} found pairs",
        )
        for label, m in sorted(result.section_per_label.items()):
            sec.add_row(label, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}")
        console.print(sec)
    bad = result.worst(worst)
    if bad:
        w = Table("skill", "fp", "fn", "precision", "recall", title="Worst skills")
        for skill, m in bad:
            w.add_row(Text(skill), str(m.fp), str(m.fn), f"{m.precision:.3f}", f"{m.recall:.3f}")
        console.print(w)


def print_folds(cv: CrossValidation, console: Console) -> None:
    """In-sample, per-fold and pooled out-of-fold figures, a column each."""
    scopes = [("in-sample", cv.in_sample)]
    scopes += [(f"f{i}", fold) for i, fold in enumerate(cv.folds, start=1)]
    scopes.append(("pooled", cv.pooled))
    table = Table(
        Column("figure", no_wrap=True),
        *(Column(name, justify="right", no_wrap=True) for name, _r in scopes),
        title=f"{cv.k}-fold cross-validation: f1-f{cv.k} score each fold, "
        "pooled all ads out of fold",
        box=box.SIMPLE_HEAD,
    )
    figures = [headline(result) for _name, result in scopes]
    table.add_row("ads", *(str(result.ads) for _name, result in scopes))
    for name, _path in HEADLINE:
        table.add_row(name, *(f"{f[name]:.3f}" if name in f else "-" for f in figures))
    console.print(table)
    console.print(cv.note(), highlight=False)
    memorised = cv.memorised()
    if memorised:
        console.print(
            Text.assemble(
                (f"in-sample exceeds out-of-fold by more than 0.03 on: {', '.join(memorised)}",
                 "yellow"),
                " (the method memorises)",
            )
        )  # fmt: skip
