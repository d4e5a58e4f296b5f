"""`skillgap demo`: the whole pipeline offline, on the bundled sample sources."""

from __future__ import annotations

import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crawler.sampleserver import SampleServer, sample_config
from skillgap.config import load_config
from skillgap.run.pipeline import PipelineError, PipelineOptions, PipelineResult, run_pipeline

SAMPLE_CHECKLIST = Path(__file__).parents[1] / "sample_checklist.md"
DEMO_STORE = "store.sqlite"  # in the output folder: skillgap-demo/store.sqlite by default
NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "explore_store.ipynb"  # in a clone
# loopback is fast and ours: no politeness delays, quick retries
DEMO_CRAWL = {
    "download_delay": 0,
    "autothrottle": False,
    "retries": 1,
    "backoff_base": 0.2,
    "timeout": 10,
}


@dataclass
class DemoResult:
    result: PipelineResult
    output: Path
    store: Path  # the demo's store: kept, so gap, report and the notebook can read it


def run_demo(output: Path) -> DemoResult:
    """Serve the samples on 127.0.0.1, crawl them into a fresh store in the output folder
    (`store.sqlite`, replaced each time), write report + gap page marked as sample data."""
    output = Path(output).expanduser().resolve()
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(f"cannot create the output folder {output}: {exc.strerror}") from None
    store = output / DEMO_STORE
    for suffix in ("", "-wal", "-shm"):  # a fresh store each time
        store.with_name(store.name + suffix).unlink(missing_ok=True)
    work = Path(tempfile.mkdtemp(prefix="skillgap-demo-"))
    try:
        with SampleServer() as server:
            config_path = work / "demo.toml"
            config_path.write_text(
                sample_config(server.url, f"sqlite:///{store}", DEMO_CRAWL), "utf-8"
            )
            config = load_config(config_path)
            options = PipelineOptions(
                report_path=output / "report.html",
                checklists=[SAMPLE_CHECKLIST],
                sample_data=True,
            )
            result = run_pipeline(config, options)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return DemoResult(result, output, store)


def shown_path(path: Path) -> str:
    """A path as a user would type it here: relative below the current folder, quoted."""
    try:
        text = str(path.relative_to(Path.cwd()))
    except ValueError:
        text = str(path)
    return shlex.quote(text)


def program() -> str:
    """How this skillgap was started (`.venv/bin/skillgap` under `make demo`), else
    `skillgap`: the command a user can paste."""
    started = Path(sys.argv[0])
    if started.name != "skillgap":
        return "skillgap"
    found = shutil.which("skillgap")
    if found and Path(found).resolve() == started.resolve():
        return "skillgap"
    return shown_path(started.resolve())


def next_commands(store: Path) -> list[str]:
    """The exact commands that go on from the demo's store (printed at its end): the
    learner's own checklist, the report, the notebook (in a clone), the real crawl."""
    db, me = shown_path(store), program()
    lines = [
        f"{me} gap MY_CHECKLIST.md --db {db}",
        f"{me} report --db {db} -o my-report.html",
    ]
    if NOTEBOOK.exists():  # the kernel runs in notebooks/: the store's full path
        lines.append(
            f"SKILLGAP_DB={shlex.quote(str(store))} jupyter lab {shown_path(NOTEBOOK)}"
            "   (pip install jupyterlab)"
        )
    lines.append(f"{me} run   (the real thing: crawls the configured sources, needs network)")
    return lines
