"""The words that tell how an ad asks for a skill, loaded from cues.yaml into regexes and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analyzer.phrases import phrase_regex, trie_pattern
from taxonomy.loader import load_yaml

CUES_PATH = Path(__file__).with_name("cues.yaml")
HEADING_GROUPS = ("preferred", "required", "other", "stack")

# a heading glued to the word before it at a case change: "PythonPreferred:" (the inline
# flag keeps the classes case-sensitive inside a case-blind regex)
_CASE_CHANGE = r"(?-i:(?<=[a-z])(?=[A-Z]))"
_DECOR_RE = re.compile(r"[#*_`>\[\]]+")


@dataclass(frozen=True)
class CueSet:
    """Cue phrases of one direction, all labels in one regex; the phrase found names the label."""

    regex: re.Pattern[str]
    lower_regex: re.Pattern[str]  # the same, for lower-cased text (faster)
    exact: dict[str, str]  # normalised phrase -> label
    prefixes: tuple[tuple[str, str], ...]  # ("proficien", "required") for "proficien*"
    memo: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def build(cls, by_label: dict[str, list[str]]) -> CueSet:
        pairs = [(p, label) for label, phrases in by_label.items() for p in phrases]
        exact = {_norm_cue(p): label for p, label in pairs if not p.endswith("*")}
        prefixes = tuple((_norm_cue(p[:-1]), label) for p, label in pairs if p.endswith("*"))
        phrases = [p for p, _ in pairs]
        return cls(phrase_regex(phrases), phrase_regex(phrases, ignore_case=False), exact, prefixes)

    def label(self, found: str) -> str:
        hit = self.memo.get(found)
        if hit is None:
            hit = self.memo[found] = self._label(found)
        return hit

    def _label(self, found: str) -> str:
        key = _norm_cue(found)
        hit = self.exact.get(key)
        if hit is not None:
            return hit
        for prefix, label in self.prefixes:
            if key.startswith(prefix):
                return label
        return "other"


def _norm_cue(text: str) -> str:
    return " ".join(re.split(r"[\s-]+", text.lower().replace("’", "'")))


Found = tuple[int, str] | None  # (length, label) of a direction's phrase, or none


@dataclass(frozen=True)
class Cues:
    """The cue words as regexes and tables, with memos of what was looked up."""

    headings: dict[str, frozenset[str]]
    before: CueSet  # cues that precede the skill ("experience with X")
    after: CueSet  # cues that follow it ("X is a plus")
    role: re.Pattern[str]
    role_nouns: tuple[str, ...]
    role_stem: re.Pattern[str]  # a word every role noun contains (see _stem_regex)
    either_lower: re.Pattern[str]  # any cue of either direction, as a lookahead
    # (see sentence_cues._sentence_cues_lower)
    preferred: re.Pattern[str]  # any preferred cue, before or after
    preferred_lower: re.Pattern[str]
    preferred_stem: re.Pattern[str]  # a word every preferred cue contains
    midline_heading: re.Pattern[str]
    heading_tails: tuple[str, ...]  # the last word of every heading midline_heading knows
    heading_tail_chars: int  # the longest of them
    heading_words: int  # the most words a heading midline_heading knows has
    strict_required: re.Pattern[str]
    starters: tuple[str, ...]
    memo: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False)
    split_memo: dict[str, tuple[Found, Found]] = field(
        default_factory=dict, compare=False, hash=False
    )


def load_cues(path: str | None = None) -> Cues:
    """The cues of a cue file (default: the bundled cues.yaml), built once per content (an
    edited file is read again, as the extraction fingerprint sees it)."""
    return _build_cues(Path(path or CUES_PATH).read_bytes())


@lru_cache(maxsize=4)
def _build_cues(raw: bytes) -> Cues:
    data = load_yaml(raw)
    cues = data["cues"]
    headings = {
        group: frozenset(norm_heading(h) for h in data["headings"].get(group, []))
        for group in HEADING_GROUPS
    }
    before = CueSet.build({k: v["before"] for k, v in cues.items() if v.get("before")})
    after = CueSet.build({k: v["after"] for k, v in cues.items() if v.get("after")})
    nouns = [r.lower() for r in data["role_nouns"]]
    roles = "|".join(re.escape(r) for r in nouns)
    known = sorted({h for hs in headings.values() for h in hs if len(h) > 3})
    midline = trie_pattern(known, space=r"\s+")
    known_words = [re.split(r"[ -]", h) for h in known]  # as midline's `\s+` parts them
    tails = tuple(sorted({words[-1] for words in known_words}))
    preferred = [p for direction in ("before", "after") for p in cues["preferred"][direction]]
    every = [p for v in cues.values() for d in ("before", "after") for p in v.get(d, [])]
    either = trie_pattern(every)
    return Cues(
        preferred=phrase_regex(preferred),
        preferred_lower=phrase_regex(preferred, ignore_case=False),
        preferred_stem=_stem_regex(preferred),
        strict_required=phrase_regex(data["strict_required"]),
        starters=tuple(data["sentence_starters"]),
        midline_heading=re.compile(
            rf"(?<=[\w.)\s•·*–])\s*(?:\b|{_CASE_CHANGE})({midline})\s*:", re.IGNORECASE
        ),
        heading_tails=tails,
        heading_tail_chars=max(map(len, tails), default=0),
        heading_words=max(map(len, known_words), default=0),
        headings=headings,
        before=before,
        after=after,
        role=re.compile(rf"\b(?:{roles})s?\b", re.IGNORECASE),
        role_nouns=tuple(nouns),
        role_stem=_stem_regex(nouns),
        either_lower=re.compile(rf"(?<![\w-])(?=({either})(?![\w]))"),
    )


def _stem_regex(phrases: list[str]) -> re.Pattern[str]:
    """Any of a few words such that every phrase, as its regex matches it in lower-case
    text, contains one of them: each phrase's longest run of letters, minus runs that
    contain a shorter one. Lower-case text this finds nothing in has none of the phrases.
    A trie, as the words share first letters: 1.5-2x as fast as a flat alternation."""
    runs = {max(re.findall(r"[a-z]+", p.lower()), key=len) for p in phrases}
    stems = sorted(r for r in runs if not any(o != r and o in r for o in runs))
    return re.compile(trie_pattern(stems))


def norm_heading(text: str) -> str:
    """A heading as the cue file keys headings: lower-case, without markup or punctuation."""
    text = _DECOR_RE.sub(" ", text.lower()).replace("’", "'")
    text = re.sub(r"[^\w' -]+", " ", text)
    return " ".join(text.split())
