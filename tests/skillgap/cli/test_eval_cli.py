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


def write_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in GOLD))
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


def test_eval_bad_gold(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1, "text": "x"}\n')
    result = runner.invoke(app, ["eval", "--gold", str(path)])
    assert result.exit_code == 1 and "needs 'id', 'text' and 'skills'" in result.output


# Measured on the 300 ads of ../shared/eval/dev.jsonl (2026-12-07), less a small margin: a
# guard against regressions, not the target (the targets are measured on unseen ads).
DEV_FLOORS = {
    ("tiers", "named", "precision"): 0.97,  # measured 0.982
    ("tiers", "named", "recall"): 0.975,  # 0.986
    ("tiers", "concept", "precision"): 0.89,  # 0.906
    ("tiers", "concept", "recall"): 0.89,  # 0.909
    ("sections", "accuracy"): 0.86,  # 0.873
    ("sections", "labels", "required", "recall"): 0.88,  # 0.894
    ("sections", "labels", "preferred", "precision"): 0.78,  # 0.804
    ("sections", "labels", "preferred", "recall"): 0.72,  # 0.742
}


def test_dev_set_does_not_regress(shared: Path) -> None:
    """No figure on the real dev set falls below what it measured (skips without ../shared)."""
    result = runner.invoke(app, ["eval", "--gold", str(shared / "eval" / "dev.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for path, floor in DEV_FLOORS.items():
        value = data
        for key in path:
            value = value[key]
        assert value >= floor, f"{'/'.join(path)} = {value} < {floor}"
