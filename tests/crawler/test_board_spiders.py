"""The ATS board spiders added for the whole market (Workable, Recruitee, Personio,
Teamtailor) on fixtures in their real shapes, and gone boards (404/410)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.figures import figures_from_stats
from tests.support.spider_helpers import BASE, SOURCES, fixture, items, make_spider, response, stat


def board_items(source: str, url: str, rel: str, ctype: str, board: str) -> list[dict[str, Any]]:
    spider = make_spider(source)
    return items(spider.parse(response(url, fixture(rel), ctype, {"board": board})))


def test_workable_reads_the_widget_answer() -> None:
    url = f"{BASE}/api/v1/widget/accounts/pinecrest?details=true"
    go, py, marketing = board_items("workable", url, "workable/pinecrest.json",
                                    "application/json", "pinecrest")  # fmt: skip
    assert go["company"] == "Pinecrest Labs" and go["external_id"] == "7C1D2E3F4A"
    assert go["remote"] is True and go["location"] == "Innsbruck, Tyrol, Austria"
    assert go["posted_at"].date().isoformat() == "2026-11-20"
    # a hidden location shows its country only; hybrid is not remote
    assert py["location"] == "Munich, Bavaria, Germany; Switzerland" and py["remote"] is False
    # requirements and benefits, sent apart, are kept under their own headings
    text = py["description_text"]
    assert text.index("Django backend") < text.index("Requirements") < text.index("Celery")
    assert marketing["remote"] is None  # telecommuting false says nothing


def test_recruitee_joins_requirements_and_reads_dates_and_pay() -> None:
    url = f"{BASE}/recruitee/dunelight/api/offers/"
    elixir, data = board_items("recruitee", url, "recruitee/dunelight.json",
                               "application/json", "dunelight")  # fmt: skip
    assert elixir["company"] == "Dunelight Energy" and elixir["external_id"] == "3310021"
    assert elixir["posted_at"].isoformat() == "2026-11-18T09:30:12+00:00"  # "... UTC"
    assert (elixir["salary_min"], elixir["salary_max"], elixir["salary_currency"],
            elixir["salary_period"]) == (62000.0, 78000.0, "EUR", "year")  # fmt: skip
    assert "RabbitMQ" in elixir["description_text"] and elixir["remote"] is False
    assert data["remote"] is True and data["salary_min"] is None


def test_recruitee_skips_an_offer_that_is_not_published() -> None:
    spider = make_spider("recruitee")
    body = json.loads(fixture("recruitee/dunelight.json"))
    body["offers"][1]["status"] = "closed"
    url = f"{BASE}/recruitee/dunelight/api/offers/"
    got = items(spider.parse(response(url, json.dumps(body).encode(), "application/json",
                                      {"board": "dunelight"})))  # fmt: skip
    assert len(got) == 1 and stat(spider, "dropped/unlisted") == 1


def test_personio_reads_the_xml_feed() -> None:
    url = f"{BASE}/personio/kestrelwerk/xml?language=en"
    java, sre = board_items("personio", url, "personio/kestrelwerk.xml", "application/xml",
                            "kestrelwerk")  # fmt: skip
    assert java["title"] == "Senior Backend Engineer (Java / Kotlin)"
    assert java["company"] == "Kestrelwerk GmbH" and java["location"] == "Leipzig / Dresden"
    assert java["url"] == f"{BASE}/personio/kestrelwerk/job/1702233"
    text = java["description_text"]
    assert text.index("Your tasks") < text.index("Spring Boot") < text.index("Your profile")
    assert sre["remote"] is True and sre["posted_at"].day == 22


def test_personio_position_without_an_id_is_skipped() -> None:
    spider = make_spider("personio")
    body = fixture("personio/kestrelwerk.xml").replace(b"<id>1702233</id>", b"")
    url = f"{BASE}/personio/kestrelwerk/xml"
    got = items(spider.parse(response(url, body, "application/xml", {"board": "kestrelwerk"})))
    assert len(got) == 1 and stat(spider, "dropped/malformed") == 1


def test_teamtailor_reads_namespaced_locations_and_remote_status() -> None:
    url = f"{BASE}/teamtailor/lumenfjord/jobs.rss"
    node, platform = board_items("teamtailor", url, "teamtailor/lumenfjord.rss",
                                 "application/xml", "lumenfjord")  # fmt: skip
    assert node["company"] == "Lumenfjord"  # the channel title
    assert node["remote"] is True and node["location"] == "Bergen, Norway"
    assert platform["remote"] is False and platform["location"] == "Oslo, Norway; Bergen, Norway"
    assert (
        "&lt;" not in platform["description_text"] and "Terraform" in platform["description_text"]
    )
    assert node["posted_at"].isoformat() == "2026-11-19T09:15:02+00:00"


@pytest.mark.parametrize("source", ["personio", "teamtailor"])
def test_feed_boards_reject_an_html_page(source: str) -> None:
    spider = make_spider(source)
    url = f"{BASE}/{source}/x/feed"
    page = b"<!DOCTYPE html><html><body>Careers coming soon</body></html>"
    resp = HtmlResponse(url, body=page, request=Request(url, meta={"board": "x"}))
    assert list(spider.parse(resp)) == [] and stat(spider, "errors/wrong_content_type") == 1


def test_board_urls_per_host_and_custom_domains() -> None:
    spider = make_spider("teamtailor", [{"type": "teamtailor", "boards": ["a"]}])
    assert spider.board_url("lumenfjord") == "https://lumenfjord.teamtailor.com/jobs.rss"  # type: ignore[attr-defined]
    assert (
        spider.board_url("https://careers.example.org/") == "https://careers.example.org/jobs.rss"
    )  # type: ignore[attr-defined]
    recruitee = make_spider("recruitee", [{"type": "recruitee", "boards": ["a"]}])
    assert recruitee.board_url("acme") == "https://acme.recruitee.com/api/offers/"  # type: ignore[attr-defined]


def _http_failure(url: str, status: int, board: str) -> Failure:
    request = Request(url, meta={"board": board})
    resp = TextResponse(url, status=status, body=b"not found", request=request)
    failure = Failure(HttpError(resp))
    failure.request = request  # type: ignore[attr-defined]
    return failure


@pytest.mark.parametrize("status", [404, 410])
def test_a_board_that_answers_404_is_reported_gone_not_failed(status: int) -> None:
    spider = make_spider("workable")
    spider.on_error(_http_failure(f"{BASE}/api/v1/widget/accounts/oldco", status, "oldco"))
    assert stat(spider, "errors") is None and stat(spider, "boards_gone") == 1
    assert spider.crawler.stats is not None
    figures = figures_from_stats(spider.crawler.stats.get_stats())
    assert figures["gone"] == [{"board": "oldco", "status": status}] and figures["errors"] == 0


def test_a_board_that_answers_500_is_an_error() -> None:
    spider = make_spider("workable")
    spider.on_error(_http_failure(f"{BASE}/api/v1/widget/accounts/oldco", 500, "oldco"))
    assert stat(spider, "errors/http_500") == 1 and stat(spider, "boards_gone") is None


def test_boards_found_gone_are_skipped() -> None:
    tables = [dict(t) for t in SOURCES]
    for t in tables:
        if t["type"] == "greenhouse":
            t["skip_boards"] = ["harborline"]
    spider = make_spider("greenhouse", tables)
    urls = [r.url for r in spider.start_requests()]  # type: ignore[attr-defined]
    assert urls == [f"{BASE}/v1/boards/quillfeather/jobs?content=true"]
    assert spider.crawler.stats is not None
    assert figures_from_stats(spider.crawler.stats.get_stats())["skipped"] == ["harborline"]
