"""General rules behind the extractor, each on small texts written for the test."""

from __future__ import annotations

import pytest

from analyzer.extract import AdInput, Extractor, extract_parallel, skills_of


def labels(extractor: Extractor, text: str, **kw: str) -> dict[str, str]:
    return skills_of(extractor.extract(text, **kw))


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Minimum skills: Coding in PythonWhat You Need next", "python"),  # glued by HTML loss
        ("Hadoop and CassandraStrong understanding of queues", "cassandra"),
        ("Java, Ruby on Rails, AWSIf you are interested", "aws"),
        ("Stack: Rails, Vue.js/Typescript, Rust", "typescript"),  # not a URL
        ("largely node.js/Ruby/Mongo/Redis", "redis"),
        ("Go(lang) / Node.js services", "go"),
        ("Languages including, but not limited to, C, C++, C#", "c"),  # not a negation
    ],
)
def test_found_despite_messy_text(extractor: Extractor, text: str, skill: str) -> None:
    assert skill in labels(extractor, text)


def test_camel_case_names_stay_whole(extractor: Extractor) -> None:
    found = labels(extractor, "JavaScript and TypeScript on GitHub with PostgreSQL")
    assert set(found) == {"javascript", "typescript", "git", "postgresql"}


def test_system_design_needs_a_system_not_just_design(extractor: Extractor) -> None:
    assert "system-design" in labels(extractor, "You will design and build scalable services.")
    assert "system-design" in labels(extractor, "Own the system architecture end to end.")
    assert "system-design" not in labels(extractor, "You love UX and hate bad design.")
    assert "system-design" not in labels(extractor, "We sell to architecture firms.")


def test_github_as_a_profile_link_is_not_version_control(extractor: Extractor) -> None:
    assert "git" not in labels(extractor, "Apply by email with your resume and GitHub profile.")
    assert "git" in labels(extractor, "Our code lives in Git; we review pull requests daily.")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a parenthesis is its own scope
        (
            "You have: expertise in TypeScript and experience with Node.js (React is a plus).",
            {"typescript": "required", "nodejs": "required", "react": "preferred"},
        ),
        # a preferred cue before the skill wins over the required words after it
        ("Ideally you'd have experience working with Terraform.", {"terraform": "preferred"}),
        (
            "Bonus points if you have experience with Kafka or Flink.",
            {"kafka": "preferred", "spark": "preferred"},
        ),
        # a trailing cue reaches back over a list
        ("Unix, Linux, and Windows experience preferred.", {"linux": "preferred"}),
        # "X required, Y a plus" keeps X required
        ("Python is required, Go is a plus.", {"python": "required", "go": "preferred"}),
        # the company's stack is "other"
        (
            "We use Elixir and PostgreSQL on AWS.",
            {"elixir": "other", "postgresql": "other", "aws": "other"},
        ),
        # a skill named in a role is required
        ("We are hiring a Senior Rust Engineer to join us.", {"rust": "required"}),
    ],
)
def test_how_skills_are_asked_for(extractor: Extractor, text: str, want: dict[str, str]) -> None:
    got = labels(extractor, text)
    assert {k: got.get(k) for k in want} == want


def test_headings_inside_glued_text(extractor: Extractor) -> None:
    text = (
        "We build trading tools for small firms.Requirements: * 3+ years of C++ * Strong SQL "
        "We'd love to see: * Experience with Kafka * Familiarity with Docker"
    )
    got = labels(extractor, text)
    assert got["cpp"] == "required" and got["sql"] == "required"
    assert got["kafka"] == "preferred" and got["docker"] == "preferred"


def test_a_heading_glued_to_a_word_at_a_case_change_starts_a_section(
    extractor: Extractor,
) -> None:
    got = labels(extractor, "Requirements: Go, PythonPreferred: Kafka")
    assert got == {"go": "required", "python": "required", "kafka": "preferred"}
    # no case change, no heading: one lower-case word that ends like one
    assert labels(extractor, "Requirements: Go, pythonpreferred: Kafka")["kafka"] == "required"


def test_a_heading_run_into_a_line_is_read_with_the_capitalised_words_before_it(
    extractor: Extractor,
) -> None:
    # "Qualifications:" alone would say required
    got = labels(extractor, "We hire well. Bonus Qualifications: Kafka, Docker")
    assert got == {"kafka": "preferred", "docker": "preferred"}
    got = labels(extractor, "Clear communication skillsDesired Skills: Kafka")
    assert got == {"kafka": "preferred"}
    assert labels(extractor, "We hire well. Qualifications: Kafka") == {"kafka": "required"}
    # at the start of a line too, and for the list under it
    got = labels(extractor, "Bonus Qualifications: Kafka\n- Docker")
    assert got == {"kafka": "preferred", "docker": "preferred"}
    # words that do not change what the heading says leave it as it is
    got = labels(extractor, "We hire well. Technical Qualifications: Kafka")
    assert got == {"kafka": "required"}


def test_a_sentence_start_glued_to_a_word_still_starts_a_sentence(extractor: Extractor) -> None:
    got = labels(extractor, "We use Python in productionBonus points for Kafka")
    assert got == {"python": "other", "kafka": "preferred"}


def test_token_patterns_reach_as_far_as_written(extractor: Extractor) -> None:
    # design, up to four words that are not punctuation, then a system word
    assert "system-design" in labels(extractor, "You will design one two three four services.")
    assert "system-design" not in labels(
        extractor, "You will design one two three four five services."
    )
    assert "system-design" not in labels(extractor, "You will design, services.")
    # the other pattern: a system word, at most one word, then architecture
    assert "system-design" in labels(extractor, "Own the platform data architecture.")
    assert "system-design" not in labels(extractor, "Our data team loves the old architecture.")


def test_heading_words_in_items_do_not_start_sections(extractor: Extractor) -> None:
    text = "Nice to haves:\nvSphere experience\nGo experience\nExperience with Terraform\n"
    assert labels(extractor, text) == {"go": "preferred", "terraform": "preferred"}


def test_stack_lists_under_requirements_stay_required(extractor: Extractor) -> None:
    text = "Requirements:\n- Backend: Python, PostgreSQL\n\nOur tech stack\n- Backend: Go, Redis\n"
    got = labels(extractor, text)
    assert got == {"python": "required", "postgresql": "required", "go": "other", "redis": "other"}


def test_offsets_point_into_the_plain_text_given(extractor: Extractor) -> None:
    text = "Requirements:\r\n-   Strong  Python\r\n\r\n\r\n- Kafka   is a plus"
    for m in extractor.extract(text):
        assert text[m.start : m.end] == m.text


def test_two_workers_give_the_same_results_as_one() -> None:
    ads = [
        AdInput(id=i, text=f"Ad {i}. Requirements: Go and Kafka. Nice to have: Rust {i}.")
        for i in range(300)
    ]
    one = [(ad.id, m) for ad, m in extract_parallel(ads, 1)]
    two = [(ad.id, m) for ad, m in extract_parallel(ads, 2, chunk_size=16)]
    assert one == two
    assert skills_of(one[0][1]) == {"go": "required", "kafka": "required", "rust": "preferred"}
