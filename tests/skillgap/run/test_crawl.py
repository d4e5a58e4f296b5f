"""End to end: the real spiders crawl the loopback sample server into a real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from crawler.items import SOURCE_TYPES
from crawler.sampleserver import SampleServer
from skillgap import PROJECT_URL
from skillgap.cli import app
from skillgap.run.crawl import crawl
from skillgap.store import Store

# What the sample fixtures hold, per source: backend ads kept, and what is dropped and why.
EXPECTED_NEW = {"greenhouse": 5, "lever": 3, "ashby": 2, "workable": 2, "recruitee": 2,
                "personio": 2, "teamtailor": 2, "remoteok": 3, "remotive": 2, "himalayas": 3,
                "themuse": 2, "weworkremotely": 3, "hackernews": 5, "careers": 3}  # fmt: skip
EXPECTED_DROPPED = {
    "greenhouse": {"excluded_title": 2},
    "lever": {"excluded_title": 1},
    "ashby": {"excluded_title": 1, "unlisted": 1},
    "workable": {"excluded_title": 1},
    "recruitee": {},
    "personio": {},
    "teamtailor": {},
    "remoteok": {"excluded_title": 1, "missing_title": 1},
    "remotive": {},
    "himalayas": {},
    "themuse": {"excluded_title": 1},
    "weworkremotely": {"not_backend": 1},
    "hackernews": {"deleted": 2, "excluded_title": 1},
    "careers": {"excluded_title": 1, "no_jobposting": 1, "robots_txt": 1},
}


def postings(db_url: str, include_closed: bool = True) -> Any:
    with Store.open(db_url) as store:
        return store.postings_frame(include_closed=include_closed)


def test_full_crawl_then_incremental_recrawls(
    make_config: Any, server: SampleServer, data_dir: Path, db_url: str
) -> None:
    config = make_config()
    first = crawl(config, extract=False)
    assert first.status == "ok", first.errors
    assert {n: f["new"] for n, f in first.figures.items()} == EXPECTED_NEW
    assert {n: f["dropped"] for n, f in first.figures.items()} == EXPECTED_DROPPED
    assert all(f["errors"] == 0 and f["closed"] == 0 for f in first.figures.values())
    for f in first.figures.values():  # every fetched entry is accounted for
        assert f["fetched"] == f["new"] + sum(f["dropped"].values())

    df = postings(db_url)
    assert len(df) == sum(EXPECTED_NEW.values())
    assert not df.duplicated(["source", "external_id"]).any()
    assert set(df.source_type) == set(SOURCE_TYPES)  # every source type has a sample
    assert (df[df.source == "remoteok"].attribution == "RemoteOK").all()
    assert (df[df.source == "remotive"].attribution == "Remotive").all()
    assert (df[df.source == "himalayas"].attribution == "Himalayas").all()
    assert "Backend Engineer (internal)" not in set(df.title)  # robots.txt disallows its page
    # polite: robots.txt fetched, honest User-Agent naming the project
    assert server.hits("/robots.txt")
    assert {ua for _, _, ua in server.requests} == {
        ua for _, _, ua in server.requests if PROJECT_URL in ua
    }

    # same data again: nothing new, nothing duplicated
    second = crawl(config, extract=False)
    assert second.status == "ok"
    assert sum(f["new"] for f in second.figures.values()) == 0
    assert {n: f["unchanged"] for n, f in second.figures.items()} == EXPECTED_NEW
    assert len(postings(db_url)) == len(df)

    # the boards change: one job gone, one edited, one added
    gh = data_dir / "greenhouse" / "harborline.json"
    board = json.loads(gh.read_text())
    board["jobs"] = [j for j in board["jobs"] if j["title"] != "Site Reliability Engineer"]
    gh.write_text(json.dumps(board))
    lever = data_dir / "lever" / "tallowtech.json"
    posts = json.loads(lever.read_text())
    posts[0]["lists"][1]["content"] += "<li>Experience with PostgreSQL replication</li>"
    posts.append(
        {**posts[0], "id": "d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6", "text": "Senior Rails Developer"}
    )
    lever.write_text(json.dumps(posts))

    third = crawl(config, ["greenhouse", "lever"], extract=False)
    assert third.status == "ok"
    g, lv = third.figures["greenhouse"], third.figures["lever"]
    assert (g["new"], g["updated"], g["unchanged"], g["closed"]) == (0, 0, 4, 1)
    assert (lv["new"], lv["updated"], lv["unchanged"], lv["closed"]) == (1, 1, 2, 0)
    after = postings(db_url)
    assert len(after) == len(df) + 1
    closed = after[after.closed_at.notna()]
    assert list(closed.title) == ["Site Reliability Engineer"]
    assert len(postings(db_url, include_closed=False)) == len(df)

    with Store.open(db_url) as store:
        runs = store.runs_frame()
    assert list(runs.status) == ["ok", "ok", "ok"]
    figures = runs.iloc[-1].figures
    figures = json.loads(figures) if isinstance(figures, str) else figures
    assert figures["greenhouse"]["closed"] == 1


def test_cli_crawl_and_sources(make_config: Any, tmp_path: Path, db_url: str) -> None:
    config = make_config()
    runner = CliRunner()
    res = runner.invoke(app, ["crawl", "--config", str(config.path), "--source", "remoteok",
                              "--source", "careers", "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["status"] == "ok" and set(payload["figures"]) == {"remoteok", "careers"}
    assert payload["figures"]["remoteok"]["new"] == 3
    assert payload["extracted"]["extracted"] == 6  # new postings were tagged after the crawl
    with Store.open(db_url) as store:
        mentions = store.mentions_frame()
    assert {"nodejs", "postgresql", "elixir", "scala", "kafka"} <= set(mentions.skill)
    res = runner.invoke(app, ["sources", "--config", str(config.path), "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert len(rows) == len(SOURCE_TYPES) and rows["weworkremotely"]["last_crawl"] is None
    assert rows["remoteok"]["open_postings"] == 3
    assert rows["remoteok"]["last_crawl"]["status"] == "ok"
    assert rows["remoteok"]["last_crawl"]["new"] == 3
    res = runner.invoke(app, ["sources", "--config", str(config.path)])
    assert res.exit_code == 0 and "careers" in res.stdout
    res = runner.invoke(app, ["crawl", "--config", str(config.path), "--source", "nope"])
    assert res.exit_code == 1 and "no source named 'nope'" in res.output


def test_a_crawl_reads_only_the_config_it_is_given(
    make_config: Any, db_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    """The environment's config (SKILLGAP_CONFIG) has a [crawl] table that would drop every
    ad; a crawl of another config must not pick any of it up, in this process or the child."""
    rules = tmp_path / "drop-everything.yaml"
    rules.write_text(
        "title_include: [zzz-no-such-title]\ntitle_exclude: [zzz-none]\n"
        "title_generic: [zzz-none]\ntext_signals: [zzz-none]\n"
    )
    other = tmp_path / "environment.toml"
    other.write_text(f'[crawl]\nbackend_rules = "{rules}"\ntimeout = 0.001\n')
    monkeypatch.setenv("SKILLGAP_CONFIG", str(other))
    result = crawl(make_config(), extract=False)
    assert result.status == "ok", result.errors
    assert {name: f["new"] for name, f in result.figures.items()} == EXPECTED_NEW


def test_remoteok_tag_feeds_are_read_and_deduplicated(
    make_config: Any, server: SampleServer, db_url: str
) -> None:
    tagged = f"""
[[sources]]
type = "remoteok"
name = "remoteok-tags"
base_url = "{server.url}"
tags = ["backend", "golang", "Backend"]
"""
    result = crawl(make_config(tagged), ["remoteok-tags"], extract=False)
    fig = result.figures["remoteok-tags"]
    # /api: 3 backend ads; the tag feeds add 2, and repeat one of /api's and one of theirs
    assert fig["new"] == 5 and fig["errors"] == 0
    assert len(server.hits("/api")) == 3  # /api, ?tag=backend, ?tag=golang (once each)
    ads = postings(db_url)
    assert len(ads) == 5 and ads.external_id.is_unique
    assert {"Ferrowind", "Saltmarsh Health"} <= set(ads.company)
