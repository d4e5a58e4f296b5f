"""The gap page in a real headless Chromium: the report's look, nothing runs, figures show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.aggregate import build_ads
from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.read import parse_checklist
from analyzer.extract import Extractor
from analyzer.gap import GapReport, build_gap
from reports.gap_page import write_gap_html
from reports.market import evidence_section
from reports.render import pct
from tests.support.browser import active_content, need_chromium, open_page
from tests.support.gap_frames import MARKET, frames
from tests.support.hostile_report import hostile_evidence

# A checklist a hostile page could come from: markup in topic names must stay text.
HOSTILE = {
    "done": ["Python", "<script>alert('done')</script>", "SQL"],
    "learning": ["Docker <img src=x onerror=alert(1)>"],
    "todo": ["Kubernetes", "<a href='javascript:alert(2)'>click me</a>", "Perl"],
    "skipped": ["Java"],
}


@pytest.fixture(scope="module")
def gap(extractor: Extractor) -> GapReport:
    checklist = parse_checklist(json.dumps(HOSTILE), "<b>me</b>.json")
    mapped = ChecklistMapper(extractor=extractor).map_checklist(checklist)
    postings, mentions = frames(MARKET)
    return build_gap(mapped, postings, mentions, extractor.taxonomy)


@pytest.fixture(scope="module")
def page_file(gap: GapReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_chromium()
    postings, mentions = frames(MARKET)
    postings["company"], postings["url"] = "<b>Acme</b>", "https://jobs.example.org/x"
    postings["source"], postings["source_type"] = "boards", "greenhouse"
    label = {s.skill: s.label for s in gap.learn_next}
    evidence = evidence_section(
        build_ads(postings, mentions), [s.skill for s in gap.learn_next],
        hostile_evidence(mentions), lambda s: label.get(s, s),
    )  # fmt: skip
    return write_gap_html(
        gap, tmp_path_factory.mktemp("gap-browser") / "gap.html", evidence=evidence
    )


def test_hostile_topics_cannot_run_or_load_anything(page_file: Path) -> None:
    with open_page(page_file) as (page, seen):
        assert seen.requests == [page_file.resolve().as_uri()]
        assert seen.page_errors == [] and seen.console_errors == [] and seen.dialogs == []
        found = active_content(page)
        unmapped = page.evaluate(
            "() => [...document.querySelectorAll('#unmapped li')].map(li => li.textContent)"
        )
        assert found["scripts"] == 0 and found["handlers"] == [] and found["embedded"] == 0
        # the in-page table of contents (file:) and the postings behind the evidence
        assert set(found["protocols"]) <= {"file:", "https:"}
        # the markup is shown as the text the learner wrote, and listed as unmapped
        assert any("<script>alert('done')</script>" in t for t in unmapped)
        assert any("javascript:alert(2)" in t for t in unmapped)


def test_figures_and_tables_show_the_model(page_file: Path, gap: GapReport) -> None:
    with open_page(page_file, width=1024) as (page, _):
        assert page.title() == "Your gap: <b>me</b>.json"
        assert page.inner_text("[data-figure=coverage]") == pct(gap.coverage)
        assert page.inner_text("[data-figure=coverage-learning]") == pct(gap.coverage_learning)
        assert page.inner_text("[data-figure=postings]") == "10"
        rows = page.locator("#learn-next tbody tr")
        assert rows.count() == len(gap.learn_next) > 3
        first = gap.learn_next[0]
        assert rows.first.get_attribute("data-skill") == first.skill
        assert rows.first.locator("[data-cell=reason]").inner_text() == first.reason
        python = page.locator("#asked tr[data-skill=python]")
        assert python.locator("[data-cell=state]").inner_text() == "done"
        assert python.locator("[data-cell=share]").inner_text() == "50%"
        over = page.locator("#over-invested li").all_inner_texts()
        assert any(t.startswith("SQL") for t in over)
        # every share shows the ads it rests on; with 10 ads, each says it is uncertain
        assert page.locator("#few-ads").is_visible()
        for section in ("learn-next", "asked", "areas"):
            cells = page.locator(f"#{section} tbody tr [data-cell=ads]")
            assert cells.count() == page.locator(f"#{section} tbody tr").count() > 0
            assert set(cells.all_inner_texts()) <= {f"{k} of 10 ads" for k in range(11)}
            tags = page.locator(f"#{section} tbody tr [data-cell=uncertain]")
            assert tags.count() == cells.count() and tags.first.is_visible()
        assert python.locator("[data-cell=ads]").inner_text() == "5 of 10 ads"
        assert python.locator("[data-cell=uncertain]").inner_text() == "uncertain: 24%–76%"
        # the report's stylesheet is shared: same header and figure boxes
        assert page.locator("header.page-header h1").count() == 1
        assert page.locator(".figures .figure").count() == 4


def test_learn_next_reasons_lead_to_what_ads_say(page_file: Path, gap: GapReport) -> None:
    with open_page(page_file) as (page, seen):
        first = gap.learn_next[0].skill
        block = page.locator(f"#evidence-{first}")
        assert not block.is_visible()
        page.locator(f"#learn-next tr[data-skill={first}] a[href='#evidence-{first}']").click()
        assert block.is_visible()
        said = block.locator("li").first.inner_text()
        assert "<script>alert('ad')</script>" in said and "<b>Acme</b>" in said  # as text
        assert block.locator("mark").first.inner_text() == first
        assert seen.dialogs == [] and seen.page_errors == []
        assert active_content(page)["handlers"] == []


def test_narrow_screen_has_no_horizontal_scroll(page_file: Path) -> None:
    with open_page(page_file, width=360, height=800) as (page, _):
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0


def test_prerequisite_first_on_the_page(extractor: Extractor, tmp_path: Path) -> None:
    """SQL ranks below PostgreSQL by score; on the page it comes first, saying why."""
    need_chromium()
    from tests.support.gap_frames import frames as gap_frames

    market = [(i, None, {"postgresql": "required", **({"sql": "preferred"} if i < 3 else {})})
              for i in range(1, 11)]  # fmt: skip
    checklist = parse_checklist("- [x] Python\n- [ ] PostgreSQL\n", "plan.md")
    mapped = ChecklistMapper(extractor=extractor).map_checklist(checklist)
    report = build_gap(mapped, *gap_frames(market), extractor.taxonomy)
    page_file = write_gap_html(report, tmp_path / "gap.html")
    with open_page(page_file) as (page, _):
        rows = page.locator("#learn-next tbody tr")
        assert [rows.nth(i).get_attribute("data-skill") for i in range(2)] == ["sql", "postgresql"]
        assert "before PostgreSQL, which needs it" in rows.first.inner_text()
        assert "learn SQL first" in rows.nth(1).inner_text()
