"""`skillgap gap`: bad input gives a clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.read import load_checklist
from analyzer.extract import Extractor
from skillgap.cli import app
from skillgap.run.demo import SAMPLE_CHECKLIST

runner = CliRunner()


def _gap(*args: str, db: str | None = None) -> tuple[int, str]:
    extra = ["--db", db] if db else []
    result = runner.invoke(app, ["gap", *args, *extra])
    return result.exit_code, result.output


BAD = {
    "binary.md": (b"\x7fELF\x02\x01\x01\x00" + bytes(200), "binary file"),
    "empty.md": (b"", "empty"),
    "blank.txt": (b"\n  \n", "empty"),
    "page.html": (b"<!doctype html><html><body><p>Go</p></body></html>", "unknown format"),
    "shape.json": (b'{"name": "me", "age": 3}', "unknown format"),
    "broken.yaml": (b"done: [Go\n", "not valid YAML"),
    # nested deeper than the parsers recurse: one line, not a RecursionError traceback
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "deep-map.json": (
        b'{"done": ' + b"[" * 5_000 + b'"Go"]' + b"]" * 4_999 + b"}",
        "nested too deeply",
    ),
    "deep.yaml": (b"done: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "nested too deeply"),
    "deep.md": (b"done:\n  - " + b"[" * 50_000 + b"\n", "nested too deeply"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_checklist_is_a_clear_error(tmp_path: Path, name: str) -> None:
    content, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, output = _gap(str(path), db=f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert code == 1
    assert "error:" in output and message in output
    assert "Traceback" not in output


def test_huge_checklist_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    code, output = _gap(str(path))
    assert code == 1 and "50.0 MB" in output and "Traceback" not in output


def test_missing_checklist(tmp_path: Path) -> None:
    code, output = _gap(str(tmp_path / "nope.md"))
    assert code == 1 and "not found" in output and "Traceback" not in output


def test_missing_store_says_what_to_run(tmp_path: Path) -> None:
    good = tmp_path / "me.md"
    good.write_text("- [x] Python\n")
    code, output = _gap(str(good), db=f"sqlite:///{tmp_path / 'nothing-here.sqlite'}")
    assert code == 1 and "skillgap crawl" in output and "skillgap demo" in output
    assert not (tmp_path / "nothing-here.sqlite").exists()  # looking does not create a store


def test_bad_since(tmp_path: Path) -> None:
    good = tmp_path / "me.md"
    good.write_text("- [x] Python\n")
    code, output = _gap(str(good), "--since", "last tuesday")
    assert code == 1 and "--since" in output and "Traceback" not in output


def test_bad_db_url(tmp_path: Path) -> None:
    good = tmp_path / "me.md"
    good.write_text("- [x] Python\n")
    code, output = _gap(str(good), db="not a url at all")
    assert code == 1 and "no store at" in output and "Traceback" not in output
    code, output = _gap(str(good), db="mysql://db/x")
    assert code == 1 and "unsupported database" in output and "Traceback" not in output


def test_checklist_from_the_config_or_a_clear_error(tmp_path: Path) -> None:
    code, output = _gap()
    assert code == 1 and "no CHECKLIST given" in output
    config = tmp_path / "skillgap.toml"
    config.write_text('[report]\nchecklists = ["plans/missing.md"]\n')
    code, output = _gap("--config", str(config))
    assert code == 1 and "checklist not found" in output and "missing.md" in output


def test_sample_checklist_ships_every_state(extractor: Extractor) -> None:
    mapper = ChecklistMapper(extractor=extractor)
    checklist = mapper.map_checklist(load_checklist(SAMPLE_CHECKLIST))
    assert checklist.title == "My backend plan"
    assert {i.state for i in checklist.items} == {"done", "learning", "todo", "skipped"}
    by_text = {i.text: i for i in checklist.items}
    assert by_text["Python"].state == "done" and by_text["Python"].skills == ("python",)
    assert by_text["PHP"].state == "skipped"
    assert by_text["Redis"].state == "learning"  # its study link is ticked
    assert by_text["Message Brokers"].category == "message-broker"
    assert [i.text for i in checklist.unmapped] == ["Side project ideas"]
    assert len(checklist.resources) == 1
