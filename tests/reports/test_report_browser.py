"""The rendered report in a real headless Chromium: nothing runs, nothing loads, figures show."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.export import write_html
from reports.render import render_report
from tests.support.browser import active_content, need_chromium, open_page
from tests.support.hostile_report import hostile_report


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_chromium()
    out = tmp_path_factory.mktemp("browser") / "report.html"
    return write_html(render_report(hostile_report()), out)


def test_hostile_postings_cannot_run_or_load_anything(report_file: Path) -> None:
    with open_page(report_file) as (page, seen):
        assert seen.requests == [report_file.resolve().as_uri()]
        assert seen.page_errors == []
        assert seen.console_errors == []  # a CSP violation would be logged here
        assert seen.dialogs == []
        found = active_content(page)
        assert found["scripts"] == 0
        assert found["handlers"] == []
        assert set(found["protocols"]) <= {"https:", "http:", "file:"}  # file: = in-page anchors
        assert found["embedded"] == 0
        assert found["bodyVisible"]  # the company name's <style> did not take effect


def test_expected_figures_are_shown(report_file: Path) -> None:
    with open_page(report_file) as (page, _):
        assert page.inner_text("[data-figure=ads]") == "10"
        assert page.inner_text("[data-figure=postings]") == "11"
        python = page.locator("#top-skills tr[data-skill=python]")
        assert python.locator("[data-cell=share]").inner_text() == "60%"
        assert python.locator("[data-cell=ads]").inner_text() == "6"
        assert python.locator("[data-cell=ci]").inner_text() == "31%–83%"
        req = page.locator("#required tr[data-skill=python]")
        assert req.locator("[data-cell=required]").inner_text() == "30%"
        assert req.locator("[data-cell=nice]").inner_text() == "10%"
        pair = page.locator("#together tr[data-pair='kafka+python']")
        assert pair.locator("[data-cell=lift]").inner_text() == "1.67×"
        lang = page.locator("#categories tr[data-category=language]")
        assert lang.locator("[data-cell=share]").inner_text() == "60%"
        # the header says which ads are shown, in words (it said "remote remote only")
        assert page.inner_text("#scope") == "Only ads marked remote."
        assert page.inner_text("#fig-period") == "2026-10-01 to 2026-10-10"
        # ten ads in October: too few for the monthly chart, and the page says so
        assert page.locator("svg.chart").count() == 0
        assert "Oct 2026 (10 ads)" in page.inner_text("#months-left-out")
        assert "Listed: pairs named together in at least" in page.inner_text("#together")
        titles = page.locator("#examples li").all_inner_texts()
        assert any("<script>alert('title')</script>Backend Engineer" in t for t in titles)
        assert any("via Remote OK" in t for t in titles)


def test_every_skill_figure_leads_to_its_evidence(report_file: Path) -> None:
    """A skill's name links to its sentences; following it opens them; the ad's markup
    in them is shown as text and does nothing."""
    with open_page(report_file) as (page, seen):
        block = page.locator("#evidence-python")
        assert not block.is_visible()  # inside a closed <details>
        page.locator("#top-skills a[href='#evidence-python']").click()
        assert block.is_visible()
        items = block.locator("li").all_inner_texts()
        assert len(items) == 3
        assert (
            "<script>alert('ad')</script> you need <img src=x onerror=alert(8)> python"
            in (items[0])
        )
        assert block.locator("mark").first.inner_text() == "python"
        assert "required" in items[0]
        assert seen.dialogs == [] and seen.page_errors == []
        assert page.locator("#levels tr[data-level=junior]").count() == 1
        assert page.locator("#pay-line [data-figure=pay-ads]").inner_text() == "10"


def test_phone_width_and_print(report_file: Path) -> None:
    with open_page(report_file, width=360, height=740) as (page, _):
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"page scrolls sideways at phone width: {widths}"
        assert page.locator("th.hide-narrow").first.is_hidden()
        page.emulate_media(media="print")
        assert page.locator("nav.toc").is_hidden()


def test_the_harness_does_catch_a_page_that_misbehaves(tmp_path: Path) -> None:
    """Without escaping and CSP, the same checks see the script, the dialog and the load."""
    need_chromium()
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><title>bad</title>"
        "<script>alert('hi'); undefinedFunction();</script>"
        "<img src='http://127.0.0.1:9/pixel.png'>",
        encoding="utf-8",
    )
    with open_page(bad) as (_, seen):
        assert seen.dialogs == ["alert: hi"]
        assert any("undefinedFunction" in e for e in seen.page_errors)
        assert "http://127.0.0.1:9/pixel.png" in seen.requests


def test_monthly_chart_shows_counts_and_says_what_its_key_means(tmp_path: Path) -> None:
    """Thirty-odd ads in each of two months and one ad in a third: two months plotted,
    each with its ad count, and the one-ad month named as left out, never drawn."""
    need_chromium()
    from datetime import UTC, datetime

    from reports.build import build_report
    from taxonomy import load_taxonomy
    from tests.support.report_frames import frames, posting

    posts, mentions = [], []
    for n, (month, count) in enumerate([(9, 31), (10, 40), (11, 1)]):
        for i in range(count):
            pid = 100 * n + i
            posts.append(posting(pid, posted_at=datetime(2026, month, 1 + i % 28, tzinfo=UTC)))
            mentions.append((pid, "python" if i % 2 else "go", "required"))
    report = build_report(*frames(posts, mentions), load_taxonomy())
    page_file = write_html(render_report(report), tmp_path / "report.html")
    with open_page(page_file) as (page, seen):
        assert seen.page_errors == [] and seen.console_errors == []
        chart = page.locator("svg.chart")
        assert chart.is_visible()
        assert page.locator("svg.chart [data-month-ads]").all_text_contents() == [
            "31 ads", "40 ads",
        ]  # fmt: skip
        key = page.inner_text("#trend-key")
        assert key.startswith("Share of ads in Oct 2026:")
        assert "Python (50%)" in key
        assert "Nov 2026 (1 ad)" in page.inner_text("#months-left-out")
        assert page.inner_text("#month-ads") == "Ads per month: Sep 2026 31 · Oct 2026 40."
