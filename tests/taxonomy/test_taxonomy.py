"""The taxonomy file: contract ids, validation, clear errors."""

from __future__ import annotations

import csv
from pathlib import Path

from taxonomy import load_taxonomy
from taxonomy.check import check_taxonomy


def test_contains_every_contract_id(shared: Path) -> None:
    tax = load_taxonomy()
    with (shared / "contract" / "skill_ids.tsv").open() as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) > 90
    for row in rows:
        assert row["id"] in tax.skills, row["id"]
        assert tax.skills[row["id"]].tier == row["tier"]
        assert tax.skills[row["id"]].category == row["category"]


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "skills.yaml"
    path.write_text(body)
    return path


def test_bundled_taxonomy_checks_clean(shared: Path) -> None:
    result = check_taxonomy(load_taxonomy(), shared / "contract" / "skill_ids.tsv")
    assert result.problems == [] and result.warnings == []
    assert result.aliases > 1000


def test_check_reports_collisions_bad_patterns_and_unknown_refs(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
categories: [{id: lang, label: L}]
skills:
  - {id: go, label: Go, category: lang, aliases: [Golang], prerequisites: [nope]}
  - id: golang2
    label: Also Go
    category: lang
    aliases: [golang]
    patterns: [[{LOWERX: "go"}]]
  - {id: py, label: Python, category: misplaced, aliases: [{text: Python, also: [ghost]}]}
""",
    )
    result = check_taxonomy(load_taxonomy(path), contract=None)
    text = "\n".join(result.problems)
    assert "alias collision: 'golang'" in text
    assert "pattern #1 does not compile" in text
    assert "unknown prerequisite 'nope'" in text
    assert "unknown category 'misplaced'" in text
    assert "'also' names unknown 'ghost'" in text


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    """Loads are cached by content: an edited file never gives the old taxonomy."""
    body = "categories: [{id: lang, label: L}]\nskills:\n  - {id: go, label: %s, category: lang}\n"
    path = _write(tmp_path, body % "Go")
    first = load_taxonomy(path)
    assert load_taxonomy(path) is first  # the same content is parsed once
    path.write_text(body % "Golang")
    assert load_taxonomy(path).skills["go"].label == "Golang"
    assert first.skills["go"].label == "Go"
