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
    points: str  # SVG polyline points "x,y x,y ..."
    dots: list[tuple[float, float]]
    last_share: float


@dataclass
class Tick:
    pos: float
    text: str
    anchor: str = "middle"  # SVG text-anchor, so end labels stay inside the chart


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
    """Share per month for each series; None when there are fewer than two months."""
    months = monthly.months
    if len(months) < 2 or not monthly.series:
        return None
    left, right, top, bottom = 44, 24, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((max(s.shares) for s in monthly.series if s.shares), default=0.0)
    y_max = nice_ceiling(peak)

    def x(i: int) -> float:
        return round(left + plot_w * i / (len(months) - 1), 1)

    def y(share: float) -> float:
        return round(top + plot_h * (1 - share / y_max), 1)

    lines = []
    for n, s in enumerate(monthly.series):
        dots = [(x(i), y(v)) for i, v in enumerate(s.shares)]
        lines.append(
            Line(
                label=s.label,
                colour=PALETTE[n % len(PALETTE)],
                points=" ".join(f"{a},{b}" for a, b in dots),
                dots=dots,
                last_share=s.shares[-1] if s.shares else 0.0,
            )
        )
    every = max(1, math.ceil(len(months) / 6))
    last = len(months) - 1
    x_ticks = [
        Tick(x(i), m, "start" if i == 0 else "end" if i == last else "middle")
        for i, m in enumerate(months)
        if i % every == 0 or i == last
    ]
    y_ticks = [Tick(y(v), f"{v:.0%}") for v in axis_ticks(y_max)]
    return LineChart(width, height, left, bottom, top, right, lines, x_ticks, y_ticks)
