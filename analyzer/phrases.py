"""Compile word lists into fast regexes: a trie of shared prefixes instead of a flat
alternation, so the engine tries one branch per letter rather than every phrase."""

from __future__ import annotations

import re
from typing import Any

_END = ""  # trie key marking the end of a phrase


def trie_pattern(phrases: list[str], space: str = r"[\s-]+") -> str:
    """A regex matching any of `phrases` (lower-case; a trailing `*` allows more letters).

    Spaces and hyphens inside a phrase match any run of spaces or hyphens.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase.lower():
            node = node.setdefault(ch, {})
        node[_END] = True
    return _emit(trie, space)


def _emit(node: dict[str, Any], space: str) -> str:
    ends = _END in node
    branches = []
    for ch in sorted(k for k in node if k != _END):
        if ch == "*":
            branches.append(r"\w*")
            continue
        atom = space if ch in " -" else re.escape(ch)
        branches.append(atom + _emit(node[ch], space))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def phrase_regex(phrases: list[str], ignore_case: bool = True) -> re.Pattern[str]:
    """Whole-word match of any phrase; the longest one wins.

    With ignore_case=False the regex expects lower-cased text, which matches about twice
    as fast as a case-insensitive regex on the original.
    """
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w-])(?:" + trie_pattern(phrases) + r")(?![\w])", flags)
