"""Read a checklist file: its bytes, their decoding, its format, and the parser for it.

Formats: Markdown (task lists, nested bullets, headings, ```roadmap``` blocks, front
matter), plain text (one topic per line), CSV/TSV with a status column (`skill,status`)
and JSON/YAML state lists (`{done: [...], learning: [...], todo: [...], skipped: [...]}`).
A file of any other kind is refused with the list of these; it is never read as one of
them. Mapping items onto skill ids is analyzer.checklist.mapping's job; this module only
reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from analyzer.checklist.lists import parse_state_lists
from analyzer.checklist.markdown import looks_like_markdown, parse_markdown
from analyzer.checklist.model import Checklist, ChecklistError
from analyzer.checklist.plain import parse_plain_text
from analyzer.checklist.syntax import load_syntax
from analyzer.checklist.table import looks_like_table, parse_table

MAX_BYTES = 5 * 1024 * 1024  # a checklist is a few KB; anything this big is not one
TEXT_EXTENSIONS = {"", ".md", ".markdown", ".mdown", ".txt", ".text"}
JSON_EXTENSIONS = {".json"}
YAML_EXTENSIONS = {".yaml", ".yml"}
TABLE_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | JSON_EXTENSIONS | YAML_EXTENSIONS | set(TABLE_EXTENSIONS)
ACCEPTED = (
    "Markdown (.md: task lists, bullets, headings), plain text (.txt: one topic per line), "
    "CSV or TSV with a status column (.csv, .tsv: skill,status), or JSON/YAML "
    "(.json, .yaml: {done: [...], learning: [...], todo: [...], skipped: [...]})"
)


def unknown_format(what: str) -> ChecklistError:
    """The error for a file skillgap does not read, listing the formats it does."""
    return ChecklistError(f"unknown format: {what}; skillgap reads checklists in {ACCEPTED}")


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
    """markdown | text | csv | tsv | json | yaml, from the extension first, then from the
    content; ChecklistError for an extension or a content of another kind."""
    suffix = suffix.lower()
    if suffix in JSON_EXTENSIONS:
        return "json"
    if suffix in YAML_EXTENSIONS:
        return "yaml"
    if suffix in TABLE_EXTENSIONS:
        return TABLE_EXTENSIONS[suffix]
    if suffix not in TEXT_EXTENSIONS:
        raise unknown_format(f"a {suffix} file")
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            pass
        except RecursionError:  # nested too deeply: parsing it as JSON says so
            return "json"
        else:
            return "json"
    first = next((ln for ln in text.split("\n") if ln.strip() and not ln.startswith("#")), "")
    m = _STATE_LINE_RE.match(first)
    if m and m.group(1).strip().lower() in load_syntax().state_keys and _is_state_yaml(text):
        return "yaml"
    if _HTML_RE.match(text):
        raise unknown_format("this looks like HTML, XML or RTF")
    if looks_like_markdown(text):
        return "markdown"
    for fmt in ("tsv", "csv"):  # "Python,done": a table, not a topic named "Python,done"
        if looks_like_table(text, fmt):
            return fmt
    return "text"


def _is_state_yaml(text: str) -> bool:
    """True when the text is a YAML mapping with at least one state key ("done:")."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    except RecursionError:  # "done:" then nested too deeply: parsing it as YAML says so
        return True
    keys = load_syntax().state_keys
    return isinstance(data, dict) and any(str(k).strip().lower() in keys for k in data)


def parse_checklist(text: str, name: str = "checklist", fmt: str | None = None) -> Checklist:
    """Parse checklist text into items (not yet mapped onto skills)."""
    if not text.strip():
        raise ChecklistError(f"{name} is empty: no checklist items")
    fmt = fmt or detect_format(text)
    if fmt in ("json", "yaml"):
        checklist = parse_state_lists(text, name, fmt)
    elif fmt in ("csv", "tsv"):
        checklist = parse_table(text, name, fmt)
    elif fmt == "markdown":
        checklist = parse_markdown(text, name)
    elif fmt == "text":
        checklist = parse_plain_text(text, name)
    else:
        raise ChecklistError(f"unknown checklist format {fmt!r}")
    if not checklist.items:
        raise ChecklistError(f"{name}: no checklist items found; expected {ACCEPTED}")
    return checklist


def load_checklist(path: str | Path) -> Checklist:
    """Read, check and parse a checklist file; ChecklistError with a clear message if bad."""
    p = Path(path)
    data = read_checklist_bytes(p)
    suffix = p.suffix.lower()
    if suffix not in KNOWN_EXTENSIONS:
        raise unknown_format(f"{p.name} is a {suffix} file")
    if not data.strip():
        raise ChecklistError(f"{p.name} is empty: no checklist items")
    warnings: list[str] = []
    text = decode_text(data, p.name, warnings)
    checklist = parse_checklist(text, p.name, detect_format(text, suffix))
    checklist.warnings[:0] = warnings
    return checklist
