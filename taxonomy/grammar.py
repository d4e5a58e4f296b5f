"""Phrase families: token patterns written with named word classes (`grammar:` in the
taxonomy file), expanded into the spaCy token patterns of the skills they name.

    grammar:
      classes:
        tune_verb: [tune, tuning, optimize, optimizing]
        db_object: [database, databases, queries, query, sql]
      families:
        database-design:
          - [tune_verb, {gap: 2}, db_object]      # "tuning our database"

A family is a list of token patterns, or of {pattern: [...], also: [skill ids]} when the
phrase names another skill too ("SQL performance tuning" gives `sql`). Each token is a
class name (any word of the class, lower-cased), `name?` (the class, optional), `{gap: N}`
(up to N words, no punctuation), `{gap: N, punct: true}` (up to N tokens, hyphens and
slashes too, but no comma, colon, bracket or sentence end), or a spaCy token dict as it
is. One class serves many patterns: the grammar grows by words, not by single phrases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_GAP_KEYS = {"gap", "punct"}
_BREAKS = [".", ",", "!", "?", ";", ":", "(", ")", "[", "]", "\n", "\n\n"]


class GrammarError(ValueError):
    """The grammar section is broken; the message says where and how."""


def expand_grammar(raw: Any) -> dict[str, list[dict[str, Any]]]:
    """skill id -> its families' token patterns, expanded."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise GrammarError("grammar: expected a mapping with 'classes' and 'families'")
    classes = raw.get("classes") or {}
    families = raw.get("families") or {}
    if not isinstance(classes, Mapping) or not isinstance(families, Mapping):
        raise GrammarError("grammar: 'classes' and 'families' must be mappings")
    words: dict[str, list[str]] = {}
    for name, items in classes.items():
        if not isinstance(items, list) or not items:
            raise GrammarError(f"grammar class {name!r}: expected a non-empty list of words")
        words[str(name)] = sorted({str(w).lower() for w in items})
    out: dict[str, list[dict[str, Any]]] = {}
    for skill, patterns in families.items():
        if not isinstance(patterns, list):
            raise GrammarError(f"grammar family {skill!r}: expected a list of patterns")
        for i, item in enumerate(patterns):
            where = f"grammar family {skill!r} pattern #{i + 1}"
            pattern = item.get("pattern") if isinstance(item, Mapping) else item
            if not isinstance(pattern, list) or not pattern:
                raise GrammarError(f"{where}: expected a non-empty list of tokens")
            tokens = [_token(t, words, where) for t in pattern]
            extra = (
                {k: v for k, v in item.items() if k != "pattern"}
                if isinstance(item, Mapping)
                else {}
            )
            out.setdefault(str(skill), []).append({"pattern": tokens, **extra})
    return out


def _token(raw: Any, words: Mapping[str, list[str]], where: str) -> dict[str, Any]:
    if isinstance(raw, str):
        optional = raw.endswith("?")
        name = raw[:-1] if optional else raw
        if name not in words:
            raise GrammarError(f"{where}: no word class {name!r}")
        token: dict[str, Any] = {"LOWER": {"IN": words[name]}}
        if optional:
            token["OP"] = "?"
        return token
    if isinstance(raw, Mapping) and "gap" in raw and set(raw) <= _GAP_KEYS:
        n = raw["gap"]
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 8:
            raise GrammarError(f"{where}: a gap is 1 to 8 words, got {n!r}")
        if raw.get("punct"):
            return {"ORTH": {"NOT_IN": _BREAKS}, "IS_SPACE": False, "OP": f"{{0,{n}}}"}
        return {"IS_PUNCT": False, "IS_SPACE": False, "OP": f"{{0,{n}}}"}
    if isinstance(raw, Mapping):
        return dict(raw)
    raise GrammarError(f"{where}: a token is a class name, {{gap: N}} or a token dict")
