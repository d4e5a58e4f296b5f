"""The spiders on the real payloads in ../shared/formats (read there, never copied here)."""

from __future__ import annotations

import json

import pytest

from crawler.hn_ads import parse_header
from tests.support.paths import SHARED
from tests.support.spider_helpers import BASE, items, make_spider, response

FORMATS = SHARED / "formats"
pytestmark = pytest.mark.skipif(
    not FORMATS.is_dir(), reason="../shared/formats is not beside the repository"
)


def real(name: str) -> bytes:
    return (FORMATS / name).read_bytes()


def clean(text: str) -> bool:
    """No markup, no entities, no mojibake left."""
    return not any(
        bad in text for bad in ("<p>", "&lt;", "&amp;", "&#x2F;", "\u00e2\u0080", "\u00c2")
    )


def test_real_greenhouse_job_and_list() -> None:
    spider = make_spider("greenhouse")
    job = json.loads(real("greenhouse_job_board_api_job.json"))
    body = json.dumps({"jobs": [job]}).encode()
    got = items(spider.parse(response(f"{BASE}/x", body, "application/json", {"board": "b"})))
    assert got[0]["title"] == job["title"] and got[0]["posted_at"] is not None
    assert len(got[0]["description_text"]) > 500 and clean(got[0]["description_text"])
    listed = items(
        spider.parse(
            response(
                f"{BASE}/y",
                real("greenhouse_job_board_api_list_trimmed.json"),
                "application/json",
                {"board": "b"},
            )
        )
    )
    assert len(listed) == 3  # without ?content=true there is no text: validation drops them later
    assert all(not g["description_text"] for g in listed)


def test_real_lever_ashby_remoteok() -> None:
    lever = items(
        make_spider("lever").parse(
            response(
                f"{BASE}/l", real("lever_postings_api.json"), "application/json", {"board": "m"}
            )
        )
    )
    assert len(lever) == 2 and all(clean(g["description_text"]) for g in lever)
    assert "Nice to Have" in lever[1]["description_text"]
    ashby = items(
        make_spider("ashby").parse(
            response(
                f"{BASE}/a",
                real("ashby_posting_api_job_board.json"),
                "application/json",
                {"board": "s"},
            )
        )
    )
    assert len(ashby) == 16 and all(g["description_text"] for g in ashby)
    remoteok = items(
        make_spider("remoteok").parse(
            response(f"{BASE}/api", real("remoteok_api_sample.json"), "application/json")
        )
    )
    assert len(remoteok) == 5 and all(clean(g["description_text"]) for g in remoteok)
    assert "\u2019" in remoteok[0]["description_text"]  # the repaired apostrophe


def test_real_wwr_hn_and_jsonld() -> None:
    wwr = items(
        make_spider("weworkremotely").parse(
            response(f"{BASE}/f.rss", real("weworkremotely_rss.xml"), "application/xml")
        )
    )
    assert wwr and all(g["company"] and g["title"] for g in wwr)
    assert all(clean(g["description_text"]) for g in wwr)
    hit = json.loads(real("hn_algolia_search_hit.json"))
    header = parse_header(hit["comment_text"])
    assert header.company == "DataCamp" and header.remote is True
    spider = make_spider("careers")
    for name in ("jsonld_jobposting_coupang.html", "jsonld_jobposting_paloaltonetworks.html"):
        (got,) = items(spider.parse(response(f"{BASE}/{name}", real(name), "text/html")))
        assert got["company"] and got["location"] and got["posted_at"] is not None
        assert clean(got["description_text"]) and len(got["description_text"]) > 300
