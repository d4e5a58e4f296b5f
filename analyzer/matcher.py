"""The spaCy pipeline component that finds skill mentions, built from the taxonomy."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from analyzer.batching import BatchedComponent
from analyzer.extensions import FOUND, doc_text
from taxonomy import Taxonomy, load_taxonomy

SPAN_KEY = "skills"
NEGATION_KEY = "skillgap.negation"


@dataclass(frozen=True)
class _Rule:
    """What a matched phrase means and when to keep it."""

    skills: tuple[str, ...]
    labels: tuple[int, ...]  # the skills' string-store hashes, as Span labels
    context: bool
    not_next: frozenset[str]
    not_prev: frozenset[str]
    not_next_title: bool
    not_near: frozenset[int] = frozenset()  # hashes of lower-cased words
    near: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Anchor:
    """Where a token pattern can match around the hits of its two rarest required words."""

    before: int  # tokens the pattern may have before the leftmost of the two
    after: int  # and after the rightmost
    reach: tuple[int, int] | None  # (nearest, farthest) offset of the second from the first
    second: frozenset[int]  # hashes of the second word set, lower-cased
    matcher: Matcher  # the pattern alone


@Language.factory(
    "skill_matcher",
    assigns=["doc.spans", f"doc._.{FOUND}"],
    default_config={"taxonomy_path": None},
)
def make_skill_matcher(nlp: Language, name: str, taxonomy_path: str | None) -> SkillMatcher:
    component = SkillMatcher(nlp, name)
    component.add_taxonomy(load_taxonomy(taxonomy_path))
    return component


class SkillMatcher(BatchedComponent):
    """Finds taxonomy aliases and patterns; applies case, context and negation rules.

    Reads the tokens' lower-case hashes the glue splitter left (doc._.skillgap_lower), or
    computes them; leaves doc.spans["skills"] and the same mentions as plain tuples in
    doc._.skillgap_found."""

    def __init__(self, nlp: Language, name: str = "skill_matcher") -> None:
        self.nlp = nlp
        self.name = name
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased: dict[int, tuple[int, ...]] = {}  # match key -> the words as written
        self.patterns = Matcher(nlp.vocab)
        # the rarest words of each token pattern are phrases of `lower` too, under keys of
        # their own: the Matcher only runs where a second word stands near one of them
        self.pattern_span = 0  # -1: some pattern needs the whole doc
        self.anchors: list[_Anchor] = []  # per pattern: where it can match around its words
        self.anchor_keys: dict[int, int] = {}  # trigger match key -> pattern number
        self.rules: dict[int, _Rule] = {}
        self.tech_words: frozenset[int] = frozenset()  # hashes of lower-cased words
        self.tech_window = 6
        self.neg_before: dict[str, list[tuple[str, ...]]] = {}  # phrases by first word
        self.neg_after: dict[str, list[tuple[str, ...]]] = {}
        self.neg_window = 4
        self.neg_exceptions: tuple[tuple[str, ...], ...] = ()
        self.neg_triggers: tuple[str, ...] = ()
        self.neg_key = 0  # the phrase-matcher key of negation words
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
        self.tech_words = frozenset(self.nlp.vocab.strings.add(w) for w in taxonomy.tech_words)
        self.tech_window = taxonomy.tech_window
        self.neg_window = taxonomy.negation_window
        neg_before = [tuple(p.lower().split()) for p in taxonomy.negation_before]
        neg_after = [tuple(p.lower().split()) for p in taxonomy.negation_after]
        self.neg_before, self.neg_after = _by_first_word(neg_before), _by_first_word(neg_after)
        self.neg_exceptions = tuple(tuple(p.lower().split()) for p in taxonomy.negation_exceptions)
        # every negation phrase contains one of these words: find them, then look closer
        self.neg_triggers = tuple(
            sorted({p[0] for p in neg_before} | {_negation_word(p) for p in neg_after})
        )
        # the same words as tokens ("don't" is "do" + "n't": the last token tells), found by
        # the lower-case phrase matcher under a key of their own
        words = sorted(
            {
                self.nlp.make_doc(spelling)[-1].lower_
                for word in self.neg_triggers
                for spelling in {word, word.replace("'", "’")}
            }
        )
        self.lower.add(NEGATION_KEY, [Doc(self.nlp.vocab, words=[w]) for w in words])
        self.neg_key = self.nlp.vocab.strings[NEGATION_KEY]
        make_doc = self.nlp.make_doc
        for skill in taxonomy.skills.values():
            for i, alias in enumerate(skill.aliases):
                key = f"{skill.id}#a{i}"
                key_id = self.nlp.vocab.strings.add(key)
                self.rules[key_id] = _Rule(
                    skills=(skill.id, *alias.also),
                    labels=self._labels(skill.id, *alias.also),
                    context=alias.context == "tech",
                    not_next=alias.not_next,
                    not_prev=alias.not_prev,
                    not_next_title=alias.not_next_title,
                    not_near=frozenset(self.nlp.vocab.strings.add(w) for w in alias.not_near),
                    near=alias.near,
                )
                phrase = make_doc(alias.text)
                self.lower.add(key, [phrase])
                if alias.cased:  # matched lower-case, then kept only when written as given
                    self.cased[key_id] = tuple(t.orth for t in phrase)
            for i, pattern in enumerate(skill.patterns):
                key = f"{skill.id}#p{i}"
                key_id = self.nlp.vocab.strings.add(key)
                self.rules[key_id] = _Rule(
                    skills=(skill.id, *pattern.also),
                    labels=self._labels(skill.id, *pattern.also),
                    context=pattern.context == "tech",
                    not_next=frozenset(),
                    not_prev=frozenset(),
                    not_next_title=False,
                )
                self.patterns.add(key, [list(pattern.tokens)])
                self._add_trigger(key, pattern.tokens)

    def _labels(self, *skills: str) -> tuple[int, ...]:
        return tuple(self.nlp.vocab.strings.add(skill) for skill in skills)

    def _add_trigger(self, key: str, tokens: tuple[dict[str, Any], ...]) -> None:
        """Index a pattern by two of its required word sets (the rarest first): the first
        is a phrase of the lower-case matcher, the Matcher then runs only where a word of
        the second stands at a distance from it the pattern allows. A pattern with no
        literal required word (or an open-ended repeat) runs over the whole doc."""
        spans = [_token_span(t) for t in tokens]
        if any(span is None for span in spans):
            self.pattern_span = -1
            return
        bounds = [span for span in spans if span is not None]
        choices = [
            (len(words), i, words)
            for i, t in enumerate(tokens)
            if t.get("OP") in (None, "1") and (words := _literal_words(t.get("LOWER")))
        ]
        if not choices:
            self.pattern_span = -1
            return
        (_n, first, first_words), *rest = sorted(choices, key=lambda c: c[:2])
        n = len(self.anchors)
        trigger = f"{n}A"
        self.lower.add(trigger, [self.nlp.make_doc(w) for w in first_words])
        self.anchor_keys[self.nlp.vocab.strings.add(trigger)] = n
        reach: tuple[int, int] | None = None
        second: frozenset[int] = frozenset()
        ends = [first]
        if rest:
            _n2, other, other_words = rest[0]
            lo, hi = sorted((first, other))
            between_min = sum(b[0] for b in bounds[lo + 1 : hi])
            between_max = sum(b[1] for b in bounds[lo + 1 : hi])
            sign = 1 if other > first else -1
            near, far = sorted((sign * (1 + between_min), sign * (1 + between_max)))
            reach = (near, far)
            ends = [lo, hi]
            # a LOWER value is one token's text: only one-token words can ever match
            second = frozenset(self.nlp.vocab.strings.add(w.lower()) for w in other_words)
        before = sum(b[1] for b in bounds[: ends[0]])
        after = sum(b[1] for b in bounds[ends[-1] + 1 :])
        matcher = Matcher(self.nlp.vocab)
        matcher.add(key, [list(tokens)])
        self.anchors.append(_Anchor(before, after, reach, second, matcher))

    def __call__(self, doc: Doc) -> Doc:
        # one lower-case phrase matcher finds every alias, pattern trigger and negation word
        matches: list[tuple[int, int, int]] = []
        triggers: list[tuple[int, int, int]] = []
        negations: list[int] = []
        anchor_keys, neg_key, cased = self.anchor_keys, self.neg_key, self.cased
        for match in self.lower(doc):
            key, start, _end = match
            if key in anchor_keys:
                triggers.append(match)
            elif key == neg_key:
                negations.append(start)
            elif key not in cased or _written_as(doc, start, cased[key]):
                matches.append(match)
        # lower-case word hashes for the checks that look around a word: the glue
        # splitter's, or computed now (.tolist() the slices read: a whole list costs more)
        ext = doc._
        lower = ext.skillgap_lower
        if lower is None or len(lower) != len(doc):
            lower = ext.skillgap_lower = doc.to_array(LOWER)
        if self.pattern_span < 0:
            matches += self.patterns(doc)
        elif triggers:
            matches += self._pattern_matches(doc, triggers, lower)
        spans, found = self._resolve(doc, matches, lower, negations)
        doc.spans[SPAN_KEY] = spans
        # plain (skill, start_char, end_char) too: reading Span objects back is slow
        ext.skillgap_found = found
        return doc

    def _pattern_matches(
        self, doc: Doc, hits: list[tuple[int, int, int]], lower: Any
    ) -> list[tuple[int, int, int]]:
        """Token pattern matches, each pattern looked for only where a word of its second
        set stands at a distance from its rarest word the pattern allows."""
        n_tokens = len(doc)
        spots: dict[int, list[tuple[int, int]]] = {}  # pattern -> (from, to) it may match in
        for key, at, _end in hits:
            n = self.anchor_keys[key]
            anchor = self.anchors[n]
            if anchor.reach is None:
                window = (max(at - anchor.before, 0), min(at + 1 + anchor.after, n_tokens))
                spots.setdefault(n, []).append(window)
                continue
            near, far = anchor.reach
            lo, hi = max(at + near, 0), max(at + far + 1, 0)
            words = lower[lo:hi].tolist()
            if anchor.second.isdisjoint(words):
                continue
            for j, word in enumerate(words, lo):
                if word in anchor.second:
                    left, right = min(at, j), max(at, j)
                    window = (max(left - anchor.before, 0), min(right + 1 + anchor.after, n_tokens))
                    spots.setdefault(n, []).append(window)
        return [
            (k, lo + a, lo + b)
            for n, windows in spots.items()
            for lo, hi in _merged(windows)
            for k, a, b in self.anchors[n].matcher(doc[lo:hi])
        ]

    # ------------------------------------------------------------------ rules
    def _resolve(
        self,
        doc: Doc,
        matches: Iterable[tuple[int, int, int]],
        lower: Any,
        negations: list[int],
    ) -> tuple[list[Span], list[tuple[str, int, int]]]:
        """The matches kept, as spans and as (skill, start char, end char)."""
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
        kept.sort(key=itemgetter(0))
        anchors = [s for s, _e, r in kept if not r.context and not r.near]
        # sorted offsets of words that may start a negation; a cheap first filter
        neg_cues = [doc[i].idx for i in sorted(negations)] if kept and negations else []
        text = doc_text(doc) if neg_cues else ""
        spans: list[Span] = []
        found: list[tuple[str, int, int]] = []
        for start, end, rule in kept:
            if rule.context and not self._in_tech_context(doc, lower, start, end, anchors):
                continue
            if rule.not_near and self._word_near(lower, start, end, rule.not_near):
                continue
            if rule.near and not self._skill_near(start, end, rule.near, kept):
                continue
            span = Span(doc, start, end, label=rule.labels[0])
            s_char, e_char = span.start_char, span.end_char
            if neg_cues and self._negated(text, s_char, e_char, neg_cues):
                continue
            spans.append(span)
            found.append((rule.skills[0], s_char, e_char))
            if len(rule.skills) > 1:  # one name, more skills
                for skill, label in zip(rule.skills[1:], rule.labels[1:], strict=True):
                    spans.append(Span(doc, start, end, label=label))
                    found.append((skill, s_char, e_char))
        return spans, found

    def _boundaries_ok(self, doc: Doc, start: int, end: int, rule: _Rule) -> bool:
        if not (rule.not_next or rule.not_prev or rule.not_next_title):
            return True  # most names have no neighbour rules ("C#", "C++" are single tokens)
        if end < len(doc):
            nxt = doc[end]
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

    def _word_near(self, lower: Any, start: int, end: int, words: frozenset[int]) -> bool:
        """Whether one of `words` stands within the tech window around the match."""
        lo, hi = max(start - self.tech_window, 0), end + self.tech_window
        return not (
            words.isdisjoint(lower[lo:start].tolist()) and words.isdisjoint(lower[end:hi].tolist())
        )

    def _skill_near(
        self, start: int, end: int, skills: tuple[str, ...], kept: list[tuple[int, int, _Rule]]
    ) -> bool:
        w = self.tech_window
        return any(
            s < end + w and e > start - w and (s, e) != (start, end) and set(r.skills) & set(skills)
            for s, e, r in kept
        )

    def _in_tech_context(
        self, doc: Doc, lower: Any, start: int, end: int, anchors: list[int]
    ) -> bool:
        if _is_whole_doc(doc, start, end):
            return True  # a checklist item or title that is just the name: "Go"
        w = self.tech_window
        lo, hi = max(start - w, 0), end + w
        # another name nearby (anchors are sorted): "Go and Kubernetes"
        left = bisect.bisect_left(anchors, lo)
        if left < len(anchors) and anchors[left] < start:
            return True
        if bisect.bisect_left(anchors, end) < bisect.bisect_left(anchors, hi):
            return True
        return self._word_near(lower, start, end, self.tech_words)

    def _negated(self, text: str, s_char: int, e_char: int, cues: list[int]) -> bool:
        """A negation in the same clause as text[s_char:e_char]: "no PHP needed", "we moved
        off MongoDB". `cues`: sorted offsets of the words a negation may start with."""
        i = bisect.bisect_left(cues, s_char - 80)
        if i == len(cues) or cues[i] >= e_char + 80:
            return False
        before = _clause_words(text[max(0, s_char - 80) : s_char], from_end=True)
        before = before[-self.neg_window :]
        if any(not self._excepted(before, j) for j in _phrase_starts(before, self.neg_before)):
            return True
        after = _clause_words(text[e_char : e_char + 80], from_end=False)[: self.neg_window + 2]
        return any(True for _j in _phrase_starts(after, self.neg_after))

    def _excepted(self, words: list[str], pos: int) -> bool:
        """A negation word that is part of a harmless phrase ("not limited to")."""
        return any(_contains_at(words, exc, pos) for exc in self.neg_exceptions)


# read on lower-cased text: case-blind matching would only cost time (no lower-case
# letter but these is case-blind equal to a letter of "but" or "however")
_CLAUSE_BREAK_RE = re.compile(r"[.;:!?\n]|\b(?:but|however)\b")
_WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _clause_words(text: str, from_end: bool) -> list[str]:
    """Lower-cased words of the clause piece next to a mention."""
    parts = _CLAUSE_BREAK_RE.split(text.lower())
    piece = parts[-1] if from_end else parts[0]
    return [w.replace("’", "'") for w in _WORD_RE.findall(piece)]


_NEGATION_WORDS = ("not", "no", "never", "without", "isn't", "don't", "doesn't", "aren't")


def _negation_word(phrase: tuple[str, ...]) -> str:
    """The word of a negation phrase to look for first ("not" in "is not required")."""
    return next((w for w in phrase if w in _NEGATION_WORDS), phrase[0])


def _literal_words(spec: Any) -> list[str]:
    """The words a token spec's LOWER accepts, when it lists them."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
        return [str(w) for w in spec["IN"]]
    return []


def _token_span(token: dict[str, Any]) -> tuple[int, int] | None:
    """The fewest and most tokens one token spec matches, or None when open-ended."""
    op = token.get("OP")
    if op in (None, "!", "1"):  # "!" still takes one token: one that does not match
        return (1, 1)
    if op == "?":
        return (0, 1)
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low, _sep, high = op[1:-1].partition(",")
        if not _sep:
            return (int(low), int(low))
        if not high.strip():
            return None
        return (int(low or 0), int(high))
    return None


def _by_first_word(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases (as word tuples) grouped by their first word, for _phrase_starts."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        found.setdefault(phrase[0], []).append(phrase)
    return found


def _phrase_starts(words: list[str], phrases: dict[str, list[tuple[str, ...]]]) -> Iterator[int]:
    """Where in `words` one of `phrases` (by first word, see _by_first_word) starts."""
    for j, word in enumerate(words):
        for phrase in phrases.get(word, ()):
            if tuple(words[j : j + len(phrase)]) == phrase:
                yield j


def _contains_at(words: list[str], phrase: tuple[str, ...], pos: int) -> bool:
    """True when `phrase` occurs in `words` covering index `pos`."""
    n = len(phrase)
    for j in range(max(pos - n + 1, 0), min(pos + 1, len(words) - n + 1)):
        if tuple(words[j : j + n]) == phrase:
            return True
    return False


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(from, to) windows in order, those that overlap or touch merged into one."""
    out: list[tuple[int, int]] = []
    for start, stop in sorted(windows):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out


def _written_as(doc: Doc, start: int, orths: tuple[int, ...]) -> bool:
    """True when the tokens from `start` are exactly these words, case and all."""
    return all(doc[start + i].orth == orth for i, orth in enumerate(orths))


def _is_whole_doc(doc: Doc, start: int, end: int) -> bool:
    """True when the match is all the doc says, give or take punctuation."""
    if len(doc) > 8:
        return False
    return all(start <= i < end or doc[i].is_punct or doc[i].is_space for i in range(len(doc)))
