"""Seniority levels: level words in the title, role names the text hires for, else the
years asked (ANNOTATION.md, "levels"). Every ad here is invented."""

from __future__ import annotations

import pytest

from analyzer.meta import read_meta
from analyzer.meta.levels import levels_of_years, text_levels, title_levels


@pytest.mark.parametrize(
    ("title", "levels"),
    [
        ("Senior Backend Engineer", {"senior"}),
        ("Sr. Platform Engineer", {"senior"}),
        ("Staff Software Engineer, Payments", {"lead"}),
        ("Principal Engineer", {"lead"}),
        ("Engineering Manager, Core", {"lead"}),
        ("Software Engineer (Entry-Level)", {"junior"}),
        ("New Grad Software Engineer", {"junior"}),
        ("Backend Intern (Summer)", {"intern"}),
        ("Mid-Level Go Developer", {"mid"}),
        ("Mid/Senior Software Engineer", {"mid", "senior"}),
        ("Senior + Staff Engineers", {"senior", "lead"}),
        ("Junior to Senior Python Developers", {"junior", "mid", "senior"}),
        ("Infrastructure Engineer, All Levels", {"junior", "mid", "senior", "lead"}),
        ("Software Engineer II", {"mid"}),
        ("Software Engineer III, Storage", {"senior"}),
        ("Senior Software Engineer II", {"senior"}),  # the level word decides
        ("SDEII or Senior Backend Engineer", {"mid", "senior"}),
        ("Senior Staff Engineer", {"lead"}),  # one role, the higher level
        ("Software Engineer", set()),
        ("Backend Developer (Go)", set()),
        ("SDE-1, Payments", {"junior"}),  # a grade glued by a hyphen
        ("SWE-II (Platform)", {"mid"}),
        ("Software Engineer - University Grad 2027", {"junior"}),
        ("Backend Engineer, Campus Hire", {"junior"}),
        ("Associate Director, Engineering", {"lead"}),  # not an associate engineer
        ("Associate Principal Engineer", {"lead"}),
        ("Mid-Market Solutions Engineer", set()),  # "mid" inside another phrase
        ("Jnr PHP Developer", {"junior"}),
        ("Fresher - Java Developer", {"junior"}),
    ],
)
def test_title_levels(title: str, levels: set[str]) -> None:
    assert title_levels(title) == levels


def test_role_names_the_text_hires_for_count() -> None:
    text = (
        "Acme | Remote | Full-time\n\n"
        "We're hiring a Senior Backend Engineer to own our billing service.\n"
        "Open roles:\n- Staff Platform Engineer (Go, Kubernetes)\n- Data Intern\n"
    )
    assert text_levels(text) == {"senior", "lead", "intern"}


def test_people_to_work_with_are_not_the_job() -> None:
    text = (
        "You will mentor junior engineers, report to the Engineering Manager and pair "
        "with our senior team. You will work with product managers and senior engineers."
    )
    assert text_levels(text) == set()


def test_a_role_word_used_as_a_verb_or_an_adjective_is_not_a_role() -> None:
    text = "- Architect and implement internal platforms\n- Graduate degree or equivalent"
    assert text_levels(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Acme builds farm robots.\nRecent graduates are welcome to apply.",
        "We welcome recent graduates from any field.",
        "Acme builds farm robots. We are open to new grads for this role.",
        "We also consider college graduates with a strong portfolio.",
        "Acme builds farm robots.\nFreshers can apply.",
    ],
)
def test_an_ad_open_to_graduates_hires_juniors(text: str) -> None:
    assert text_levels(text) == {"junior"}


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Acme builds farm robots.\nSeniority level: Entry level\n", {"junior"}),
        ("Acme builds farm robots.\nExperience level: Junior\n", {"junior"}),
        ("Acme builds farm robots.\nLevel: Mid-Senior\n", {"mid", "senior"}),
        ("- Seniority: Junior/Mid\n- Location: Remote", {"junior", "mid"}),
    ],
)
def test_a_level_label_names_the_level(text: str, levels: set[str]) -> None:
    assert text_levels(text) == levels


def test_every_role_of_a_list_counts() -> None:
    assert text_levels("We are hiring a junior developer and a senior data engineer.") == {
        "junior", "senior",
    }  # fmt: skip
    assert text_levels("Positions: Junior Backend Engineer, Staff Frontend Engineer") == {
        "junior", "lead",
    }  # fmt: skip
    assert text_levels("We hire juniors and seniors.") == {"junior", "senior"}
    assert text_levels("You will mentor juniors and learn from seniors.") == set()


def test_a_mid_size_company_names_no_level() -> None:
    assert text_levels("We are a mid-size company; our Mid-Market team sells.") == set()


def test_a_post_listing_roles_after_a_hiring_phrase() -> None:
    text = "We are looking for Go developers, data scientists, and interns for the summer."
    assert text_levels(text) == {"intern"}


def test_levels_in_parentheses_after_a_role_noun() -> None:
    assert text_levels("BACKEND ENGINEERS (MEDIOR & SENIOR)\nJoin us.") == {"mid", "senior"}


@pytest.mark.parametrize(
    ("years", "level"), [(0, "junior"), (2, "junior"), (3, "mid"), (4, "mid"), (5, "senior"),
                         (7, "senior"), (8, "lead"), (12, "lead")],
)  # fmt: skip
def test_years_name_a_level(years: int, level: str) -> None:
    assert levels_of_years(years) == level


def test_the_years_asked_decide_only_when_no_level_is_named() -> None:
    text = "Requirements:\n- 3+ years with Python\n- 6+ years of software engineering experience"
    assert read_meta("Backend Developer", text).levels == ("senior",)  # the most years
    assert read_meta("Junior Backend Developer", text).levels == ("junior",)  # title wins
    assert read_meta("Backend Developer", "We ship every day.").levels == ()
