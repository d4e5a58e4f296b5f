"""`--db` on every command: a read-only command never creates a store, every command takes
the same forms (a plain SQLite path, sqlite:///, postgresql://), a bad URL is one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from tests.support.report_store import fill_store

runner = CliRunner()

# the commands that only read the store, with what each needs besides --db
READERS = {
    "report": lambda tmp: ["report", "-o", str(tmp / "out" / "r.html")],
    "gap": lambda tmp: ["gap", str(_checklist(tmp))],
    "runs": lambda tmp: ["runs"],
    "export": lambda tmp: ["export", "postings", "-o", str(tmp / "out" / "p.jsonl")],
    "sources": lambda tmp: ["sources"],
    "extract": lambda tmp: ["extract"],
    "prune": lambda tmp: ["prune", "--keep-html", "90d", "--dry-run"],
}
# every command that takes --db (the writers create a store where there is none)
WRITERS = {
    "crawl": lambda tmp: ["crawl"],
    "run": lambda tmp: ["run", "-o", str(tmp / "out" / "r.html")],
    "schedule": lambda tmp: ["schedule", "--cron", "0 6 * * *"],
}


def _checklist(tmp: Path) -> Path:
    path = tmp / "me.md"
    path.write_text("- [x] Python\n- [ ] Kubernetes\n", "utf-8")
    return path


def _invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("SKILLGAP_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(cwd / "xdg"))  # never the user's store
    return runner.invoke(app, args)


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("command", list(READERS))
def test_a_missing_store_is_refused_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.sqlite"
    args = READERS[command](tmp_path)
    before = _files(tmp_path)
    result = _invoke([*args, "--db", str(target)], tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    line = " ".join(result.output.split())
    assert f"no store at {target} (run `skillgap crawl`" in line
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert _files(tmp_path) == before  # no folder, no file, no empty report


@pytest.mark.parametrize("command", list(READERS))
def test_not_a_url_is_refused_and_nothing_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    args = READERS[command](tmp_path)
    before = _files(tmp_path)
    result = _invoke([*args, "--db", "not a url"], tmp_path, monkeypatch)
    assert result.exit_code == 1 and "no store at" in result.output
    assert "Traceback" not in result.output
    assert _files(tmp_path) == before


@pytest.mark.parametrize("command", [*READERS, *WRITERS])
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@db.invalid/jobs", "unsupported database 'mysql'"),
        ("postgresql:/localhost/jobs", "not a database URL"),
        ("sqlite:/x.sqlite", "not a database URL"),
    ],
)
def test_an_unsupported_url_is_one_line_and_nothing_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, url: str, message: str
) -> None:
    args = {**READERS, **WRITERS}[command](tmp_path)
    before = _files(tmp_path)
    result = _invoke([*args, "--db", url], tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _files(tmp_path) == before


def test_the_environment_variable_is_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SKILLGAP_DB", "mysql://user@db.invalid/jobs")
    result = runner.invoke(app, ["runs"])
    assert result.exit_code == 1 and "unsupported database" in result.output


def _forms(path: Path) -> list[str]:
    return [str(path), f"sqlite:///{path}"]


def test_every_reader_takes_a_plain_path_and_a_sqlite_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite"
    fill_store(path)
    monkeypatch.chdir(tmp_path)
    for db in _forms(path):
        for command, make in READERS.items():
            result = _invoke([*make(tmp_path), "--db", db], tmp_path, monkeypatch)
            assert result.exit_code == 0, (command, db, result.output)
        gap = _invoke(["gap", str(_checklist(tmp_path)), "--json", "--db", db], tmp_path,
                      monkeypatch)  # fmt: skip
        assert json.loads(gap.stdout)["coverage"] > 0


def test_a_default_store_that_is_not_there_still_lists_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --db, `skillgap sources` shows the configured sources before any crawl."""
    result = _invoke(["sources", "--json"], tmp_path, monkeypatch)
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert not (tmp_path / "xdg").exists()


def test_postgresql_urls_work_for_gap_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_cluster: Any
) -> None:
    from skillgap.store import Store
    from tests.support.report_store import invented_postings

    url = pg_cluster.create_database("dbforms")
    try:
        with Store.open(url) as store:
            store.upsert_many(invented_postings())
        plain = "postgresql://" + url.split("://", 1)[1]  # as a user writes it
        for db in (url, plain):
            gap = _invoke(["gap", str(_checklist(tmp_path)), "--json", "--db", db], tmp_path,
                          monkeypatch)  # fmt: skip
            assert gap.exit_code == 0, gap.output
            report = _invoke(["report", "-o", str(tmp_path / "r.html"), "--db", db], tmp_path,
                             monkeypatch)  # fmt: skip
            assert report.exit_code == 0, report.output
    finally:
        pg_cluster.drop_database("dbforms")
