"""Keep only backend-relevant ads: rules on title and text, read from backend_rules.yaml.

1. A title with an include word is kept; else one with an exclude word is dropped.
2. A title naming an engineering role (`title_generic`, or software outright:
   `title_software`) is kept unless its text shows other work: front-end only, mobile
   only, or (for a title that does not say software) too few software words at all.
3. Any other title is not a backend ad.

Words match case-insensitively on word boundaries, plurals too (`engineers`, `APIs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RULES_PATH = Path(__file__).with_name("backend_rules.yaml")
REQUIRED_LISTS = ("title_include", "title_exclude", "title_generic", "text_signals")
OPTIONAL_LISTS = ("title_software", "software_signals", "frontend_signals", "mobile_signals")
NEVER = re.compile(r"(?!x)x")  # an empty word list matches nothing


def _words_re(words: list[str]) -> re.Pattern[str]:
    """One pattern for the words; group `w` is the word as listed (a plural `s` is outside)."""
    if not words:
        return NEVER
    alternatives = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w.#+-])(?P<w>" + "|".join(alternatives) + r")s?(?![\w#+]|\.\w)")


def distinct(pattern: re.Pattern[str], text: str) -> set[str]:
    """The listed words found in `text` (lower-cased), each once."""
    return {m.group("w") for m in pattern.finditer(text)} if pattern is not NEVER else set()


@dataclass(frozen=True)
class Rules:
    include: re.Pattern[str]
    exclude: re.Pattern[str]
    generic: re.Pattern[str]
    software_title: re.Pattern[str]
    backend: re.Pattern[str]
    software: re.Pattern[str]
    frontend: re.Pattern[str]
    mobile: re.Pattern[str]
    min_software: int = 2  # software words a title that does not say software needs
    only_min: int = 3  # front-end (mobile) words from which a text can be front-end only
    only_ratio: float = 2.0  # ... when it has more than this many times as many as backend words


class RulesError(ValueError):
    """The rules file is missing or malformed."""


def _number(data: dict[str, Any], key: str, default: float, p: Path) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise RulesError(f"{p}: {key} must be a number >= 0, not {value!r}")
    return float(value)


@lru_cache(maxsize=8)
def load_rules(path: str | Path | None = None) -> Rules:
    """Read the rules YAML (default: the bundled one)."""
    p = Path(path or DEFAULT_RULES_PATH)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"cannot read backend rules {p}: {exc}") from exc
    if not isinstance(data, dict) or any(not isinstance(data.get(k), list) for k in REQUIRED_LISTS):
        raise RulesError(f"{p}: needs lists {', '.join(REQUIRED_LISTS)}")
    for key in OPTIONAL_LISTS:
        if not isinstance(data.get(key, []), list):
            raise RulesError(f"{p}: {key} must be a list of words")
    return Rules(
        include=_words_re(data["title_include"]),
        exclude=_words_re(data["title_exclude"]),
        generic=_words_re(data["title_generic"]),
        software_title=_words_re(data.get("title_software", [])),
        backend=_words_re(data["text_signals"]),
        software=_words_re(data.get("software_signals", [])),
        frontend=_words_re(data.get("frontend_signals", [])),
        mobile=_words_re(data.get("mobile_signals", [])),
        min_software=int(_number(data, "min_software_signals", 2, p)),
        only_min=int(_number(data, "min_only_signals", 3, p)),
        only_ratio=_number(data, "only_ratio", 2.0, p),
    )


def _only(words: set[str], backend: set[str], rules: Rules) -> bool:
    """The text is about these words (front-end or mobile) and hardly about backend work."""
    return len(words) >= rules.only_min and len(words) > rules.only_ratio * len(backend)


def text_reason(title: str, text: str, rules: Rules) -> str | None:
    """For an engineering title: None when the text fits a backend learner, else why not."""
    body = text.lower()
    backend = distinct(rules.backend, body)
    software = backend | distinct(rules.software, body)
    if not rules.software_title.search(title) and len(software) < rules.min_software:
        return "not_software"
    if _only(distinct(rules.frontend, body), backend, rules):
        return "frontend_only"
    if _only(distinct(rules.mobile, body), backend, rules):
        return "mobile_only"
    return None


def reject_reason(title: str, text: str, rules: Rules) -> str | None:
    """None when the ad is backend-relevant, else the reason it is not."""
    t = title.lower()
    if rules.include.search(t):
        return None
    if rules.exclude.search(t):
        return "excluded_title"
    if rules.generic.search(t) or rules.software_title.search(t):
        return text_reason(t, text, rules)
    return "not_backend"
