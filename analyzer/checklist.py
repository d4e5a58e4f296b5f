"""A learner's checklist: read a file, tell its format, parse it into items with states.

Formats: Markdown (task lists, nested bullets, headings, ```roadmap``` blocks, front
matter), plain text (one topic per line) and JSON/YAML state lists
(`{done: [...], learning: [...], todo: [...], skipped: [...]}`). Mapping items onto skill
ids is analyzer/checklist_map.py's job; this module only reads.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analyzer.errors import AnalyzerError

STATES = ("done", "learning", "todo", "skipped")
STATE_RANK = {"done": 3, "learning": 2, "todo": 1, "skipped": 0}  # which wins when merged
MAX_BYTES = 5 * 1024 * 1024  # a checklist is a few KB; anything this big is not one
SYNTAX_PATH = Path(__file__).with_name("checklist_syntax.yaml")
TEXT_EXTENSIONS = {"", ".md", ".markdown", ".mdown", ".txt", ".text"}
JSON_EXTENSIONS = {".json"}
YAML_EXTENSIONS = {".yaml", ".yml"}


class ChecklistError(AnalyzerError):
    """The checklist cannot be read; the message says why and what is expected."""


@dataclass(frozen=True)
class ChecklistItem:
    """One topic the learner lists, with its state and (once mapped) its skills."""

    text: str
    state: str
    line: int
    kind: str  # task | item | heading | roadmap-section | roadmap-item | line | listed
    label: str = ""  # the short name before "Label: detail", else the text
    depth: int = 0
    parent: int | None = None  # index of the parent item in Checklist.items
    skills: tuple[str, ...] = ()
    category: str | None = None
    not_skill: str | None = None  # why the topic is deliberately not a skill
    mapped_by: str = ""  # topic | extractor | category | not-skill | group; "" when unmapped

    @property
    def mapped(self) -> bool:
        return bool(self.skills or self.category or self.not_skill)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["skills"] = list(self.skills)
        return out


@dataclass(frozen=True)
class Resource:
    """A study link under a topic ("- [x] [Docs](https://...)"): progress, not a topic."""

    text: str
    state: str
    line: int
    parent: int | None


@dataclass
class Checklist:
    name: str
    format: str  # markdown | text | json | yaml
    items: list[ChecklistItem]
    title: str | None = None
    resources: list[Resource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def unmapped(self) -> list[ChecklistItem]:
        return [i for i in self.items if not i.mapped]

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for i in self.items if i.state == s) for s in STATES}


@dataclass(frozen=True)
class Syntax:
    box_marks: dict[str, str]
    lead_marks: dict[str, str]
    state_keys: dict[str, str]


@cache
def load_syntax(path: Path = SYNTAX_PATH) -> Syntax:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Syntax(
        box_marks={str(k): v for k, v in data["box_marks"].items()},
        lead_marks={str(k): v for k, v in data["lead_marks"].items()},
        state_keys={str(k).lower(): v for k, v in data["state_keys"].items()},
    )


# ---------------------------------------------------------------------- reading bytes
def read_checklist_bytes(path: Path) -> bytes:
    """The file's bytes; ChecklistError for a missing, unreadable, empty or huge file."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ChecklistError(f"{path} is a folder, not a checklist file")
        if size > MAX_BYTES:
            raise ChecklistError(_too_big(path.name, size))
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ChecklistError(f"checklist not found: {path}") from None
    except OSError as exc:
        raise ChecklistError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # a pipe or a file that grew
        raise ChecklistError(_too_big(path.name, len(data)))
    return data


def _too_big(name: str, size: int) -> str:
    return (
        f"{name} is {size / 1_048_576:.1f} MB; a checklist is at most "
        f"{MAX_BYTES // 1_048_576} MB of text (is this the right file?)"
    )


def decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    """Bytes to text; ChecklistError when they are binary or not text in a known encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ChecklistError(f"{name}: broken UTF-16 text") from None
    head = data[:8192]
    if b"\x00" in head:
        raise ChecklistError(f"{name} is a binary file, not a text checklist")
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if bad > max(8, len(text) // 100) or controls > max(8, len(text[:8192]) // 20):
        raise ChecklistError(
            f"{name} is a binary file or not UTF-8 text; save the checklist as UTF-8 text"
        )
    if bad:
        warnings.append(f"{bad} undecodable byte(s) replaced")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------- formats
_STATE_LINE_RE = re.compile(r"^\s*([A-Za-z_ -]{2,20})\s*:\s*(\[.*)?$")
_HTML_RE = re.compile(r"\A\s*(<!doctype html|<html|<\?xml|\{\\rtf)", re.IGNORECASE)


def detect_format(text: str, suffix: str = "") -> str:
    """markdown | text | json | yaml, from the extension first, then from the content."""
    suffix = suffix.lower()
    if suffix in JSON_EXTENSIONS:
        return "json"
    if suffix in YAML_EXTENSIONS:
        return "yaml"
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "json"
    first = next((ln for ln in text.split("\n") if ln.strip() and not ln.startswith("#")), "")
    m = _STATE_LINE_RE.match(first)
    if m and m.group(1).strip().lower() in load_syntax().state_keys and _is_state_yaml(text):
        return "yaml"
    if _HTML_RE.match(text):
        raise ChecklistError(
            "unknown format: this looks like HTML/XML/RTF; expected a Markdown or text "
            "checklist, or JSON/YAML {done: [...], learning: [...], todo: [...]}"
        )
    from analyzer.checklist_markdown import looks_like_markdown

    return "markdown" if looks_like_markdown(text) else "text"


def _is_state_yaml(text: str) -> bool:
    """True when the text is a YAML mapping with at least one state key ("done:")."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    keys = load_syntax().state_keys
    return isinstance(data, dict) and any(str(k).strip().lower() in keys for k in data)


def parse_checklist(text: str, name: str = "checklist", fmt: str | None = None) -> Checklist:
    """Parse checklist text into items (not yet mapped onto skills)."""
    if not text.strip():
        raise ChecklistError(f"{name} is empty: no checklist items")
    fmt = fmt or detect_format(text)
    if fmt in ("json", "yaml"):
        from analyzer.checklist_lists import parse_state_lists

        checklist = parse_state_lists(text, name, fmt)
    elif fmt == "markdown":
        from analyzer.checklist_markdown import parse_markdown

        checklist = parse_markdown(text, name)
    elif fmt == "text":
        checklist = parse_plain_text(text, name)
    else:
        raise ChecklistError(f"unknown checklist format {fmt!r}")
    if not checklist.items:
        raise ChecklistError(
            f"{name}: no checklist items found; expected Markdown task lists or bullets, "
            "headings, one topic per line, or JSON/YAML {done: [...], todo: [...]}"
        )
    return checklist


def load_checklist(path: str | Path) -> Checklist:
    """Read, check and parse a checklist file; ChecklistError with a clear message if bad."""
    p = Path(path)
    data = read_checklist_bytes(p)
    if not data.strip():
        raise ChecklistError(f"{p.name} is empty: no checklist items")
    warnings: list[str] = []
    text = decode_text(data, p.name, warnings)
    suffix = p.suffix.lower()
    if suffix and suffix not in TEXT_EXTENSIONS | JSON_EXTENSIONS | YAML_EXTENSIONS:
        warnings.append(f"unfamiliar extension {suffix!r}; reading it by its content")
    checklist = parse_checklist(text, p.name, detect_format(text, suffix))
    checklist.warnings[:0] = warnings
    return checklist


# ---------------------------------------------------------------------- plain text
_BOX_START_RE = re.compile(r"^\[([^\[\]]?)\](?!\()\s*")


def split_mark(body: str) -> tuple[str | None, str]:
    """A leading task box or state symbol: ("done", "Docker") for "[x] Docker"."""
    syntax = load_syntax()
    m = _BOX_START_RE.match(body)
    if m:  # an unfamiliar mark ("[?]") is still a box: read as to do
        return syntax.box_marks.get(m.group(1), "todo"), body[m.end() :]
    for mark, state in syntax.lead_marks.items():
        if body.startswith(mark):
            return state, body[len(mark) :].lstrip()
    return None, body


def parse_plain_text(text: str, name: str) -> Checklist:
    """One topic per line, optionally with a leading box or symbol ("[x] Docker", "✅ Go")."""
    from analyzer.checklist_markdown import clean_text, split_label

    items: list[ChecklistItem] = []
    for n, raw in enumerate(text.split("\n"), start=1):
        state, body = split_mark(raw.strip())
        cleaned = clean_text(body)
        if not cleaned:
            continue
        label, _detail = split_label(cleaned)
        items.append(ChecklistItem(cleaned, state or "todo", n, "line", label=label))
    return Checklist(name=name, format="text", items=items)
