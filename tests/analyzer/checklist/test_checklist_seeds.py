"""Every real seed roadmap in ../shared/seeds parses into the items it holds.

The seeds stay in ../shared (their text is not copied here); the tests skip cleanly
without it. They are roadmaps, not progress logs: every topic in them is planned (todo).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.model import STATES, Checklist, ChecklistItem
from analyzer.checklist.read import load_checklist
from analyzer.extract import Extractor

PROSE_WORDS = 10


@pytest.fixture(scope="module")
def seeds(shared: Path, extractor: Extractor) -> dict[str, Checklist]:
    mapper = ChecklistMapper(extractor=extractor)
    files = sorted((shared / "seeds").iterdir())
    assert len(files) == 5
    return {f.name[:3]: mapper.map_checklist(load_checklist(f)) for f in files}


def _item(checklist: Checklist, text: str, kind: str | None = None) -> ChecklistItem:
    found = [i for i in checklist.items if i.text == text and (kind is None or i.kind == kind)]
    assert found, f"no item {text!r} ({kind}) in {checklist.name}"
    return found[0]


def _skills(checklist: Checklist, text: str, kind: str | None = None) -> set[str]:
    return set(_item(checklist, text, kind).skills)


def test_every_seed_parses_into_planned_mapped_topics(seeds: dict[str, Checklist]) -> None:
    for checklist in seeds.values():
        assert checklist.format == "markdown"
        assert all(i.state in STATES for i in checklist.items)
        # roadmaps plan topics; none of the seeds ticks anything off
        assert checklist.counts()["todo"] == len(checklist.items)
        # whatever is unmapped is listed, and it is prose, not a topic name
        for item in checklist.unmapped:
            assert len(item.text.split()) > PROSE_WORDS, (checklist.name, item.text)


def test_seed_000_roadmap_blocks(seeds: dict[str, Checklist]) -> None:
    c = seeds["000"]
    assert c.title == "Backend Developer"
    kinds = Counter(i.kind for i in c.items)
    # the summary block's 10 sections and 40 topics; the repeated per-heading blocks merge in
    assert kinds["roadmap-section"] == 10 and kinds["roadmap-item"] == 40
    assert len(c.items) == 57 and c.unmapped == []
    redis = _item(c, "Key-Value Redis,etcd3")
    assert set(redis.skills) == {"redis", "etcd"} and redis.state == "todo"
    assert c.items[redis.parent or 0].text == "NoSQL Database"
    assert _skills(c, "Container & Docker") == {"docker"}
    assert _item(c, "Relational Database").category == "relational-database"
    assert _item(c, "Message Broker").category == "message-broker"
    assert _skills(c, "Cluster & Kubernetes") == {"kubernetes"}
    assert _skills(c, "Rust") == {"rust"} and _skills(c, "C++") == {"cpp"}
    assert "python" in _skills(c, "Python: Popular script language. Easy to learn. "
                               "DO NOT require high performance.")  # fmt: skip
    # the first block's sections are top-level; nothing is listed twice
    texts = [(i.text, i.parent) for i in c.items]
    assert len(texts) == len(set(texts))


def test_seed_001_empty_boxes_and_escaped_headings(seeds: dict[str, Checklist]) -> None:
    c = seeds["001"]
    assert c.title == "backend"
    tasks = [i for i in c.items if i.kind == "task"]
    assert len(tasks) == 26  # the `* []` table of contents, nested two deep
    assert {i.depth for i in tasks} == {2, 3}
    assert all(i.state == "todo" for i in tasks)
    assert _skills(c, "Caching", "task") == {"caching"}
    assert _skills(c, "Version Control (Git)", "task") == {"git"}
    assert _item(c, "Books", "task").not_skill == "study resources"
    assert _item(c, "Communication", "task").not_skill == "soft skill"
    headings = [i.text for i in c.items if i.kind == "heading"]
    assert len(headings) == 23 and "Message Queues" in headings
    assert _skills(c, "Core: Python/JavaScript") == {"python", "javascript"}
    assert {"rabbitmq", "kafka"} <= _skills(c, "RabbitMQ, Kafka: Facilitate asynchronous "
                                               "communication between services.")  # fmt: skip
    assert len(c.items) == 78
    assert len(c.unmapped) == 1 and c.unmapped[0].text.startswith("Automate the build")


def test_seed_002_front_matter_bare_headings_and_resources(seeds: dict[str, Checklist]) -> None:
    c = seeds["002"]
    assert c.title == "My Backend Developer Roadmap"
    assert len(c.items) == 37 and c.unmapped == []
    # front matter keys and values are not topics
    assert not any(w in i.text.lower() for i in c.items for w in ("sr-due", "inbox", "outline"))
    assert min(i.line for i in c.items) > 10
    # the bare headings at the end are planned topics
    bare = [i for i in c.items if i.kind == "heading" and i.text in ("Python", "Go", "GraphQL")]
    assert [(i.text, i.state, i.skills) for i in bare] == [
        ("Python", "todo", ("python",)),
        ("Go", "todo", ("go",)),
        ("GraphQL", "todo", ("graphql",)),
    ]
    assert _skills(c, "Message Brokers") == {"message-queues"}
    assert _skills(c, "Containerzitation vs Virtualization") == {"docker", "virtualization"}
    assert _skills(c, "Internet", "task") == {"http", "networking", "dns"}
    # the [[wiki]] and [text](url) study links under a topic are its resources
    assert len(c.resources) == 37
    what_is_http = c.items.index(_item(c, "What is HTTP?"))
    assert sum(1 for r in c.resources if r.parent == what_is_http) == 6


def test_seed_003_job_requirement_bullets(seeds: dict[str, Checklist]) -> None:
    c = seeds["003"]
    assert c.title == "A Backend Road" and len(c.items) == 17 and c.unmapped == []
    langs = next(i for i in c.items if i.text.startswith("Excellent coding"))
    assert {"c", "cpp", "java", "python", "perl"} <= set(langs.skills)
    assert _skills(c, "Database", "heading") == {"relational-databases", "nosql"}
    assert _item(c, "Book").not_skill == "study resources"
    # "- Introduction to a web-app: https://..." keeps its topic, drops the URL
    assert _skills(c, "Introduction to a web-app") == {"http"}


def test_seed_004_front_matter_and_numbered_headings(seeds: dict[str, Checklist]) -> None:
    c = seeds["004"]
    assert c.title == "The right ways"
    assert len(c.items) == 68
    assert not any(i.text.startswith(("title", "type", "keywords")) for i in c.items)
    headings = [i.text for i in c.items if i.kind == "heading"]
    assert headings[0] == "Pick a language" and len(headings) == 11
    assert _skills(c, "Docker, kubernetes") == {"docker", "kubernetes"}
    assert "rabbitmq" in _skills(c, "Message Brokers: RabbitMQ is a choice")
    assert _item(c, "NoSQL Database").category == "nosql-database"
    assert _item(c, "Conferences").not_skill == "career activity"
    assert len(c.unmapped) == 1 and c.unmapped[0].text.startswith("If you have knowledge")
