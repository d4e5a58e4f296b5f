"""Boards that answer 404: reported, skipped by later crawls, and asked again by
`skillgap sources --check` (the loopback sample server answers 404 for a board it lacks)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from crawler.sampleserver import SampleServer
from skillgap.cli import app
from skillgap.config import load_config
from skillgap.run.crawl import crawl
from skillgap.store import Store

GONE = "/v1/boards/oldco/jobs"  # no fixture: the sample server answers 404


def test_a_gone_board_is_reported_skipped_and_checked_again(
    make_config: Any, server: SampleServer, data_dir: Path, db_url: str
) -> None:
    config = make_config()
    path = Path(str(config.path))
    path.write_text(path.read_text().replace('"harborline"]', '"harborline", "oldco"]'))
    first = crawl(load_config(path), ["greenhouse"], extract=False)
    assert first.status == "ok"  # a gone board is no error: the other boards close normally
    assert first.figures["greenhouse"]["gone"] == [{"board": "oldco", "status": 404}]
    assert any("boards gone: oldco (HTTP 404)" in n for n in first.notes)
    with Store.open(db_url) as store:
        assert [(g.source, g.board, g.status) for g in store.gone_boards()] == [
            ("greenhouse", "oldco", 404)
        ]
    hits = len(server.hits(GONE))
    second = crawl(load_config(path), ["greenhouse"], extract=False)
    assert len(server.hits(GONE)) == hits  # not asked again
    assert second.figures["greenhouse"]["skipped"] == ["oldco"] and second.status == "ok"
    assert second.figures["greenhouse"]["unchanged"] == 5

    runner = CliRunner()
    res = runner.invoke(app, ["sources", "--config", str(path), "--json"])
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert rows["greenhouse"]["gone_boards"] == ["oldco"]
    res = runner.invoke(app, ["sources", "--config", str(path), "--check"])
    assert res.exit_code == 0, res.output
    assert "oldco" in res.stdout and "still gone" in res.stdout
    assert len(server.hits(GONE)) == hits + 1  # the check asked once

    shutil.copy(data_dir / "greenhouse" / "harborline.json", data_dir / "greenhouse" / "oldco.json")
    res = runner.invoke(app, ["sources", "--config", str(path), "--check", "--json"])
    assert res.exit_code == 0, res.output
    (check,) = json.loads(res.stdout)
    assert (check["board"], check["status"], check["outcome"]) == ("oldco", 200, "back")
    with Store.open(db_url) as store:
        assert store.gone_boards() == []
    third = crawl(load_config(path), ["greenhouse"], extract=False)
    assert len(server.hits(GONE)) == hits + 3  # crawled again (the check asked twice)
    assert "gone" not in third.figures["greenhouse"]
