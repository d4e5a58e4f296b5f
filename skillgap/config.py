"""The one TOML config file: sources to crawl, store URL, checklists, report options."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONFIG_PATH = Path(__file__).with_name("default_config.toml")
CONFIG_ENV = "SKILLGAP_CONFIG"
DB_ENV = "SKILLGAP_DB"
SOURCE_TYPES = ("greenhouse", "lever", "ashby", "remoteok", "rss", "hackernews", "jsonld")


class ConfigError(ValueError):
    """The config file is missing or malformed; the message says what to fix."""


@dataclass(frozen=True)
class SourceConfig:
    """One `[[sources]]` table: a type, an optional name and the type's own keys."""

    type: str
    name: str
    options: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


@dataclass(frozen=True)
class Config:
    path: Path | None
    db_url: str
    sources: list[SourceConfig]
    checklists: list[Path] = field(default_factory=list)
    report_path: Path = Path("report.html")
    user_agent_contact: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"no source named {name!r} in the config (known: {known})")


def default_data_dir() -> Path:
    """Where the embedded store lives unless told otherwise."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "skillgap"


def default_db_url() -> str:
    return f"sqlite:///{default_data_dir() / 'skillgap.sqlite'}"


def _sources(raw: Any, where: str) -> list[SourceConfig]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'sources' must be an array of [[sources]] tables")
    out: list[SourceConfig] = []
    names: set[str] = set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or "type" not in entry:
            raise ConfigError(f"{where}: sources[{i}] needs a 'type'")
        stype = entry["type"]
        if stype not in SOURCE_TYPES:
            raise ConfigError(
                f"{where}: sources[{i}] has unknown type {stype!r} "
                f"(known: {', '.join(SOURCE_TYPES)})"
            )
        name = str(entry.get("name") or stype)
        if name in names:
            raise ConfigError(f"{where}: two sources are named {name!r}; give each a 'name'")
        names.add(name)
        options = {k: v for k, v in entry.items() if k not in ("type", "name")}
        out.append(SourceConfig(type=stype, name=name, options=options))
    return out


def load_config(path: str | Path | None = None, db_url: str | None = None) -> Config:
    """Load config from `path`, else $SKILLGAP_CONFIG, else the bundled default."""
    chosen = path or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_PATH
    p = Path(chosen).expanduser()
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {p}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file {p}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from exc
    store = data.get("store") or {}
    report = data.get("report") or {}
    url = db_url or os.environ.get(DB_ENV) or store.get("url") or default_db_url()
    checklists = [
        (p.parent / c).resolve() if not Path(c).is_absolute() else Path(c)
        for c in report.get("checklists", [])
    ]
    return Config(
        path=p,
        db_url=str(url),
        sources=_sources(data.get("sources"), str(p)),
        checklists=checklists,
        report_path=Path(report.get("output", "report.html")),
        user_agent_contact=str((data.get("crawl") or {}).get("contact", "")),
        raw=data,
    )
