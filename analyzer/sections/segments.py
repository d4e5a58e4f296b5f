"""Split a text into line pieces, each with the label its headings give."""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from analyzer.sections.cues import Cues, load_cues
from analyzer.sections.headings import (
    heading_label,
    headings_run_in,
    intro_label,
    section_label,
    with_modifiers,
)

_BULLET_RE = re.compile(r"^\s*(?:[-*•·◦▪‣+–—]|\d{1,2}[.)]|\(?[a-z]\))\s+")
_BULLET_STARTS = frozenset("-*•·◦▪‣+–—(0123456789abcdefghijklmnopqrstuvwxyz")


class Stretch(NamedTuple):
    """A sentence of the text with the label its skills get when no cue says otherwise."""

    start: int
    end: int
    label: str | None  # from headings; None: nothing known
    explicit: bool = False  # the label comes from an explicit heading


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
                    state, bullets_under_state = section_label(hl), False
                    out.append(Stretch(line_start, pos - 1, state, True))
                    continue
        elif not is_bullet and body.count(" ") < 7 and not body.endswith((".", ",")):
            hl = heading_label(body, cues)
            if hl is not None:
                state, bullets_under_state = section_label(hl), False
                out.append(Stretch(line_start, pos - 1, state, True))
                continue
        if not is_bullet and not rest.strip() and body.endswith(":"):
            # an intro to a list: "Bonus points if you have any of the following:",
            # "It would be awesome if you were"
            intro = intro_label(body, cues)
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
            at, hl = with_modifiers(line, at, heading, hl, cues)
            if hl == "stack":
                continue  # "...categories: Languages: C++, Python": part of the sentence
            if hl is not None and at > 0:
                state = section_label(hl)
                cuts.append((at, state))
        cuts.sort(key=lambda c: c[0])
        cuts.append((len(line), None))
        for (c0, lab), (c1, _next) in itertools.pairwise(cuts):
            out.append(Stretch(offset + c0, offset + c1, lab, lab is not None))
    return out
