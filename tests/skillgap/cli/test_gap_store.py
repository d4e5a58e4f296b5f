"""`skillgap gap` end to end: invented ads in a real SQLite store, extracted, then the gap."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from skillgap.run.extract import extract_pending
from skillgap.store import Store

runner = CliRunner()

# Invented ads: (external id, company, text). Python and PostgreSQL are everywhere,
# Kubernetes goes with Go, Django with Python; the last ad is posted twice (same text on
# two sources) and must count once. a1 and a2 hire juniors, a3 and a4 seniors.
ADS = [
    ("a1", "Quillfeather Labs", "Requirements: Python and PostgreSQL. Nice to have: Django."),
    ("a2", "Marrowbank", "Requirements: Python, Django and PostgreSQL. Bonus: Redis."),
    ("a3", "Tidewell Freight", "Requirements: Go, Kubernetes and PostgreSQL."),
    ("a4", "Orchard Ledger", "Requirements: Go and Kubernetes. Nice to have: Kafka."),
    ("a5", "Saltmarsh Health", "Requirements: Python, FastAPI and PostgreSQL."),
    ("a6", "Brindle & Co", "Requirements: Java, Spring and Kafka. Nice to have: Python."),
]
CHECKLIST = """# My plan
- [x] Python
- [x] SQL
- [/] PostgreSQL
- [ ] Kubernetes
- [-] Java
- [x] Perl
- [ ] Underwater basket weaving
"""


TITLES = {"a1": "Junior Backend Engineer", "a2": "Junior Backend Engineer",
          "a3": "Senior Backend Engineer", "a4": "Senior Backend Engineer"}  # fmt: skip


def _posting(ext: str, company: str, reqs: str, source: str = "greenhouse") -> dict[str, Any]:
    text = (
        f"{company} is hiring a backend engineer to build and run the services behind our "
        f"ordering, billing and reporting products.\n{reqs}"
    )
    return {
        "source": source, "source_type": "greenhouse", "external_id": ext,
        "url": f"https://jobs.example.test/{source}/{ext}",
        "title": TITLES.get(ext, "Backend Engineer"),
        "company": company, "location": "Remote", "remote": True,
        "posted_at": datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "salary_min": None,
        "salary_max": None, "salary_currency": None, "salary_period": None,
        "description_html": None, "description_text": text, "attribution": None,
    }  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('gapdb') / 'store.sqlite'}"
    with Store.open(url) as store:
        for ext, company, text in ADS:
            store.upsert_posting(_posting(ext, company, text))
        ext, company, text = ADS[-1]
        store.upsert_posting(_posting(ext, company, text, source="lever"))
        extract_pending(store, workers=1)
    return url


@pytest.fixture()
def checklist(tmp_path: Path) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(CHECKLIST)
    return path


def test_empty_store_says_what_to_run(tmp_path: Path, checklist: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    Store.open(url).close()
    result = runner.invoke(app, ["gap", str(checklist), "--db", url])
    assert result.exit_code == 1
    assert "no postings" in result.output and "skillgap crawl" in result.output
    assert "Traceback" not in result.output


def test_gap_json_from_the_store(db: str, checklist: Path) -> None:
    result = runner.invoke(app, ["gap", str(checklist), "--db", db, "--json", "--limit", "20"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["postings"] == 6  # seven postings, one duplicate pair
    items = {i["text"]: i for i in data["items"]}
    assert items["Python"]["state"] == "done" and items["Python"]["skills"] == ["python"]
    assert items["Java"]["state"] == "skipped"
    assert [u["text"] for u in data["unmapped"]] == ["Underwater basket weaving"]
    assert 0 < data["coverage"] < data["coverage_learning"] < 1
    ranked = [s["skill"] for s in data["learn_next"]]
    assert "python" not in ranked and "java" not in ranked and "postgresql" in ranked
    assert ranked.index("django") < ranked.index("spring")  # goes with python, more ads
    assert all(s["reason"] for s in data["learn_next"])
    over = {o["skill"] for o in data["over_invested"]}
    assert "perl" in over and "python" not in over


def test_gap_terminal_tables_and_html(db: str, checklist: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "gap.html"
    result = runner.invoke(app, ["gap", str(checklist), "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Coverage:" in result.output and "Learn next" in result.output
    assert "Underwater basket weaving" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Content-Security-Policy" in html
    assert 'data-skill="django"' in html and "Underwater basket weaving" in html


def test_gap_for_one_level_with_the_sentences_behind_each_skill(
    db: str, checklist: Path, tmp_path: Path
) -> None:
    out = tmp_path / "gap.html"
    args = ["gap", str(checklist), "--db", db, "--level", "junior", "--json", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["postings"], data["level"]) == (2, "junior")  # a1 and a2 only
    ranked = [s["skill"] for s in data["learn_next"]]
    assert "django" in ranked and "go" not in ranked  # no junior ad asks for Go
    evidence = {e["skill"]: e["items"] for e in data["evidence"]}
    assert set(evidence) <= set(ranked) and "django" in evidence
    django = evidence["django"]
    assert [i["company"] for i in django] == ["Marrowbank", "Quillfeather Labs"]  # required first
    assert django[0]["match"] == "Django" and django[0]["label"] == "required"
    html = out.read_text(encoding="utf-8")
    assert 'href="#evidence-django"' in html and 'id="evidence-django"' in html
    assert "demand is weighed by the junior ads only" in html
    terminal = runner.invoke(app, ["gap", str(checklist), "--db", db, "--level", "senior"])
    assert "held against 2 distinct senior ads" in terminal.output
    none = runner.invoke(app, ["gap", str(checklist), "--db", db, "--level", "lead"])
    assert none.exit_code == 1 and "no lead ads to compare your checklist with" in none.output


def test_checklist_from_stdin_and_since(db: str) -> None:
    plan = "done: [Python, PostgreSQL]\nlearning: [Go]\n"
    result = runner.invoke(app, ["gap", "-", "--db", db, "--json"], input=plan)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "yaml" and data["checklist"] == "stdin"
    assert {i["text"]: i["state"] for i in data["items"]} == {
        "Python": "done", "PostgreSQL": "done", "Go": "learning",
    }  # fmt: skip
    # the ads were posted 2026-11-02: a later --since leaves none, a clear error
    later = runner.invoke(app, ["gap", "-", "--db", db, "--since", "2099-01-01"], input=plan)
    assert later.exit_code == 1 and "no postings" in later.output


def test_csv_checklist_with_states(db: str, tmp_path: Path) -> None:
    """`Python,done` is Python, done: it counts towards coverage, and the terminal says
    how many ads each share rests on."""
    plan = tmp_path / "plan.csv"
    plan.write_text("Python,done\nPostgreSQL,Yes\nGo,learning\nKafka,maybe\n", encoding="utf-8")
    result = runner.invoke(app, ["gap", str(plan), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "csv" and data["states"]["done"] == 2
    assert {i["text"]: (i["state"], i["skills"]) for i in data["items"]} == {
        "Python": ("done", ["python"]), "PostgreSQL": ("done", ["postgresql"]),
        "Go": ("learning", ["go"]), "Kafka": ("todo", ["kafka"]),
    }  # fmt: skip
    assert data["coverage"] > 0.4
    assert any(w.startswith("line 4: unknown status 'maybe'") for w in data["warnings"])
    terminal = runner.invoke(app, ["gap", str(plan), "--db", db])
    assert terminal.exit_code == 0, terminal.output
    assert "of 6 ads" in terminal.output and "uncertain" in terminal.output
    assert "line 4: unknown status 'maybe'" in terminal.output


def test_a_checklist_of_another_format_is_refused(db: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"PK\x03\x04" + bytes(100))
    result = runner.invoke(app, ["gap", str(plan), "--db", db])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "unknown format: plan.xlsx is a .xlsx file" in result.output
    assert "CSV or TSV" in result.output and "Markdown" in result.output
