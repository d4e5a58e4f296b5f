"""Keep only backend-relevant ads: rules on title and text, read from backend_rules.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_RULES_PATH = Path(__file__).with_name("backend_rules.yaml")


def _words_re(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w.#+-])(?:" + "|".join(alternatives) + r")(?![\w#+]|\.\w)")


@dataclass(frozen=True)
class Rules:
    include: re.Pattern[str]
    exclude: re.Pattern[str]
    generic: re.Pattern[str]
    signals: re.Pattern[str]
    min_signals: int


class RulesError(ValueError):
    """The rules file is missing or malformed."""


@lru_cache(maxsize=8)
def load_rules(path: str | Path | None = None) -> Rules:
    """Read the rules YAML (default: the bundled one)."""
    p = Path(path or DEFAULT_RULES_PATH)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"cannot read backend rules {p}: {exc}") from exc
    keys = ("title_include", "title_exclude", "title_generic", "text_signals")
    if not isinstance(data, dict) or any(not isinstance(data.get(k), list) for k in keys):
        raise RulesError(f"{p}: needs lists {', '.join(keys)}")
    return Rules(
        include=_words_re(data["title_include"]),
        exclude=_words_re(data["title_exclude"]),
        generic=_words_re(data["title_generic"]),
        signals=_words_re(data["text_signals"]),
        min_signals=int(data.get("min_text_signals", 3)),
    )


def reject_reason(title: str, text: str, rules: Rules) -> str | None:
    """None when the ad is backend-relevant, else the reason it is not."""
    t = title.lower()
    if rules.include.search(t):
        return None
    if rules.exclude.search(t):
        return "excluded_title"
    if rules.generic.search(t):
        signals = {m.group(0) for m in rules.signals.finditer(text.lower())}
        return None if len(signals) >= rules.min_signals else "not_backend"
    return "not_backend"
