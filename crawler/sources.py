"""The sources a crawl reads, as they arrive in the Scrapy setting SKILLGAP_SOURCES: a list
of tables `{"type": ..., "name"?: ..., <the type's keys>}`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crawler.items import BOARD_KEYS, SOURCE_TYPES

SOURCES_SETTING = "SKILLGAP_SOURCES"
SOURCE_KEYS = Path(__file__).with_name("source_keys.yaml")


class SourceError(ValueError):
    """A source entry is malformed or lacks what its spider needs; the message says what."""


@dataclass(frozen=True)
class Source:
    """One source: a type, a name (default: the type) and the type's own keys."""

    type: str
    name: str
    options: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def as_table(self) -> dict[str, Any]:
        """The entry as it is written in a config or a Scrapy setting."""
        return {"type": self.type, "name": self.name, **self.options}


def parse_sources(tables: Iterable[Any]) -> list[Source]:
    """Sources from their tables; SourceError names the first bad entry and why."""
    out: list[Source] = []
    names: set[str] = set()
    for i, entry in enumerate(tables):
        if not isinstance(entry, Mapping) or "type" not in entry:
            raise SourceError(f"sources[{i}] needs a 'type'")
        stype = entry["type"]
        if stype not in SOURCE_TYPES:
            raise SourceError(
                f"sources[{i}] has unknown type {stype!r} (known: {', '.join(SOURCE_TYPES)})"
            )
        name = str(entry.get("name") or stype)
        if name in names:
            raise SourceError(f"two sources are named {name!r}; give each a 'name'")
        names.add(name)
        options = {k: v for k, v in entry.items() if k not in ("type", "name")}
        missing = missing_key(stype, options)
        if missing:
            typos = [f"`{k}` is not a key of {stype}, did you mean `{near}`?"
                     for k, near in unknown_keys(Source(stype, name, options)) if near]  # fmt: skip
            raise SourceError(
                f"source {name!r} (type {stype}) needs {missing}"
                + (f" ({'; '.join(typos)})" if typos else "")
            )
        out.append(Source(type=stype, name=name, options=options))
    return out


@lru_cache(maxsize=1)
def _key_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SOURCE_KEYS.read_text(encoding="utf-8"))
    return data


def known_keys(source_type: str) -> list[str]:
    """Every key a source of this type may have (source_keys.yaml)."""
    data = _key_data()
    keys = list(data["every_type"]) + list(data["types"].get(source_type, {}).get("keys", []))
    if source_type in BOARD_KEYS:
        keys += [BOARD_KEYS[source_type], *data["boards"]["keys"]]
    return keys


def missing_key(source_type: str, options: Mapping[str, Any]) -> str | None:
    """`key`: what it holds, for a required key the source lacks (or leaves empty)."""
    data = _key_data()
    if source_type in BOARD_KEYS:
        key = BOARD_KEYS[source_type]
        if not options.get(key):
            return f"`{key}`: " + data["boards"]["required"].format(type=source_type, key=key)
        return None
    spec = data["types"].get(source_type, {})
    for key, words in (spec.get("required") or {}).items():
        if not options.get(key):
            return f"`{key}`: {words}"
    one_of = spec.get("one_of")
    if one_of and not any(options.get(k) for k in one_of["keys"]):
        return " or ".join(f"`{k}`" for k in one_of["keys"]) + f": {one_of['words']}"
    return None


def unknown_keys(source: Source) -> list[tuple[str, str | None]]:
    """(key, the nearest known key or None) for each key this source's type does not read."""
    known = known_keys(source.type)
    return [
        (key, next(iter(difflib.get_close_matches(key, known, n=1, cutoff=0.6)), None))
        for key in source.options
        if key not in known
    ]


def find_source(sources: list[Source], source_type: str, name: str | None) -> Source:
    """The source a spider crawls: by name, else the first source of its type."""
    if name:
        for src in sources:
            if src.name == name:
                if src.type != source_type:
                    raise SourceError(f"source {name!r} has type {src.type!r}, not {source_type!r}")
                return src
        known = ", ".join(s.name for s in sources) or "none"
        raise SourceError(f"no source named {name!r} (known: {known})")
    for src in sources:
        if src.type == source_type:
            return src
    raise SourceError(f"no source of type {source_type!r} in the {SOURCES_SETTING} setting")
