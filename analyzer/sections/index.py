"""Find the sentence around a mention, and what it holds, once per sentence."""

from __future__ import annotations

import bisect

from analyzer.sections.cues import Cues, load_cues
from analyzer.sections.cuts import sentence_cuts
from analyzer.sections.segments import Stretch
from analyzer.sections.sentence_cues import ROLE_REACH, CueHits, sentence_cues


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
        self._stretches: dict[int, tuple[int, Stretch]] = {}
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
        """The sentence around `offset` in line piece i (see segment_at), found once."""
        found = self._stretches.get(offset)
        if found is None or found[0] != i:
            found = self._stretches[offset] = (i, self._stretch_in(i, offset))
        return found[1]

    def _stretch_in(self, i: int, offset: int) -> Stretch:
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
        lower = self.lowered()
        if lower:
            return self.cues.role_stem.search(lower, end, end + ROLE_REACH) is not None
        return self.cues.role_stem.search(self.text[end : end + ROLE_REACH].lower()) is not None

    def lowered(self) -> str:
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
            lower = self.lowered()
            rx = self.cues.preferred_stem
            found = not lower or rx.search(lower, seg.start, seg.end) is not None
            self._may_prefer[i] = found
        return found

    def has_preferred_cue(self, stretch: Stretch) -> bool:
        """Whether the sentence has a preferred cue at all, before or after any skill."""
        key = (stretch.start, stretch.end)
        found = self._preferred.get(key)
        if found is None:
            lower = self.lowered()
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
                self.text, stretch.start, stretch.end, cues, self.lowered() or None
            )
        return hits
