"""The SVG chart geometry."""

from __future__ import annotations

from reports.charts import axis_ticks, line_chart, nice_ceiling
from reports.model import Monthly, Series


def test_line_chart_maps_months_and_shares_onto_the_plot() -> None:
    series = [Series("go", "Go", [0.0, 0.2, 0.4]), Series("sql", "SQL", [0.4, 0.4, 0.1])]
    m = Monthly(["2026-09", "2026-10", "2026-11"], [40, 50, 60], series)
    c = line_chart(m, width=400, height=200)
    assert c is not None
    left, right = c.left, c.width - c.right
    bottom, top = c.height - c.bottom, c.top
    go = c.lines[0]
    assert go.dots[0] == (left, bottom)  # 0% at the first month: bottom left
    assert go.dots[2] == (right, top)  # the peak (40%, axis top 40%) at the last month
    assert go.dots[1][0] == (left + right) / 2
    assert go.points.split()[0] == f"{float(left)},{float(bottom)}"
    assert [t.text for t in c.y_ticks] == ["0%", "10%", "20%", "30%", "40%"]
    assert [(t.text, t.anchor) for t in c.x_ticks] == [
        ("2026-09", "start"), ("2026-10", "middle"), ("2026-11", "end"),
    ]  # fmt: skip
    assert go.colour != c.lines[1].colour


def test_no_chart_for_a_single_month() -> None:
    assert line_chart(Monthly(["2026-11"], [5], [Series("go", "Go", [0.2])])) is None


def test_nice_ceiling_and_round_ticks() -> None:
    assert [nice_ceiling(v) for v in (0.0, 0.07, 0.33, 0.5, 0.76)] == [0.05, 0.1, 0.4, 0.5, 1.0]
    assert axis_ticks(0.5) == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert axis_ticks(0.75) == [0.0, 0.25, 0.5, 0.75]
    assert axis_ticks(0.05) == [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]
