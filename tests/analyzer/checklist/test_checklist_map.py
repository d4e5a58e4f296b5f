"""Mapping checklist items onto skill ids with the extractor and the topics table."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.model import ChecklistError
from analyzer.checklist.read import parse_checklist
from analyzer.extract import Extractor
from tests.support.markdownish import markdownish


@pytest.fixture(scope="module")
def mapper(extractor: Extractor) -> ChecklistMapper:
    return ChecklistMapper(extractor=extractor)


@pytest.mark.parametrize(
    ("label", "text", "skills", "category"),
    [
        ("Key-Value Redis,etcd3", None, {"redis", "etcd"}, None),  # topics table
        ("Container & Docker", None, {"docker"}, None),
        ("Relational Database", None, set(), "relational-database"),  # a heading: its category
        ("Core", "Core: Python/JavaScript", {"python", "javascript"}, None),  # detail counts
        ("Python", "Python: Django or Flask", {"python", "django", "flask"}, None),
        ("Message Brokers", None, {"message-queues"}, "message-broker"),
        ("Golang", None, {"go"}, None),
    ],
)
def test_topics_map_to_skills_and_categories(
    mapper: ChecklistMapper, label: str, text: str | None, skills: set[str], category: str | None
) -> None:
    m = mapper.map_topic(label, text)
    assert set(m.skills) == skills
    assert m.category == category
    assert m.mapped_by in ("topic", "extractor", "category")


def test_not_skills_groups_and_unmapped(mapper: ChecklistMapper) -> None:
    text = """# Plan
## Reading
- [ ] Books
- [ ] Quantum basket weaving
## Practice
- [x] Git
"""
    checklist = mapper.map_checklist(parse_checklist(text))
    by_text = {i.text: i for i in checklist.items}
    assert by_text["Books"].not_skill and by_text["Books"].mapped_by == "not-skill"
    assert by_text["Practice"].mapped_by == "group"  # a heading over items, not a topic
    assert by_text["Git"].skills == ("git",)
    assert by_text["Reading"].mapped_by == "group"
    assert [i.text for i in checklist.unmapped] == ["Quantum basket weaving"]


def test_bare_unknown_heading_is_unmapped_not_a_group(mapper: ChecklistMapper) -> None:
    checklist = mapper.map_checklist(parse_checklist("# A\n\n# Zorblax\n\n# Kafka\n"))
    assert [(i.text, i.mapped) for i in checklist.items] == [
        ("A", False),
        ("Zorblax", False),
        ("Kafka", True),
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(markdownish)
def test_mapping_arbitrary_checklists_never_crashes(mapper: ChecklistMapper, text: str) -> None:
    try:
        checklist = parse_checklist(text)
    except ChecklistError:
        return
    mapped = mapper.map_checklist(checklist)
    assert len(mapped.items) == len(checklist.items)
    known = set(mapper.taxonomy.skills)
    for item in mapped.items:
        assert set(item.skills) <= known
        assert item.mapped == bool(item.mapped_by)


@pytest.mark.parametrize(
    ("label", "skill"),
    [("node", "nodejs"), ("Node", "nodejs"), ("NODE", "nodejs"), ("go", "go"), ("Go", "go"),
     ("GOLANG", "go"), ("k8s", "kubernetes"), ("K8S", "kubernetes"), ("postgres", "postgresql")],
)  # fmt: skip
def test_an_item_that_is_a_skill_name_maps_in_any_case(
    mapper: ChecklistMapper, label: str, skill: str
) -> None:
    """A checklist item is a skill's name: case-exact aliases of ads ("Go", "Node") still
    map, whatever case the learner wrote them in."""
    assert skill in mapper.map_topic(label).skills
