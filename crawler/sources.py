"""The sources a crawl reads, as they arrive in the Scrapy setting SKILLGAP_SOURCES: a list
of tables `{"type": ..., "name"?: ..., <the type's keys>}`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.items import SOURCE_TYPES

SOURCES_SETTING = "SKILLGAP_SOURCES"


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
        out.append(Source(type=stype, name=name, options=options))
    return out


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
