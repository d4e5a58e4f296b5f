"""A robots.txt Crawl-delay is honoured per site, and sites that ask nothing are not slowed:
two loopback servers (127.0.0.1 and localhost are two download slots); the delay the crawl
asks for each slot is recorded in its figures, never measured on the clock."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.sampleserver import SAMPLE_DATA, SampleServer
from skillgap.config import load_config
from skillgap.run.crawl import crawl
from tests.support.sample_sources import FAST


def test_crawl_delay_per_site(tmp_path: Path, db_url: str, data_dir: Path) -> None:
    (data_dir / "robots.txt").write_text(
        "User-agent: *\nCrawl-delay: 1\nDisallow: /careers/private/\n", encoding="utf-8"
    )
    with SampleServer(data_dir) as slow, SampleServer(SAMPLE_DATA) as quick:
        asks_nothing = quick.url.replace("127.0.0.1", "localhost")
        crawl_table = "\n".join(f"{k} = {json.dumps(v)}" for k, v in FAST.items())
        path = tmp_path / "delay.toml"
        path.write_text(
            f"""[store]
url = "{db_url}"

[crawl]
{crawl_table}

[[sources]]
type = "lever"
base_url = "{slow.url}"
companies = ["nimbusforge", "tallowtech"]

[[sources]]
type = "greenhouse"
base_url = "{asks_nothing}"
boards = ["quillfeather", "harborline"]
""",
            encoding="utf-8",
        )
        result = crawl(load_config(path), extract=False)
    assert result.status == "ok", result.errors
    lever, greenhouse = result.figures["lever"], result.figures["greenhouse"]
    assert lever["crawl_delay"] == {"127.0.0.1": 1.0}  # what robots.txt asked, per slot
    assert "crawl_delay" not in greenhouse  # the site that asks nothing keeps its pace
    assert lever["new"] == 3 and greenhouse["new"] == 5
