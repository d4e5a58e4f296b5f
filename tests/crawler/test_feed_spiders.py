"""The paged and rate-limited job boards (The Muse, Himalayas, Remotive) on fixtures in
their real shapes: paging, attribution, and Remotive's 4 calls a day kept across runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Request

from crawler.quota import CACHE_DIR_SETTING, DAY
from crawler.spiders.remotive import RemotiveSpider
from tests.support.spider_helpers import (
    BASE,
    SOURCES,
    fixture,
    items,
    make_spider,
    response,
    started,
    stat,
)  # fmt: skip


def test_themuse_reads_a_page_and_asks_for_the_next() -> None:
    spider = make_spider("themuse")
    url = f"{BASE}/api/public/jobs?category=Software+Engineering&page=0"
    out = list(spider.parse(response(url, fixture("themuse/jobs-0.json"), "application/json",
                                     {"page": 0})))  # fmt: skip
    got = items(out)
    assert [g["company"] for g in got] == ["Copperline Health", "Copperline Health"]
    assert got[0]["remote"] is True  # "Flexible / Remote" among its locations
    assert got[0]["url"].startswith("https://www.themuse.com/jobs/")
    (following,) = [o for o in out if isinstance(o, Request)]
    assert following.url.endswith("page=1") and following.meta["page"] == 1
    last = f"{BASE}/api/public/jobs?page=1"
    out = list(spider.parse(response(last, fixture("themuse/jobs-1.json"), "application/json",
                                     {"page": 1})))  # fmt: skip
    assert not [o for o in out if isinstance(o, Request)]  # page_count reached


def test_paging_stops_at_max_pages() -> None:
    tables = [dict(t, max_pages=1) if t["type"] == "themuse" else t for t in SOURCES]
    spider = make_spider("themuse", tables)
    url = f"{BASE}/api/public/jobs?page=0"
    out = list(spider.parse(response(url, fixture("themuse/jobs-0.json"), "application/json",
                                     {"page": 0})))  # fmt: skip
    assert not [o for o in out if isinstance(o, Request)]


def test_himalayas_pages_by_offset_and_keeps_attribution() -> None:
    spider = make_spider("himalayas")
    url = f"{BASE}/jobs/api?limit=20&offset=0"
    out = list(spider.parse(response(url, fixture("himalayas/jobs-0.json"), "application/json",
                                     {"page": 0})))  # fmt: skip
    rust, platform = items(out)
    assert rust["attribution"] == "Himalayas" and rust["url"].startswith("https://himalayas.app/")
    assert rust["location"] == "Remote (United States, Canada)" and rust["remote"] is True
    assert (rust["salary_min"], rust["salary_max"], rust["salary_period"]) == (
        130000.0, 160000.0, "year",
    )  # fmt: skip
    assert platform["location"] == "Remote (Germany, Poland)" and platform["salary_min"] is None
    (following,) = [o for o in out if isinstance(o, Request)]
    assert following.url.endswith("offset=2")  # after the 2 jobs this page held


# ---------------------------------------------------------------- Remotive's quota
class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def remotive(tmp_path: Path, clock: FakeClock, **options: object) -> RemotiveSpider:
    tables = [dict(t, **options) if t["type"] == "remotive" else t for t in SOURCES]
    spider = make_spider("remotive", tables, {CACHE_DIR_SETTING: str(tmp_path / "cache")})
    assert isinstance(spider, RemotiveSpider)
    spider.clock = clock
    return spider


def run_once(tmp_path: Path, clock: FakeClock, **options: object) -> tuple[RemotiveSpider, list]:
    """One crawl's start: a request (answered from the fixture) or the kept answer."""
    spider = remotive(tmp_path, clock, **options)
    out = started(spider)
    requests = [o for o in out if isinstance(o, Request)]
    postings = [o for o in out if isinstance(o, dict)]
    for req in requests:
        postings += list(spider.parse(response(req.url, fixture("remotive/remote-jobs.json"),
                                               "application/json")))  # fmt: skip
    return spider, [("call" if requests else "kept"), *items(postings)]


def test_remotive_keeps_attribution_and_its_own_urls(tmp_path: Path) -> None:
    _, (how, django, kotlin) = run_once(tmp_path, FakeClock())
    assert how == "call"
    assert django["attribution"] == "Remotive" and kotlin["attribution"] == "Remotive"
    assert django["url"].startswith("https://remotive.com/remote-jobs/")
    assert django["location"] == "Remote (Europe)" and django["remote"] is True


def test_remotive_reads_its_kept_answer_while_fresh(tmp_path: Path) -> None:
    clock = FakeClock()
    first = run_once(tmp_path, clock, refresh_hours=6)[1]
    clock.now += 3600  # an hour later: the kept answer is fresh
    spider, second = run_once(tmp_path, clock, refresh_hours=6)
    assert second[0] == "kept" and second[1:] == first[1:]
    assert stat(spider, "cache/fresh") == 1


def test_remotive_never_calls_more_than_four_times_a_day(tmp_path: Path) -> None:
    clock = FakeClock()
    hows = []
    for _ in range(8):  # a run every 30 minutes, refreshing every time it may
        spider, got = run_once(tmp_path, clock, refresh_hours=0)
        hows.append(got[0])
        assert len(got) == 3  # postings every time, from a call or from the kept answer
        clock.now += 1800
    assert hows == ["call"] * 4 + ["kept"] * 4
    assert stat(spider, "cache/quota") == 1
    clock.now += DAY  # a day after the first call, calls are allowed again
    assert run_once(tmp_path, clock, refresh_hours=0)[1][0] == "call"


def test_remotive_asks_for_fewer_calls_never_more(tmp_path: Path) -> None:
    clock = FakeClock()
    hows = [run_once(tmp_path, clock, refresh_hours=0, calls_per_day=9)[1][0] for _ in range(6)]
    assert hows.count("call") == 4
    hows = [run_once(tmp_path / "b", clock, refresh_hours=0, calls_per_day=1)[1][0]
            for _ in range(3)]  # fmt: skip
    assert hows == ["call", "kept", "kept"]


def test_remotive_without_calls_or_a_kept_answer_is_a_clear_error(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = tmp_path / "cache"
    cache.mkdir()
    spider = remotive(tmp_path, clock, refresh_hours=0, calls_per_day=1)
    assert spider.clock is clock
    # the day's call was spent by another run whose answer was not kept (it failed)
    from crawler.quota import CallBook

    assert CallBook(cache, clock=clock).take_call("sample.test", 1)
    assert started(spider) == []
    assert stat(spider, "errors/quota") == 1


def test_remotive_does_not_keep_a_broken_answer(tmp_path: Path) -> None:
    clock = FakeClock()
    spider = remotive(tmp_path, clock)
    (req,) = started(spider)
    assert list(spider.parse(response(req.url, b'{"jobs": [', "application/json"))) == []
    assert spider.book.kept(req.url) is None and stat(spider, "errors/bad_json") == 1


@pytest.mark.parametrize("bad", [{"calls_per_day": 0}, {"refresh_hours": "soon"}])
def test_remotive_limits_must_make_sense(tmp_path: Path, bad: dict[str, object]) -> None:
    from crawler.sources import SourceError

    with pytest.raises(SourceError):
        started(remotive(tmp_path, FakeClock(), **bad))


def test_fixtures_of_the_new_sources_are_valid_json() -> None:
    for rel in ("workable/pinecrest.json", "recruitee/dunelight.json", "themuse/jobs-0.json",
                "himalayas/jobs-2.json", "remotive/remote-jobs.json"):  # fmt: skip
        assert json.loads(fixture(rel))
