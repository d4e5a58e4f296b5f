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
    assert len(go.segments) == 1  # three months in a row: one line
    assert go.segments[0].split()[0] == f"{float(left)},{float(bottom)}"
    assert [t.text for t in c.y_ticks] == ["0%", "10%", "20%", "30%", "40%"]
    assert [(t.text, t.anchor, t.note) for t in c.x_ticks] == [
        ("2026-09", "start", "40 ads"), ("2026-10", "middle", "50 ads"),
        ("2026-11", "end", "60 ads"),
    ]  # fmt: skip
    assert go.colour != c.lines[1].colour
    assert c.latest == "2026-11" and go.last_share == 0.4


def test_a_month_left_out_is_a_gap_not_a_join() -> None:
    """Sep and Dec plotted, Oct and Nov left out (too few ads): Dec sits at its calendar
    place, and the line breaks instead of joining Sep to Dec."""
    series = [Series("go", "Go", [0.1, 0.2, 0.3])]
    m = Monthly(["2026-08", "2026-09", "2026-12"], [40, 45, 50], series)
    c = line_chart(m, width=400, height=200)
    assert c is not None
    xs = [x for x, _y in c.lines[0].dots]
    step = (xs[2] - xs[0]) / 4  # Aug .. Dec is four months
    assert xs[1] == c.left + round(step, 1) or abs(xs[1] - (c.left + step)) < 0.11
    assert [len(seg.split()) for seg in c.lines[0].segments] == [2, 1]


def test_no_chart_for_a_single_month() -> None:
    assert line_chart(Monthly(["2026-11"], [5], [Series("go", "Go", [0.2])])) is None


def test_nice_ceiling_and_round_ticks() -> None:
    assert [nice_ceiling(v) for v in (0.0, 0.07, 0.33, 0.5, 0.76)] == [0.05, 0.1, 0.4, 0.5, 1.0]
    assert axis_ticks(0.5) == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert axis_ticks(0.75) == [0.0, 0.25, 0.5, 0.75]
    assert axis_ticks(0.05) == [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]
