"""Backend relevance rules (data in crawler/backend_rules.yaml), Retry-After parsing, HN headers."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from crawler.hn_ads import parse_header, salary_in
from crawler.middlewares import retry_after_seconds
from crawler.relevance import RulesError, load_rules, reject_reason

RULES = load_rules()
API_TEXT = "We build REST APIs in Python on PostgreSQL, with Kafka and Docker."


@pytest.mark.parametrize(
    ("title", "text", "reason"),
    [
        ("Senior Backend Engineer", "", None),
        ("Site Reliability Engineer", "", None),
        ("Full Stack Developer (Node.js)", "", None),
        ("Software Engineer", API_TEXT, None),
        ("Software Engineer", "A friendly team that loves its customers.", "not_backend"),
        ("Account Executive, AI Sales", API_TEXT, "excluded_title"),
        ("Senior Sales Engineer", API_TEXT, "excluded_title"),
        ("Android Engineer", API_TEXT, "excluded_title"),
        ("Frontend Engineer", API_TEXT, "excluded_title"),
        ("Backend Engineer, Mobile Platform", "", None),
        ("Office Manager", API_TEXT, "not_backend"),
        ("C# .NET Developer", "", None),
    ],
)
def test_reject_reason(title: str, text: str, reason: str | None) -> None:
    assert reject_reason(title, text, RULES) == reason


def test_rules_file_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("title_include: backend\n")
    with pytest.raises(RulesError, match="needs lists"):
        load_rules(bad)
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")


def test_retry_after_seconds_and_http_date() -> None:
    assert retry_after_seconds(b"7") == 7.0
    now = datetime(2026, 11, 21, 8, 0, 0, tzinfo=UTC)
    later = format_datetime(datetime(2026, 11, 21, 8, 0, 30, tzinfo=UTC), usegmt=True)
    assert retry_after_seconds(later, now=now.timestamp()) == pytest.approx(30.0)
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_hn_header() -> None:
    h = parse_header(
        "Kestrel Maps | Senior Backend Engineer | Remote (US/Canada) | $160k-$200k"
        "<p>We use Go and PostgreSQL."
    )
    assert (h.company, h.title, h.remote) == ("Kestrel Maps", "Senior Backend Engineer", True)
    assert h.location == "Remote (US/Canada)"
    assert h.salary == (160000.0, 200000.0, "USD")
    onsite = parse_header("Pollen Press | Marketing Lead | NYC | ONSITE<p>Books.")
    assert onsite.remote is False and onsite.title == "Marketing Lead"
    assert salary_in("Berlin | €90-120k") == (90000.0, 120000.0, "EUR")
