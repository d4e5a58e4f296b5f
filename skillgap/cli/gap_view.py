"""The gap on a terminal: coverage, what to learn next, over-invested and unmapped topics."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from analyzer.gap import GapReport

STATE_STYLE = {"done": "green", "learning": "yellow", "todo": "cyan", "skipped": "dim"}


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%" if 0 < value < 0.1 else f"{value * 100:.0f}%"


def _state(state: str | None) -> str:
    if not state:
        return ""
    return f"[{STATE_STYLE.get(state, 'white')}]{state}[/]"


def print_gap(
    report: GapReport, console: Console, top_skills: int = 15, max_unmapped: int = 40
) -> None:
    """Print the whole gap as rich tables."""
    counts = report.state_counts()
    states = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    console.print(
        f"[bold]{report.checklist}[/] ({report.format}): {len(report.items)} items ({states}), "
        f"{len(report.unmapped)} unmapped; held against {report.postings} distinct ads",
        highlight=False,
    )
    console.print(
        f"[bold]Coverage:[/] {_pct(report.coverage)} of the demand is done; "
        f"{_pct(report.coverage_learning)} with what you are learning; "
        f"{_pct(report.coverage_planned)} once your whole list is done",
        highlight=False,
    )

    table = Table("#", "skill", "score", "why", title="Learn next", title_justify="left")
    for i, s in enumerate(report.learn_next, start=1):
        table.add_row(str(i), s.label, f"{s.score:.2f}", s.reason)
    if report.learn_next:
        console.print(table)
    else:
        console.print("Learn next: nothing left; your list covers every skill the ads ask for.")

    asked = Table(
        "skill", "ads", "required", "nice to have", "you", title="Most asked for",
        title_justify="left",
    )  # fmt: skip
    for row in [r for r in report.skills if r.postings][:top_skills]:
        asked.add_row(
            row.label, _pct(row.share), str(row.required), str(row.preferred), _state(row.state)
        )
    console.print(asked)

    areas = Table("area", "ads", "you cover", "done", title="By area", title_justify="left")
    for c in sorted(report.categories, key=lambda c: -c.share)[:12]:
        areas.add_row(c.label, _pct(c.share), _pct(c.coverage), ", ".join(c.done))
    if report.categories:
        console.print(areas)

    if report.over_invested:
        over = Table("skill", "you", "why", title="Over-invested", title_justify="left")
        for o in report.over_invested:
            label = f"{o.label} (area)" if o.kind == "category" else o.label
            over.add_row(label, _state(o.state), o.reason)
        console.print(over)

    if report.unmapped:
        console.print(f"[bold]Not mapped to a skill[/] ({len(report.unmapped)}):")
        for item in report.unmapped[:max_unmapped]:
            where = f"line {item.line}: " if item.line else ""
            console.print(f"  {where}{item.text} ({item.state})", highlight=False)
        if len(report.unmapped) > max_unmapped:
            rest = len(report.unmapped) - max_unmapped
            console.print(f"  ... and {rest} more (all of them are in --json and -o gap.html)")
    for warning in report.warnings:
        console.print(f"[yellow]note:[/] {warning}", highlight=False)
