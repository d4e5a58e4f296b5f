"""Invented postings in the crawler's contract shape, for the store tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

AD_TEXT = (
    "Northwind Freight is hiring a backend engineer to build our shipment tracking APIs. "
    "Requirements: 3+ years of Python, PostgreSQL and Redis; experience with Kafka. "
    "Nice to have: Kubernetes and Terraform. We offer remote work across Europe."
)


def make_posting(external_id: str = "1", /, **over: Any) -> dict[str, Any]:
    """An invented posting in the crawler's contract shape."""
    posting: dict[str, Any] = {
        "source": "greenhouse",
        "source_type": "greenhouse",
        "external_id": external_id,
        "url": f"https://jobs.example.test/northwind/{external_id}",
        "title": "Backend Engineer",
        "company": "Northwind Freight",
        "location": "Remote, Europe",
        "remote": True,
        "posted_at": datetime(2026, 10, 1, 9, 30, tzinfo=UTC),
        "salary_min": 70000.0,
        "salary_max": 90000.0,
        "salary_currency": "EUR",
        "salary_period": "year",
        "description_html": f"<p>{AD_TEXT}</p>",
        "description_text": f"{AD_TEXT} (ref {external_id})",
        "attribution": None,
    }
    posting.update(over)
    return posting
