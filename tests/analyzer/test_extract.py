"""The extractor on the known traps, as general rules (texts written for these tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

from analyzer.extract import Extractor, skills_of
from analyzer.glue import GlueSplitter
from analyzer.matcher import _CLAUSE_BREAK_RE, SPAN_KEY, SkillMatcher
from taxonomy import load_taxonomy


def found(extractor: Extractor, text: str, **kw: str) -> set[str]:
    return {m.skill for m in extractor.extract(text, **kw)}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("We write services in Go and Python.", {"go", "python"}, set()),
        ("Go ahead and apply; we go fast and go to conferences.", set(), {"go"}),
        ("Our stack: Golang, Postgres.", {"go", "postgresql"}, set()),
        ("Experience designing REST APIs.", {"rest"}, set()),
        ("You and the rest of the team will rest easy.", set(), {"rest"}),
        ("Backend in Java with Spring Boot.", {"java", "spring"}, {"javascript"}),
        ("See you in the spring! Spring is lovely.", set(), {"spring"}),
        ("Frontend in JavaScript, no Java here.", {"javascript"}, {"java"}),
        ("Node.js with Express and MongoDB.", {"nodejs", "express", "mongodb"}, set()),
        ("Please express interest by email.", set(), {"express"}),
        ("We use React on the front end.", {"react"}, set()),
        ("You react quickly to incidents.", set(), {"react"}),
        ("iOS app in Swift, backend in Rust.", {"rust"}, set()),
        ("Rust on old pipes is a plumber's problem.", set(), {"rust"}),
        ("Systems programming in C and C++.", {"c", "cpp"}, set()),
        ("Strong C/C++ skills.", {"c", "cpp"}, set()),
        ("Services in C# on .NET.", {"csharp", "dotnet"}, {"c"}),
        ("Answer a), b), c) below.", set(), {"c"}),
        ("Streaming with Apache Kafka.", {"kafka"}, {"apache-httpd"}),
        ("Hadoop, Apache, NGINX in front.", {"apache-httpd", "nginx", "spark"}, set()),
        ("Deploy to EKS.", {"kubernetes", "aws"}, set()),
        ("Ruby on Rails monolith.", {"rails", "ruby"}, set()),
        ("Queues on Amazon SQS.", {"sqs", "aws"}, set()),
        ("No PHP experience needed, just Python.", {"python"}, {"php"}),
        ("We moved off MongoDB last year; now on PostgreSQL.", {"postgresql"}, {"mongodb"}),
        ("Kafka is not required; Redis is.", {"redis"}, {"kafka"}),  # a negation after
        ("Not only Python but also Go.", {"python", "go"}, set()),  # "not only" is no negation
        ("Strong SQL; MySQL and NoSQL experience.", {"sql", "mysql", "nosql"}, set()),
        ("We use MySQL and PostgreSQL.", {"mysql", "postgresql"}, {"sql"}),
    ],
)
def test_traps(extractor: Extractor, text: str, present: set[str], absent: set[str]) -> None:
    skills = found(extractor, text)
    assert present <= skills, f"missing {present - skills} in {text!r}"
    assert not (absent & skills), f"wrongly found {absent & skills} in {text!r}"


def test_alias_does_not_match_across_a_list_boundary(extractor: Extractor) -> None:
    # "Elastic, Search" is two list items, not Elastic Search
    assert "elasticsearch" not in found(extractor, "Tools: Elastic, Search UI, Confluence")
    assert "elasticsearch" not in found(extractor, "Skills: Elastic\nSearch engine optimisation")
    assert "elasticsearch" in found(extractor, "Tools: Elastic Search, Kibana")


def test_employer_name_is_not_a_skill(extractor: Extractor) -> None:
    text = "Redis is hiring backend engineers. You will build services in Go."
    assert "redis" not in found(extractor, text, company="Redis")
    assert "redis" in found(extractor, text, company="Acme")


def test_sections_required_preferred_other(extractor: Extractor) -> None:
    text = (
        "About us\nWe run on Kubernetes.\n\n"
        "Requirements:\n- 3+ years of Python\n- PostgreSQL\n\n"
        "Nice to have:\n- Kafka\n- Terraform\n"
    )
    labels = skills_of(extractor.extract(text))
    assert labels == {
        "kubernetes": "other",
        "python": "required",
        "postgresql": "required",
        "kafka": "preferred",
        "terraform": "preferred",
    }


def test_inline_cues_override_headings(extractor: Extractor) -> None:
    text = "Requirements:\n- Strong Go\n- Familiarity with gRPC is a plus\n"
    labels = skills_of(extractor.extract(text))
    assert labels == {"go": "required", "grpc": "preferred"}


def test_title_names_role_skill_as_required(extractor: Extractor) -> None:
    mentions = extractor.extract("Our stack includes Go and Redis.", title="Senior Go Engineer")
    assert skills_of(mentions) == {"go": "required", "redis": "other"}


def test_html_and_offsets(extractor: Extractor) -> None:
    html = "&lt;p&gt;We need &lt;strong&gt;Django&lt;/strong&gt; &amp;amp; Celery&lt;/p&gt;"
    mentions = extractor.extract(html)
    assert {m.skill for m in mentions} == {"django", "celery"}
    assert all(m.text in ("Django", "Celery") for m in mentions)


def test_empty_and_huge_text(extractor: Extractor) -> None:
    assert extractor.extract("") == []
    big = ("Filler words about the team and the office. " * 20000) + "We use Kafka."
    assert len(big) > 800_000
    assert "kafka" in {m.skill for m in extractor.extract(big)}


@pytest.mark.parametrize(
    "text",
    [
        "We moved off PHP, BUT we still use MongoDB",
        "No Java. However: Kotlin is fine; really! Or? not",
        "but however But HOWEVER butter abut however-ish",
        "ſome buſineſs, but the Kelvin sign \u212a and İstanbul, HOWEVER",
        "",
    ],
)
def test_clause_breaks_are_found_on_lower_cased_text_as_case_blind(text: str) -> None:
    # _clause_words reads lower-cased text with a case-sensitive regex, for speed
    case_blind = re.compile(r"[.;:!?\n]|\bbut\b|\bhowever\b", re.IGNORECASE)
    assert _CLAUSE_BREAK_RE.split(text.lower()) == case_blind.split(text.lower())


def test_pipe_runs_each_stage_over_the_batch_and_agrees_with_one_doc_at_a_time(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        f"Ad {i}: we need Python and Go.Experience with Kafka is a plus; no PHP needed."
        if i % 2
        else f"Ad {i}: REST APIs in Java with Spring Boot, Postgres and Redis."
        for i in range(6)
    ]

    def results(doc: Doc) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
        """What the extractor reads (the matcher's plain list) and the spans beside it."""
        spans = [(s.label_, s.start_char, s.end_char) for s in doc.spans[SPAN_KEY]]
        return doc._.skillgap_found, spans

    one_at_a_time = [results(extractor.nlp(t)) for t in texts]
    calls: list[str] = []
    for component in (GlueSplitter, SkillMatcher):

        def record(self: Any, doc: Doc, original: Any = component.__call__) -> Doc:
            calls.append(type(self).__name__)
            return original(self, doc)

        monkeypatch.setattr(component, "__call__", record)
    batched = [results(doc) for doc in extractor.nlp.pipe(texts)]

    assert batched == one_at_a_time
    assert {"go", "kafka", "java", "spring"} <= {s for found, _ in batched for s, _a, _b in found}
    assert calls == ["GlueSplitter"] * len(texts) + ["SkillMatcher"] * len(texts)


def test_a_taxonomy_read_from_a_file_builds_the_pipeline_too(tmp_path: Path) -> None:
    """Extractor(taxonomy=...) matches that taxonomy's aliases, not the bundled file's."""
    path = tmp_path / "skills.yaml"
    path.write_text(
        "categories: [{id: lang, label: L}]\n"
        "skills:\n  - {id: zorb, label: Zorblang, category: lang, aliases: [Zorblang]}\n"
    )
    found = Extractor(taxonomy=load_taxonomy(path)).extract("Required: Zorblang and Python")
    assert {m.skill for m in found} == {"zorb"}


def test_the_components_declare_what_they_leave_on_the_doc(extractor: Extractor) -> None:
    analysis = extractor.nlp.analyze_pipes()
    assert analysis["problems"] == {"split_glued_words": [], "skill_matcher": []}
    assigned = {attr for attr, who in analysis["attrs"].items() if who["assigns"]}
    assert assigned == {
        "doc._.skillgap_lower",
        "doc._.skillgap_glued_starts",
        "doc.spans",
        "doc._.skillgap_found",
    }
    doc = extractor.nlp("We use PythonDesired Skills: Go and Kafka.")
    assert doc._.skillgap_found == [("python", 7, 13), ("go", 29, 31), ("kafka", 36, 41)]
    assert doc._.skillgap_glued_starts == [13]  # "Desired" glued to "Python"
    assert len(doc._.skillgap_lower) == len(doc)
