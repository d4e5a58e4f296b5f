"""What the report says about its own scope: no ads, the filters, thin months, chance pairs."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd

from analyzer.aggregate import Filters
from reports.build import ReportOptions, build_report
from reports.export import csv_tables, report_json
from reports.render import render_report
from taxonomy import load_taxonomy
from tests.support.report_frames import frames, posting


def _months(counts: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`counts[month]` ads in each month; the first ad of every month names Go, every
    other ad Python."""
    posts, mentions, pid = [], [], 0
    for month, n in counts.items():
        year, mon = (int(x) for x in month.split("-"))
        for i in range(n):
            pid += 1
            posts.append(posting(pid, posted_at=datetime(year, mon, 1 + i % 28, tzinfo=UTC)))
            mentions.append((pid, "go" if i == 0 else "python", "required"))
    return frames(posts, mentions)


def test_a_report_without_ads_says_so_plainly() -> None:
    report = build_report(*frames([], []), load_taxonomy())
    assert report.message.startswith("No ads in the store yet")
    assert report.categories == [] and report.skills == [] and report.pairs == []
    html = render_report(report)
    main = html[html.index("<main>") : html.index("</main>")]
    assert report.message in main
    # no table of 0% shares with 0-100% intervals, no empty sections
    assert "data-category" not in main and 'id="top-skills"' not in main
    assert "%" not in main and 'id="trends"' not in main
    data = json.loads(report_json(report))  # the JSON twin says the same
    assert data["message"] == report.message
    assert data["categories"] == [] and data["skills"] == []

    filtered = build_report(*frames([], []), load_taxonomy(), Filters(remote=True))
    assert filtered.message.startswith("No ads match these filters (marked remote)")


def test_filters_read_as_plain_phrases() -> None:
    filters = Filters(
        since=datetime(2026, 9, 1, tzinfo=UTC), sources=("remoteok",), remote=True,
        title_words=("backend", "api"), level="junior",
    )  # fmt: skip
    report = build_report(*_months({"2026-10": 3}), load_taxonomy(), filters)
    assert report.scope == [
        "posted on or after 2026-09-01", "from remoteok", "marked remote",
        "with backend or api in the title", "hiring for junior level",
    ]  # fmt: skip
    html = render_report(report)
    assert "remote remote only" not in html and "Filtered:" not in html
    assert (
        "Only ads posted on or after 2026-09-01; from remoteok; marked remote; "
        "with backend or api in the title; hiring for junior level." in html
    )
    assert '<span id="fig-period">2026-10-01 to 2026-10-03</span>' in html  # what is shown
    assert report.filters["remote"] == "remote only"  # the JSON's filters keep their keys


def test_monthly_chart_plots_only_months_with_enough_ads() -> None:
    report = build_report(
        *_months({"2026-08": 1, "2026-09": 40, "2026-10": 35, "2026-11": 2}), load_taxonomy()
    )
    m = report.monthly
    assert (m.months, m.totals, m.min_ads) == (["2026-09", "2026-10"], [40, 35], 30)
    assert m.left_out == {"2026-08": 1, "2026-11": 2}
    go = next(s for s in m.series if s.skill == "go")
    assert go.shares == [1 / 40, 1 / 35]  # never the 100% of August's single ad
    html = render_report(report)
    assert "Share of ads in Oct 2026:" in html  # what the key's percentages are
    assert "Ads per month: Sep 2026 <span" in html and ">35</span>" in html
    assert "Aug 2026 (1 ad), Nov 2026 (2 ads)" in html
    _header, rows = csv_tables(report)["monthly.csv"]
    assert [r[:2] for r in rows] == [["2026-09", 40], ["2026-10", 35]]

    every_month = ReportOptions(min_month_ads=1)
    thin = _months({"2026-08": 1, "2026-09": 40})
    lower = build_report(*thin, load_taxonomy(), options=every_month)
    assert lower.monthly.months == ["2026-08", "2026-09"] and lower.monthly.left_out == {}


def test_no_chart_says_why() -> None:
    report = build_report(*_months({"2026-10": 5, "2026-11": 6}), load_taxonomy())
    assert report.monthly.months == []
    html = render_report(report)
    assert "at least two months with 30 or more ads each" in html
    assert "Oct 2026 (5 ads), Nov 2026 (6 ads)" in html


def test_the_page_states_which_pairs_it_lists() -> None:
    report = build_report(*_months({"2026-10": 3}), load_taxonomy())
    assert "at least 5 ads" in report.pair_rule and "above 1" in report.pair_rule
    assert f"Listed: {report.pair_rule}." in render_report(report).replace("&#215;", "×")
