"""Validate a taxonomy beyond its structure: references, aliases, patterns, contract ids.

How well it covers the seed roadmaps is analyzer.checklist.seeds' check (it needs the
extractor).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.matcher import Matcher

from taxonomy.model import Taxonomy

# where ../shared (the contract, the seed roadmaps) may be: beside this folder or the repository
SHARED_DIRS = (Path.cwd() / ".." / "shared", Path(__file__).resolve().parents[2] / "shared")


@dataclass
class CheckResult:
    """What the check found: problems fail it, warnings do not; how many aliases it read."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    aliases: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def default_contract_path() -> Path | None:
    for base in SHARED_DIRS:
        p = base / "contract" / "skill_ids.tsv"
        if p.is_file():
            return p
    return None


def _references(tax: Taxonomy, res: CheckResult) -> None:
    cats = set(tax.category_order())
    for s in tax.skills.values():
        if s.category not in cats:
            res.problems.append(f"skill {s.id!r}: unknown category {s.category!r}")
        for p in s.prerequisites:
            if p not in tax.skills:
                res.problems.append(f"skill {s.id!r}: unknown prerequisite {p!r}")
            elif p == s.id:
                res.problems.append(f"skill {s.id!r}: lists itself as a prerequisite")
        for a in s.aliases:
            for key, refs in (("also", a.also), ("near", a.near)):
                for other in refs:
                    if other not in tax.skills:
                        res.problems.append(
                            f"skill {s.id!r} alias {a.text!r}: '{key}' names unknown {other!r}"
                        )
        if not s.aliases and not s.patterns:
            res.problems.append(f"skill {s.id!r}: no aliases or patterns, it can never be found")
    for topic, ids in tax.topic_skills.items():
        for i in ids:
            if i not in tax.skills:
                res.problems.append(f"topics.skills[{topic!r}]: unknown skill {i!r}")
    for topic, cat in tax.topic_categories.items():
        if cat not in cats:
            res.problems.append(f"topics.categories[{topic!r}]: unknown category {cat!r}")


def _aliases(tax: Taxonomy, res: CheckResult) -> None:
    seen: dict[str, str] = {}
    for s in tax.skills.values():
        for a in s.aliases:
            res.aliases += 1
            key = " ".join(a.text.lower().split())
            if not key:
                res.problems.append(f"skill {s.id!r}: empty alias")
                continue
            owner = seen.get(key)
            if owner is not None and owner != s.id:
                res.problems.append(
                    f"alias collision: {a.text!r} is listed for both {owner!r} and {s.id!r} "
                    "(keep it in one skill and use 'also' to give both)"
                )
            seen.setdefault(key, s.id)


def _patterns(tax: Taxonomy, res: CheckResult) -> None:
    nlp = spacy.blank("en")
    for s in tax.skills.values():
        for i, p in enumerate(s.patterns):
            matcher = Matcher(nlp.vocab, validate=True)
            try:
                matcher.add(f"{s.id}#{i}", [list(p.tokens)])
            except Exception as exc:  # spaCy raises several error types for bad patterns
                first = str(exc).strip().splitlines()[0]
                res.problems.append(f"skill {s.id!r} pattern #{i + 1} does not compile: {first}")


def _contract(tax: Taxonomy, contract: Path | None, res: CheckResult) -> None:
    if contract is None:
        res.warnings.append("contract skill_ids.tsv not found; contract ids not checked")
        return
    with contract.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            sid = row.get("id")
            if sid and sid not in tax.skills:
                res.problems.append(f"contract id {sid!r} ({contract.name}) is missing")
            elif sid and row.get("tier") and tax.skills[sid].tier != row["tier"]:
                res.problems.append(
                    f"skill {sid!r}: tier {tax.skills[sid].tier!r}, contract says {row['tier']!r}"
                )


def check_taxonomy(tax: Taxonomy, contract: Path | str | None = "auto") -> CheckResult:
    """The checks that need only the taxonomy. `contract`: a skill_ids.tsv path, "auto" to
    look for one, None to skip the contract ids."""
    res = CheckResult()
    _references(tax, res)
    _aliases(tax, res)
    _patterns(tax, res)
    if contract is not None:
        _contract(tax, default_contract_path() if contract == "auto" else Path(contract), res)
    return res
