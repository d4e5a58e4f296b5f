"""Normalising raw source values into the posting contract."""

from __future__ import annotations

import html as html_lib
from datetime import UTC, datetime

import pytest

from crawler.normalise import (
    description_fields,
    parse_amount,
    parse_datetime,
    parse_period,
    parse_remote,
    repair_text,
)
from crawler.pipelines import missing_field, normalise


def test_repairs_double_encoded_utf8_and_leaves_clean_text_alone() -> None:
    broken = "We\u2019re hiring \u2014 caf\u00e9".encode().decode("latin-1")
    assert repair_text(broken) == "We\u2019re hiring \u2014 caf\u00e9"
    clean = "Zürich, São Paulo — déjà vu"
    assert repair_text(clean) == clean


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-8-26", datetime(2025, 8, 26, tzinfo=UTC)),
        ("2026-11-10T09:30:00-05:00", datetime(2026, 11, 10, 14, 30, tzinfo=UTC)),
        ("2021-10-13T09:47:30.000Z", datetime(2021, 10, 13, 9, 47, 30, tzinfo=UTC)),
        ("Fri, 18 Sep 2026 17:01:08 +0000", datetime(2026, 9, 18, 17, 1, 8, tzinfo=UTC)),
        (1605753685375, datetime(2020, 11, 19, 2, 41, 25, 375000, tzinfo=UTC)),
        (1634118450, datetime(2021, 10, 13, 9, 47, 30, tzinfo=UTC)),
        ("not a date", None),
        ("2025-13-45", None),
        (None, None),
    ],
)
def test_parse_datetime_gives_utc(raw: object, expected: datetime | None) -> None:
    got = parse_datetime(raw)
    assert got == expected
    if got is not None:
        assert got.utcoffset() is not None and got.utcoffset().total_seconds() == 0


def test_amounts_periods_and_remote() -> None:
    assert parse_amount("120,000") == 120000.0
    assert parse_amount("95.4K") == pytest.approx(95400.0)
    assert parse_amount(0) is None and parse_amount("") is None and parse_amount("n/a") is None
    assert parse_period("YEAR") == "year" and parse_period("per hour") == "hour"
    assert parse_period("fortnight") is None
    assert parse_remote("Remote - US") is True
    assert parse_remote("Berlin", "On-site") is False
    assert parse_remote("Berlin") is None
    assert parse_remote("No remote, Berlin office") is False


def test_nested_escaped_html_becomes_text_and_html() -> None:
    once = "<h3>Requirements</h3><ul><li>Go &amp; SQL</li></ul>"
    twice = html_lib.escape(html_lib.escape(once))
    html, text = description_fields(twice, None)
    assert html is not None and html.startswith("<h3>Requirements</h3>")
    assert "Requirements" in text and "- Go & SQL" in text
    assert "&lt;" not in text and "<" not in text


def test_normalise_item_to_contract_types() -> None:
    raw = {
        "source": "remoteok",
        "source_type": "remoteok",
        "external_id": 42,
        "url": " https://example.test/42 ",
        "title": "Senior Backend Engineer \u00e2\u0080\u0094 API".encode("latin-1").decode(
            "latin-1"
        ),
        "company": "Caf\u00c3\u00a9 Labs",
        "location": "",
        "remote": "yes",
        "posted_at": "2026-11-18T09:00:00+00:00",
        "salary_min": 180000,
        "salary_max": "120000",
        "salary_currency": "usd",
        "salary_period": "year",
        "description_html": "<p>Build APIs</p>",
        "description_text": "",
        "attribution": "RemoteOK",
    }
    out = normalise(raw)
    assert out["external_id"] == "42" and out["url"] == "https://example.test/42"
    assert out["title"] == "Senior Backend Engineer \u2014 API"
    assert out["company"] == "Caf\u00e9 Labs"
    assert out["location"] is None and out["remote"] is None
    assert out["posted_at"] == datetime(2026, 11, 18, 9, tzinfo=UTC)
    assert (out["salary_min"], out["salary_max"]) == (120000.0, 180000.0)
    assert out["salary_currency"] == "USD" and out["salary_period"] == "year"
    assert out["description_text"] == "Build APIs"


def test_salary_extras_dropped_without_amounts() -> None:
    out = normalise(
        {
            "external_id": "1",
            "url": "u",
            "title": "t",
            "salary_currency": "EUR",
            "salary_period": "year",
            "description_text": "x",
        }
    )
    assert out["salary_currency"] is None and out["salary_period"] is None


def test_missing_field_names_the_field() -> None:
    ok = {"external_id": "1", "url": "u", "title": "t", "description_text": "x"}
    assert missing_field(ok) is None
    assert missing_field({**ok, "title": "  "}) == "title"
    assert missing_field({**ok, "external_id": None}) == "external_id"
    assert missing_field({**ok, "description_text": ""}) == "description"
