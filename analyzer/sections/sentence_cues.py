"""What a sentence says about a skill in it: its cue phrases, the label the nearest cue gives,
and whether the skill names a role."""

from __future__ import annotations

import re

from analyzer.sections.cues import Cues, CueSet, Found

AFTER_CUE_REACH = 120  # characters a trailing "is a plus" reaches back over a list
ROLE_REACH = 45  # characters after a mention a role noun may stand in ("Go Engineer")
_ROLE_GAP_RE = re.compile(r"[\s/,&+\w.#-]*")  # "Java/Scala Software Engineer": words only

CueHits = tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]  # (before, after)


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
    after = text[end : min(b, end + ROLE_REACH)]
    m = cues.role.search(after)
    if m is None:
        return False
    between = after[: m.start()]
    return bool(_ROLE_GAP_RE.fullmatch(between)) and len(between.split()) <= 3
