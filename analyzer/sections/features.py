"""What the section model reads about one mention: the rules' findings as named features.

Each feature is a string ("head=required", "before=preferred@near", "words:hedge"); a
mention's features are a tuple of them, the same for every mention with the same context,
so the model's answer can be remembered per tuple. The words are data (features.yaml and
cues.yaml); nothing here is about a single ad.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analyzer.sections.cues import Cues, load_cues
from analyzer.sections.index import StretchIndex
from analyzer.sections.segments import Stretch
from analyzer.sections.sentence_cues import role_named
from taxonomy.loader import load_yaml

FEATURES_PATH = Path(__file__).with_name("features.yaml")
_BULLETS = frozenset("-*•·◦▪‣+–—")
_NUMBERED_RE = re.compile(r"\d{1,2}[.)]\s")
_JOINED = (("back end", "backend"), ("front end", "frontend"), ("full stack", "fullstack"))


def _words(lower: str) -> list[str]:
    """The words of lower-case text, punctuation dropped, "back end" as one word."""
    if lower.isascii():  # the same, about 3x as fast: bytes translate through a flat table
        text = lower.encode().translate(_PUNCT_ASCII).decode()
    else:
        text = lower.translate(_PUNCT)
    for two, one in _JOINED:
        if two in text:
            text = text.replace(two, one)
    return text.split()


# only names, and the commas and such between them
_NAMES_RE = re.compile(r"[\w+#./, &()'-]*")


@dataclass(frozen=True)
class FeatureWords:
    groups: dict[str, tuple[str, ...]]  # word -> the groups it belongs to
    roles: frozenset[str]  # role nouns (cues.yaml) and the words of role areas
    known: frozenset[str]  # the words of `groups` (a set meets a set fast)


def load_feature_words(path: str | None = None) -> FeatureWords:
    """The words of a features file (default: the bundled features.yaml), built once per
    content of it and of cues.yaml (whose role nouns it takes)."""
    return _build_words(Path(path or FEATURES_PATH).read_bytes(), load_cues().role_nouns)


@lru_cache(maxsize=2)
def _build_words(raw: bytes, role_nouns: tuple[str, ...]) -> FeatureWords:
    data = load_yaml(raw)
    groups: dict[str, list[str]] = {}
    for name, words in data["sentence_words"].items():
        for word in words:
            groups.setdefault(str(word).lower(), []).append(f"words:{name}")
    # "back end" is read as "backend" (see _words)
    areas = [str(w).lower().replace(" ", "") for w in data["role_areas"]]
    roles = {*role_nouns, *areas}
    return FeatureWords(
        {w: tuple(g) for w, g in groups.items()}, frozenset(roles), frozenset(groups)
    )


# punctuation around words, as spaces (a hyphen or an apostrophe inside a word stays)
_PUNCT_CHARS = '()[]{}<>,.;:!?"/|*•·–—+&=~_#@$%^'
_PUNCT = str.maketrans(dict.fromkeys(_PUNCT_CHARS, " "))
_ASCII_PUNCT = "".join(c for c in _PUNCT_CHARS if c.isascii()).encode()
_PUNCT_ASCII = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))  # the same, for bytes


_SPOS = ("spos=0", "spos=1", "spos=2")


class _HeadNames(dict[tuple[str | None, bool], str]):
    """(heading label, explicit) -> the feature ("head=required!", "head=none"), made once."""

    def __missing__(self, key: tuple[str | None, bool]) -> str:
        label, explicit = key
        name = self[key] = f"head={label or 'none'}{'!' if explicit else ''}"
        return name


_DPOS = ("dpos=0", "dpos=1", "dpos=2", "dpos=3")


class _CueNames(dict[tuple[str, str, str, str], tuple[str, str]]):
    """("before", label, distance, head) -> the two feature names, made once."""

    def __missing__(self, key: tuple[str, str, str, str]) -> tuple[str, str]:
        side, label, distance, head = key
        names = self[key] = (f"{side}={label}@{distance}", f"{side}={label}&head={head}")
        return names


class _NoCue(dict[str, str]):
    def __missing__(self, head: str) -> str:
        name = self[head] = f"nocue&head={head}"
        return name


_CUE_NAMES = _CueNames()
_NOCUE = _NoCue()
_HEAD_NAMES = _HeadNames()


def _bin(distance: int) -> str:
    if distance <= 3:
        return "adj"
    if distance <= 20:
        return "near"
    if distance <= 60:
        return "mid"
    return "far"


# rules' label, tier, in the title; the ad's, the line's, the sentence's, the mention's own
Parts = tuple[str, str, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def expand(parts: Parts) -> tuple[str, ...]:
    """The feature names of a mention's parts (see MentionFeatures.parts): each finding,
    and each once more with the rules' label, so the model learns where the rules go
    wrong rather than the rules again."""
    rule, tier, in_title, ad, segment, sentence, rest = parts
    found = [f"tier={tier}", *ad, *segment, *sentence, *rest]
    if in_title:
        found.append("title")
    return (f"rule={rule}", *found, *(f"{rule}|{f}" for f in found))


class MentionFeatures:
    """Features of the mentions of one ad; sentence and line findings are kept per ad."""

    def __init__(self, text: str, index: StretchIndex, cues: Cues, words: FeatureWords) -> None:
        self.text = text
        self.index = index
        self.cues = cues
        self.words = words
        self._sentence: dict[tuple[int, int], tuple[tuple[str, ...], bool]] = {}
        self.length = max(len(text), 1)
        self._segment: dict[int, tuple[str, ...]] = {}
        self._seen_heading: list[bool] | None = None
        self.shape = self._shape()

    def _shape(self) -> tuple[str, ...]:
        """The ad's form, a stand-in for its source: a Hacker News post opens with
        "Company | Place | ..."; a board's ad has headings in markdown or on lines of
        their own."""
        text = self.text
        first = text[: text.find("\n")] if "\n" in text else text
        out = []
        if first.count("|") >= 2:
            out.append("shape:pipes")
        if any(s.explicit for s in self.index.segments):
            out.append("shape:headings")
        if len(text) < 1500:
            out.append("shape:short")
        return tuple(out)

    def of(self, start: int, end: int, rule: str, tier: str, in_title: bool) -> tuple[str, ...]:
        """The features of the mention at [start, end)."""
        return expand(self.parts(start, end, rule, tier, in_title))

    def parts(self, start: int, end: int, rule: str, tier: str, in_title: bool) -> Parts:
        """What the features are made of, as tuples found once per ad, line and sentence
        where they can be: cheap to compare, so a model can remember its answer per parts.

        Under a heading that asks for its lines (requirements, nice to have) with no
        preferred cue anywhere in the line, the sentence is not read: the heading decides
        there (as for the rules), and the sentence costs more than it tells."""
        index = self.index
        i = index.segment_at(start)
        if i < 0:
            return (rule, tier, in_title, self.shape, ("noseg",), (), ())
        segment = self._segment.get(i) or self._segment_features(i)
        seg = index.segments[i]
        label = seg.label
        if label == "preferred" or (label == "required" and not index.may_prefer(i)):
            return (rule, tier, in_title, self.shape, segment, (), ())
        stretch = index.stretch_in(i, start)
        a, b = stretch.start, stretch.end
        key = (a, b)
        found = self._sentence.get(key)
        if found is None:
            found = self._sentence_features(stretch)
        sentence, has_role = found
        text = self.text
        rest = self._cue_features(stretch, start, end, label or "none")
        rest.append(_SPOS[min(2, 3 * (start - a) // max(b - a, 1))])
        rest.append(_DPOS[min(3, 4 * start // self.length)])
        open_at = text.rfind("(", a, start)
        if open_at >= 0 and text.find(")", open_at, start) < 0:
            rest.append("paren")
            if has_role and self._names_role(max(a, open_at - 40), open_at):
                rest.append("role(stack)")  # "DevOps engineer (AWS, Chef)", "Frontend (React)"
        if has_role:
            if self._role_stack(max(a, start - 60), start):
                rest.append("role-stack")  # "Backend developers - Go, Postgres"
            if index.may_name_role(end) and role_named(text, a, b, start, end, self.cues):
                rest.append("role_named")
        return (rule, tier, in_title, self.shape, segment, sentence, tuple(rest))

    def _names_role(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] holds a role noun or a role area's word."""
        words = _words(self.text[lo:hi].lower())
        return not self.words.roles.isdisjoint(words)

    def _role_stack(self, lo: int, start: int) -> bool:
        """Whether the mention at `start` follows a role and a separator with only names
        between: "Back end: Python, Django", "Backend developers - Go, Postgres"."""
        text = self.text
        k = max(text.rfind(":", lo, start), text.rfind(" - ", lo, start),
                text.rfind("–", lo, start), text.rfind("—", lo, start))  # fmt: skip
        if k < 0 or not _NAMES_RE.fullmatch(text, k + 1, start):
            return False
        head = _words(text[lo:k].lower())[-5:]
        return not self.words.roles.isdisjoint(head)

    def _segment_features(self, i: int) -> tuple[str, ...]:
        found = self._segment.get(i)
        if found is None:
            seg = self.index.segments[i]
            out = [_HEAD_NAMES[(seg.label, seg.explicit)]]
            if self._bullet(seg.start):
                out.append("bullet")
            if seg.label is None and not self._heading_before(i):
                out.append("no_heading_yet")
            found = self._segment[i] = tuple(out)
        return found

    def _heading_before(self, i: int) -> bool:
        seen = self._seen_heading
        if seen is None:
            seen, any_yet = [], False
            for s in self.index.segments:
                seen.append(any_yet)
                any_yet = any_yet or s.explicit
            self._seen_heading = seen
        return seen[i]

    def _sentence_features(self, stretch: Stretch) -> tuple[tuple[str, ...], bool]:
        key = (stretch.start, stretch.end)
        found = self._sentence.get(key)
        if found is None:
            sentence = self.text[stretch.start : stretch.end]
            lower = sentence.lower()
            words = _words(lower)  # a list: the frozensets below meet it without a set
            vocab = self.words.groups
            out = sorted({g for w in self.words.known.intersection(words) for g in vocab[w]})
            commas = sentence.count(",") + sentence.count("/")
            n_words = sentence.count(" ") + 1
            if commas >= 2 and n_words <= 3 * (commas + 1):
                out.append("listy")  # mostly a list of names: "Python, Go, Postgres, Redis"
            if n_words <= 6:
                out.append("short")
            roles = self.words.roles
            has_role = not roles.isdisjoint(words)
            colon = sentence.find(":")
            if colon >= 0 and sentence.count(" ", 0, colon) < 5:
                out.append("label:")
                head = _words(lower[:colon])
                if has_role and not roles.isdisjoint(head):
                    out.append("role:")  # "Back end: Python, Django"
            if has_role:
                out.append("has_role")
            found = self._sentence[key] = (tuple(out), has_role)
        return found

    def _bullet(self, seg_start: int) -> bool:
        """Whether the line of the piece starting at `seg_start` is a bullet or numbered."""
        text = self.text
        line_start = text.rfind("\n", 0, seg_start) + 1
        while line_start < len(text) and text[line_start] in " \t":
            line_start += 1
        head = text[line_start : line_start + 4]
        return bool(head) and (head[0] in _BULLETS or bool(_NUMBERED_RE.match(head)))

    def _cue_features(self, stretch: Stretch, start: int, end: int, head: str) -> list[str]:
        before, after = self.index.cues_of(stretch, self.cues)
        out: list[str] = []
        near_before = None
        pref_before = False
        for c in before:
            if c[1] > start:
                break  # the hits are in text order
            near_before = c
            if c[2] == "preferred":
                pref_before = True
        if near_before is not None:
            out += _CUE_NAMES[("before", near_before[2], _bin(start - near_before[1]), head)]
        pref_after = False
        near_after = None
        for c in after:
            if c[0] >= end:
                if near_after is None:
                    near_after = c
                if c[2] == "preferred":
                    pref_after = True
                    break
        if near_after is not None:
            out += _CUE_NAMES[("after", near_after[2], _bin(near_after[0] - end), head)]
        if pref_before:
            out.append("pref_before")
        if pref_after:
            out.append("pref_after")
        if not out:
            out.append(_NOCUE[head])
        return out
