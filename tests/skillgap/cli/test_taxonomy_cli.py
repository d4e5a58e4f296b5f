"""`skillgap taxonomy check|list|show`: clear output and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from taxonomy import TaxonomyError, load_taxonomy

runner = CliRunner()


def test_check_cli_ok(shared: Path) -> None:
    result = runner.invoke(app, ["taxonomy", "check", "--seeds", str(shared / "seeds")])
    assert result.exit_code == 0, result.output
    assert "taxonomy ok" in result.output


BROKEN = {
    "bad yaml": "skills: [\n",
    "duplicate id": """
categories: [{id: lang, label: L}]
skills:
  - {id: go, label: Go, category: lang, aliases: [Golang]}
  - {id: go, label: Go2, category: lang, aliases: [Go2]}
""",
    "unknown tier": """
categories: [{id: lang, label: L}]
skills: [{id: go, label: Go, category: lang, tier: famous, aliases: [Golang]}]
""",
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_gives_clear_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / "skills.yaml"
    path.write_text(BROKEN[name])
    with pytest.raises(TaxonomyError):
        load_taxonomy(path)
    result = runner.invoke(
        app, ["taxonomy", "check", "--taxonomy", str(path), "--seeds", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_list_and_show() -> None:
    listed = runner.invoke(app, ["taxonomy", "list", "--category", "language"])
    assert listed.exit_code == 0 and "python" in listed.output and "kafka" not in listed.output
    shown = runner.invoke(app, ["taxonomy", "show", "go"])
    assert shown.exit_code == 0 and "Golang" in shown.output and "exact case" in shown.output
    missing = runner.invoke(app, ["taxonomy", "show", "kafak"])
    assert missing.exit_code == 1 and "did you mean kafka" in missing.output


@pytest.mark.parametrize(
    ("name", "skill"),
    [("golang", "go"), ("Go", "go"), ("GOLANG", "go"), ("k8s", "kubernetes"),
     ("K8S", "kubernetes"), ("Kubernetes", "kubernetes"), ("node", "nodejs"),
     ("PostgreSQL", "postgresql")],
)  # fmt: skip
def test_show_finds_a_skill_by_any_name_in_any_case(name: str, skill: str) -> None:
    result = runner.invoke(app, ["taxonomy", "show", name])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{skill}: ")


def test_show_an_unknown_name_is_one_line() -> None:
    result = runner.invoke(app, ["taxonomy", "show", "cobolx"])
    assert result.exit_code == 1 and "no skill 'cobolx'" in result.output
