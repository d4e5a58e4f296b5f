"""Label each stretch of an ad: required, preferred or other (how a skill is asked for)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CUES_PATH = Path(__file__).with_name("section_cues.yaml")
LABELS = ("required", "preferred", "other")
STRENGTH = {"required": 3, "preferred": 2, "other": 1}

_BULLET_RE = re.compile(r"^\s*(?:[-*•·◦▪‣+–—]|\d{1,2}[.)]|\(?[a-z]\))\s+")
_DECOR_RE = re.compile(r"[#*_`>\[\]]+")
_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+(?=\S)|\s+[–—]\s+")


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    parts = []
    for p in sorted(phrases, key=len, reverse=True):
        esc = re.escape(p.lower().rstrip("*")).replace(r"\ ", r"[\s-]+")
        parts.append(esc + (r"\w*" if p.endswith("*") else r"\b"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Cues:
    headings: dict[str, frozenset[str]]
    preferred: re.Pattern[str]
    required: re.Pattern[str]


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    data = yaml.safe_load(Path(path or CUES_PATH).read_text(encoding="utf-8"))
    headings = {
        label: frozenset(_norm_heading(h) for h in data["headings"].get(label, []))
        for label in LABELS
    }
    return Cues(
        headings=headings,
        preferred=_phrase_regex(data["cues"]["preferred"]),
        required=_phrase_regex(data["cues"]["required"]),
    )


def _norm_heading(text: str) -> str:
    text = _DECOR_RE.sub(" ", text.lower()).replace("’", "'")
    text = re.sub(r"[^\w' -]+", " ", text)
    return " ".join(text.split())


def heading_label(text: str, cues: Cues) -> str | None:
    """The label a heading sets, or None when the text is not a known heading."""
    key = _norm_heading(text)
    if not key:
        return None
    for label in ("preferred", "required", "other"):
        if key in cues.headings[label]:
            return label
    words = key.split()
    if len(words) <= 6:
        # "Preferred Qualifications (Bonus)", "Nice to Haves 🙂": first words decide
        for n in range(min(len(words), 4), 0, -1):
            prefix = " ".join(words[:n])
            for label in ("preferred", "required", "other"):
                if prefix in cues.headings[label]:
                    return label
    return None


@dataclass(frozen=True)
class Stretch:
    """A sentence-sized piece of the text with the label its mentions get."""

    start: int
    end: int
    label: str


def _sentence_label(sentence: str, cues: Cues) -> str | None:
    if cues.preferred.search(sentence):
        return "preferred"
    if cues.required.search(sentence):
        return "required"
    return None


def label_stretches(text: str, cues: Cues | None = None) -> list[Stretch]:
    """Split `text` into sentence stretches, each with its section label."""
    cues = cues or load_cues()
    out: list[Stretch] = []
    state: str | None = None
    pos = 0
    for raw_line in text.split("\n"):
        line_start = pos
        pos += len(raw_line) + 1
        line = raw_line.strip()
        if not line:
            continue
        body = _BULLET_RE.sub("", line)
        is_bullet = body != line
        inline_label: str | None = None
        head, sep, rest = body.partition(":")
        if sep and len(head.split()) <= 6:
            hl = heading_label(head, cues)
            if hl is not None:
                if rest.strip():
                    inline_label = hl
                    if not is_bullet:
                        state = hl if hl != "other" else None
                else:
                    state = hl if hl != "other" else "other"
                    out.append(Stretch(line_start, pos - 1, hl))
                    continue
        elif not is_bullet and len(body.split()) <= 7 and not body.endswith((".", ",")):
            hl = heading_label(body, cues)
            if hl is not None:
                state = hl
                out.append(Stretch(line_start, pos - 1, hl))
                continue
        offset = line_start + (len(raw_line) - len(raw_line.lstrip()))
        for m in _split_sentences(line):
            s_start, s_end = offset + m[0], offset + m[1]
            label = _sentence_label(line[m[0] : m[1]], cues)
            if label is None or (label == "required" and state == "preferred"):
                label = inline_label or state or "other"
            elif inline_label == "preferred":
                label = "preferred"
            out.append(Stretch(s_start, s_end, label))
    return out


def _split_sentences(line: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_RE.finditer(line):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line)))
    return [s for s in spans if s[1] > s[0]]


class StretchIndex:
    """Look up the label of a character offset quickly."""

    def __init__(self, stretches: list[Stretch]) -> None:
        self.starts = [s.start for s in stretches]
        self.stretches = stretches

    def label_at(self, offset: int) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return "other"
        s = self.stretches[i]
        return s.label if offset < s.end + 1 else "other"

    def stretch_at(self, offset: int) -> Stretch | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.stretches[i] if i >= 0 else None


def strongest(labels: list[str]) -> str:
    """The strongest of several labels: required > preferred > other."""
    return max(labels, key=lambda lab: STRENGTH.get(lab, 0)) if labels else "other"
