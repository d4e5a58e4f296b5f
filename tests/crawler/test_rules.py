"""Backend relevance rules (data in crawler/backend_rules.yaml), Retry-After parsing, HN headers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from crawler.hn_ads import parse_header, salary_in
from crawler.middlewares import retry_after_seconds
from crawler.relevance import RulesError, load_rules, reject_reason
from tests.support.spider_helpers import BASE, items, make_spider, response

FEEDS = Path(__file__).parents[1] / "support" / "feeds"

RULES = load_rules()
API_TEXT = "We build REST APIs in Python on PostgreSQL, with Kafka and Docker."
FRONTEND_TEXT = (
    "Build pixel-perfect UI in React and TypeScript with our design system; CSS, "
    "accessibility and browser performance matter to you. You consume our REST API."
)
MOBILE_TEXT = "Ship our iOS and Android apps: Swift, SwiftUI, Jetpack Compose, App Store releases."


@pytest.mark.parametrize(
    ("title", "text", "reason"),
    [
        ("Senior Backend Engineer", "", None),
        ("Site Reliability Engineer", "", None),
        ("Full Stack Developer (Node.js)", "", None),
        ("Software Engineer", API_TEXT, None),
        # a title that says software is kept unless its text shows other work
        ("Software Engineer", "A friendly team that loves its customers.", None),
        ("Senior Software Engineers", "You will own our billing service.", None),
        ("Software Engineer", FRONTEND_TEXT, "frontend_only"),
        ("Software Engineer", MOBILE_TEXT, "mobile_only"),
        ("Software Engineer", FRONTEND_TEXT + " " + API_TEXT, None),  # both: full stack
        # a bare engineering title needs software words: else another kind of engineer
        ("Founding Engineer", API_TEXT, None),
        ("Field Engineer", "Install and service HVAC units on customer sites.", "not_software"),
        ("Rust Developers", "Small team, big problems.", None),
        ("Business Developer", API_TEXT, "excluded_title"),
        ("Technical Support Engineer", API_TEXT, "excluded_title"),
        ("Embedded Software Engineer", API_TEXT, "excluded_title"),
        ("Rails / iOS / Android Engineers", MOBILE_TEXT, None),
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


def test_generic_titles_on_a_remoteok_feed() -> None:
    """Invented ads in RemoteOK's shape: generic software titles are kept unless the text
    shows front-end-only, mobile-only or non-software work."""
    body = (FEEDS / "remoteok_generic_titles.json").read_bytes()
    ads = items(make_spider("remoteok").parse(response(f"{BASE}/api", body, "application/json")))
    got = {ad["company"]: reject_reason(ad["title"], ad["description_text"], RULES) for ad in ads}
    assert got == {
        "Pebblecart": None,  # Go services, gRPC, Postgres
        "Quarrylight": None,  # Kubernetes, AWS, Terraform, Linux
        "Tinbird": None,  # says little, but nothing but software
        "Lanternfish Labs": None,  # a plural title
        "Otterdesk": None,  # a bare "Engineer" whose text is software work
        "Moonpetal": "frontend_only",
        "Kitewing": "mobile_only",
        "Coldharbor": "not_software",
        "Hollowmere": "excluded_title",
    }


def test_real_backend_ads_are_kept(shared: Path) -> None:
    """The real backend ads of ../shared/eval (all software work): >= 95% kept, either half."""
    rows = [json.loads(line) for line in (shared / "eval" / "dev.jsonl").open(encoding="utf-8")]
    for half in (rows[:150], rows[150:]):
        kept = [r for r in half if reject_reason(r.get("title") or "", r["text"], RULES) is None]
        assert len(kept) >= 0.95 * len(half)
