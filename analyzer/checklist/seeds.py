"""The seed roadmaps' coverage: every topic in them is a skill, a category, or not a skill."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.checklist.mapping import ChecklistMapper
from analyzer.checklist.model import ChecklistError
from analyzer.checklist.read import load_checklist
from taxonomy.check import SHARED_DIRS
from taxonomy.model import Taxonomy

PROSE_WORDS = 10  # a list item longer than this is advice or description, not a topic name


@dataclass
class SeedResult:
    """What the seed check found: problems fail it, warnings do not; topics by how mapped."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    topics: int = 0
    topics_by_extractor: int = 0
    topics_listed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def default_seed_paths() -> list[Path]:
    """The seed roadmaps' folder in ../shared, when there is one."""
    for base in SHARED_DIRS:
        if (base / "seeds").is_dir():
            return [base / "seeds"]
    return []


def _seed_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file()))
        elif p.is_file():
            files.append(p)
    return files


def check_seed_topics(taxonomy: Taxonomy, paths: Iterable[Path]) -> SeedResult:
    """Map every topic of the seed roadmaps (files, or folders of them) with the taxonomy."""
    res = SeedResult()
    files = _seed_files(paths)
    if not files:
        res.warnings.append("no seed roadmaps found; seed coverage not checked")
        return res
    mapper = ChecklistMapper(taxonomy=taxonomy)
    for f in files:
        try:
            checklist = mapper.map_checklist(load_checklist(f))
        except ChecklistError as exc:
            res.problems.append(f"{f.name}: cannot read it as a roadmap: {exc}")
            continue
        for item in checklist.items:
            res.topics += 1
            if item.mapped_by in ("topic", "not-skill"):
                res.topics_listed += 1
            elif item.mapped and item.mapped_by != "group":
                res.topics_by_extractor += 1
            elif len(item.text.split()) > PROSE_WORDS:
                res.warnings.append(f"{f.name}:{item.line}: prose, not a topic: {item.text[:60]!r}")
            else:
                res.problems.append(
                    f"{f.name}:{item.line}: seed topic {item.text!r} is not accounted for: "
                    "add an alias, a topics.skills/categories entry, or a topics.not_skills entry"
                )
    return res
