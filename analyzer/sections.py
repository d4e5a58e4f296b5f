"""Label how an ad asks for each skill: required, preferred or other.

Headings set a label for the lines under them; cues inside a sentence ("experience with X",
"X is a plus", "we use X") decide for the skills near them; a skill named in a role
("Senior Go Engineer") is required. The words live in section_cues.yaml.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from analyzer.phrases import phrase_regex, trie_pattern
from taxonomy.loader import load_yaml

CUES_PATH = Path(__file__).with_name("section_cues.yaml")
HEADING_GROUPS = ("preferred", "required", "other", "stack")
AFTER_CUE_REACH = 120  # characters a trailing "is a plus" reaches back over a list

# a heading glued to the word before it at a case change: "PythonPreferred:" (the inline
# flag keeps the classes case-sensitive inside a case-blind regex)
_CASE_CHANGE = r"(?-i:(?<=[a-z])(?=[A-Z]))"
_BULLET_RE = re.compile(r"^\s*(?:[-*•·◦▪‣+–—]|\d{1,2}[.)]|\(?[a-z]\))\s+")
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
    headings: dict[str, frozenset[str]]
    before: CueSet  # cues that precede the skill ("experience with X")
    after: CueSet  # cues that follow it ("X is a plus")
    role: re.Pattern[str]
    role_stem: re.Pattern[str]  # a word every role noun contains (see _stem_regex)
    either_lower: re.Pattern[str]  # any cue of either direction, as a lookahead (see below)
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


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    data = load_yaml(Path(path or CUES_PATH).read_bytes())
    cues = data["cues"]
    headings = {
        group: frozenset(_norm_heading(h) for h in data["headings"].get(group, []))
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


def _norm_heading(text: str) -> str:
    text = _DECOR_RE.sub(" ", text.lower()).replace("’", "'")
    text = re.sub(r"[^\w' -]+", " ", text)
    return " ".join(text.split())


def heading_label(text: str, cues: Cues) -> str | None:
    """The group a heading belongs to (preferred, required, other, stack), or None."""
    memo = cues.memo
    if text in memo:
        return memo[text]
    if len(memo) > 50_000:
        memo.clear()
    memo[text] = found = _heading_label(text, cues)
    return found


def _heading_label(text: str, cues: Cues) -> str | None:
    key = _norm_heading(text)
    if not key:
        return None
    for label in HEADING_GROUPS:
        if key in cues.headings[label]:
            return label
    titled = text.strip().endswith(":") or _is_title_case(text)
    words = key.split()
    if len(words) <= 6:
        # "Preferred Qualifications (Bonus)", "Our tech stack", "Backend Experience (8+ years)":
        # a known phrase plus a few plain words; "Experience with Kafka" is an item, not a heading
        for n in range(min(len(words), 4), 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                rest = words[:i] + words[i + n :]
                if len(rest) > 3 or _HEADING_STOPWORDS.intersection(rest):
                    continue
                if n == 1 and not titled:
                    continue  # "vSphere experience" is an item; "Backend Experience" a heading
                for label in HEADING_GROUPS:
                    if phrase in cues.headings[label]:
                        return label
    return None


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


_BULLET_STARTS = frozenset("-*•·◦▪‣+–—(0123456789abcdefghijklmnopqrstuvwxyz")
_ROLE_REACH = 45  # characters after a mention a role noun may stand in ("Go Engineer")
_ROLE_GAP_RE = re.compile(r"[\s/,&+\w.#-]*")  # "Java/Scala Software Engineer": words only
_HEADING_STOPWORDS = frozenset(
    {"with", "in", "of", "using", "for", "on", "to", "and", "or", "the", "a", "an", "at", "by"}
)


class Stretch(NamedTuple):
    """A sentence of the text with the label its skills get when no cue says otherwise."""

    start: int
    end: int
    label: str | None  # from headings; None: nothing known
    explicit: bool = False  # the label comes from an explicit heading


def _section_label(group: str) -> str:
    """A heading group as a label: a stack list is the company's ("other")."""
    return "other" if group == "stack" else group


def _intro_label(text: str, cues: Cues) -> str | None:
    """The label a list's intro line gives by its cues ("We'd love to see:" -> preferred)."""
    found = {table.label(m.group(0)) for table in (cues.before, cues.after)
             for m in table.regex.finditer(text)}  # fmt: skip
    for label in ("preferred", "required", "other"):
        if label in found:
            return label
    return None


# what may end a sentence: a stop followed by a space (or a tab after "."), any other stop
# when the next sentence runs into it, a bullet; and the spaced separators below
_STOPS = ".!?;•"
_SPACED = (" – ", " — ", " · ", " but ")
_REACH = 5  # the most characters a cut test looks at around its position


def sentence_cuts(
    text: str, cues: Cues, glued: list[int] | None = None, lo: int = 0, hi: int | None = None
) -> tuple[list[int], list[int]]:
    """Where sentences may start and where they end in text[lo:hi], sorted.

    A sentence ends at . ! ? ; followed by a space, at a spaced dash, a bullet, ", but",
    or where the next sentence runs straight into it (_runs_on, _glue_in). `glued`: the
    glue points when the caller knows them already (see glue_points)."""
    hi = len(text) if hi is None else hi
    # a separator straddling the window's edge still counts, as over the whole text
    a, b = max(lo - _REACH, 0), min(hi + _REACH, len(text))
    starts: list[int] = []
    ends: list[int] = []
    stops: list[int] = []
    for stop in _STOPS:  # a find per character beats one regex pass over a short line
        i = text.find(stop, a, b)
        while i >= 0:
            stops.append(i)
            i = text.find(stop, i + 1, b)
    if len(stops) > 1:
        stops.sort()
    for i in stops:
        stop = text[i]
        if stop == "•":
            ends.append(i)
            starts.append(i + 1)
            continue
        nxt = text[i + 1 : i + 2]
        spaced = i + 2 <= b and (nxt == " " or (nxt == "\t" and stop == "."))
        if spaced or _runs_on(text, i, nxt):
            ends.append(i + 1)
            starts.append(i + 1)
    unsorted = False
    for sep in _SPACED:  # rare: plain finds
        i = text.find(sep, a, b)
        while i >= 0:
            unsorted = True
            ends.append(i - 1 if sep == " but " and i and text[i - 1] == "," else i)
            starts.append(i + len(sep))
            i = text.find(sep, i + 1, b)
    glue = _glue_in(text, cues, glued, a, b)
    if glue or unsorted:
        starts.extend(glue)
        ends.extend(glue)
        starts.sort()
        ends.sort()
    return starts, ends


def _runs_on(text: str, i: int, nxt: str) -> bool:
    """A stop at i with the next sentence straight after it: ".Next", "x.•" ("ASP.NET" is
    a name: the letter before the stop is a capital)."""
    return (
        (nxt.isupper() or nxt in "•-–")
        and i > 0
        and (text[i - 1].islower() or text[i - 1] in "0123456789)+#")
    )


def _glue_in(text: str, cues: Cues, glued: list[int] | None, lo: int, hi: int) -> list[int]:
    """Glued heading words in text[lo:hi]: "...skillsDesired Skills"."""
    if glued is None:
        return [p for p in glue_points(text, cues) if lo <= p < hi]
    return glued[bisect.bisect_left(glued, lo) : bisect.bisect_left(glued, hi)]


def glue_points(text: str, cues: Cues) -> list[int]:
    """Where a sentence-starting word is glued to the word before it: "...skillsDesired"."""
    out = []
    for word in cues.starters:
        i = text.find(word, 3)
        while i >= 0:
            j = i + len(word)
            before = text[i - 3 : i]
            if before.isalpha() and before.islower() and (j == len(text) or not text[j].isalnum()):
                out.append(i)
            i = text.find(word, j)
    return out


def label_segments(text: str, cues: Cues | None = None, last: int | None = None) -> list[Stretch]:
    """Split `text` into line pieces, each with the label its heading context gives.

    Headings are whole lines; the piece after a heading run into a line ("...team.
    Requirements: ...") is a piece of its own. Sentences are split later, on demand.
    `last`: no line after the one holding this offset is wanted (a label depends only on
    the lines before it).
    """
    cues = cues or load_cues()
    out: list[Stretch] = []
    state: str | None = None
    bullets_under_state = False
    pos = 0
    for raw_line in text.split("\n"):
        if last is not None and pos > last:
            break
        line_start = pos
        pos += len(raw_line) + 1
        line = raw_line.strip()
        if not line:
            continue
        bullet = _BULLET_RE.match(line) if line[0] in _BULLET_STARTS else None
        body = line[bullet.end() :] if bullet else line
        is_bullet = bullet is not None
        inline: str | None = None
        head, sep, rest = body.partition(":")
        strong_state = state in ("required", "preferred")
        if sep and head.count(" ") < 6:
            hl = heading_label(head, cues)
            if hl is None and cues.role.search(head):
                hl = "other"  # "DevOps Engineers: to help build ..." describes a role
            if hl is not None:
                if rest.strip():
                    if hl == "stack":
                        inline = None if strong_state else "other"
                    else:
                        inline = hl
                        if not is_bullet and hl != "other":
                            state, bullets_under_state = hl, False
                else:
                    state, bullets_under_state = _section_label(hl), False
                    out.append(Stretch(line_start, pos - 1, state, True))
                    continue
        elif not is_bullet and body.count(" ") < 7 and not body.endswith((".", ",")):
            hl = heading_label(body, cues)
            if hl is not None:
                state, bullets_under_state = _section_label(hl), False
                out.append(Stretch(line_start, pos - 1, state, True))
                continue
        if not is_bullet and not rest.strip() and body.endswith(":"):
            # an intro to a list: "Bonus points if you have any of the following:",
            # "It would be awesome if you were"
            intro = _intro_label(body, cues)
            if intro is not None:
                state, bullets_under_state = intro, False
        if is_bullet:
            bullets_under_state = True
        elif state is not None and bullets_under_state and body.count(" ") > 7:
            state = None  # a paragraph after the list under a heading: the heading is over
        offset = line_start + (len(raw_line) - len(raw_line.lstrip()))
        label = inline or state
        if line.find(":", 1) < 0:  # no heading can run into the line
            out.append(Stretch(offset, offset + len(line), label, label is not None))
            continue
        # headings run into the line: "...team.Requirements: * 3+ years of C++"
        cuts: list[tuple[int, str | None]] = [(0, label)]
        for at, heading in headings_run_in(line, cues):
            if not heading[0].isupper():  # "in our stack: Go" is not a heading
                continue
            hl = heading_label(heading, cues)
            at, hl = _with_modifiers(line, at, heading, hl, cues)
            if hl == "stack":
                continue  # "...categories: Languages: C++, Python": part of the sentence
            if hl is not None and at > 0:
                state = _section_label(hl)
                cuts.append((at, state))
        cuts.sort(key=lambda c: c[0])
        cuts.append((len(line), None))
        for (c0, lab), (c1, _next) in itertools.pairwise(cuts):
            out.append(Stretch(offset + c0, offset + c1, lab, lab is not None))
    return out


# up to three capitalised words right before a run-in heading, the first maybe glued on
_MODIFIERS_RE = re.compile(r"(?:(?<![\w'’-])|(?<=[a-z]))((?:[A-Z][a-z]+ +){0,2}[A-Z][a-z]+)$")


def _with_modifiers(
    line: str, at: int, heading: str, label: str | None, cues: Cues
) -> tuple[int, str | None]:
    """A run-in heading with the capitalised words before it, when they change what it
    says: "...skills. Bonus Qualifications: Go" is not "Qualifications:" (required)."""
    m = _MODIFIERS_RE.search(line, max(at - 60, 0), at)
    if m is None:
        return at, label
    extended = heading_label(f"{m.group(1)} {heading}", cues)
    if extended is None or extended == label:
        return at, label
    return m.start(1), extended


def headings_run_in(line: str, cues: Cues) -> list[tuple[int, str]]:
    """(start, heading) of each known heading before a colon in the line, as
    cues.midline_heading.finditer gives them, found faster.

    A match ends at a colon, and holds no colon before it: so each colon has its match,
    if any, between it and the colon before. The regex tried at every character costs
    about 300 ns each; it is tried only before a colon with a heading's last word in front
    (after any spaces), and only as far back as the longest heading has words."""
    found: list[tuple[int, str]] = []
    rx, tails, longest = cues.midline_heading, cues.heading_tails, cues.heading_tail_chars
    words = cues.heading_words
    lo = 0
    c = line.find(":")
    while c >= 0:
        end = c
        while end > lo and line[end - 1].isspace():  # the spaces `\s*:` allows
            end -= 1
        tail = line[max(end - longest, lo) : end]
        # case-blind matching takes "ſ" for "s": a tail that is not ASCII goes to the regex
        if not tail.isascii() or tail.lower().endswith(tails):
            # a match is at most `words` words, and the spaces before them
            head = line[lo:end].rsplit(None, words)
            m = rx.search(line, lo + len(head[0]) if len(head) > words else lo, c + 1)
            if m is not None:
                found.append((m.start(), m.group(1)))
        lo = c + 1
        c = line.find(":", lo)
    return found


class StretchIndex:
    """Find the sentence (with its heading label) around a character offset."""

    def __init__(
        self,
        text: str,
        segments: list[Stretch],
        cues: Cues | None = None,
        glued: list[int] | None = None,
    ) -> None:
        self.text = text
        self.glued = glued
        self.cues = cues or load_cues()
        self.starts = [s.start for s in segments]
        self.segments = segments
        self._ends: dict[int, tuple[list[int], list[int]]] = {}
        self._cues: dict[tuple[int, int], CueHits] = {}
        self._may_prefer: dict[int, bool] = {}
        self._preferred: dict[tuple[int, int], bool] = {}
        self._lower: str | None = None  # text.lower(); "" when lower-casing moves offsets

    def _sentence_ends(self, i: int) -> tuple[list[int], list[int]]:
        """(sentence starts, sentence ends) in segment i, found once."""
        found = self._ends.get(i)
        if found is None:
            seg = self.segments[i]
            found = sentence_cuts(self.text, self.cues, self.glued, seg.start, seg.end)
            self._ends[i] = found
        return found

    def segment_at(self, offset: int) -> int:
        """The number of the line piece holding `offset`, or -1."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0 or offset > self.segments[i].end:
            return -1
        return i

    def stretch_in(self, i: int, offset: int) -> Stretch:
        """The sentence around `offset` in line piece i (see segment_at)."""
        seg = self.segments[i]
        starts, ends = self._sentence_ends(i)
        k = bisect.bisect_right(starts, offset)
        lo = max(starts[k - 1], seg.start) if k else seg.start
        k = bisect.bisect_right(ends, offset)
        hi = min(ends[k], seg.end) if k < len(ends) else seg.end
        while lo < hi and self.text[lo].isspace():
            lo += 1
        return Stretch(lo, max(hi, lo), seg.label, seg.explicit)

    def may_name_role(self, end: int) -> bool:
        """Whether a role noun may follow a mention ending at `end` within role_named's
        reach: every role noun contains one of the stems."""
        lower = self._lowered()
        if lower:
            return self.cues.role_stem.search(lower, end, end + _ROLE_REACH) is not None
        return self.cues.role_stem.search(self.text[end : end + _ROLE_REACH].lower()) is not None

    def _lowered(self) -> str:
        """text.lower(), or "" when lower-casing moves offsets (it nearly never does)."""
        if self._lower is None:
            low = self.text.lower()
            self._lower = low if len(low) == len(self.text) else ""
        return self._lower

    def may_prefer(self, i: int) -> bool:
        """Whether line piece i may hold a preferred cue: when not, none of its sentences
        does, and they need not be found."""
        found = self._may_prefer.get(i)
        if found is None:
            seg = self.segments[i]
            # the case-blind regex that reads text whose lower-casing moves offsets also
            # takes "ſ" for "s": no shortcut there
            lower = self._lowered()
            rx = self.cues.preferred_stem
            found = not lower or rx.search(lower, seg.start, seg.end) is not None
            self._may_prefer[i] = found
        return found

    def has_preferred_cue(self, stretch: Stretch) -> bool:
        """Whether the sentence has a preferred cue at all, before or after any skill."""
        key = (stretch.start, stretch.end)
        found = self._preferred.get(key)
        if found is None:
            lower = self._lowered()
            rx = self.cues.preferred_lower if lower else self.cues.preferred
            sentence = (lower or self.text)[key[0] : key[1]]  # sliced, as sentence_cues reads it
            found = self._preferred[key] = bool(rx.search(sentence))
        return found

    def cues_of(self, stretch: Stretch, cues: Cues) -> CueHits:
        """The cues of one sentence, found once however many skills it names."""
        key = (stretch.start, stretch.end)
        hits = self._cues.get(key)
        if hits is None:
            hits = self._cues[key] = sentence_cues(
                self.text, stretch.start, stretch.end, cues, self._lowered() or None
            )
        return hits


def _scope(
    text: str, a: int, b: int, start: int, end: int
) -> tuple[int, int, list[tuple[int, int]]]:
    """The part of sentence [a, b) a mention at [start, end) reads its cues from.

    Inside a parenthesis: the parenthesis. Outside: the sentence minus any parenthesis.
    Returns (scope start, scope end, holes to ignore).
    """
    holes: list[tuple[int, int]] = []
    open_at = text.find("(", a, b)
    while open_at >= 0:  # each "(" up to the next ")"; a "(" inside is plain text
        close_at = text.find(")", open_at + 1, b)
        if close_at < 0:
            break
        holes.append((open_at, close_at + 1))
        open_at = text.find("(", close_at + 1, b)
    if not holes:
        return a, b, []
    for h0, h1 in holes:
        if h0 < start and end <= h1:
            return h0 + 1, h1 - 1, []
    return a, b, holes


def _in_holes(pos: int, holes: list[tuple[int, int]]) -> bool:
    return any(h0 <= pos < h1 for h0, h1 in holes)


CueHits = tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]


def sentence_cues(text: str, a: int, b: int, cues: Cues, lower: str | None = None) -> CueHits:
    """Every before- and after-cue in sentence [a, b): (start, end, label) each.

    `lower` is text.lower() when that keeps every offset (it nearly always does).
    """
    if lower is not None:
        return _sentence_cues_lower(lower[a:b], a, cues)
    sentence = text[a:b]
    rx_before, rx_after = cues.before.regex, cues.after.regex
    before = [
        (a + m.start(), a + m.end(), cues.before.label(m.group(0)))
        for m in rx_before.finditer(sentence)
    ]
    after = [
        (a + m.start(), a + m.end(), cues.after.label(m.group(0)))
        for m in rx_after.finditer(sentence)
    ]
    return before, after


def _sentence_cues_lower(sentence: str, a: int, cues: Cues) -> CueHits:
    """sentence_cues on lower-cased text in one regex pass instead of two.

    The pass finds, at every word start, the longest phrase of either direction; the
    longest phrase of each direction there is its longest whole-word prefix in that
    direction's table. Keeping, per direction, only hits that start after the last one
    ends gives exactly what each direction's own regex.finditer would."""
    before: list[tuple[int, int, str]] = []
    after: list[tuple[int, int, str]] = []
    before_end = after_end = 0
    for m in cues.either_lower.finditer(sentence):
        p = m.start()
        in_before, in_after = _directions(m.group(1), cues)
        if in_before is not None and p >= before_end:
            before_end = p + in_before[0]
            before.append((a + p, a + before_end, in_before[1]))
        if in_after is not None and p >= after_end:
            after_end = p + in_after[0]
            after.append((a + p, a + after_end, in_after[1]))
    return before, after


def _directions(found: str, cues: Cues) -> tuple[Found, Found]:
    """The longest before- and after-phrase that `found` starts with, whole words each."""
    hit = cues.split_memo.get(found)
    if hit is None:
        ends = [k for k in range(len(found), 0, -1) if k == len(found) or not _wordish(found[k])]
        hit = cues.split_memo[found] = (_longest(found, ends, cues.before),
                                        _longest(found, ends, cues.after))  # fmt: skip
    return hit


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _longest(found: str, ends: list[int], table: CueSet) -> Found:
    for k in ends:
        if table.lower_regex.fullmatch(found, 0, k):
            return k, table.label(found[:k])
    return None


def cue_label(
    text: str, a: int, b: int, start: int, end: int, cues: Cues, hits: CueHits | None = None
) -> str | None:
    """The label the nearest applicable cue in the mention's scope gives, or None."""
    s0, s1, holes = _scope(text, a, b, start, end)
    before, after = hits if hits is not None else sentence_cues(text, a, b, cues)
    found: list[tuple[int, str, int]] = []  # (distance, label, cue position)
    for c0, c1, label in before:
        if s0 <= c0 and c1 <= start and not _in_holes(c0, holes):
            found.append((start - c1, label, c0))
    for c0, _c1, label in after:
        if end <= c0 < s1 and not _in_holes(c0, holes):
            found.append((c0 - end, label, c0))
    if not found:
        return None
    found.sort()
    nearest = found[0][1]
    if nearest != "preferred":
        for _dist, label, pos in found:
            if label != "preferred":
                continue
            if pos < start:
                return "preferred"  # "Ideally you'd have experience with X", "Bonus: X"
            # "X, Y and Z experience is a plus": wins unless "X required, Z a plus", and
            # only within a clause's reach, not over a whole run-on paragraph
            if pos - end <= AFTER_CUE_REACH and not _strict_requirement_between(
                text, end, pos, cues
            ):
                return "preferred"
    return nearest


def _strict_requirement_between(text: str, lo: int, hi: int, cues: Cues) -> bool:
    return bool(cues.strict_required.search(text, lo, hi))


def role_named(text: str, a: int, b: int, start: int, end: int, cues: Cues) -> bool:
    """True when the mention names a role: "Go Engineer", "engineer (AWS, Chef)"."""
    after = text[end : min(b, end + _ROLE_REACH)]
    m = cues.role.search(after)
    if m is None:
        return False
    between = after[: m.start()]
    return bool(_ROLE_GAP_RE.fullmatch(between)) and len(between.split()) <= 3


def label_mention(text: str, index: StretchIndex, start: int, end: int, cues: Cues) -> str:
    """How the ad asks for the skill mentioned at [start, end)."""
    i = index.segment_at(start)
    if i < 0:
        return "other"
    stretch: Stretch | None = None  # found only when needed
    if index.may_name_role(end):
        stretch = index.stretch_in(i, start)
        if role_named(text, stretch.start, stretch.end, start, end, cues):
            return "required"
    state = index.segments[i].label
    if state == "preferred":
        return state  # "Nice to have: experience with our stack: X": no cue overrides it
    if state == "required" and not index.may_prefer(i):
        return state  # only a preferred cue overrides a requirements heading (see below)
    if stretch is None:
        stretch = index.stretch_in(i, start)
    a, b = stretch.start, stretch.end
    if state == "required" and not index.has_preferred_cue(stretch):
        return state
    hits = index.cues_of(stretch, cues)
    cue = cue_label(text, a, b, start, end, cues, hits)
    if cue is None:
        inner = _enclosing_parenthesis(text, a, b, start)
        if inner is not None:  # "(Perl, Ruby, Python)": the sentence around it decides
            cue = cue_label(text, a, b, inner[0], inner[1], cues, hits)
    if cue is None:
        return state or "other"
    if state == "required" and cue == "other":
        return state  # "Requirements: - experience with our stack (we use X)"
    return cue


def _enclosing_parenthesis(text: str, a: int, b: int, pos: int) -> tuple[int, int] | None:
    """The (start, end) of the parenthesis around `pos` within [a, b), if any."""
    open_at = text.rfind("(", a, pos)
    if open_at < 0 or text.find(")", open_at, pos) >= 0:
        return None
    close_at = text.find(")", pos, b)
    return (open_at, close_at + 1) if close_at >= 0 else None
