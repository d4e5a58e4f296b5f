"""The cue words of levels.yaml, years.yaml and pay.yaml, compiled once into regexes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from analyzer.meta.model import LEVELS
from analyzer.phrases import phrase_regex, trie_pattern
from taxonomy.loader import load_yaml

HERE = Path(__file__).parent
CI = re.IGNORECASE
RULE_FILES = ("levels.yaml", "years.yaml", "pay.yaml")
CODE_VERSION = "1"  # bump when the code reads the same rules differently


@lru_cache(maxsize=1)
def meta_fingerprint() -> str:
    """What the rules are: a change in the cue words or the code reads every ad again."""
    digest = hashlib.sha256(CODE_VERSION.encode())
    for name in RULE_FILES:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """The text lower-cased, the same length, so offsets carry over (a case-sensitive
    regex on it runs about twice as fast as a case-blind one on the text)."""
    low = text.lower()
    if len(low) == len(text):  # only a few letters ("İ") grow when lower-cased
        return low
    return text.translate(_ASCII_LOWER)  # slow: ASCII letters only


def _data(name: str) -> dict[str, Any]:
    data = load_yaml((HERE / name).read_bytes())
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping")
    return data


def _alternation(patterns: list[str]) -> str:
    """Longest first, so "senior" wins over "sr" and "tech lead" over "lead"."""
    return "|".join(sorted((str(p) for p in patterns), key=len, reverse=True))


# a word glued to the one before at a case change ("ExpertSalary:", "MASalary:" from
# careless HTML stripping) starts there
_GLUED_START = r"(?-i:(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]))"


def words_regex(patterns: list[str], flags: int = CI, glued: bool = False) -> re.Pattern[str]:
    """Any of the patterns as a whole word (not inside a longer word); with `glued`, also
    a word glued to the one before at a case change."""
    start = rf"(?:(?<![\w])|{_GLUED_START})" if glued else r"(?<![\w])"
    return re.compile(start + r"(?:" + _alternation(patterns) + r")(?![\w])", flags)


def tail_regex(
    patterns: list[str], article: bool = True, words: int = 0, colon: bool = False
) -> re.Pattern[str]:
    """Any of the patterns at the end of a text, optionally followed by an article and up
    to `words` more words ("looking for a talented"), and a colon when `colon`."""
    art = r"(?:\s+(?:an?|the|our|your))?" if article else ""
    more = rf"(?:\s+[\w'’.-]+){{0,{words}}}" if words else ""
    end = r"\s*:?\s*$" if colon else r"\s*$"  # "Titles include: Senior Engineer"
    start = rf"(?:(?<![\w])|{_GLUED_START})"
    return re.compile(start + r"(?:" + _alternation(patterns) + r")" + art + more + end, CI)


# ---------------------------------------------------------------------- levels
def norm_phrase(text: str) -> str:
    """A phrase as the word lists spell it: lower case, single spaces for spaces and hyphens."""
    return " ".join(re.split(r"[\s-]+", text.lower().strip(" .")))


@dataclass(frozen=True)
class LevelRules:
    word: re.Pattern[str]  # any level word, in ascii_lower()ed text
    levels_of: dict[str, tuple[str, ...]]  # normalised level word -> the levels it names
    standalone: frozenset[str]  # normalised level words that are a role on their own
    followers: frozenset[str]  # lower-case words that may follow a standalone role
    all_levels: re.Pattern[str]  # in ascii_lower()ed text
    grades: dict[str, str]
    grade: re.Pattern[str]  # a grade ("II", "3"); what precedes is checked apart
    grade_noun: re.Pattern[str]  # a role noun (or "SDE") right before a grade, at the end
    role_noun: re.Pattern[str]  # fullmatch
    max_modifiers: int  # words a role name may carry between its level and its noun
    noun_paren: re.Pattern[str]  # a role noun and an opening parenthesis, at the end
    hiring_tight: re.Pattern[str]
    level_label: re.Pattern[str]  # "Seniority level:" right before, at the end
    hiring_loose: re.Pattern[str]
    not_hiring: re.Pattern[str]

    def level(self, word: str) -> tuple[str, ...]:
        return self.levels_of.get(norm_phrase(word), ())


@lru_cache(maxsize=1)
def level_rules() -> LevelRules:
    d = _data("levels.yaml")
    if tuple(d["order"]) != LEVELS:
        raise ValueError("levels.yaml: order must be " + ", ".join(LEVELS))
    levels_of: dict[str, tuple[str, ...]] = {}
    for level in LEVELS:
        for phrase in d["words"].get(level) or []:
            levels_of[norm_phrase(str(phrase))] = (level,)
    for phrase, levels in (d.get("compound") or {}).items():
        levels_of[norm_phrase(str(phrase))] = tuple(str(x) for x in levels)
    unknown = {x for v in levels_of.values() for x in v} - set(LEVELS)
    if unknown:
        raise ValueError(f"levels.yaml: unknown level(s) {', '.join(sorted(unknown))}")
    standalone = frozenset(norm_phrase(str(p)) for p in d["standalone"])
    nouns = [str(n) for n in d["role_nouns"]]
    noun_alt = _alternation(nouns)
    return LevelRules(
        # a hyphen may come before: "mid-to-senior"
        word=re.compile(
            r"(?<![\w])(?:" + trie_pattern(sorted(set(levels_of) | standalone)) + r")(?![\w])"
        ),
        levels_of=levels_of,
        standalone=standalone,
        followers=frozenset(str(w).lower() for w in d["standalone_followers"]),
        all_levels=phrase_regex([str(p) for p in d["all_levels"]], ignore_case=False),
        grades={str(k).lower(): str(v) for k, v in d["grades"].items()},
        # a literal first, so the regex skips ahead fast; what precedes is checked apart
        grade=re.compile(r"[IV1-5][IV]{0,2}(?![\w.])"),  # checked against `grades` apart
        grade_noun=re.compile(rf"(?:(?<![\w])(?:{noun_alt})\s+|(?-i:SDE|SWE|SE)[\s-]?)$", CI),
        role_noun=re.compile(noun_alt, CI),
        max_modifiers=int(d.get("max_modifiers", 5)),
        noun_paren=re.compile(rf"(?<![\w])(?:{noun_alt})\s*\(\s*$", CI),
        hiring_tight=tail_regex(d["hiring_before"], colon=True),
        level_label=re.compile(
            r"(?:^|[\s|•*(-])(?:" + _alternation(d["level_labels"]) + r")\s*:\s*$",
            CI | re.MULTILINE,
        ),
        hiring_loose=tail_regex(d["hiring_before"], words=2, colon=True),
        not_hiring=tail_regex(d["not_hiring_before"], colon=True),
    )


# ---------------------------------------------------------------------- years
@dataclass(frozen=True)
class YearRules:
    figure: re.Pattern[str]  # a number (or range) of years
    unitless: re.Pattern[str]  # "2+ of experience": the word "years" left out
    numbers: dict[str, int]
    max_years: int
    experience_after: re.Pattern[str]  # an experience word within the clause after
    experience_before: re.Pattern[str]
    link_after: re.Pattern[str]  # "of Go", "building APIs" right after
    markers: re.Pattern[str]
    not_before: re.Pattern[str]
    history_before: re.Pattern[str]
    not_after: re.Pattern[str]
    preferred: re.Pattern[str]


@lru_cache(maxsize=1)
def year_rules() -> YearRules:
    d = _data("years.yaml")
    numbers = {str(k).lower(): int(v) for k, v in d["numbers"].items()}
    num = r"(?:\d{1,2}(?:\.\d)?|" + _alternation(list(numbers)) + r")"
    paren = r"(?:\s*\(\s*\d{1,2}\s*\+?\s*\))?"  # "five (5) years"
    figure = re.compile(
        # letters may precede ("preferred10+ years": words glued by careless HTML
        # stripping), a number, a currency or a range's dash may not
        rf"(?<![\d$€£/_])(?<!\d[.,])(?<!\d[-–—])(?<!\d\s[-–—])(?P<lo>{num}){paren}"
        rf"\s*(?P<plus>\+|plus)?(?:\s*(?:-|–|—|to)\s*(?P<hi>{num}){paren}\s*\+?)?"
        rf"(?P<more>\s+or\s+more)?\s*(?:full[- ]time\s+)?(?:-\s*years|years?|yrs?)\b\.?['’*]?",
        CI,
    )
    lead = r"^[\s'’*:)\-–]*"
    return YearRules(
        figure=figure,
        unitless=re.compile(
            r"(?<![\w.,$€£/-])(?P<lo>\d{1,2})\s*\+\s*of\s+(?:[\w-]+\s+){0,4}?"
            r"(?:experience|exp)\b",
            CI,
        ),
        numbers=numbers,
        max_years=int(d["max_years"]),
        experience_after=re.compile(
            lead
            + r"(?:[\w#+./&’'()-]+\s+){0,6}?(?:"
            + _alternation(d["experience_words"])
            + r")(?![\w])",
            CI,
        ),
        experience_before=re.compile(
            r"(?<![\w])(?:" + _alternation(d["experience_before"]) + r")(?![\w])[^.\n]{0,40}$", CI
        ),
        link_after=re.compile(
            lead + r"(?:of\s+)?(?:" + _alternation(d["experience_links"]) + r")\s+[\w#+.]", CI
        ),
        markers=tail_regex(d["requirement_markers"], article=False),
        not_before=tail_regex(d["not_experience_before"], article=False),
        history_before=tail_regex(d["history_before"], article=False),
        not_after=re.compile(
            lead + r"(?:of\s+)?(?:" + _alternation(d["not_experience_after"]) + r")(?![\w])", CI
        ),
        preferred=words_regex(d["preferred"]),
    )


# ---------------------------------------------------------------------- pay
@dataclass(frozen=True)
class PayRules:
    symbols: dict[str, str]
    dollar_places: dict[str, re.Pattern[str]]
    us_places: re.Pattern[str]
    bare_places: dict[str, re.Pattern[str]]
    multipliers: dict[str, int]
    period_after: tuple[tuple[re.Pattern[str], str], ...]
    period_filler: re.Pattern[str]  # words between a figure and its period ("gross")
    period_before: tuple[tuple[re.Pattern[str], str], ...]
    plausible: dict[str, tuple[int, int]]
    large_currencies: frozenset[str]
    hourly_only_below: int  # pay with no period and amounts this small is an hourly wage
    not_figures: re.Pattern[str]
    pay_cues: re.Pattern[str]
    not_pay: re.Pattern[str]
    total_comp: re.Pattern[str]
    joiner: re.Pattern[str]  # where another item starts after a figure: ", plus equity"


@lru_cache(maxsize=1)
def pay_rules() -> PayRules:
    d = _data("pay.yaml")

    def places(table: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
        return {str(cur): words_regex([str(w) for w in ws]) for cur, ws in table.items()}

    return PayRules(
        symbols={str(k): str(v) for k, v in d["symbols"].items()},
        dollar_places=places(d["dollar_places"]),
        us_places=re.compile("|".join(str(p) for p in d["us_places"]), CI),
        bare_places=places(d["bare_places"]),
        multipliers={str(k): int(v) for k, v in d["multipliers"].items()},
        period_after=tuple(
            (re.compile(r"^\s*(?:" + _alternation(ps) + r")", CI), period)
            for period, ps in d["periods"].items()
        ),
        period_filler=re.compile(
            r"^\s*(?:" + _alternation(d["period_fillers"]) + r")(?![\w])\s*", CI
        ),
        period_before=tuple(
            (re.compile(r"(?<![\w])(?:" + _alternation(ps) + r")(?![\w])[^.\n]{0,40}$", CI), period)
            for period, ps in d["period_before"].items()
        ),
        plausible={str(k): (int(v[0]), int(v[1])) for k, v in d["plausible"].items()},
        large_currencies=frozenset(str(c) for c in d["large_currencies"]),
        hourly_only_below=int(d["hourly_only_below"]),
        not_figures=re.compile(r"(?:" + _alternation(d["not_figures"]) + r")(?![\w])", CI),
        pay_cues=words_regex(d["pay_cues"], glued=True),
        not_pay=words_regex(d["not_pay"]),
        total_comp=words_regex(d["total_comp"]),
        joiner=re.compile(r"(?:" + _alternation(d["joiners"]) + r")", CI),
    )
