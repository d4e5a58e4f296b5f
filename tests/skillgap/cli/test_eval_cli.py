"""`skillgap eval` on a small gold file written for the test (and on the dev set if present)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from skillgap.cli import app

runner = CliRunner()

GOLD = [
    {
        "id": "a",
        "text": "Requirements: Python and PostgreSQL. Nice to have: Kafka.",
        "skills": ["python", "postgresql", "kafka"],
        "sections": {"python": "required", "postgresql": "required", "kafka": "preferred"},
    },
    {
        "id": "b",
        "text": "We use Go. Experience with Redis is a plus.",
        "skills": ["go", "redis", "docker"],  # docker is not in the text: a miss
        "sections": {"go": "other", "redis": "required", "docker": "other"},  # redis: a label miss
    },
]


# the same ads with levels, years and salary labelled (invented)
META = [
    {"levels": ["senior"], "years_min": 5, "salary": None},
    {"levels": [], "years_min": None,
     "salary": {"min": 120000, "max": 150000, "currency": "USD", "period": "year"}},
]  # fmt: skip
META_TEXT = [
    "Senior Engineer. 5+ years of experience. Requirements: Python and PostgreSQL. "
    "Nice to have: Kafka.",
    "We use Go. Experience with Redis is a plus. Salary: $120k-$140k.",  # a salary miss
]


def write_gold(tmp_path: Path, meta: bool = False) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [{**g, **META[i], "text": META_TEXT[i]} if meta else g for i, g in enumerate(GOLD)]
    path.write_text("".join(json.dumps(g) + "\n" for g in lines))
    return path


def test_eval_json_figures(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--gold", str(write_gold(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ads"] == 2
    assert data["overall"]["tp"] == 5 and data["overall"]["fn"] == 1 and data["overall"]["fp"] == 0
    assert data["tiers"]["named"]["recall"] == round(5 / 6, 4)
    assert data["worst"][0]["skill"] == "docker"
    sections = data["sections"]
    assert sections["pairs"] == 5 and sections["accuracy"] == 0.8
    assert sections["labels"]["preferred"]["fp"] == 1 and sections["labels"]["required"]["fn"] == 1


def test_eval_tables(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--gold", str(write_gold(tmp_path))])
    assert result.exit_code == 0
    for word in ("named", "precision", "recall", "How skills are asked for", "Worst skills"):
        assert word in result.output
    assert "Levels, experience and pay" not in result.output  # the gold carries none


def test_eval_scores_levels_years_and_salary(tmp_path: Path) -> None:
    gold = str(write_gold(tmp_path, meta=True))
    data = json.loads(runner.invoke(app, ["eval", "--gold", gold, "--json"]).output)
    meta = data["meta"]
    assert meta["ads"] == 2
    assert meta["levels"]["accuracy"] == 1.0
    assert meta["levels"]["per_level"]["senior"]["tp"] == 1
    assert meta["years_min"]["accuracy"] == 1.0
    assert meta["salary"]["tp"] == 0 and meta["salary"]["fp"] == 1 and meta["salary"]["fn"] == 1
    tables = runner.invoke(app, ["eval", "--gold", gold]).output
    assert "Levels, experience and pay on 2 ads" in tables and "Per level" in tables


def test_eval_bad_gold(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1, "text": "x"}\n')
    result = runner.invoke(app, ["eval", "--gold", str(path)])
    assert result.exit_code == 1 and "needs 'id', 'text' and 'skills'" in result.output


# Measured on the 300 ads of ../shared/eval/dev.jsonl (2026-12-07), less a small margin: a
# guard against regressions, not the target (the targets are measured on unseen ads).
# Skill detection and meta are rules and data: their figures are the same in and out of fold.
DEV_FLOORS = {
    ("tiers", "named", "precision"): 0.97,  # measured 0.982
    ("tiers", "named", "recall"): 0.975,  # 0.986
    ("tiers", "concept", "precision"): 0.89,  # 0.908 (0.906 before the phrase families)
    ("tiers", "concept", "recall"): 0.90,  # 0.921 (0.909 before)
    # rules tuned on the first 150 ads, then on causes seen in the second 150 too
    ("meta", "levels", "accuracy"): 0.96,  # 0.977
    ("meta", "levels", "per_level", "junior", "f1"): 0.92,  # 0.947
    ("meta", "years_min", "accuracy"): 0.97,  # 0.993
    ("meta", "salary", "precision"): 0.97,  # 1.0
    ("meta", "salary", "recall"): 0.97,  # 1.0
}
# Section labels are learned: floors on the pooled out-of-fold figures of `eval --folds 5`
# (a model trained per fold on the other folds' ads), never on the shipped model's
# in-sample ones.
DEV_OOF_FLOORS = {
    "label acc": 0.86,  # out of fold 0.876 (in-sample 0.904; the rules alone 0.873)
    "required P": 0.84,  # 0.863
    "required R": 0.865,  # 0.887
    "preferred P": 0.80,  # 0.823
    "preferred R": 0.72,  # 0.744
}


def test_dev_set_does_not_regress(shared: Path) -> None:
    """No figure on the real dev set falls below what it measured (skips without ../shared)."""
    gold = str(shared / "eval" / "dev.jsonl")
    result = runner.invoke(app, ["eval", "--gold", gold, "--folds", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for path, floor in DEV_FLOORS.items():
        value = data
        for key in path:
            value = value[key]
        assert value >= floor, f"{'/'.join(path)} = {value} < {floor}"
    pooled = data["cross_validation"]["out_of_fold"]
    assert data["cross_validation"]["learned"]
    for name, floor in DEV_OOF_FLOORS.items():
        assert pooled[name] >= floor, f"out-of-fold {name} = {pooled[name]} < {floor}"


def test_eval_folds(tmp_path: Path) -> None:
    gold = str(write_gold(tmp_path))
    data = json.loads(runner.invoke(app, ["eval", "--gold", gold, "--folds", "2", "--json"]).output)
    cv = data["cross_validation"]
    assert cv["k"] == 2 and len(cv["per_fold"]) == 2 and cv["learned"]
    assert cv["in_sample"]["label acc"] == data["sections"]["accuracy"]
    tables = runner.invoke(app, ["eval", "--gold", gold, "--folds", "2"]).output
    assert "2-fold cross-validation" in tables and "pooled" in tables


def test_eval_bad_folds(tmp_path: Path) -> None:
    gold = str(write_gold(tmp_path))
    for k, message in (("1", "at least 2 folds"), ("3", "needs at least 3 gold ads")):
        result = runner.invoke(app, ["eval", "--gold", gold, "--folds", k])
        assert result.exit_code == 1 and message in result.output
        assert "Traceback" not in result.output
