"""The spaCy pipeline component that finds skill mentions, built from the taxonomy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from taxonomy import Taxonomy, load_taxonomy

SPAN_KEY = "skills"
_CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "\n", "\n\n", "but", "however"})


@dataclass(frozen=True)
class _Rule:
    """What a matched phrase means and when to keep it."""

    skills: tuple[str, ...]
    context: bool
    not_next: frozenset[str]
    not_prev: frozenset[str]
    not_next_title: bool
    not_near: frozenset[str] = frozenset()
    near: tuple[str, ...] = ()


@Language.factory(
    "skill_matcher",
    assigns=["doc.spans"],
    default_config={"taxonomy_path": None},
)
def make_skill_matcher(nlp: Language, name: str, taxonomy_path: str | None) -> SkillMatcher:
    component = SkillMatcher(nlp, name)
    component.add_taxonomy(load_taxonomy(taxonomy_path))
    return component


class SkillMatcher:
    """Finds taxonomy aliases and patterns; applies case, context and negation rules."""

    def __init__(self, nlp: Language, name: str = "skill_matcher") -> None:
        self.nlp = nlp
        self.name = name
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.patterns = Matcher(nlp.vocab)
        self.rules: dict[int, _Rule] = {}
        self.tech_words: frozenset[str] = frozenset()
        self.tech_window = 6
        self.neg_before: tuple[tuple[str, ...], ...] = ()
        self.neg_after: tuple[tuple[str, ...], ...] = ()
        self.neg_window = 4
        self.neg_exceptions: tuple[tuple[str, ...], ...] = ()
        self.taxonomy: Taxonomy | None = None

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        taxonomy_path: str | None = None,
    ) -> None:
        """spaCy's initialize hook: patterns come as data from the taxonomy file."""
        self.add_taxonomy(load_taxonomy(taxonomy_path))

    def add_taxonomy(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.tech_words = taxonomy.tech_words
        self.tech_window = taxonomy.tech_window
        self.neg_window = taxonomy.negation_window
        self.neg_before = tuple(tuple(p.lower().split()) for p in taxonomy.negation_before)
        self.neg_after = tuple(tuple(p.lower().split()) for p in taxonomy.negation_after)
        self.neg_exceptions = tuple(tuple(p.lower().split()) for p in taxonomy.negation_exceptions)
        make_doc = self.nlp.make_doc
        for skill in taxonomy.skills.values():
            for i, alias in enumerate(skill.aliases):
                key = f"{skill.id}#a{i}"
                key_id = self.nlp.vocab.strings.add(key)
                self.rules[key_id] = _Rule(
                    skills=(skill.id, *alias.also),
                    context=alias.context == "tech",
                    not_next=alias.not_next,
                    not_prev=alias.not_prev,
                    not_next_title=alias.not_next_title,
                    not_near=alias.not_near,
                    near=alias.near,
                )
                matcher = self.exact if alias.cased else self.lower
                matcher.add(key, [make_doc(alias.text)])
            for i, pattern in enumerate(skill.patterns):
                key = f"{skill.id}#p{i}"
                key_id = self.nlp.vocab.strings.add(key)
                self.rules[key_id] = _Rule(
                    skills=(skill.id, *pattern.also),
                    context=pattern.context == "tech",
                    not_next=frozenset(),
                    not_prev=frozenset(),
                    not_next_title=False,
                )
                self.patterns.add(key, [list(pattern.tokens)])

    def __call__(self, doc: Doc) -> Doc:
        matches = self.lower(doc) + self.exact(doc)
        if len(self.patterns):
            matches += self.patterns(doc)
        doc.spans[SPAN_KEY] = self._resolve(doc, matches)
        return doc

    # ------------------------------------------------------------------ rules
    def _resolve(self, doc: Doc, matches: Iterable[tuple[int, int, int]]) -> list[Span]:
        # longest match wins where matches overlap ("Apache Kafka" over "Apache")
        ordered = sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        taken = bytearray(len(doc))
        kept: list[tuple[int, int, _Rule]] = []
        for key, start, end in ordered:
            if any(taken[start:end]):
                continue
            rule = self.rules[key]
            if not self._boundaries_ok(doc, start, end, rule):
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, rule))
        kept.sort(key=lambda k: k[0])
        anchors = [s for s, _e, r in kept if not r.context and not r.near]
        spans: list[Span] = []
        for start, end, rule in kept:
            if rule.context and not self._in_tech_context(doc, start, end, anchors):
                continue
            if rule.not_near and self._word_near(doc, start, end, rule.not_near):
                continue
            if rule.near and not self._skill_near(start, end, rule.near, kept):
                continue
            if self._negated(doc, start, end):
                continue
            for skill in rule.skills:
                spans.append(Span(doc, start, end, label=skill))
        return spans

    def _boundaries_ok(self, doc: Doc, start: int, end: int, rule: _Rule) -> bool:
        if end < len(doc):
            nxt = doc[end]
            # glued to a longer name ("C" followed by "#" or "++" without a space)
            if not doc[end - 1].whitespace_ and nxt.text in ("#", "++", "+"):
                return False
            if rule.not_next:
                if nxt.lower_ in rule.not_next:
                    return False
                # "AI-assisted": look past a hyphen glued to the match
                if nxt.text == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in rule.not_next:
                    return False
            if (
                rule.not_next_title
                and doc[end - 1].whitespace_
                and nxt.is_title
                and not nxt.is_sent_start
                and len(nxt) > 1
            ):
                return False
        return not (start > 0 and rule.not_prev and doc[start - 1].lower_ in rule.not_prev)

    def _word_near(self, doc: Doc, start: int, end: int, words: frozenset[str]) -> bool:
        lo, hi = max(start - self.tech_window, 0), min(end + self.tech_window, len(doc))
        return any(doc[i].lower_ in words for i in range(lo, hi) if not start <= i < end)

    def _skill_near(
        self, start: int, end: int, skills: tuple[str, ...], kept: list[tuple[int, int, _Rule]]
    ) -> bool:
        w = self.tech_window
        return any(
            s < end + w and e > start - w and (s, e) != (start, end) and set(r.skills) & set(skills)
            for s, e, r in kept
        )

    def _in_tech_context(self, doc: Doc, start: int, end: int, anchors: list[int]) -> bool:
        if _is_whole_doc(doc, start, end):
            return True  # a checklist item or title that is just the name: "Go"
        w = self.tech_window
        lo, hi = max(start - w, 0), min(end + w, len(doc))
        if any(lo <= a < hi and not (start <= a < end) for a in anchors):
            return True
        return any(doc[i].lower_ in self.tech_words for i in range(lo, hi) if not start <= i < end)

    def _excepted(self, words: list[str], pos: int) -> bool:
        """A negation word that is part of a harmless phrase ("not limited to")."""
        return any(_contains_at(words, exc, pos) for exc in self.neg_exceptions)

    def _negated(self, doc: Doc, start: int, end: int) -> bool:
        if not self.neg_before and not self.neg_after:
            return False
        before: list[str] = []
        i = start - 1
        while i >= 0 and len(before) < self.neg_window:
            t = doc[i].lower_
            if t in _CLAUSE_BREAKS or "\n" in t:
                break
            before.insert(0, t)
            i -= 1
        for phrase in self.neg_before:
            n = len(phrase)
            for j in range(len(before) - n + 1):
                if tuple(before[j : j + n]) == phrase and not self._excepted(before, j):
                    return True
        after: list[str] = []
        i = end
        while i < len(doc) and len(after) < self.neg_window + 2:
            t = doc[i].lower_
            if t in _CLAUSE_BREAKS or "\n" in t:
                break
            after.append(t)
            i += 1
        for phrase in self.neg_after:
            n = len(phrase)
            for j in range(len(after) - n + 1):
                if tuple(after[j : j + n]) == phrase:
                    return True
        return False


def _contains_at(words: list[str], phrase: tuple[str, ...], pos: int) -> bool:
    """True when `phrase` occurs in `words` covering index `pos`."""
    n = len(phrase)
    for j in range(max(pos - n + 1, 0), min(pos + 1, len(words) - n + 1)):
        if tuple(words[j : j + n]) == phrase:
            return True
    return False


def _is_whole_doc(doc: Doc, start: int, end: int) -> bool:
    """True when the match is all the doc says, give or take punctuation."""
    if len(doc) > 8:
        return False
    return all(start <= i < end or doc[i].is_punct or doc[i].is_space for i in range(len(doc)))
