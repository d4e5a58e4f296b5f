"""`skillgap demo`: the whole pipeline offline, on the bundled sample sources."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crawler.sampleserver import SampleServer, sample_config
from skillgap.config import load_config
from skillgap.run.pipeline import PipelineError, PipelineOptions, PipelineResult, run_pipeline

SAMPLE_CHECKLIST = Path(__file__).parents[1] / "sample_checklist.md"
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
    store_url: str | None  # set when the store was kept


def run_demo(output: Path, keep_store: bool = False) -> DemoResult:
    """Serve the samples on 127.0.0.1, crawl them into a fresh store, write report + gap page."""
    output = Path(output).expanduser().resolve()
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(f"cannot create the output folder {output}: {exc.strerror}") from None
    work = Path(tempfile.mkdtemp(prefix="skillgap-demo-"))
    store_dir = output if keep_store else work
    store_url = f"sqlite:///{store_dir / 'demo-store.sqlite'}"
    if keep_store:
        (store_dir / "demo-store.sqlite").unlink(missing_ok=True)  # a fresh store each time
    try:
        with SampleServer() as server:
            config_path = work / "demo.toml"
            config_path.write_text(sample_config(server.url, store_url, DEMO_CRAWL), "utf-8")
            config = load_config(config_path)
            options = PipelineOptions(
                report_path=output / "report.html", checklists=[SAMPLE_CHECKLIST]
            )
            result = run_pipeline(config, options)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return DemoResult(result, output, store_url if keep_store else None)
