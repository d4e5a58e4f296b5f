"""Each spider's parsing, offline: fixture bodies in the sources' real formats, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import TextResponse

from crawler.sampleserver import SAMPLE_DATA, WWR_FEED
from tests.support.spider_helpers import BASE, fixture, items, make_spider, response, stat


def test_greenhouse_unescapes_content_and_reads_salary() -> None:
    spider = make_spider("greenhouse")
    url = f"{BASE}/v1/boards/quillfeather/jobs?content=true"
    resp = response(
        url, fixture("greenhouse/quillfeather.json"), "application/json", {"board": "quillfeather"}
    )
    got = items(spider.parse(resp))
    assert len(got) == 4 and stat(spider, "fetched") == 4
    first = got[0]
    assert first["company"] == "Quillfeather" and first["external_id"] == "4410021"
    assert first["description_html"].startswith("<p>") and "&lt;" not in first["description_html"]
    assert "What we're looking for" in first["description_text"]
    assert (first["salary_min"], first["salary_max"], first["salary_currency"]) == (
        70000.0,
        95000.0,
        "EUR",
    )
    assert got[1]["remote"] is True and first["remote"] is False
    assert spider.seen_ids == {g["external_id"] for g in got}


def test_lever_joins_lists_into_sections() -> None:
    spider = make_spider("lever")
    resp = response(
        f"{BASE}/v0/postings/nimbusforge?mode=json",
        fixture("lever/nimbusforge.json"),
        "application/json",
        {"board": "nimbusforge"},
    )
    got = items(spider.parse(resp))
    go = got[0]
    assert go["title"] == "Senior Software Engineer - Go" and go["company"] == "Nimbusforge"
    text = go["description_text"]
    assert text.index("Requirements") < text.index("gRPC") < text.index("Bonus points")
    assert go["salary_period"] == "year" and go["remote"] is True
    assert go["posted_at"] is not None and go["posted_at"].year == 2026


def test_ashby_skips_unlisted_and_reads_compensation() -> None:
    spider = make_spider("ashby")
    resp = response(
        f"{BASE}/posting-api/job-board/orbitcart",
        fixture("ashby/orbitcart.json"),
        "application/json",
        {"board": "orbitcart"},
    )
    got = items(spider.parse(resp))
    assert len(got) == 3 and stat(spider, "dropped/unlisted") == 1
    assert got[0]["salary_currency"] == "EUR" and got[0]["salary_min"] == 75000.0


def test_remoteok_skips_legal_notice_repairs_mojibake_and_attributes() -> None:
    spider = make_spider("remoteok")
    got = items(
        spider.parse(response(f"{BASE}/api", fixture("remoteok/api.json"), "application/json"))
    )
    assert len(got) == 5  # 6 elements minus the legal notice
    node = got[0]
    assert (
        "Lumen Ledger\u2019s" in node["description_text"]
        and "\u00e2" not in node["description_text"]
    )
    assert node["attribution"] == "RemoteOK" and node["url"].startswith("https://remoteOK.com/")
    assert node["remote"] is True and node["salary_max"] == 130000.0


def test_rss_splits_company_and_title() -> None:
    spider = make_spider("weworkremotely")
    url = f"{BASE}/categories/{WWR_FEED}"
    got = items(spider.parse(response(url, fixture(f"rss/{WWR_FEED}"), "application/xml")))
    assert [(g["company"], g["title"]) for g in got][:2] == [
        ("Saltmarsh Analytics", "Senior Java Developer"),
        ("Fernway", "Backend Engineer (Golang)"),
    ]
    assert "<strong>Headquarters:</strong>" in got[0]["description_html"]
    assert got[0]["posted_at"].isoformat() == "2026-11-16T10:05:00+00:00"


def test_rss_rejects_an_html_page() -> None:
    spider = make_spider("weworkremotely")
    page = b"<!DOCTYPE html><html><body>Please log in</body></html>"
    assert items(spider.parse(response(f"{BASE}/feed", page, "text/html"))) == []
    assert stat(spider, "errors/wrong_content_type") == 1


def test_hackernews_picks_hiring_threads_then_top_level_comments() -> None:
    spider = make_spider("hackernews")
    search = response(
        f"{BASE}/api/v1/search_by_date",
        fixture("hackernews/search_by_date.json"),
        "application/json",
    )
    requests = list(spider.parse_search(search))
    assert [r.url.rsplit("/", 1)[1] for r in requests] == ["47100001", "46800002"]  # months = 2
    thread = response(
        requests[0].url, fixture("hackernews/items/47100001.json"), "application/json"
    )
    got = items(spider.parse_thread(thread))
    assert [g["company"] for g in got] == ["Kestrel Maps", "Quarry Labs", "Pollen Press"]
    assert stat(spider, "dropped/deleted") == 1  # the deleted comment; replies are not ads
    assert got[0]["url"] == "https://news.ycombinator.com/item?id=47100011"
    assert "&#x2F;" not in got[0]["description_text"] and "REMOTE (EU)" in got[1]["location"]


def test_jsonld_pages_of_varying_shapes() -> None:
    spider = make_spider("careers")
    pages = [
        "tidewater/scala-engineer.html",
        "tidewater/kotlin-backend.html",
        "meadowlark/fleet-backend.html",
        "meadowlark/android-engineer.html",
    ]
    got = {}
    for page in pages:
        url = f"{BASE}/careers/{page}"
        for g in items(spider.parse(response(url, fixture(f"jsonld/careers/{page}"), "text/html"))):
            got[page] = g
    scala, kotlin, fleet = (got[p] for p in pages[:3])
    assert scala["company"] == "Tidewater Bank" and scala["external_id"] == "sample.test#TB-2207"
    assert scala["location"] == "Amsterdam, North Holland, NL" and scala["salary_period"] == "year"
    assert "<" not in scala["description_text"] and "Qualifications" in scala["description_text"]
    assert kotlin["remote"] is True and kotlin["external_id"] == "sample.test#TB-2231"
    assert "Kafka" in kotlin["description_text"]  # from the separate `qualifications` field
    assert kotlin["salary_min"] is None  # an empty MonetaryAmount is no salary
    assert fleet["company"] == "Meadowlark Robotics" and fleet["posted_at"].day == 3
    assert fleet["location"] == "Austin, TX; Denver, CO, US" and fleet["salary_min"] == 135000.0
    about = response(
        f"{BASE}/careers/about.html", fixture("jsonld/careers/about.html"), "text/html"
    )
    assert items(spider.parse(about)) == [] and stat(spider, "dropped/no_jobposting") == 1


def test_jsonld_sitemap_yields_page_requests() -> None:
    spider = make_spider("careers")
    spider.url_filter = None
    sm = response(f"{BASE}/sitemap.xml", fixture("jsonld/sitemap.xml"), "application/xml")
    urls = [r.url for r in spider.parse_sitemap(sm)]
    assert urls[0] == f"{BASE}/careers/meadowlark/fleet-backend.html" and len(urls) == 4


@pytest.mark.parametrize(
    ("body", "ctype", "kind"),
    [
        (b'{"jobs": [{"id": 1, "title": "Backend', "application/json", "bad_json"),
        (b"<html><body>Rate limited</body></html>", "text/html", "wrong_content_type"),
        (b'{"unexpected": true}', "application/json", "bad_shape"),
    ],
)
def test_board_errors_are_counted_not_raised(body: bytes, ctype: str, kind: str) -> None:
    spider = make_spider("greenhouse")
    url = f"{BASE}/v1/boards/quillfeather/jobs"
    resp = TextResponse(
        url,
        body=body,
        headers={"Content-Type": ctype},
        request=Request(url, meta={"board": "quillfeather"}),
    )
    assert list(spider.parse(resp)) == []
    assert stat(spider, f"errors/{kind}") == 1 and stat(spider, "errors") == 1


def test_malformed_entry_is_skipped_and_the_rest_kept() -> None:
    spider = make_spider("greenhouse")
    data = json.loads(fixture("greenhouse/harborline.json"))
    del data["jobs"][0]["id"]
    url = f"{BASE}/v1/boards/harborline/jobs"
    resp = TextResponse(
        url,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
        request=Request(url, meta={"board": "harborline"}),
    )
    got = items(spider.parse(resp))
    assert len(got) == 2 and stat(spider, "dropped/malformed") == 1 and stat(spider, "fetched") == 3


def test_fixtures_are_valid_in_their_formats() -> None:
    for path in Path(SAMPLE_DATA).rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_jsonld_blocks_are_read_by_the_html_parser() -> None:
    """A block inside a comment or an attribute is not a block; `type` may carry a charset."""
    from crawler.jsonld import ld_blocks

    node = '{"@type": "JobPosting", "title": "%s"}'
    page = (
        '<html><head><!-- <script type="application/ld+json">' + node % "Old" + "</script> -->"
        '<meta content=\'<script type="application/ld+json">' + node % "Attr" + "</script>'>"
        '<SCRIPT TYPE="Application/LD+JSON; charset=utf-8">' + node % "Live" + "</SCRIPT>"
        "</head><body></body></html>"
    )
    assert [b["title"] for b in ld_blocks(page)] == ["Live"]
