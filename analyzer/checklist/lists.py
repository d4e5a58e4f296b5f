"""JSON/YAML checklists: `{done: [...], learning: [...], todo: [...], skipped: [...]}`.

Also read: a plain list of topics (all todo), a list of `{text, state}` objects, and
skillgap's own `gap --json` output (its `items`).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from analyzer.checklist.model import STATES, Checklist, ChecklistError, ChecklistItem
from analyzer.checklist.syntax import load_syntax

EXPECTED = (
    "expected {done: [...], learning: [...], todo: [...], skipped: [...]}, "
    "a list of topics, or a list of {text, state}"
)


def too_deep(name: str) -> ChecklistError:
    """JSON or YAML nested deeper than the parser can follow: a checklist never is."""
    return ChecklistError(
        f"{name}: nested too deeply to be a checklist (lists inside lists hundreds of "
        f"levels down); {EXPECTED}"
    )


def _load(text: str, name: str, fmt: str) -> Any:
    try:
        return _parse(text, name, fmt)
    except RecursionError:
        raise too_deep(name) from None


def _parse(text: str, name: str, fmt: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ChecklistError(
                f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ChecklistError(f"{name}: not valid YAML{where}") from None


def _topic(value: Any) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _entry(value: Any, default_state: str, where: str, warnings: list[str]) -> tuple[str, str]:
    """(text, state) of one list entry: a string, or a mapping with text/name/skill."""
    if isinstance(value, dict):
        raw = value.get("text", value.get("name", value.get("skill", value.get("topic"))))
        text = _topic(raw)
        state = str(value.get("state", default_state)).strip().lower()
        state = load_syntax().state_keys.get(state, state)
        if text is None:
            raise ValueError(f"{where}: an entry needs a 'text'")
        if state not in STATES:
            warnings.append(f"{where}: unknown state {state!r}, read as todo")
            state = "todo"
        return text, state
    text = _topic(value)
    if text is None:
        raise ValueError(f"{where}: expected a topic name, got {type(value).__name__}")
    return text, default_state


def _from_list(
    values: list[Any], default: str, where: str, out: list[ChecklistItem], warnings: list[str]
) -> None:
    for i, value in enumerate(values):
        try:
            text, state = _entry(value, default, f"{where}[{i}]", warnings)
        except ValueError as exc:
            warnings.append(f"skipped {exc}")
            continue
        out.append(ChecklistItem(text, state, 0, "listed", label=text))


def parse_state_lists(text: str, name: str, fmt: str) -> Checklist:
    """Parse JSON or YAML state lists; unknown keys are reported, never silently dropped."""
    data = _load(text, name, fmt)
    items: list[ChecklistItem] = []
    warnings: list[str] = []
    if isinstance(data, list):
        _from_list(data, "todo", "list", items, warnings)
    elif isinstance(data, dict) and isinstance(data.get("items"), list):
        _from_list(data["items"], "todo", "items", items, warnings)
    elif isinstance(data, dict):
        keys = load_syntax().state_keys
        known = [k for k in data if str(k).strip().lower() in keys]
        if not known:
            found = ", ".join(repr(k) for k in list(data)[:5]) or "none"
            raise ChecklistError(f"unknown format: {name} has keys {found}; {EXPECTED}")
        for key, values in data.items():
            state = keys.get(str(key).strip().lower())
            if state is None:
                warnings.append(
                    f"ignored key {key!r}: not a state (use done/learning/todo/skipped)"
                )
                continue
            if values is None:
                continue
            if isinstance(values, str | int | float):
                values = [values]
            if not isinstance(values, list):
                warnings.append(f"ignored key {key!r}: expected a list of topics")
                continue
            _from_list(values, state, str(key), items, warnings)
    else:
        raise ChecklistError(f"unknown format: {name} holds a {type(data).__name__}; {EXPECTED}")
    return Checklist(name=name, format=fmt, items=items, warnings=warnings)
