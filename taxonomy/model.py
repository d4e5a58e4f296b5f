"""Plain dataclasses for the skill taxonomy."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


def normalise_topic(text: str) -> str:
    """Lower-case a topic and squeeze punctuation/spacing the way `topics:` keys are written."""
    out = text.strip().lower().replace(":", " ").replace("*", " ").replace("_", " ")
    return " ".join(out.split()).rstrip("?!.")


@dataclass(frozen=True)
class Alias:
    """One way a skill is written, with the rules that keep it from misfiring."""

    text: str
    cased: bool = False
    context: str | None = None  # "tech": keep only near other skills or tech words
    also: tuple[str, ...] = ()
    not_next: frozenset[str] = frozenset()
    not_prev: frozenset[str] = frozenset()
    not_next_title: bool = False  # reject when a Capitalised word follows ("Apache Kafka")
    not_near: frozenset[str] = frozenset()  # reject when one of these words is close by
    near: tuple[str, ...] = ()  # keep only when one of these skills is mentioned close by


@dataclass(frozen=True)
class Pattern:
    """A spaCy token pattern for phrasings a word list cannot express."""

    tokens: tuple[dict[str, Any], ...]
    context: str | None = None
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skill:
    id: str
    label: str
    category: str
    tier: str
    aliases: tuple[Alias, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    prerequisites: tuple[str, ...] = ()
    roadmap: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True)
class NotSkill:
    topic: str
    why: str


@dataclass
class Taxonomy:
    """The whole taxonomy file, loaded."""

    version: int
    categories: list[Category]
    skills: dict[str, Skill]
    tech_words: frozenset[str] = frozenset()
    tech_window: int = 6
    negation_before: tuple[str, ...] = ()
    negation_after: tuple[str, ...] = ()
    negation_window: int = 4
    negation_exceptions: tuple[str, ...] = ()
    topic_skills: dict[str, tuple[str, ...]] = field(default_factory=dict)
    topic_categories: dict[str, str] = field(default_factory=dict)
    not_skills: dict[str, NotSkill] = field(default_factory=dict)
    fingerprint: str = ""
    path: str = ""  # the file it was read from, if any: pipelines are built from it

    def category_order(self) -> list[str]:
        return [c.id for c in self.categories]

    def category_label(self, category_id: str) -> str:
        for c in self.categories:
            if c.id == category_id:
                return c.label
        return category_id

    def skill_categories(self) -> dict[str, str]:
        """Each skill's category id, by skill id (what the counts group skills by)."""
        return {sid: s.category for sid, s in self.skills.items()}

    def skills_in(self, category_id: str) -> list[Skill]:
        return [s for s in self.skills.values() if s.category == category_id]

    def named(self, name: str) -> tuple[str, ...]:
        """The skills whose id, label or one of whose aliases is `name`, in any case
        ("golang", "Go", "K8S"): ids first, then labels, then aliases."""
        return self._names.get(normalise_topic(name), ())

    @cached_property
    def _names(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, dict[str, None]] = {}
        for kind in ("id", "label", "alias"):
            for s in self.skills.values():
                names = {"id": [s.id], "label": [s.label]}.get(kind) or [a.text for a in s.aliases]
                for n in names:
                    found.setdefault(normalise_topic(n), {})[s.id] = None
        return {key: tuple(ids) for key, ids in found.items()}
