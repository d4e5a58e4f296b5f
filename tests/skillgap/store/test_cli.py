"""`skillgap extract` and `skillgap export` end to end on a real store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from skillgap.store import Store
from tests.support.dedupe_ads import ORIGINAL, REPOSTED
from tests.support.posting_factory import make_posting

runner = CliRunner()


@pytest.fixture
def filled(db_url: str) -> str:
    with Store.open(db_url) as store:
        store.upsert_many([
            make_posting("1", description_text="Requirements: Python, Django and Redis."),
            make_posting("2", description_text=ORIGINAL, title="Backend Engineer, Fleet"),
            make_posting("3", source="hn", source_type="hackernews", description_text=REPOSTED,
                         title="Lumen Robotics | Backend | Remote"),
        ])  # fmt: skip
        store.close_vanished("greenhouse", ["2"])
    return db_url


def test_extract_then_export_every_format(filled: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "--db", filled, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "tagged now" in result.output and "3 posting(s) tagged" in result.output
    assert "1 (0 exact, 1 near), 2 postings" in result.output
    again = runner.invoke(app, ["extract", "--db", filled, "--workers", "1"])
    assert "0 posting(s) tagged" in again.output

    result = runner.invoke(app, ["export", "postings", "--db", filled])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["external_id"] for r in rows] == ["1", "2", "3"]
    for key in ("source", "external_id", "url", "title", "company", "text", "dup_group"):
        assert key in rows[0]
    # what the ad says of level, experience and pay (structured salary fields first)
    assert (rows[1]["levels"], rows[1]["years_min"]) == ("mid", 4)  # "4+ years": mid
    assert (rows[1]["pay_min"], rows[1]["pay_max"], rows[1]["pay_currency"]) == (
        70000.0, 90000.0, "EUR")  # fmt: skip
    assert rows[1]["dup_group"] == rows[2]["dup_group"] != rows[0]["dup_group"]
    assert rows[0]["text"].startswith("Requirements: Python")
    assert rows[0]["closed_at"] and rows[1]["closed_at"] is None

    result = runner.invoke(app, ["export", "mentions", "--format", "csv", "--db", filled,
                                 "--source", "greenhouse", "--open-only"])  # fmt: skip
    assert result.exit_code == 0, result.output
    mentions = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {m["external_id"] for m in mentions} == {"2"}
    assert {"python", "postgresql", "kafka"} <= {m["skill"] for m in mentions}

    target = tmp_path / "out" / "mentions.parquet"
    target.parent.mkdir()
    result = runner.invoke(app, ["export", "mentions", "-f", "parquet", "-o", str(target),
                                 "--db", filled])  # fmt: skip
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(target)
    assert list(frame.columns) == ["posting_id", "source", "external_id", "skill", "section",
                                   "start", "end", "text"]  # fmt: skip
    assert set(frame.external_id) == {"1", "2", "3"} and str(frame.start.dtype) == "int64"
    assert list(target.parent.iterdir()) == [target]  # no partial file left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "postings", "-f", "parquet"], "give an output file"),
        (["export", "postings", "--since", "soon"], "expected a span like 90d"),
        (["export", "postings", "-o", "/nonexistent-dir/x.csv"], "cannot write"),
        (["export", "postings", "--db", "mysql://db/x"], "unsupported database"),
        (["extract", "--taxonomy", "/nonexistent/skills.yaml"], "cannot read taxonomy"),
    ],
)
def test_errors_are_clear_and_exit_non_zero(tmp_path: Path, args: list[str], message: str) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite"
    Store.open(url).close()
    db = ["--db", url] if "--db" not in args else []
    result = runner.invoke(app, [*args, *db])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["export", "postings"], ["extract"]])
def test_a_missing_store_is_refused_and_not_created(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "no" / "such.sqlite"
    result = runner.invoke(app, [*command, "--db", str(target)])
    assert result.exit_code == 1 and "no store at" in result.output
    assert "skillgap crawl" in result.output and not target.parent.exists()


def test_export_streams_in_batches(db_url: str, tmp_path: Path) -> None:
    from skillgap.store.export import _statement, export

    with Store.open(db_url) as store:
        store.upsert_many([make_posting(str(i)) for i in range(7)])
        batches = list(store.iter_rows(_statement("postings", []), batch=3))
        assert [len(b) for b in batches] == [3, 3, 1]
        assert [r["external_id"] for b in batches for r in b] == [str(i) for i in range(7)]
        sink = io.StringIO()
        assert export(store, "postings", "csv", sink) == 7
        assert len(list(csv.DictReader(io.StringIO(sink.getvalue())))) == 7
        assert export(store, "mentions", "jsonl", tmp_path / "m.jsonl") == 0
        assert (tmp_path / "m.jsonl").read_text() == ""
