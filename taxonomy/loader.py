"""Load the taxonomy file into dataclasses; raises TaxonomyError with a clear message."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from taxonomy.grammar import GrammarError, expand_grammar
from taxonomy.model import (
    Alias,
    Category,
    NotSkill,
    Pattern,
    Skill,
    Taxonomy,
    normalise_topic,
)

DEFAULT_PATH = Path(__file__).with_name("skills.yaml")
TIERS = {"named", "concept", "extra"}
ALIAS_KEYS = {"text", "cased", "context", "also", "not_next", "not_prev", "not_next_title"}
ALIAS_KEYS |= {"not_near", "near"}
SKILL_KEYS = {"id", "label", "category", "tier", "aliases", "patterns", "prerequisites", "roadmap"}
# libyaml's safe loader when PyYAML was built with it: 3x faster on the taxonomy file
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TaxonomyError(ValueError):
    """The taxonomy file is broken; the message says where and how."""


def _strs(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise TaxonomyError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(str(v) for v in value)


def _alias(raw: Any, where: str) -> Alias:
    if isinstance(raw, str | int | float):
        return Alias(text=str(raw))
    if not isinstance(raw, Mapping) or "text" not in raw:
        raise TaxonomyError(f"{where}: an alias is a string or a mapping with 'text', got {raw!r}")
    unknown = set(raw) - ALIAS_KEYS
    if unknown:
        raise TaxonomyError(f"{where}: unknown alias key(s) {sorted(unknown)}")
    context = raw.get("context")
    if context not in (None, "tech"):
        raise TaxonomyError(f"{where}: context must be 'tech', got {context!r}")
    return Alias(
        text=str(raw["text"]),
        cased=bool(raw.get("cased", False)),
        context=context,
        also=_strs(raw.get("also"), where),
        not_next=frozenset(t.lower() for t in _strs(raw.get("not_next"), where)),
        not_prev=frozenset(t.lower() for t in _strs(raw.get("not_prev"), where)),
        not_next_title=bool(raw.get("not_next_title", False)),
        not_near=frozenset(t.lower() for t in _strs(raw.get("not_near"), where)),
        near=_strs(raw.get("near"), where),
    )


def _pattern(raw: Any, where: str) -> Pattern:
    if isinstance(raw, list):
        raw = {"pattern": raw}
    if not isinstance(raw, Mapping) or not isinstance(raw.get("pattern"), list):
        raise TaxonomyError(f"{where}: a pattern is a list of token dicts or {{pattern: [...]}}")
    tokens = raw["pattern"]
    if not tokens or not all(isinstance(t, Mapping) for t in tokens):
        raise TaxonomyError(f"{where}: pattern tokens must be mappings, got {tokens!r}")
    return Pattern(
        tokens=tuple(dict(t) for t in tokens),
        context=raw.get("context"),
        also=_strs(raw.get("also"), where),
    )


def _skill(raw: Any, index: int) -> Skill:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"skills[{index}]: expected a mapping, got {raw!r}")
    sid = raw.get("id")
    where = f"skill {sid!r}" if sid else f"skills[{index}]"
    for key in ("id", "label", "category"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise TaxonomyError(f"{where}: missing or empty '{key}'")
    unknown = set(raw) - SKILL_KEYS
    if unknown:
        raise TaxonomyError(f"{where}: unknown key(s) {sorted(unknown)}")
    tier = raw.get("tier", "extra")
    if tier not in TIERS:
        raise TaxonomyError(f"{where}: tier must be one of {sorted(TIERS)}, got {tier!r}")
    aliases = raw.get("aliases") or []
    patterns = raw.get("patterns") or []
    if not isinstance(aliases, list) or not isinstance(patterns, list):
        raise TaxonomyError(f"{where}: 'aliases' and 'patterns' must be lists")
    return Skill(
        id=raw["id"],
        label=raw["label"],
        category=raw["category"],
        tier=tier,
        aliases=tuple(_alias(a, f"{where} alias #{i + 1}") for i, a in enumerate(aliases)),
        patterns=tuple(_pattern(p, f"{where} pattern #{i + 1}") for i, p in enumerate(patterns)),
        prerequisites=_strs(raw.get("prerequisites"), f"{where} prerequisites"),
        roadmap=_strs(raw.get("roadmap"), f"{where} roadmap"),
    )


def _unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise TaxonomyError(f"duplicate {what} id {i!r}")
        seen.add(i)


def parse_taxonomy(data: Any, fingerprint: str = "", path: str = "") -> Taxonomy:
    """Build a Taxonomy from already-parsed YAML data (structure checks only)."""
    if not isinstance(data, Mapping):
        raise TaxonomyError("the taxonomy file must be a mapping with 'categories' and 'skills'")
    raw_categories = data.get("categories")
    raw_skills = data.get("skills")
    if not isinstance(raw_categories, list) or not raw_categories:
        raise TaxonomyError("'categories' must be a non-empty list")
    if not isinstance(raw_skills, list) or not raw_skills:
        raise TaxonomyError("'skills' must be a non-empty list")
    categories = []
    for i, c in enumerate(raw_categories):
        if not isinstance(c, Mapping) or not isinstance(c.get("id"), str):
            raise TaxonomyError(f"categories[{i}]: expected {{id: ..., label: ...}}, got {c!r}")
        categories.append(Category(id=c["id"], label=str(c.get("label", c["id"]))))
    _unique((c.id for c in categories), "category")
    skills = [_skill(s, i) for i, s in enumerate(raw_skills)]
    _unique((s.id for s in skills), "skill")
    skills = _with_grammar(skills, data.get("grammar"))

    tech = data.get("tech_context") or {}
    neg = data.get("negation") or {}
    topics = data.get("topics") or {}
    topic_skills = {
        normalise_topic(k): _strs(v, f"topics.skills[{k!r}]")
        for k, v in (topics.get("skills") or {}).items()
    }
    topic_categories = {
        normalise_topic(k): str(v) for k, v in (topics.get("categories") or {}).items()
    }
    not_skills: dict[str, NotSkill] = {}
    for i, entry in enumerate(topics.get("not_skills") or []):
        if not isinstance(entry, Mapping) or not entry.get("topic") or not entry.get("why"):
            raise TaxonomyError(f"topics.not_skills[{i}]: expected {{topic: ..., why: ...}}")
        key = normalise_topic(str(entry["topic"]))
        not_skills[key] = NotSkill(topic=str(entry["topic"]), why=str(entry["why"]))

    return Taxonomy(
        version=int(data.get("version", 1)),
        categories=categories,
        skills={s.id: s for s in skills},
        tech_words=frozenset(w.lower() for w in _strs(tech.get("words"), "tech_context.words")),
        tech_window=int(tech.get("window", 6)),
        negation_before=_strs(neg.get("before"), "negation.before"),
        negation_after=_strs(neg.get("after"), "negation.after"),
        negation_window=int(neg.get("window", 4)),
        negation_exceptions=_strs(neg.get("exceptions"), "negation.exceptions"),
        topic_skills=topic_skills,
        topic_categories=topic_categories,
        not_skills=not_skills,
        fingerprint=fingerprint,
        path=path,
    )


def _with_grammar(skills: list[Skill], raw: Any) -> list[Skill]:
    """The skills with their phrase families' patterns added (taxonomy/grammar.py)."""
    try:
        families = expand_grammar(raw)
    except GrammarError as exc:
        raise TaxonomyError(str(exc)) from None
    known = {s.id for s in skills}
    unknown = sorted(set(families) - known)
    if unknown:
        raise TaxonomyError(f"grammar: families for unknown skills {unknown}")
    return [
        replace(s, patterns=s.patterns + tuple(
            _pattern(p, f"grammar family {s.id!r}") for p in families[s.id]))
        if s.id in families else s
        for s in skills
    ]  # fmt: skip


def load_yaml(data: str | bytes) -> Any:
    """yaml.safe_load, through libyaml when PyYAML has it."""
    return yaml.load(data, Loader=_SAFE_LOADER)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and parse a taxonomy file (the bundled one by default).

    A file's content is parsed once in a process (the extractor and each of its pipeline
    components load it): the same content gives the same, shared Taxonomy. Do not change it.
    """
    p = Path(path) if path else DEFAULT_PATH
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy file {p}: {exc.strerror or exc}") from exc
    return _parse_file(raw, str(p))


@lru_cache(maxsize=4)
def _parse_file(raw: bytes, name: str) -> Taxonomy:
    try:
        data = load_yaml(raw)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{name}: not valid YAML: {exc}") from exc
    return parse_taxonomy(data, fingerprint=hashlib.sha256(raw).hexdigest()[:16], path=name)
