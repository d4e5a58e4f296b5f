"""`skillgap train sections` on a small invented gold file, and `eval --folds` of a model."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from skillgap.cli import app
from tests.support.section_gold import SECTION_GOLD_ADS

runner = CliRunner()

ADS = SECTION_GOLD_ADS[:3]


def write_gold(tmp_path: Path, sections: bool = True) -> Path:
    path = tmp_path / ("gold.jsonl" if sections else "unlabelled.jsonl")
    rows = [
        {"id": f"ad{i}", "text": t, "skills": sorted(s), **({"sections": s} if sections else {})}
        for i, (t, s) in enumerate(ADS * 2)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_train_writes_a_json_model_with_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    result = runner.invoke(
        app, ["train", "sections", "--gold", str(write_gold(tmp_path)), "--out", str(out),
              "--folds", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2-fold cross-validation" in result.output and "wrote" in result.output
    data = json.loads(out.read_text())
    assert data["format"] == "skillgap-section-model/1" and data["weights"]
    assert data["training"]["ads"] == 6 and data["training"]["folds"] == 2
    assert set(data["training"]) >= {"in_sample", "out_of_fold", "rules", "gold_sha256"}
    assert not list(tmp_path.glob("*.tmp"))


def test_train_refuses_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    cases = [
        (["--gold", str(write_gold(tmp_path, sections=False)), "--out", str(out)], "no gold line"),
        (["--gold", str(tmp_path / "none.jsonl"), "--out", str(out)], "cannot read gold"),
        (["--gold", str(write_gold(tmp_path)), "--out", str(tmp_path / "no" / "m.json")],
         "no folder"),
        (["--gold", str(write_gold(tmp_path)), "--out", str(out), "--folds", "1"], "at least 2"),
    ]  # fmt: skip
    for args, message in cases:
        result = runner.invoke(app, ["train", "sections", *args])
        assert result.exit_code == 1 and message in result.output, result.output
        assert "Traceback" not in result.output
    assert not out.exists()


def test_eval_folds_trains_per_fold(tmp_path: Path) -> None:
    gold = str(write_gold(tmp_path))
    data = json.loads(runner.invoke(app, ["eval", "--gold", gold, "--folds", "2", "--json"]).output)
    cv = data["cross_validation"]
    assert cv["learned"] and "learned per fold" in cv["note"]
    rules = runner.invoke(app, ["eval", "--gold", gold, "--folds", "2", "--rules", "--json"])
    assert not json.loads(rules.output)["cross_validation"]["learned"]


def test_eval_folds_with_nothing_to_learn(tmp_path: Path) -> None:
    """Gold lines without 'sections': the folds fall back to the rules, no traceback."""
    gold = str(write_gold(tmp_path, sections=False))
    result = runner.invoke(app, ["eval", "--gold", gold, "--folds", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["cross_validation"]["out_of_fold"]["ads"] == 6
