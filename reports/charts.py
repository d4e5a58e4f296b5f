"""Geometry for the inline SVG charts: numbers only; the templates draw the markup."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reports.model import Monthly

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in grey print.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000")


@dataclass
class Line:
    label: str
    colour: str
    segments: list[str]  # SVG polyline points "x,y x,y ...", one per run of months in a row
    dots: list[tuple[float, float]]
    last_share: float  # its share in the latest month plotted (the key shows it)
    shares: list[float]  # one per month plotted


@dataclass
class Tick:
    pos: float
    text: str
    anchor: str = "middle"  # SVG text-anchor, so end labels stay inside the chart
    note: str = ""  # a second line under an x tick: that month's ads


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    top: int
    right: int
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    latest: str = ""  # the latest month plotted, YYYY-MM


def _month_number(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def _runs(positions: list[int]) -> list[list[int]]:
    """Indexes of `positions` split where a calendar month is missing between two."""
    runs: list[list[int]] = []
    for i, pos in enumerate(positions):
        if runs and pos == positions[runs[-1][-1]] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# Round axis tops for shares, each with a tick step that divides it into round labels.
AXIS_STEPS = ((0.05, 0.01), (0.1, 0.02), (0.2, 0.05), (0.25, 0.05), (0.3, 0.1), (0.4, 0.1),
              (0.5, 0.1), (0.6, 0.2), (0.75, 0.25), (1.0, 0.25))  # fmt: skip


def nice_ceiling(value: float) -> float:
    """A round upper bound for a share axis: 5%, 10%, 20%, 25%, ..., 100%."""
    return next((top for top, _step in AXIS_STEPS if value <= top), 1.0)


def axis_ticks(top: float) -> list[float]:
    """Tick values from 0 to `top` in round steps."""
    step = dict(AXIS_STEPS).get(top, top / 4)
    return [round(i * step, 4) for i in range(round(top / step) + 1)]


def line_chart(monthly: Monthly, width: int = 480, height: int = 240) -> LineChart | None:
    """Share per month for each series; None when fewer than two months are plotted.

    Months sit at their calendar place: a month left out (too few ads) is a gap, and the
    lines break there rather than join its neighbours."""
    months = monthly.months
    if len(months) < 2 or not monthly.series:
        return None
    left, right, top, bottom = 44, 24, 12, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((max(s.shares) for s in monthly.series if s.shares), default=0.0)
    y_max = nice_ceiling(peak)
    numbers = [_month_number(m) for m in months]
    offsets = [n - numbers[0] for n in numbers]
    span = offsets[-1] or 1

    def x(i: int) -> float:
        return round(left + plot_w * offsets[i] / span, 1)

    def y(share: float) -> float:
        return round(top + plot_h * (1 - share / y_max), 1)

    runs = _runs(numbers)
    lines = []
    for n, s in enumerate(monthly.series):
        dots = [(x(i), y(v)) for i, v in enumerate(s.shares)]
        lines.append(
            Line(
                label=s.label,
                colour=PALETTE[n % len(PALETTE)],
                segments=[" ".join(f"{dots[i][0]},{dots[i][1]}" for i in run) for run in runs],
                dots=dots,
                last_share=s.shares[-1] if s.shares else 0.0,
                shares=list(s.shares),
            )
        )
    every = max(1, math.ceil(len(months) / 6))
    last = len(months) - 1
    totals = list(monthly.totals) + [0] * (len(months) - len(monthly.totals))
    x_ticks = [
        Tick(x(i), m, "start" if i == 0 else "end" if i == last else "middle", f"{totals[i]:,} ads")
        for i, m in enumerate(months)
        if i % every == 0 or i == last
    ]
    y_ticks = [Tick(y(v), f"{v:.0%}") for v in axis_ticks(y_max)]
    return LineChart(
        width, height, left, bottom, top, right, lines, x_ticks, y_ticks, latest=months[-1]
    )
