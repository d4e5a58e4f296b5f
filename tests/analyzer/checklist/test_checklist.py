"""Checklist parsing: every supported shape, states, nesting, links, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.checklist.model import STATES, ChecklistError
from analyzer.checklist.read import MAX_BYTES, load_checklist, parse_checklist


def _states(text: str, fmt: str | None = None) -> dict[str, str]:
    return {i.text: i.state for i in parse_checklist(text, fmt=fmt).items}


def test_task_list_marks() -> None:
    text = """# Plan

- [x] Python
- [X] Flask
* [x] Docker
* [] Kafka
- [ ] Redis
+ [/] Go
- [~] Rust
- [-] PHP
1. [x] Git
2) [ ] Terraform
- ~~Perl~~
- [x] ~~Ruby~~
"""
    assert _states(text) == {
        "Python": "done",
        "Flask": "done",
        "Docker": "done",
        "Kafka": "todo",
        "Redis": "todo",
        "Go": "learning",
        "Rust": "learning",
        "PHP": "skipped",
        "Git": "done",
        "Terraform": "todo",
        "Perl": "skipped",
        "Ruby": "skipped",
    }


def test_nested_items_inherit_and_roll_up() -> None:
    text = """- [ ] Databases
    - [x] PostgreSQL
    - [ ] MongoDB
- Containers
    - [x] Docker
    - [x] Podman
- [x] Backend basics
    - HTTP
        - Status codes
- [ ] Queues
    - [ ] Kafka
"""
    checklist = parse_checklist(text)
    by_text = {i.text: i for i in checklist.items}
    # a todo parent with some progress underneath is being learned
    assert by_text["Databases"].state == "learning"
    # an unboxed parent whose children are all done is done
    assert by_text["Containers"].state == "done"
    # unboxed bullets under a done item are done, at any depth
    assert by_text["HTTP"].state == "done" and by_text["Status codes"].state == "done"
    assert by_text["Queues"].state == "todo"
    # the tree is kept: depth and parent index
    pg = by_text["PostgreSQL"]
    assert pg.depth == 1 and checklist.items[pg.parent or 0].text == "Databases"
    assert by_text["Status codes"].depth == 2


def test_links_wiki_links_and_resources() -> None:
    text = """- [x] [[Docker|Containers with Docker]]
- [ ] [[Kubernetes_basics]]
- [ ] [Terraform](https://developer.hashicorp.com/terraform)
- [ ] Kafka
    - [x] [Kafka in a nutshell](https://example.org/kafka)
    - [ ] https://example.org/kafka-video
    - [ ] [[Kafka notes]]
- https://example.org/loose-link
"""
    checklist = parse_checklist(text)
    assert [(i.text, i.state) for i in checklist.items] == [
        ("Containers with Docker", "done"),
        ("Kubernetes basics", "todo"),
        ("Terraform", "todo"),
        ("Kafka", "learning"),  # one of its study links is done
    ]
    assert [(r.text, r.state) for r in checklist.resources] == [
        ("Kafka in a nutshell", "done"),
        ("link", "todo"),
        ("Kafka notes", "todo"),
    ]
    assert all(r.parent == 3 for r in checklist.resources)
    assert any("bare link" in w for w in checklist.warnings)


def test_front_matter_title_and_bare_headings() -> None:
    text = """---
date: 2026-01-02
tags:
- backend
- inbox
---

# Road to backend

Notes I keep while learning.

# Networking
- [x] DNS

# Python

# Message Queues

## Caching
"""
    checklist = parse_checklist(text)
    assert checklist.title == "Road to backend"
    items = {(i.text, i.kind): i.state for i in checklist.items}
    assert items == {
        ("Networking", "heading"): "done",
        ("DNS", "task"): "done",
        ("Python", "heading"): "todo",
        ("Message Queues", "heading"): "todo",
        ("Caching", "heading"): "todo",
    }
    assert not any(w in i.text for i in checklist.items for w in ("inbox", "date", "backend"))
    # line numbers count the front matter
    assert next(i.line for i in checklist.items if i.text == "DNS") == 13


def test_first_heading_is_a_topic_when_a_sibling_heading_follows() -> None:
    checklist = parse_checklist("# Python\n# Go\n- [x] goroutines\n")
    assert checklist.title is None
    assert [i.text for i in checklist.items] == ["Python", "Go", "goroutines"]


def test_roadmap_blocks_sections_items_and_repeats() -> None:
    text = """# Path

```roadmap
Storage[URL="#storage"]:
- Relational Stores
- Key-Value Memcached,Redis
Queues[URL="#queues"]:
- NATS[URL="/nats.html"]
```

## Storage

```roadmap
Storage[URL="#storage"]:
- Relational Stores
- Key-Value Memcached,Redis
```

```python
- not a topic
```
"""
    checklist = parse_checklist(text)
    got = [(i.text, i.kind, i.depth, i.state) for i in checklist.items]
    assert got == [
        ("Storage", "roadmap-section", 0, "todo"),
        ("Relational Stores", "roadmap-item", 1, "todo"),
        ("Key-Value Memcached,Redis", "roadmap-item", 1, "todo"),
        ("Queues", "roadmap-section", 0, "todo"),
        ("NATS", "roadmap-item", 1, "todo"),
    ]


def test_bold_labels_numbering_and_escaped_headings() -> None:
    text = """# Notes
**\\#\\# Stack**

  * **Languages:**
      * **Core:** Elixir/Erlang
  * **Queues:** SQS or Pub/Sub for events

### 3. Observability
- Tracing
"""
    checklist = parse_checklist(text)
    got = [(i.text, i.label, i.depth) for i in checklist.items]
    assert got == [
        ("Stack", "Stack", 0),
        ("Languages", "Languages", 1),
        ("Core: Elixir/Erlang", "Core", 2),
        ("Queues: SQS or Pub/Sub for events", "Queues", 1),
        ("Observability", "Observability", 1),  # an h3 under the h2
        ("Tracing", "Tracing", 2),
    ]


def test_plain_text_one_topic_per_line() -> None:
    text = "Python\n\n[x] Docker\n✅ Git\n⏳ Kubernetes\n❌ PHP\nSystem design: caches, queues\n"
    checklist = parse_checklist(text)
    assert checklist.format == "text"
    assert [(i.text, i.state) for i in checklist.items] == [
        ("Python", "todo"),
        ("Docker", "done"),
        ("Git", "done"),
        ("Kubernetes", "learning"),
        ("PHP", "skipped"),
        ("System design: caches, queues", "todo"),
    ]
    assert checklist.items[-1].label == "System design"


def test_json_and_yaml_state_lists(tmp_path: Path) -> None:
    data = {"done": ["Python", "SQL"], "learning": ["Go"], "todo": ["Kafka", 3], "skipped": []}
    path = tmp_path / "me.json"
    path.write_text(json.dumps(data))
    checklist = load_checklist(path)
    assert checklist.format == "json"
    assert [(i.text, i.state) for i in checklist.items] == [
        ("Python", "done"),
        ("SQL", "done"),
        ("Go", "learning"),
        ("Kafka", "todo"),
        ("3", "todo"),
    ]
    yaml_text = "# my skills\ndone: [Python]\nin progress:\n  - Docker\nwant: Rust\nnotes: hi\n"
    path = tmp_path / "me.yaml"
    path.write_text(yaml_text)
    checklist = load_checklist(path)
    assert [(i.text, i.state) for i in checklist.items] == [
        ("Python", "done"),
        ("Docker", "learning"),
        ("Rust", "todo"),
    ]
    assert any("'notes'" in w for w in checklist.warnings)
    # sniffed without an extension too
    assert parse_checklist("done:\n  - Go\nskipped: [Java]\n").format == "yaml"
    assert _states('{"done": ["Go"], "skipped": ["Java"]}') == {"Go": "done", "Java": "skipped"}


def test_json_lists_of_objects_and_own_output() -> None:
    text = json.dumps(
        {
            "items": [
                {"text": "Go", "state": "done"},
                {"text": "Rust"},
                {"name": "Zig", "state": "?"},
            ]
        }
    )
    checklist = parse_checklist(text)
    assert [(i.text, i.state) for i in checklist.items] == [
        ("Go", "done"),
        ("Rust", "todo"),
        ("Zig", "todo"),
    ]
    assert any("unknown state" in w for w in checklist.warnings)
    assert _states('["Go", "Rust"]') == {"Go": "todo", "Rust": "todo"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 40, "binary"),
        (b"<!DOCTYPE html><html><body><ul><li>Go</li></ul></body></html>", "unknown format"),
        (b'{"favourite_colour": "blue"}', "unknown format"),
        (b"Just some prose.\n" * 0, "empty"),
    ],
)
def test_bad_input_gives_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "checklist.md"
    path.write_bytes(content)
    with pytest.raises(ChecklistError, match=message):
        load_checklist(path)


def test_bad_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text('{"done": ["Go",\n  ]')
    with pytest.raises(ChecklistError, match=r"not valid JSON \(line 2"):
        load_checklist(path)


def test_huge_missing_and_folder(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as fh:  # sparse: 50 MB on paper, nothing written
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(ChecklistError, match=r"50\.0 MB"):
        load_checklist(huge)
    assert MAX_BYTES < 50 * 1024 * 1024
    with pytest.raises(ChecklistError, match="not found"):
        load_checklist(tmp_path / "nope.md")
    with pytest.raises(ChecklistError, match="folder"):
        load_checklist(tmp_path)


def test_prose_only_markdown_has_no_items() -> None:
    with pytest.raises(ChecklistError, match="no checklist items"):
        parse_checklist("```\n- code only\n```\n")


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("- [x] Caf\xe9 app\n- [ ] Go\n".encode("latin-1"))
    checklist = load_checklist(path)
    assert [i.state for i in checklist.items] == ["done", "todo"]
    assert any("undecodable" in w for w in checklist.warnings)


def test_every_state_is_known() -> None:
    checklist = parse_checklist("- [x] a\n- [/] b\n- [ ] c\n- [-] d\n")
    assert [i.state for i in checklist.items] == list(STATES)
    assert checklist.counts() == {s: 1 for s in STATES}


def test_prose_lines_in_markdown_are_reported_not_silently_dropped() -> None:
    checklist = parse_checklist("Python\nDocker\n- [x] Kubernetes\n- [?] Helm\n")
    assert [(i.text, i.state) for i in checklist.items] == [
        ("Kubernetes", "done"),
        ("Helm", "todo"),  # an unfamiliar mark is still a box
    ]
    assert any(w.startswith("2 prose line(s)") for w in checklist.warnings)


def test_a_state_word_first_line_is_not_yaml_unless_it_parses() -> None:
    checklist = parse_checklist("Next: Kafka, then Flink\nPython: {unclosed\n")
    assert checklist.format == "text"
    assert [i.label for i in checklist.items] == ["Next", "Python"]


def test_same_heading_under_different_parents_stays_apart() -> None:
    text = "# Me\n\n## Python\n### Basics\n- [x] Syntax\n## Go\n### Basics\n- [ ] Syntax\n"
    checklist = parse_checklist(text)
    got = [(i.text, i.depth, i.state) for i in checklist.items]
    assert got == [
        ("Python", 0, "done"),
        ("Basics", 1, "done"),
        ("Syntax", 2, "done"),
        ("Go", 0, "todo"),
        ("Basics", 1, "todo"),
        ("Syntax", 2, "todo"),
    ]
    # a repeated top-level heading merges, the strongest state wins
    again = parse_checklist("# A\n\n## Go\n- [ ] Syntax\n## Go\n- [x] Syntax\n")
    assert [(i.text, i.state) for i in again.items] == [("Go", "done"), ("Syntax", "done")]


def test_utf16_and_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes("- [x] Kafka\r\n- [ ] Flink — streams\r\n".encode("utf-16"))
    checklist = load_checklist(path)
    assert [(i.text, i.state, i.line) for i in checklist.items] == [
        ("Kafka", "done", 1),
        ("Flink — streams", "todo", 2),
    ]


def test_pathological_shapes_stay_fast_and_whole() -> None:
    # deeper than Python's recursion limit: the tree is walked iteratively
    deep = "".join(" " * i + "- [x] level\n" for i in range(1500))
    checklist = parse_checklist(deep)
    assert len(checklist.items) == 1500 and checklist.items[-1].depth == 1499
    # a roadmap line of 50,000 spaces once made a regular expression backtrack for ages
    spaced = "```roadmap\n" + " " * 50_000 + "x\nCache:\n- CDN\n```\n"
    assert [i.text for i in parse_checklist(spaced).items] == ["Cache", "CDN"]


def test_roadmap_block_topics_are_read() -> None:
    text = '# T\n\n```roadmap\nCache[URL="#cache"]:\n- CDN\n- Key-Value Redis,etcd3\n```\n'
    topics = [(t.text, t.kind) for t in parse_checklist(text).items]
    assert topics == [
        ("Cache", "roadmap-section"),
        ("CDN", "roadmap-item"),
        ("Key-Value Redis,etcd3", "roadmap-item"),
    ]
