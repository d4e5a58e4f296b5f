"""A learner's checklist as data: items with states, study links, warnings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from analyzer.errors import AnalyzerError

STATES = ("done", "learning", "todo", "skipped")
STATE_RANK = {"done": 3, "learning": 2, "todo": 1, "skipped": 0}  # which wins when merged


class ChecklistError(AnalyzerError):
    """The checklist cannot be read; the message says why and what is expected."""


@dataclass(frozen=True)
class ChecklistItem:
    """One topic the learner lists, with its state and (once mapped) its skills."""

    text: str
    state: str
    line: int
    kind: str  # task | item | heading | roadmap-section | roadmap-item | line | listed | row
    label: str = ""  # the short name before "Label: detail", else the text
    depth: int = 0
    parent: int | None = None  # index of the parent item in Checklist.items
    skills: tuple[str, ...] = ()
    category: str | None = None
    not_skill: str | None = None  # why the topic is deliberately not a skill
    mapped_by: str = ""  # topic | extractor | category | not-skill | group; "" when unmapped

    @property
    def mapped(self) -> bool:
        return bool(self.skills or self.category or self.not_skill)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["skills"] = list(self.skills)
        return out


@dataclass(frozen=True)
class Resource:
    """A study link under a topic ("- [x] [Docs](https://...)"): progress, not a topic."""

    text: str
    state: str
    line: int
    parent: int | None


@dataclass
class Checklist:
    """A parsed checklist: its topics in document order, study links, what was skipped."""

    name: str
    format: str  # markdown | text | csv | tsv | json | yaml
    items: list[ChecklistItem]
    title: str | None = None
    resources: list[Resource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def unmapped(self) -> list[ChecklistItem]:
        return [i for i in self.items if not i.mapped]

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for i in self.items if i.state == s) for s in STATES}
