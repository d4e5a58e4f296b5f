"""Distributed crawls (issue 23): processes sharing one Redis queue and duplicate filter
write to one PostgreSQL store; extraction workers claim postings with SKIP LOCKED."""

from __future__ import annotations

import html
import json
import threading
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import func, select

from crawler.sampleserver import SampleServer
from skillgap.config import load_config
from skillgap.run.crawl import CrawlError, CrawlResult, crawl
from skillgap.run.extract import extract_pending
from skillgap.store import Store
from skillgap.store.schema import mentions
from tests.support.posting_factory import make_posting

BOARDS = 24
PER_BOARD = 3
SKILLS = ["Python", "PostgreSQL", "Kafka", "Go", "Docker", "Kubernetes", "Redis", "gRPC"]


def _board(b: int) -> dict[str, Any]:
    jobs = []
    for k in range(PER_BOARD):
        n = b * 100 + k
        asks = ", ".join(SKILLS[(n + i) % len(SKILLS)] for i in range(3))
        body = (f"<p>Board {b} builds payment APIs, role {n}.</p><h3>Requirements</h3>"
                f"<ul><li>Backend services in {asks}</li><li>{k + 2}+ years of experience"
                "</li></ul>")  # fmt: skip
        jobs.append({"id": 7000 + n, "title": f"Backend Engineer {n}",
                     "absolute_url": f"https://board{b}.example/jobs/{n}",
                     "location": {"name": "Remote"}, "content": html.escape(body),
                     "updated_at": "2026-11-10T15:30:00-05:00"})  # fmt: skip
    return {"jobs": jobs}


def _config(tmp_path: Path, base: str, db_url: str) -> Path:
    data = tmp_path / "data"
    (data / "greenhouse").mkdir(parents=True)
    (data / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    for b in range(BOARDS):
        (data / "greenhouse" / f"co{b}.json").write_text(json.dumps(_board(b)))
    boards = json.dumps([f"co{b}" for b in range(BOARDS)])
    path = tmp_path / "config.toml"
    path.write_text(
        f'[store]\nurl = "{db_url}"\n\n[crawl]\ndownload_delay = 0\nautothrottle = false\n'
        f'concurrency = 4\n\n[[sources]]\ntype = "greenhouse"\nname = "gh"\n'
        f'base_url = "{base}"\nboards = {boards}\n'
    )
    return data


@pytest.fixture
def pg_url(pg_cluster: Any) -> Any:
    url = pg_cluster.create_database("distributed")
    yield url
    pg_cluster.drop_database("distributed")


def test_two_processes_share_the_crawl_and_store_every_posting_once(
    tmp_path: Path, pg_url: str, redis_server: Any
) -> None:
    data = _config(tmp_path, "http://127.0.0.1:0", pg_url)  # port known once it runs
    with SampleServer(data_dir=data) as server:
        text = (tmp_path / "config.toml").read_text()
        (tmp_path / "config.toml").write_text(text.replace("http://127.0.0.1:0", server.url))
        config = load_config(tmp_path / "config.toml")
        results: list[CrawlResult] = []

        def one() -> None:
            results.append(crawl(config, distributed=redis_server.url))

        threads = [threading.Thread(target=one) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        board_hits = [len(server.hits(f"/v1/boards/co{b}/jobs")) for b in range(BOARDS)]
    assert len(results) == 2 and {r.status for r in results} == {"ok"}
    assert board_hits == [1] * BOARDS  # every board fetched by one process only
    outcomes = [r.figures["gh"] for r in results]
    assert sum(f["new"] for f in outcomes) == BOARDS * PER_BOARD
    assert sum(f["unchanged"] + f["updated"] for f in outcomes) == 0
    with Store.open(pg_url) as store:
        stats = store.stats()
        assert stats.postings == stats.extracted == BOARDS * PER_BOARD
        with store.read() as conn:
            dupes = conn.execute(
                select(func.count()).select_from(
                    select(mentions.c.posting_id, mentions.c.skill, mentions.c.start)
                    .group_by(mentions.c.posting_id, mentions.c.skill, mentions.c.start)
                    .having(func.count() > 1)
                    .subquery()
                )
            ).scalar()
        assert dupes == 0 and stats.mentions > 0
    client = redis.Redis.from_url(redis_server.url)
    assert client.keys("skillgap:gh:*") == [b"skillgap:gh:dupefilter"]  # the queue is gone,
    assert 0 < client.ttl("skillgap:gh:dupefilter") <= 60  # the filter expires soon
    client.delete("skillgap:gh:dupefilter")


def test_extraction_workers_claim_disjoint_postings(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        store.upsert_many([make_posting(f"p{i}", description_text="Python and Kafka " * 10)
                           for i in range(6)])  # fmt: skip
        with (
            store.claim_pending("tax", 4) as (_c1, first),
            store.claim_pending("tax", 4) as (_c2, second),
        ):
            assert len(first) == 4 and len(second) == 2  # the locked four are skipped
            assert not {r.id for r in first} & {r.id for r in second}
        stats = extract_pending(store)  # the claiming loop tags them all, once
        assert stats.extracted == 6 and store.pending_extraction(stats.taxonomy) == []
        store.upsert_many([make_posting(f"q{i}", description_text="Go and Redis " * 10)
                           for i in range(9)])  # fmt: skip
        stats = extract_pending(store, workers=2)  # two processes claiming batches
        assert stats.workers == 2 and stats.extracted == 9
        assert store.pending_extraction(stats.taxonomy) == [] and store.stats().extracted == 15


def test_claiming_needs_postgresql(tmp_path: Path) -> None:
    with (
        Store.open(f"sqlite:///{tmp_path / 's.sqlite'}") as store,
        pytest.raises(Exception, match="needs PostgreSQL"),
        store.claim_pending("tax", 4),
    ):
        pass


def test_a_bad_or_unreachable_redis_is_one_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "s.sqlite"}"\n\n[[sources]]\n'
                      'type = "remoteok"\nbase_url = "http://127.0.0.1:9"\n')  # fmt: skip
    cfg = load_config(config)
    with pytest.raises(CrawlError, match="wants a redis:// URL"):
        crawl(cfg, distributed="http://127.0.0.1:6379")
    with pytest.raises(CrawlError, match="cannot reach Redis"):
        crawl(cfg, distributed="redis://127.0.0.1:9/0")
    assert not (tmp_path / "s.sqlite").exists()  # nothing created


def test_the_cli_says_so_in_one_line_and_exits_1(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from skillgap.cli import app

    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\ntype = "remoteok"\nbase_url = "http://127.0.0.1:9"\n')
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    result = CliRunner().invoke(app, ["crawl", "--config", str(config), "--db", db,
                                      "--distributed", "redis://127.0.0.1:9/0"])  # fmt: skip
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach Redis" in lines[0], result.output
    assert "Traceback" not in result.output
