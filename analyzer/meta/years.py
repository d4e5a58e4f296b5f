"""The years of experience an ad asks for: each figure with the words around it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.meta.rules import YearRules, year_rules

_CLAUSE_END = re.compile(r"[,;\n]|\.(?:\s|$)|•|\s[-–—]\s")
# a full stop glued to the next sentence ("knowledge.2+ years") ends a sentence too
_SENTENCE_END = re.compile(r"\n|[.!?;](?:\s|$)|\.(?=[A-Z0-9])|•|\s[-–—]\s")
_HEADING_MAX = 60  # a line this short, without a full stop, may be a heading
_ANCHOR = re.compile(r"[yY](?:ea|EA|Ea)?[rR][sS]?\b")  # a literal first: fast to skip to
_LOOKBACK = 48  # the longest figure before its "years": "five (5) to seven (7) "


@dataclass(frozen=True)
class YearsFigure:
    """A number of years asked: its lower bound, and whether the ad calls it optional."""

    start: int
    years: int
    preferred: bool


def _number(value: str, rules: YearRules) -> int | None:
    key = value.lower()
    if key in rules.numbers:
        return rules.numbers[key]
    try:
        return int(float(key))
    except ValueError:
        return None


def _clause_after(text: str, end: int) -> str:
    tail = text[end : end + 120]
    cut = _CLAUSE_END.search(tail)
    return tail[: cut.start()] if cut else tail


def _sentence(text: str, start: int, end: int) -> str:
    """The figure's sentence, from its start to the end of the figure."""
    head = text[max(0, start - 200) : start]
    cuts = list(_SENTENCE_END.finditer(head))
    head = head[cuts[-1].end() :] if cuts else head
    return head + text[start:end]


def _heading_says_preferred(text: str, start: int, rules: YearRules) -> bool:
    """Whether the nearest heading above the figure's line marks what follows as optional
    ("Nice to have:", "Preferred qualifications")."""
    line_start = text.rfind("\n", 0, start) + 1
    pos = line_start - 1
    for _ in range(30):
        if pos <= 0:
            return False
        prev = text.rfind("\n", 0, pos) + 1
        line = text[prev:pos].strip()
        pos = prev - 1
        if not line:
            continue
        bare = line.lstrip("#*-• ").rstrip("*:# ")
        if (
            len(bare) <= _HEADING_MAX
            and not bare.endswith(".")
            and not line.startswith(("-", "•", "*"))
        ):
            return bool(rules.preferred.search(bare))
    return False


def _accept(text: str, m: re.Match[str], lo: int, rules: YearRules) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[max(line_start, m.start() - 60) : m.start()]
    after = _clause_after(text, m.end())
    if rules.not_after.match(after):
        return False
    strong = bool(rules.experience_after.match(after))
    if rules.history_before.search(before):  # "has nearly 25 years of experience"
        return False
    if m.group("lo").lower() in ("a", "an"):  # "a year of experience", "at least a year with Go"
        return strong or bool(rules.markers.search(before) and rules.link_after.match(after))
    if rules.not_before.search(before):
        return strong
    marker = bool(m.group("plus") or m.group("more") or m.group("hi"))
    return (
        strong
        or marker
        or bool(rules.markers.search(before))
        or bool(rules.experience_before.search(before))
        or bool(rules.link_after.match(after))
    )


def _optional(text: str, start: int, end: int, rules: YearRules) -> bool:
    """Whether the figure is asked as optional: a cue before it in its sentence ("ideally
    5+ years") or after it in its clause ("3+ years preferred"), or under a "Nice to
    have" heading."""
    head = _sentence(text, start, start)
    if rules.preferred.search(head) or rules.preferred.search(_clause_after(text, end)):
        return True
    return _heading_says_preferred(text, start, rules)


def _candidates(text: str, rules: YearRules) -> Iterator[re.Match[str]]:
    """Figure matches, looked for only just before each "year"/"yr" (much faster than
    scanning the whole text for numbers)."""
    done = 0
    for anchor in _ANCHOR.finditer(text):
        window = max(done, anchor.start() - _LOOKBACK)
        for m in rules.figure.finditer(text, window, anchor.end() + 4):
            if m.end() > anchor.start():
                done = m.end()
                yield m
                break


def year_figures(text: str) -> list[YearsFigure]:
    """Every figure of years of experience the text asks, in order."""
    rules = year_rules()
    out: list[YearsFigure] = []
    for m in _candidates(text, rules):
        lo = _number(m.group("lo"), rules)
        if lo is None or lo > rules.max_years or not _accept(text, m, lo, rules):
            continue
        out.append(YearsFigure(m.start(), lo, _optional(text, m.start(), m.end(), rules)))
    for m in rules.unitless.finditer(text):  # "2+ of experience"
        lo = int(m.group("lo"))
        if lo <= rules.max_years:
            out.append(YearsFigure(m.start(), lo, _optional(text, m.start(), m.end(), rules)))
    out.sort(key=lambda f: f.start)
    return out


def required_years(figures: list[YearsFigure]) -> list[int]:
    """The figures that count: the required ones, or the optional ones when there are none."""
    required = [f.years for f in figures if not f.preferred]
    return required or [f.years for f in figures]


def years_min(figures: list[YearsFigure]) -> int | None:
    """The fewest years asked for any role, or None when the ad asks none."""
    counted = required_years(figures)
    return min(counted) if counted else None
