"""Shortcuts in section labelling skip work, never change a label: each is checked
against the slow path it guards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from analyzer.sections.cues import CUES_PATH, load_cues
from analyzer.sections.headings import headings_run_in
from analyzer.text import to_text

# lines with colons where a heading may or may not end, in the shapes that matter
COLON_LINES = [
    "We build tools for small teams.Requirements: * 3+ years of C++ * Strong SQL",
    "Great pay. Nice to have : Kafka, Docker",
    "Our team grew fast.   Bonus points if:   Rust",
    "We are hiring. Skills" + " " * 60 + ": Go",  # more spaces than a heading is long
    "Meet us at 10:30, or read https://example.com/jobs: we reply within a day",
    "We are hiring for our small team. Key ſkills: Python",  # the regex takes "ſ" for "s"
    "We are hiring for our small team. Required S\u212aills: Go",  # a Kelvin sign for "k"
    "The stack: Go. What you'll bring: Postgres",
    "Ratio 3:2, then Preferred qualifications: Terraform",
    "Note: nothing here is a heading: really",
    "café Requirements: Java",
    ": starts with a colon, then Benefits: lots",
    "Requirements: Go, PythonPreferred: Kafka",  # glued at a case change
    "Requirements: Go, pythonpreferred: Kafka",  # no case change: one word
]


def _by_regex_alone(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(1)) for m in load_cues().midline_heading.finditer(line)]


@pytest.mark.parametrize("line", COLON_LINES)
def test_headings_run_into_a_line_are_found_as_by_the_regex_alone(line: str) -> None:
    assert headings_run_in(line, load_cues()) == _by_regex_alone(line)


@pytest.mark.parametrize("before", ["We are hiring.", "We use Python"])  # or glued on
def test_every_known_heading_is_found_after_a_sentence(before: str) -> None:
    cues = load_cues()
    for heading in sorted({h for hs in cues.headings.values() for h in hs if len(h) > 3}):
        line = f"{before}{heading.replace('-', ' ').title()}: Go"
        assert headings_run_in(line, cues) == _by_regex_alone(line) != [], heading


def test_the_longest_headings_are_found_whole_after_many_words() -> None:
    cues = load_cues()
    known = {h for hs in cues.headings.values() for h in hs if len(h) > 3}
    most = max(len(h.replace("-", " ").split()) for h in known)
    for heading in sorted(h for h in known if len(h.replace("-", " ").split()) == most):
        line = f"one two three four five six seven eight.  {heading.replace('-', ' ')}: Go"
        assert headings_run_in(line, cues) == _by_regex_alone(line) != [], heading


def test_real_ads_lines_give_what_the_regex_alone_gives(shared: Path) -> None:
    dev = (shared / "eval" / "dev.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in dev.splitlines()]
    lines = [line for r in rows for line in to_text(r.get("text") or "").split("\n") if ":" in line]
    assert len(lines) > 100
    cues = load_cues()
    for line in lines:
        assert headings_run_in(line, cues) == _by_regex_alone(line), line


def test_every_role_noun_and_preferred_cue_holds_a_stem_its_shortcut_looks_for() -> None:
    # may_name_role and may_prefer skip the work when no stem is in the text: that is
    # safe only while every phrase they stand for contains one
    cues = load_cues()
    data = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    preferred = [p for d in ("before", "after") for p in data["cues"]["preferred"][d]]
    for phrase in preferred:
        written = phrase.rstrip("*").lower().replace("’", "'")
        assert cues.preferred_stem.search(written), phrase
        assert cues.preferred_lower.search(written) or phrase.endswith("*"), phrase
    for noun in data["role_nouns"]:
        assert cues.role_stem.search(noun.lower()), noun
        assert cues.role.search(noun), noun
