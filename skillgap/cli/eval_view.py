"""Print evaluation figures as rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

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
            w.add_row(skill, str(m.fp), str(m.fn), f"{m.precision:.3f}", f"{m.recall:.3f}")
        console.print(w)
