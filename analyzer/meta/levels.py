"""Which seniority levels an ad hires for: level words in the title, role names in the
text ("we're hiring a Senior Engineer", "- Staff Engineer (Go)"), else the years asked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.meta.model import LEVELS, sort_levels
from analyzer.meta.rules import LevelRules, ascii_lower, level_rules, norm_phrase

# between two level words of one chain: "Senior + Staff", "junior to senior", "Mid/Senior"
_CHAIN_SEP = re.compile(
    r"\s*(?:/|\+|&|,|\band\b|\bor\b|\bto\b|-to-|–|—|-)\s*|[ \t]+", re.IGNORECASE
)
_SPAN_SEP = re.compile(r"\bto\b|-to-|–|—", re.IGNORECASE)
# what may stand before a role name that heads a line: bullets, numbers, separators
_LINE_HEAD = re.compile(r"(?:^|[|:•·*–—>]|^\s*[-+]|\d[.)])[\s\"'“]*$")
# in a list, a role noun on its own may follow a few capitalised words ("- Data Intern")
_LIST_HEAD_NAMED = re.compile(
    r"(?:^\s*[-+•·*]|^\s*\d[.)])\s*(?:(?!(?:The|A|An|Our|Your)\s)[A-Z][\w.+#/&-]*\s+){1,3}$"
)
_OPEN_PAREN = re.compile(r"\(\s*$")
_CLOSE_PAREN = re.compile(r"\s*\)")
_LIST_JOIN = re.compile(r"(?:,|\band\b|\bor\b|&|/)(?:\s+(?:an?|the))?\s*$", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?](?:\s|$)|\n")
_TOKEN = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(\([^()\n]{0,40}\)|[\w.#+/&’'-]+)")
_GLUED_GRADE = re.compile(r"(?:SDE|SWE|SE)-?$")
_HEADER_MAX = 300  # a longer first line is a paragraph, not a header
_WORD = re.compile(r"\s*([A-Za-z][\w'’-]*)")


def levels_of_years(years: int) -> str:
    """The level a number of years asked names: <=2 junior, 3-4 mid, 5-7 senior, 8+ lead."""
    if years <= 2:
        return "junior"
    if years <= 4:
        return "mid"
    if years <= 7:
        return "senior"
    return "lead"


def _span(first: tuple[str, ...], last: tuple[str, ...]) -> set[str]:
    """Every level from the lowest of `first` to the highest of `last`."""
    lo = min(LEVELS.index(x) for x in first)
    hi = max(LEVELS.index(x) for x in last)
    lo, hi = min(lo, hi), max(lo, hi)
    return set(LEVELS[lo : hi + 1])


def _chains(text: str, rules: LevelRules) -> Iterator[tuple[int, int, int, set[str]]]:
    """(start, end, start of the last word, levels) for each run of level words joined by
    separators ("Senior + Staff", "junior to senior")."""
    low = ascii_lower(text)
    pos = 0
    while True:
        m = rules.word.search(low, pos)
        if m is None:
            return
        start, end, last = m.start(), m.end(), m.start()
        parts = [rules.level(m.group())]
        spans: list[bool] = []
        while True:
            sep = _CHAIN_SEP.match(text, end)
            if sep is None:
                break
            nxt = rules.word.match(low, sep.end())
            if nxt is None:
                break
            level = rules.level(nxt.group())
            if not sep.group().strip() and parts[-1] and level:
                # "Senior Principal Engineer", "Senior Staff": one role, the higher level
                parts[-1] = (max((*parts[-1], *level), key=LEVELS.index),)
            else:
                spans.append(bool(_SPAN_SEP.search(sep.group())))
                parts.append(level)
            end, last = nxt.end(), nxt.start()
        levels: set[str] = set()
        for i, part in enumerate(parts):
            levels.update(part)
            if i and spans[i - 1] and parts[i - 1] and part:
                levels |= _span(parts[i - 1], part)
        yield start, end, last, levels
        pos = end


def _grade_levels(text: str, rules: LevelRules) -> Iterator[tuple[int, str]]:
    """(start, level) of each grade after a role noun ("Engineer II", "SDEII") whose role
    name has no level word before it ("Senior Software Engineer II" is senior)."""
    for m in rules.grade.finditer(text):
        if (
            m.start()
            and text[m.start() - 1].isalnum()
            and not _GLUED_GRADE.search(text, max(0, m.start() - 4), m.start())
        ):
            continue  # inside a word ("VI", "AI"), unless glued to "SDE": "SDEII"
        noun = rules.grade_noun.search(text, max(0, m.start() - 24), m.start())
        level = rules.grades.get(m.group().lower())
        if noun is None or level is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        head = text[max(line_start, m.start() - 40) : m.start()]
        if not rules.word.search(ascii_lower(head.rsplit(",", 1)[-1].rsplit("|", 1)[-1])):
            yield noun.start(), level


def title_levels(title: str) -> set[str]:
    """Every level a title names: level words, "All levels", grades ("Engineer II")."""
    rules = level_rules()
    found: set[str] = set()
    if rules.all_levels.search(ascii_lower(title)):
        found.update(("junior", "mid", "senior", "lead"))
    for _start, _end, _last, levels in _chains(title, rules):
        found |= levels
    found.update(level for _pos, level in _grade_levels(title, rules))
    return found


def _listed_after_hiring(text: str, line_start: int, start: int, rules: LevelRules) -> bool:
    """A role further down a list that a hiring phrase opens ("looking for Node.js
    developers, data scientists, and interns"), with no "work with" between."""
    head = text[max(line_start, start - 160) : start]
    cuts = list(_SENTENCE_START.finditer(head))
    sentence = head[cuts[-1].end() :] if cuts else head
    for cut in range(len(sentence) - 1, -1, -1):
        if not sentence[cut].isspace() and (cut == 0 or sentence[cut - 1].isspace()):
            if rules.not_hiring.search(sentence[:cut]) and not rules.hiring_tight.search(
                sentence[:cut]
            ):
                return False
            if rules.hiring_loose.search(sentence[:cut]):
                return True
    return False


def _hired(text: str, start: int, end: int, rules: LevelRules, standalone: bool) -> bool:
    """Whether the role name at `start` is the job on offer (not someone to work with)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 80) : start]
    if rules.hiring_tight.search(before):
        return True
    if rules.not_hiring.search(before):
        return False
    if rules.hiring_loose.search(before):
        return True
    if _LIST_JOIN.search(before):
        return _listed_after_hiring(text, line_start, start, rules)
    if _OPEN_PAREN.search(before):  # "(lead engineer)", "(INTERN)", not "(CTO, I write"
        return not standalone or bool(_CLOSE_PAREN.match(text, end))
    head = text[line_start:start]
    return bool(_LINE_HEAD.search(head) or (standalone and _LIST_HEAD_NAMED.search(head)))


def _standalone(text: str, last: int, end: int, rules: LevelRules) -> bool:
    """The chain's last word is a role on its own ("interns", "Architect") and is used
    as one: not followed by a lower-case word ("Architect and implement", "graduate
    degree") unless that word fits a role ("interns for the summer")."""
    if norm_phrase(text[last:end]) not in rules.standalone:
        return False
    nxt = _WORD.match(text, end)
    if nxt is not None and nxt.group(1).lower() in ("and", "or"):
        nxt = _WORD.match(text, nxt.end())
    if nxt is None or not nxt.group(1)[0].islower():
        return True
    return nxt.group(1).lower() in rules.followers


def _noun_follows(text: str, end: int, rules: LevelRules) -> bool:
    """A role noun within a few words after `end`, on the same line ("Senior Full-Stack
    and Backend engineers", "Staff Software Engineer (Elixir)")."""
    pos = end
    for _ in range(rules.max_modifiers + 1):
        m = _TOKEN.match(text, pos)
        if m is None:
            return False
        token = m.group(1)
        if any(rules.role_noun.fullmatch(part) for part in token.rstrip(".").split("/")):
            return True
        pos = m.end()
    return False


def _role(text: str, start: int, last: int, end: int, rules: LevelRules) -> str | None:
    """How a chain of level words names a role: "standalone", "noun" (a role noun
    follows: "Senior Software Engineer", or the chain follows one in parentheses:
    "Engineers (Senior & Staff)"), or None."""
    if _standalone(text, last, end, rules):
        return "standalone"
    if _noun_follows(text, end, rules):
        return "noun"
    if _CLOSE_PAREN.match(text, end) and rules.noun_paren.search(text, max(0, start - 40), start):
        return "noun"
    return None


def text_levels(text: str) -> set[str]:
    """Levels of the role names the text hires for."""
    rules = level_rules()
    found: set[str] = set()
    if "level" in text or "LEVEL" in text or "Level" in text:
        for m in rules.all_levels.finditer(ascii_lower(text)):
            if _hired(text, m.start(), m.end(), rules, False):
                found.update(("junior", "mid", "senior", "lead"))
    header = _header_end(text)
    for start, end, last, levels in _chains(text, rules):
        if levels and _labelled(text, start, rules):  # "Seniority level: Entry level"
            found |= levels
            continue
        role = _role(text, start, last, end, rules) if levels else None
        if role and (start < header or _hired(text, start, end, rules, role == "standalone")):
            found |= levels
    for pos, level in _grade_levels(text, rules):
        if pos < header or _hired(text, pos, pos, rules, False):
            found.add(level)
    return found


def _labelled(text: str, start: int, rules: LevelRules) -> bool:
    """The level words follow a field label of their own on the line ("Experience level:
    Junior", "Seniority: Mid-Senior")."""
    line_start = text.rfind("\n", 0, start) + 1
    lo = max(line_start, start - 40)
    if text.rfind(":", lo, start) < 0:  # most level words follow no label: skip the regex
        return False
    return bool(rules.level_label.search(text, lo, start))


def _header_end(text: str) -> int:
    """Where a "Company | Role | Place" first line ends (0 when the text has none): role
    names there are the roles on offer."""
    end = text.find("\n")
    first = text[: end if end >= 0 else len(text)]
    seps = first.count("|") + first.count(" — ") + first.count(" – ")
    return len(first) if seps >= 2 and len(first) <= _HEADER_MAX else 0


def read_levels(title: str, text: str, years: list[int]) -> tuple[str, ...]:
    """The levels an ad hires for: its title's and its role names' level words; when
    neither names one, the level of the most years it asks (`years`: required figures)."""
    found = title_levels(title) | text_levels(text)
    if not found and years:
        found = {levels_of_years(max(years))}
    return sort_levels(found)
