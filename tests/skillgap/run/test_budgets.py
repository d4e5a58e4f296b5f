"""Time budgets (issue 20.3): a source that answers just under the timeout is cut short by
its own budget or the run's; the run says which, keeps what was stored, closes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.sampleserver import Fault, SampleServer
from skillgap.cli import app
from skillgap.config import load_config
from skillgap.run.budgets import DEFAULTS, Budget, BudgetError, crawl_budget, time_budgets
from skillgap.run.crawl import crawl, source_status
from skillgap.run.pipeline import PipelineOptions, run_pipeline
from skillgap.store import Store
from tests.support.sample_sources import MakeConfig

SLOW = ("/v1/boards/quillfeather/jobs", "/v1/boards/harborline/jobs")


def slow_greenhouse(server: SampleServer) -> None:
    """Each board answers 2.5 s late: just under the 3 s request timeout of the tests."""
    for path in SLOW:
        server.faults[path] = Fault(delay=2.5)


def test_budgets_from_the_config_with_defaults(make_config: MakeConfig) -> None:
    assert time_budgets(make_config()) == (DEFAULTS["source_budget"], DEFAULTS["run_budget"])
    assert time_budgets(make_config(source_budget=60, run_budget=0)) == (60.0, 0.0)
    for bad in ("fast", -1, True):
        with pytest.raises(BudgetError, match="source_budget must be a number of seconds"):
            time_budgets(make_config(source_budget=bad))
    # each source gets the smaller: its own budget, or what is left of the run's
    assert crawl_budget(600, 3000) == Budget(600, "source")
    assert crawl_budget(600, 120.5) == Budget(120.5, "run")
    assert crawl_budget(0, 0.2) == Budget(1.0, "run")  # at least a second
    assert crawl_budget(0, None) is None


def test_a_slow_source_is_cut_short_by_its_budget_and_keeps_what_it_had(
    make_config: MakeConfig, server: SampleServer, db_url: str
) -> None:
    config = make_config(source_budget=1)
    first = crawl(config, ["greenhouse"], extract=False)  # answers at once: within budget
    assert first.status == "ok" and "cut_short" not in first.figures["greenhouse"]
    slow_greenhouse(server)
    result = crawl(config, ["greenhouse"], extract=False)
    fig = result.figures["greenhouse"]
    assert fig["cut_short"] is True and fig["errors"] == 0 and fig["closed"] == 0
    assert source_status(fig) == "partial" and result.status == "partial"
    said = "greenhouse: cut short by its time budget (1 s)"
    assert any(note.startswith(said) for note in result.notes)
    assert result.errors["greenhouse"][-1].startswith(said)
    with Store.open(db_url) as store:
        assert store.postings_frame().closed_at.isna().all()  # nothing marked closed
        last = store.runs_frame().iloc[-1]
    assert last.status == "partial" and said in last.error


def test_the_run_budget_cuts_the_crawl_of_a_run_and_the_run_says_so(
    make_config: MakeConfig, server: SampleServer, db_url: str, tmp_path: Path
) -> None:
    config = make_config(source_budget=0, run_budget=1)
    slow_greenhouse(server)
    result = run_pipeline(
        config, PipelineOptions(sources=["greenhouse"], report_path=tmp_path / "r.html")
    )
    assert result.status == "partial" and result.figures["greenhouse"]["cut_short"]
    problem = "crawl: greenhouse partial (0 errors): greenhouse: cut short by the run's time budget"
    assert any(p.startswith(problem) for p in result.problems), result.problems
    assert result.report is not None  # the report is still written from what was stored


def test_a_bad_budget_is_one_line_and_nothing_is_created(
    make_config: MakeConfig, db_url: str
) -> None:
    config = make_config(run_budget="1h")
    for command in ("crawl", "run"):
        out = CliRunner().invoke(app, [command, "--config", str(config.path)])
        assert out.exit_code == 1, out.output
        assert "run_budget must be a number of seconds" in out.output
        assert "Traceback" not in out.output
    assert not Path(db_url.removeprefix("sqlite:///")).exists()
    assert load_config(config.path).raw["crawl"]["run_budget"] == "1h"
