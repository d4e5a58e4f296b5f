"""`scrapy crawl NAME` works too: scrapy.cfg, settings and a spider per config source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from skillgap.store import Store
from tests.support.paths import REPO

SCRAPY = Path(sys.executable).with_name("scrapy")


def test_scrapy_crawl_a_config_source_records_its_own_run(make_config: Any, db_url: str) -> None:
    config = make_config(download_delay=0.05)
    env = {**os.environ, "SKILLGAP_CONFIG": str(config.path), "SKILLGAP_DB": db_url}
    listed = subprocess.run(
        [str(SCRAPY), "list"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert {"weworkremotely", "careers", "greenhouse", "jsonld"} <= set(listed.stdout.split())
    done = subprocess.run(
        [str(SCRAPY), "crawl", "weworkremotely", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'skillgap/new': 3" in done.stderr
    assert "'DOWNLOAD_DELAY': 0.05" in done.stderr  # the config's [crawl] table applies
    with Store.open(db_url) as store:
        df = store.postings_frame()
        runs = store.runs_frame()
    assert sorted(df.company) == ["Brightwell Insurance", "Fernway", "Saltmarsh Analytics"]
    assert list(runs.status) == ["ok"] and '"weworkremotely"' in runs.iloc[0].figures
