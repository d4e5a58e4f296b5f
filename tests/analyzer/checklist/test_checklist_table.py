"""CSV and TSV checklists with a status column, and files of no format skillgap reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.checklist.model import ChecklistError
from analyzer.checklist.read import detect_format, load_checklist, parse_checklist


def _read(tmp_path: Path, name: str, text: str) -> list[tuple[str, str, int]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    checklist = load_checklist(path)
    return [(i.text, i.state, i.line) for i in checklist.items]


def test_csv_rows_keep_their_states(tmp_path: Path) -> None:
    text = "Python,done\nGo,Learning\nKafka,TODO\nPHP,skipped\nRedis,\nSQL,In progress\n"
    assert _read(tmp_path, "me.csv", text) == [
        ("Python", "done", 1), ("Go", "learning", 2), ("Kafka", "todo", 3),
        ("PHP", "skipped", 4), ("Redis", "todo", 5), ("SQL", "learning", 6),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "state"),
    [("yes", "done"), ("Y", "done"), ("x", "done"), ("X", "done"), ("✓", "done"),
     ("✔", "done"), ("✅", "done"), ("[x]", "done"), ("TRUE", "done"), ("no", "todo"),
     ("N", "todo"), ("[ ]", "todo"), ("", "todo"), ("WIP", "learning"),
     ("completed", "done"), ("Planned", "todo"), ("won't do", "skipped"), ("❌", "skipped")],
)  # fmt: skip
def test_status_words_in_any_case(tmp_path: Path, cell: str, state: str) -> None:
    assert _read(tmp_path, "me.tsv", f"skill\tstatus\nDocker\t{cell}\n") == [("Docker", state, 2)]


def test_header_names_the_columns_in_any_order(tmp_path: Path) -> None:
    text = "done;notes;topic\nyes;from work;Python\nno;;Go\n"
    assert _read(tmp_path, "me.csv", text) == [("Python", "done", 2), ("Go", "todo", 3)]
    quoted = 'skill,done\n"Python, the language",x\n'
    assert _read(tmp_path, "q.csv", quoted) == [("Python, the language", "done", 2)]


def test_an_unknown_status_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "me.csv"
    path.write_text("Python,done\nGo,dun\n", encoding="utf-8")
    checklist = load_checklist(path)
    assert [(i.text, i.state) for i in checklist.items] == [("Python", "done"), ("Go", "todo")]
    assert checklist.warnings == [
        "line 2: unknown status 'dun' for 'Go', read as todo (use done, learning, todo or "
        "skipped; yes/no, x or a check mark also work)"
    ]


def test_a_table_is_recognised_by_its_content_too() -> None:
    """Without an extension (stdin, a .txt file) "Python,done" is a table row, never a
    topic named "Python,done"."""
    assert detect_format("Python,done\nGo,learning\n") == "csv"
    assert detect_format("Python,done\n", ".txt") == "csv"
    assert detect_format("skill\tstatus\nGo\t\n") == "tsv"
    checklist = parse_checklist("Python,done\nGo,learning\n", "stdin")
    assert [(i.text, i.state) for i in checklist.items] == [("Python", "done"), ("Go", "learning")]
    # topics that merely contain commas stay plain text
    assert detect_format("Python, Django\nGo, Gin\n") == "text"
    assert detect_format("Skills, soft and hard\nGo, Rust\n") == "text"
    assert detect_format("- [x] Python, done\n") == "markdown"


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.docx", "plan.org", "plan.html", "plan.pdf"])
def test_a_file_of_another_format_is_refused_with_the_formats_read(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text("* TODO Python\n- [x] Go\n", encoding="utf-8")  # text, but not ours
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    message = str(caught.value)
    assert message.startswith(f"unknown format: {name} is a .{name.rsplit('.', 1)[1]} file")
    for accepted in ("Markdown (.md", "plain text (.txt", "CSV or TSV", ".json", ".yaml"):
        assert accepted in message


def test_html_content_is_refused_with_the_formats_read() -> None:
    with pytest.raises(ChecklistError, match=r"unknown format: .*HTML.*CSV or TSV"):
        detect_format("<!doctype html><p>Go</p>")
