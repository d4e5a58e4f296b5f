"""Years of experience: the fewest asked for any role, optional figures only when the ad
gives no other (ANNOTATION.md, "years_min"). Every ad here is invented."""

from __future__ import annotations

import pytest

from analyzer.meta import read_meta


def years(text: str) -> int | None:
    return read_meta("Engineer", text).years_min


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You have 3+ years of professional experience with Python.", 3),
        ("5-7 years building backend services", 5),
        ("At least six years of practical experience", 6),
        ("Five (5) or more years of software development", 5),
        ("a year of experience with Go is enough", 1),
        ("2+ years of Go and 4+ years of backend experience", 2),
        ("Requirements: 4+ years experience.\nIdeally 2+ years with Kafka.", 4),  # optional
        ("Nice to have: 2+ years with Rust", 2),  # the only figure counts after all
        ("BS in CS or 2+ years of equivalent experience; 6+ years in an engineering role", 6),
        ("Minimum qualifications: PhD OR +10-years full-time work experience.", 10),
        ("Qualifications Highly Preferred10+ years of experience developing software", 10),
        ("We're hiring early-career engineers (0–2 yrs) to join us.", 0),
        ("The ideal candidate: he or she has 4+ years of experience.", 4),  # the candidate's
    ],
)
def test_years_asked(text: str, expected: int) -> None:
    assert years(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our company has been in business for 25 years in Ohio.",
        "Acme has nearly 20 years of experience in building payment systems.",
        "We reached 30% of 18–25 year olds without spending on marketing.",
        "Profitable, 15+ yrs stable, employee-owned.",
        "During the first three years of operation we built the platform.",
        "Datasets with up to 15 years of history, delivered via API.",
        "One engineer has been here two years and knows the domain.",
        "We sign a 3-year contract with every client.",
        "Our founders (two former teachers) have more than 15 years of experience in schools.",
        "The team brings a combined 20 years of experience in logistics.",
    ],
)
def test_figures_that_are_not_experience_asked(text: str) -> None:
    assert years(text) is None


def test_years_in_the_title_count() -> None:
    meta = read_meta("Backend Engineer (3-5 yrs)", "Acme builds farm robots.")
    assert (meta.years_min, meta.levels) == (3, ("mid",))
    assert read_meta("Backend Developer - 2 Year Contract", "We ship.").years_min is None
