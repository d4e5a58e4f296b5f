"""Text from sources, HTTP headers, checklists and the config is printed as it is: never
read as terminal markup (`[/boom]` crashed rich, `[link=...]` made a hyperlink)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.read import load_checklist
from crawler.sampleserver import Fault, SampleServer
from skillgap.cli import app
from skillgap.cli.gap_view import print_gap
from skillgap.cli.history_view import runs_table
from skillgap.run.gap import hold_against, read_demand
from skillgap.store import Store
from taxonomy import load_taxonomy
from tests.support.report_store import fill_store
from tests.support.sample_sources import MakeConfig

runner = CliRunner()
HOSTILE_TYPE = "text/html; x=[/boom] [link=http://evil.example]y"
EVIL_NAME = "evil[/name] [link=http://evil.example]src"


def hostile_config(make_config: MakeConfig, server: SampleServer) -> Path:
    server.faults["/v1/boards/quillfeather/jobs"] = Fault(
        body=b"<html><body>[/boom] not JSON</body></html>", content_type=HOSTILE_TYPE
    )
    extra = (f'[[sources]]\ntype = "greenhouse"\nname = "{EVIL_NAME}"\n'
             f'base_url = "{server.url}"\nboards = ["quillfeather"]\n')  # fmt: skip
    path = make_config(extra).path
    assert path is not None
    return path


@pytest.mark.parametrize("command", ["crawl", "run"])
def test_a_hostile_content_type_is_printed_as_it_is(
    make_config: MakeConfig, server: SampleServer, tmp_path: Path, command: str
) -> None:
    config = hostile_config(make_config, server)
    args = [command, "--config", str(config), "--source", EVIL_NAME]
    if command == "run":
        args += ["-o", str(tmp_path / "report.html")]
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output  # the only source failed
    output = " ".join(result.output.split())
    assert "Traceback" not in output and "MarkupError" not in output
    assert f"got {HOSTILE_TYPE}" in output  # [/boom] and [link=...] shown literally
    assert EVIL_NAME in output


def test_runs_table_shows_source_names_and_errors_as_they_are() -> None:
    run = {"id": 1, "kind": "crawl", "started_at": "2026-12-01T06:00:00", "seconds": 3.0,
           "status": "failed", "figures": {EVIL_NAME: {"errors": 2}},
           "error": f"{EVIL_NAME}: got {HOSTILE_TYPE}"}  # fmt: skip
    buf = io.StringIO()
    Console(file=buf, width=400).print(runs_table([run]))  # a console reading markup
    text = buf.getvalue()
    assert f"{EVIL_NAME}: 2 errors" in text and f"got {HOSTILE_TYPE}" in text


CHECKLIST = """# Plan [/title]
- [x] Python
- [ ] x [/nope]
- [ ] read [link=evil.example]this[/link]
- [/] Docker [bold]
"""


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fill_store(tmp_path_factory.mktemp("store") / "skillgap.sqlite")


def test_gap_prints_checklist_items_as_they_are(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "plan [bold].md"
    path.write_text(CHECKLIST)
    result = runner.invoke(app, ["gap", str(path), "--db", store_url, "-o",
                                 str(tmp_path / "gap.html")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "x [/nope]" in result.output
    assert "read [link=evil.example]this[/link]" in result.output
    assert f"wrote {tmp_path / 'gap.html'}" in " ".join(result.output.split())


def test_print_gap_is_safe_on_any_console(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(CHECKLIST)
    tax = load_taxonomy()
    with Store.open(store_url, create=False) as store:
        demand = read_demand(store)
    report = hold_against(load_checklist(path), demand, tax, ChecklistMapper(taxonomy=tax))
    buf = io.StringIO()
    print_gap(report, Console(file=buf, width=200))  # markup on: items must not be read
    assert "x [/nope]" in buf.getvalue()
    assert "[link=evil.example]this[/link]" in buf.getvalue()


def test_the_consoles_read_no_markup_and_no_command_writes_any() -> None:
    """Markup strings would now print literally: styling is given as Text (`styled`)."""
    import re

    from skillgap.cli.common import err, out

    assert not out._markup and not err._markup
    tag = re.compile(r"\[/\]|\[/?(bold|red|yellow|green|cyan|dim|magenta|white|link)[\] =]")
    cli = Path(__file__).parents[3] / "skillgap" / "cli"
    found = [
        f"{p.name}:{n}"
        for p in sorted(cli.glob("*.py"))
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if tag.search(line)
    ]
    assert found == []
