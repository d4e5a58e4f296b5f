"""The label of one mention: required, preferred or other."""

from __future__ import annotations

from analyzer.sections.cues import Cues
from analyzer.sections.index import StretchIndex
from analyzer.sections.segments import Stretch
from analyzer.sections.sentence_cues import cue_label, role_named


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
