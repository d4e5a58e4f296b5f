"""Topics named in a roadmap document: headings, list items and ```roadmap``` block lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER_RE = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
_HEADING_RE = re.compile(r"^\s*(?:\*\*)?\s*(?:\\?#){1,6}\s*(.+?)\s*(?:\*\*)?\s*$")
_ITEM_RE = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[[ xX]?\]\s*)?(.*)$")
_ROADMAP_SECTION_RE = re.compile(r"^\s*([^\[\]:]+?)\s*(?:\[[^\]]*\])?\s*:\s*$")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WIKI_RE = re.compile(r"\[\[([^\]]*)\]\]")
_URL_ATTR_RE = re.compile(r"\[URL=[^\]]*\]")
_BOLD_LABEL_RE = re.compile(r"^\*\*([^*]+?):?\*\*:?")
_NUMBERING_RE = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_URL_RE = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Topic:
    text: str
    line: int
    kind: str  # heading | item | roadmap-section | roadmap-item
    detail: str = ""  # what follows "Label:" on the same line


def _clean(text: str) -> str:
    text = _URL_ATTR_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub("", text)
    text = text.replace("**", "").replace("`", "").replace("\\", "")
    text = _NUMBERING_RE.sub("", text.strip())
    return " ".join(text.split()).strip(" -:")


def _is_resource(raw: str) -> bool:
    """A list item that is only a link (a study resource), not a topic."""
    stripped = raw.strip()
    if _WIKI_RE.fullmatch(stripped) or stripped.startswith(("http://", "https://", "![")):
        return True
    return bool(_LINK_RE.fullmatch(stripped))


def roadmap_topics(text: str) -> list[Topic]:
    """Every topic a roadmap document names, in order, with its line number."""
    topics: list[Topic] = []
    offset_lines = 0
    m = _FRONT_MATTER_RE.match(text)
    if m:
        offset_lines = m.group(0).count("\n")
        text = text[m.end() :]
    in_roadmap = in_code = False
    for i, line in enumerate(text.split("\n"), start=1 + offset_lines):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_roadmap = not in_code and stripped[3:].strip().lower() == "roadmap"
            in_code = not in_code
            continue
        if in_roadmap:
            sec = _ROADMAP_SECTION_RE.match(line)
            if sec and not stripped.startswith("-"):
                topics.append(Topic(_clean(sec.group(1)), i, "roadmap-section"))
            elif stripped.startswith("-"):
                topics.append(Topic(_clean(stripped[1:]), i, "roadmap-item"))
            continue
        if in_code or not stripped:
            continue
        heading = _HEADING_RE.match(stripped)
        if heading:
            cleaned, _detail = _split_label(_clean(heading.group(1)))
            if cleaned and stripped.lstrip("*").lstrip().startswith(("#", "\\#")):
                topics.append(Topic(cleaned, i, "heading"))
                continue
        item = _ITEM_RE.match(line)
        if item:
            body = item.group(2)
            if not body.strip() or _is_resource(body):
                continue
            bold = _BOLD_LABEL_RE.match(body.strip())
            if bold:
                label, detail = _clean(bold.group(1)), _clean(body.strip()[bold.end() :])
            else:
                label, detail = _split_label(_clean(body))
            if label:
                topics.append(Topic(label, i, "item", detail))
    topics = [t for t in topics if t.text]
    if topics and topics[0].kind == "heading" and topics[0].line <= 1 + offset_lines + 2:
        topics = topics[1:]  # the document's own title, not a topic
    return topics


def _split_label(text: str) -> tuple[str, str]:
    """Split "Problem-solving: Break down problems" into a short label and its detail."""
    head, sep, rest = text.partition(":")
    if sep and 0 < len(head.split()) <= 5:
        return head.strip(), rest.strip()
    return text, ""
