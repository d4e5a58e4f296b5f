"""The gap on a terminal: coverage, what to learn next, over-invested and unmapped topics.

Checklist items, labels and reasons are shown as Text, never read as markup: a checklist
item `x [/nope]` prints as it is on any console."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.gap import GapReport

STATE_STYLE = {"done": "green", "learning": "yellow", "todo": "cyan", "skipped": "dim"}


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%" if 0 < value < 0.1 else f"{value * 100:.0f}%"


def _share(share: float, ads: int, total: int, low: float, high: float, uncertain: bool) -> Text:
    """ "42% (10 of 24 ads)", and its 95% interval when the share is uncertain."""
    text = Text(f"{_pct(share)} ({ads} of {total} ads)")
    if uncertain:
        text.append(f" uncertain: {_pct(low)}–{_pct(high)}", style="yellow")
    return text


def _state(state: str | None) -> Text:
    if not state:
        return Text()
    return Text(state, style=STATE_STYLE.get(state, "white"))


def print_gap(
    report: GapReport, console: Console, top_skills: int = 15, max_unmapped: int = 40
) -> None:
    """Print the whole gap as rich tables."""
    counts = report.state_counts()
    states = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    console.print(
        Text.assemble(
            (report.checklist, "bold"),
            f" ({report.format}): {len(report.items)} items ({states}), "
            f"{len(report.unmapped)} unmapped; held against {report.postings} distinct "
            f"{report.level + ' ' if report.level else ''}ads",
        ),
        highlight=False,
    )
    console.print(
        Text.assemble(
            ("Coverage:", "bold"),
            f" {_pct(report.coverage)} of the demand is done; "
            f"{_pct(report.coverage_learning)} with what you are learning; "
            f"{_pct(report.coverage_planned)} once your whole list is done",
        ),
        highlight=False,
    )

    n = report.postings
    if report.few_ads:
        console.print(
            Text.assemble(
                (f"Only {n} ads:", "yellow"),
                " every share below is uncertain, a rough hint rather than a measurement "
                "(ranges are 95% intervals).",
            ),
            highlight=False,
        )
    table = Table("#", "skill", "ads", "score", "why", title="Learn next", title_justify="left")
    for i, s in enumerate(report.learn_next, start=1):
        ads = _share(s.share, s.postings, n, s.ci_low, s.ci_high, s.uncertain)
        table.add_row(str(i), Text(s.label), ads, f"{s.score:.2f}", Text(s.reason))
    if report.learn_next:
        console.print(table)
    else:
        console.print("Learn next: nothing left; your list covers every skill the ads ask for.")

    asked = Table(
        "skill", "ads", "required", "nice to have", "you", title="Most asked for",
        title_justify="left",
    )  # fmt: skip
    for row in [r for r in report.skills if r.postings][:top_skills]:
        ads = _share(row.share, row.postings, n, row.ci_low, row.ci_high, row.uncertain)
        asked.add_row(Text(row.label), ads, str(row.required), str(row.preferred),
                      _state(row.state))  # fmt: skip
    console.print(asked)

    areas = Table("area", "ads", "you cover", "done", title="By area", title_justify="left")
    for c in sorted(report.categories, key=lambda c: -c.share)[:12]:
        ads = _share(c.share, c.postings, n, c.ci_low, c.ci_high, c.uncertain)
        areas.add_row(Text(c.label), ads, _pct(c.coverage), Text(", ".join(c.done)))
    if report.categories:
        console.print(areas)

    if report.over_invested:
        over = Table("skill", "you", "why", title="Over-invested", title_justify="left")
        for o in report.over_invested:
            label = f"{o.label} (area)" if o.kind == "category" else o.label
            why = Text(o.reason)
            if o.uncertain:
                why.append(f" uncertain: {_pct(o.ci_low)}–{_pct(o.ci_high)}", style="yellow")
            over.add_row(Text(label), _state(o.state), why)
        console.print(over)

    if report.unmapped:
        console.print(Text.assemble(("Not mapped to a skill", "bold"),
                                    f" ({len(report.unmapped)}):"))  # fmt: skip
        for item in report.unmapped[:max_unmapped]:
            where = f"line {item.line}: " if item.line else ""
            console.print(Text(f"  {where}{item.text} ({item.state})"), highlight=False)
        if len(report.unmapped) > max_unmapped:
            rest = len(report.unmapped) - max_unmapped
            console.print(f"  ... and {rest} more (all of them are in --json and -o gap.html)")
    for warning in report.warnings:
        console.print(Text.assemble(("note:", "yellow"), f" {warning}"), highlight=False)
