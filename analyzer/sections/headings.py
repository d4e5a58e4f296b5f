"""Headings: which group a heading line names, and the headings run into a line."""

from __future__ import annotations

import re

from analyzer.sections.cues import HEADING_GROUPS, Cues, norm_heading

_HEADING_STOPWORDS = frozenset(
    {"with", "in", "of", "using", "for", "on", "to", "and", "or", "the", "a", "an", "at", "by"}
)


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
    key = norm_heading(text)
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


def section_label(group: str) -> str:
    """A heading group as a label: a stack list is the company's ("other")."""
    return "other" if group == "stack" else group


def intro_label(text: str, cues: Cues) -> str | None:
    """The label a list's intro line gives by its cues ("We'd love to see:" -> preferred)."""
    found = {table.label(m.group(0)) for table in (cues.before, cues.after)
             for m in table.regex.finditer(text)}  # fmt: skip
    for label in ("preferred", "required", "other"):
        if label in found:
            return label
    return None


# up to three capitalised words right before a run-in heading, the first maybe glued on
_MODIFIERS_RE = re.compile(r"(?:(?<![\w'’-])|(?<=[a-z]))((?:[A-Z][a-z]+ +){0,2}[A-Z][a-z]+)$")


def with_modifiers(
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
