"""The report model, its HTML (escaping, links, self-containment), JSON twin and CSV."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports.export import report_json, write_csv
from reports.render import environment, month_name, pct, points, render_page, render_report
from reports.safety import link_rel, safe_url
from tests.support.hostile_report import hostile_report


class Collector(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    c = Collector()
    c.feed(html)
    return c.tags


def test_model_figures() -> None:
    r = hostile_report()
    h = r.headline
    assert (h.ads, h.postings, h.duplicates, h.skills_seen) == (10, 11, 1, 4)
    assert [s.skill for s in r.skills][:2] == ["python", "kafka"]
    assert {s.skill for s in r.skills[2:]} == {"docker", '"><img src=x onerror=alert(7)>'}
    py = r.skills[0]
    assert (py.ads, py.required, py.preferred, py.other) == (6, 3, 1, 2)
    assert py.share == pytest.approx(0.6)
    assert r.filters == {"remote": "remote only"}
    assert [(p.a, p.b, round(p.lift, 4)) for p in r.pairs] == [("kafka", "python", 1.6667)]
    assert r.categories[0].category == "internet"  # roadmap order, zeros included


def test_hostile_text_is_escaped_and_links_are_http_only() -> None:
    html = render_report(hostile_report())
    tags = parse(html)
    names = {t for t, _ in tags}
    assert not names & {"script", "iframe", "img", "object", "embed", "link", "base", "form"}
    for tag, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "action", "formaction"), (tag, name)
            if name == "href":
                assert value and (value.startswith(("https://", "http://", "#"))), value
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "javascript:" not in html.lower().replace("javascript:alert(document.domain)", "")
    hrefs = [a["href"] for t, a in tags if t == "a" and not str(a["href"]).startswith("#")]
    assert hrefs and all(h == "https://jobs.example.org/" + h.rsplit("/", 1)[1] for h in hrefs)
    assert 'href="https://jobs.example.org/11?a=1&amp;b=&#34;2&#34;"' in html


def test_page_is_self_contained_with_a_strict_csp() -> None:
    html = render_report(hostile_report())
    tags = parse(html)
    csp = [a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    assert "default-src 'none'" in str(csp[0]) and "script-src 'none'" in str(csp[0])
    lowered = html.lower()
    assert "url(" not in lowered and "@import" not in lowered and "@font-face" not in lowered
    assert "@media print" in html and "max-width: 40rem" in html


def test_link_rel_per_source() -> None:
    tags = parse(render_report(hostile_report()))
    rels = {a["rel"] for t, a in tags if t == "a" and "rel" in a}
    assert rels == {"noopener", "noopener noreferrer nofollow"}
    assert link_rel("remoteok") == "noopener"  # Remote OK's terms ask for a followed link
    assert link_rel("lever") == "noopener noreferrer nofollow"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
     "//evil.example/x", "/relative", "https://", "ftp://example.org/x", "", None, 42],
)  # fmt: skip
def test_safe_url_rejects(url: object) -> None:
    assert safe_url(url) is None


def test_safe_url_keeps_http_urls() -> None:
    assert safe_url(" https://jobs.example.org/a?b=1 ") == "https://jobs.example.org/a?b=1"
    assert safe_url("HTTP://Example.org") == "HTTP://Example.org"


def test_json_twin_matches_the_model() -> None:
    r = hostile_report()
    data = json.loads(report_json(r))
    assert data["headline"]["ads"] == 10
    assert data["skills"][0]["skill"] == "python"
    assert data["skills"][0]["ci_low"] == pytest.approx(0.3127, abs=1e-4)
    assert data["trends"]["rule"].startswith("at least 30 ads")
    assert data == json.loads(json.dumps(r.as_dict()))
    for skill in data["skills"]:
        for ex in skill["examples"]:
            assert ex["url"] is None or ex["url"].startswith("https://")
    # levels, pay and evidence, as the DESIGN contract lists them
    assert data["levels"]["entry_ads"] == 5 and data["levels"]["senior_ads"] == 5
    assert data["pay"]["currency"] == "USD" and data["pay"]["ads_in_currency"] == 10
    python = next(e for e in data["evidence"] if e["skill"] == "python")
    assert python["items"][0]["match"] == "python" and python["items"][0]["label"] == "required"


def test_csv_tables(tmp_path: Path) -> None:
    written = write_csv(hostile_report(), tmp_path / "csv")
    assert {p.name for p in written} == {
        "skills.csv", "categories.csv", "trends.csv", "monthly.csv", "pairs.csv",
        "sources.csv", "examples.csv", "levels.csv", "pay.csv", "evidence.csv",
    }  # fmt: skip
    with (tmp_path / "csv" / "skills.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["skill"] == "python" and rows[0]["ads"] == "6"
    assert float(rows[0]["share"]) == pytest.approx(0.6)
    with (tmp_path / "csv" / "categories.csv").open() as fh:
        cats = list(csv.DictReader(fh))
    assert [c["category"] for c in cats][:2] == ["internet", "frontend"]
    with (tmp_path / "csv" / "examples.csv").open() as fh:
        companies = {row["company"] for row in csv.DictReader(fh)}
    # a cell that starts like a spreadsheet formula is defused
    assert all(not c.startswith(("=", "+", "-", "@")) for c in companies)
    with (tmp_path / "csv" / "evidence.csv").open() as fh:
        sentences = list(csv.DictReader(fh))
    assert {"python", "kafka"} <= {row["skill"] for row in sentences}


def test_base_template_serves_other_pages() -> None:
    env = environment()
    page = env.from_string(
        '{% extends "base.html" %}{% block content %}<p id="x">{{ text }}</p>{% endblock %}'
    ).render(title="Your gap <report>", text="<b>bold</b>")
    assert "<title>Your gap &lt;report&gt;</title>" in page
    assert '<p id="x">&lt;b&gt;bold&lt;/b&gt;</p>' in page
    assert "Content-Security-Policy" in page
    assert "Rising and falling" in render_page("report.html", report=hostile_report(), title="t")


def test_formatters() -> None:
    assert (pct(0.6), pct(0.034), pct(0.0), pct(1.0)) == ("60%", "3.4%", "0%", "100%")
    assert (points(0.125), points(-0.05), points(0.0)) == ("+12.5 pts", "−5.0 pts", "±0.0 pts")
    assert month_name("2026-10") == "Oct 2026"
