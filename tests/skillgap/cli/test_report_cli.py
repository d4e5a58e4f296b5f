"""`skillgap report` end to end: a real SQLite store, the real extractor, files written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from tests.support.report_store import fill_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fill_store(tmp_path_factory.mktemp("store") / "skillgap.sqlite")


def test_report_writes_html_json_and_csv(store_url: str, tmp_path: Path) -> None:
    html, js, tables = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "csv"
    args = ["report", "--db", store_url, "-o", str(html), "--json", str(js), "--csv", str(tables)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "24 ads (25 postings) from 2 source(s)" in result.output
    data = json.loads(js.read_text())
    assert data["headline"]["ads"] == 24
    shares = {s["skill"]: s for s in data["skills"]}
    # ads 0,4,.. (Python ad; its copy on the other source counts once) and 2,6,..
    # (Platform ad, "Our stack: Python") name Python
    assert shares["python"]["ads"] == 12 and shares["python"]["required"] == 6
    assert shares["kafka"]["required"] == 0 and shares["kafka"]["preferred"] == 6
    page = html.read_text()
    assert "Content-Security-Policy" in page and 'data-skill="python"' in page
    with (tables / "skills.csv").open() as fh:
        assert {row["skill"] for row in csv.DictReader(fh)} == set(shares)


def test_levels_pay_and_evidence(store_url: str, tmp_path: Path) -> None:
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    result = runner.invoke(app, ["report", "--db", store_url, "-o", str(html), "--json", str(js)])
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text())
    counts = {c["level"]: c["ads"] for c in data["levels"]["counts"]}
    # 24 ads: 6 junior Python ads, 6 senior Go ads, 6 Java ads asking 5+ years (senior),
    # 6 platform ads naming no level
    assert counts == {"intern": 0, "junior": 6, "mid": 0, "senior": 12, "lead": 0,
                      "not stated": 6}  # fmt: skip
    assert (data["levels"]["entry_ads"], data["levels"]["senior_ads"]) == (6, 12)
    pay = data["pay"]
    assert (pay["currency"], pay["ads_in_currency"], pay["other_currencies"]) == (
        "USD", 12, {"EUR": 6})  # fmt: skip
    assert pay["rows"] == [] and "at least 20 ads with pay" in pay["note"]  # too few yet
    evidence = {e["skill"]: e["items"] for e in data["evidence"]}
    kafka = evidence["kafka"][0]
    assert (kafka["match"], kafka["label"]) == ("Kafka", "preferred")
    assert kafka["title"] == "Junior Backend Engineer (Python)"
    assert kafka["url"].startswith("https://jobs.example.org/")
    go = evidence["go"]
    assert go[0]["label"] == "required" and {i["match"] for i in go} == {"Go"}
    page = html.read_text()
    for anchor in ('id="levels"', 'id="pay"', 'id="evidence-kafka"', 'href="#evidence-kafka"'):
        assert anchor in page
    assert "<mark>Kafka</mark>" in page


def test_the_level_filter_filters_the_whole_report(store_url: str, tmp_path: Path) -> None:
    js = tmp_path / "r.json"
    args = ["report", "--db", store_url, "-o", str(tmp_path / "r.html"), "--json", str(js)]
    result = runner.invoke(app, [*args, "--level", "junior"])
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text())
    assert data["headline"]["ads"] == 6 and data["filters"] == {"level": "junior ads"}
    assert {s["skill"] for s in data["skills"]} == {"python", "postgresql", "docker", "kafka"}
    assert data["levels"]["senior_ads"] == 0 and "too few ads to compare" in data["levels"]["note"]
    bad = runner.invoke(app, [*args, "--level", "guru"])
    assert bad.exit_code == 2 and "guru" in bad.output


def test_filters_reach_the_store(store_url: str, tmp_path: Path) -> None:
    js = tmp_path / "r.json"
    args = ["report", "--db", store_url, "-o", str(tmp_path / "r.html"), "--json", str(js)]
    result = runner.invoke(app, [*args, "--source", "remoteok", "--remote", "--title", "python"])
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text())
    # remoteok = every 3rd ad, remote = every 2nd, Python title = every 4th: n % 12 == 0
    assert data["headline"]["ads"] == 2
    assert data["filters"] == {"sources": "remoteok", "remote": "remote only",
                               "title words": "python"}  # fmt: skip


def test_since_goes_by_the_posting_date_everywhere(store_url: str, tmp_path: Path) -> None:
    """The store was crawled just now (every ad last seen today) with ads posted in Aug,
    Sep and Oct 2026: --since 2026-10-01 keeps October's 8 ads in the report, the gap and
    the export, and the report's header says which window it shows."""
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    since = ["--since", "2026-10-01"]
    result = runner.invoke(
        app, ["report", "--db", store_url, "-o", str(html), "--json", str(js), *since]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text())
    assert data["headline"]["ads"] == 8
    assert (data["headline"]["period_start"], data["headline"]["period_end"]) == (
        "2026-10-01", "2026-10-08",
    )  # fmt: skip
    assert data["scope"] == ["posted on or after 2026-10-01"]
    page = html.read_text()
    assert '<span id="fig-period">2026-10-01 to 2026-10-08</span>' in page
    assert "Only ads posted on or after 2026-10-01." in page

    plan = "- [x] Python\n- [ ] Go\n"
    gap = runner.invoke(app, ["gap", "-", "--db", store_url, "--json", *since], input=plan)
    assert gap.exit_code == 0, gap.output
    assert json.loads(gap.stdout)["postings"] == 8

    out = tmp_path / "postings.jsonl"
    export = runner.invoke(app, ["export", "postings", "--db", store_url, "-o", str(out), *since])
    assert export.exit_code == 0, export.output
    posted = [json.loads(line)["posted_at"][:7] for line in out.read_text().splitlines()]
    assert len(posted) == 8 and set(posted) == {"2026-10"}


def test_min_month_ads_option(store_url: str, tmp_path: Path) -> None:
    js = tmp_path / "r.json"
    args = ["report", "--db", store_url, "-o", str(tmp_path / "r.html"), "--json", str(js)]
    assert runner.invoke(app, args).exit_code == 0
    monthly = json.loads(js.read_text())["monthly"]  # 8 ads a month: none reaches 30
    assert monthly["months"] == [] and monthly["min_ads"] == 30
    assert monthly["left_out"] == {"2026-08": 8, "2026-09": 8, "2026-10": 8}
    assert runner.invoke(app, [*args, "--min-month-ads", "8"]).exit_code == 0
    monthly = json.loads(js.read_text())["monthly"]
    assert monthly["months"] == ["2026-08", "2026-09", "2026-10"]
    assert monthly["totals"] == [8, 8, 8]


def test_empty_selection_warns_but_writes(store_url: str, tmp_path: Path) -> None:
    html = tmp_path / "empty.html"
    result = runner.invoke(app, ["report", "--db", store_url, "-o", str(html), "--title", "zzz"])
    assert result.exit_code == 0
    assert "no ads matching these filters" in result.output
    assert "No ads match these filters (with zzz in the title)" in html.read_text()


def test_untagged_postings_are_reported(tmp_path: Path) -> None:
    from skillgap.store import Store
    from tests.support.report_store import invented_postings

    url = f"sqlite:///{tmp_path / 'untagged.sqlite'}"
    with Store.open(url) as store:
        store.upsert_many(invented_postings(per_month=2))
    result = runner.invoke(app, ["report", "--db", url, "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "7 posting(s) in the store are not tagged" in result.output
    assert "skillgap extract" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "expected a span like 90d"),
        (["--config", "/nonexistent/skillgap.toml"], "config file not found"),
        (["-o", "/proc/no/such/dir/r.html"], "cannot write"),
    ],
)
def test_bad_input_is_a_clear_error(
    store_url: str, args: list[str], message: str, tmp_path: Path
) -> None:
    base = ["report", "--db", store_url]
    if "-o" not in args:
        base += ["-o", str(tmp_path / "r.html")]
    result = runner.invoke(app, [*base, *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
