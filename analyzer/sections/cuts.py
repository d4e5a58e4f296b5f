"""Where sentences start and end in a line, and where a sentence starter is glued on."""

from __future__ import annotations

import bisect

from analyzer.sections.cues import Cues

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
