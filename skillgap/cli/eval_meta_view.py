"""Print the levels, years and salary figures of `skillgap eval` as rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from analyzer.evaluate_meta import MetaScores


def print_meta_eval(scores: MetaScores, console: Console) -> None:
    summary = Table(
        "what", "measure", "value", title=f"Levels, experience and pay on {scores.ads} ads"
    )
    summary.add_row("levels", "exact-set accuracy", f"{scores.levels_accuracy:.3f}")
    summary.add_row("years_min", "accuracy", f"{scores.years_accuracy:.3f}")
    summary.add_row("salary", "precision", f"{scores.salary.precision:.3f}")
    summary.add_row("salary", "recall", f"{scores.salary.recall:.3f}")
    console.print(summary)
    per = Table("level", "precision", "recall", "F1", "tp", "fp", "fn", title="Per level")
    for level, m in scores.per_level.items():
        per.add_row(level, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}",
                    str(m.tp), str(m.fp), str(m.fn))  # fmt: skip
    console.print(per)
