"""The one TOML config file: sources to crawl, store URL, checklists, report options."""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from crawler.sources import Source, SourceError, parse_sources, unknown_keys
from skillgap.errors import SkillgapError
from skillgap.presets import PresetError, preset_sources

DEFAULT_CONFIG_PATH = Path(__file__).with_name("default_config.toml")
CONFIG_ENV = "SKILLGAP_CONFIG"
DB_ENV = "SKILLGAP_DB"
# The tables and keys a config may hold (the sources' keys are crawler/source_keys.yaml);
# anything else gets a warning naming the nearest of these. [crawl] matches
# skillgap/run/crawl_settings.py (a test keeps them in step).
CONFIG_KEYS: dict[str, tuple[str, ...]] = {
    "store": ("url",),
    "report": ("output", "checklists"),
    "crawl": (
        "contact", "download_delay", "autothrottle", "concurrency", "concurrency_per_domain",
        "timeout", "retries", "backoff_base", "backoff_max", "retry_after_max", "robots_txt",
        "backend_rules", "log_level", "max_size_mb", "warn_size_mb", "source_budget", "keep_logs",
        "run_budget",
    ),
    "schedule": ("cron", "timezone", "jitter", "keep_html", "log_file"),
}  # fmt: skip
TOP_KEYS = ("preset", "sources", *CONFIG_KEYS)


class ConfigError(SkillgapError):
    """The config file is missing or malformed; the message says what to fix."""


@dataclass(frozen=True)
class Config:
    path: Path | None
    db_url: str
    sources: list[Source]
    checklists: list[Path] = field(default_factory=list)
    report_path: Path = Path("report.html")
    user_agent_contact: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    presets: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # unknown tables and keys, each with the nearest valid one

    def source(self, name: str) -> Source:
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


def _preset_names(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(f"{where}: 'preset' must be a name or a list of names")
    return tuple(dict.fromkeys(names))


def _sources(raw: Any, where: str, presets: tuple[str, ...] = ()) -> list[Source]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'sources' must be an array of [[sources]] tables")
    try:
        tables = [t for name in presets for t in preset_sources(name)]
        return parse_sources([*raw, *tables])
    except (SourceError, PresetError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def with_preset(config: Config, name: str) -> Config:
    """The config with the sources of preset `name` added (`skillgap crawl --preset`)."""
    if name in config.presets:
        return config
    tables = [s.as_table() for s in config.sources]  # earlier presets' sources included
    return replace(config, presets=(*config.presets, name),
                   sources=_sources(tables, str(config.path), (name,)))  # fmt: skip


def _nearest(word: str, known: Any) -> str | None:
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_key_warnings(data: dict[str, Any], sources: list[Source], where: str) -> list[str]:
    """A line for each table or key skillgap does not read, naming the nearest valid one."""
    lines: list[str] = []
    for key, value in data.items():
        if key in TOP_KEYS:
            continue
        near = _nearest(key, TOP_KEYS)
        what = f"table [{key}]" if isinstance(value, dict) else f"key {key!r}"
        shown = f"[{near}]" if near in CONFIG_KEYS else repr(near)
        hint = f" (did you mean {shown}?)" if near else ""
        lines.append(f"{where}: unknown {what}, ignored{hint}")
    for table, known in CONFIG_KEYS.items():
        section = data.get(table)
        for key in section if isinstance(section, dict) else ():
            if key not in known:
                near = _nearest(key, known)
                hint = f" (did you mean {near!r}?)" if near else f" (known: {', '.join(known)})"
                lines.append(f"{where}: unknown key {key!r} in [{table}], ignored{hint}")
    for src in sources:
        for key, near in unknown_keys(src):
            hint = f" (did you mean {near!r}?)" if near else ""
            lines.append(f"{where}: unknown key {key!r} in source {src.name!r} "
                         f"(type {src.type}), ignored{hint}")  # fmt: skip
    return lines


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
    presets = _preset_names(data.get("preset"), str(p))
    sources = _sources(data.get("sources"), str(p), presets)
    return Config(
        path=p,
        db_url=str(url),
        sources=sources,
        warnings=tuple(unknown_key_warnings(data, sources, str(p))),
        presets=presets,
        checklists=checklists,
        report_path=Path(report.get("output", "report.html")),
        user_agent_contact=str((data.get("crawl") or {}).get("contact", "")),
        raw=data,
    )
