"""Markdown checklists and roadmaps: task lists, nested bullets, headings, roadmap blocks.

States: a task box gives its own state; a bullet without a box takes its nearest boxed
ancestor's; a heading, roadmap section or unboxed parent takes its children's (all done:
done, some progress: learning); a heading with nothing under it and every ```roadmap```
topic are planned (todo). A link-only bullet under a topic is a study resource of that
topic, not a topic. Front matter and the document's title line are not topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.checklist.model import STATE_RANK, Checklist, ChecklistItem, Resource
from analyzer.checklist.syntax import split_mark
from taxonomy import normalise_topic

_FRONT_MATTER_RE = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n")
_FENCE_RE = re.compile(r"^\s{0,3}(```+|~~~+)\s*([\w-]*)")
_HEADING_RE = re.compile(r"^\s{0,3}(?:\*\*|__)?\s*((?:\\?#){1,6})(?:\s+|$)")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,3}[.)])(?:[ \t]+|$)")
_RULE_RE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")
_ROADMAP_SECTION_RE = re.compile(r"([^\[\]:\-][^\[\]:]*)(?:\[[^\]]*\])?:")  # on stripped text
_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)")
_WIKI_RE = re.compile(r"!?\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_URL_ATTR_RE = re.compile(r"\[URL=[^\]]*\]", re.IGNORECASE)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_BOLD_LABEL_RE = re.compile(r"^(?:\*\*|__)([^*_]+?)(?:\*\*|__)")
_NUMBERING_RE = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_STRUCK_RE = re.compile(r"^~~(.+)~~$")
_PUNCT_ONLY_RE = re.compile(r"^[\W_]*$")
LABEL_WORDS = 5  # "Label: detail" splits when the label has at most this many words


def looks_like_markdown(text: str) -> bool:
    """True when any line is a heading, bullet, task box, fence or front matter."""
    if _FRONT_MATTER_RE.match(text):
        return True
    for line in text.split("\n")[:5000]:
        if _HEADING_RE.match(line) or _BULLET_RE.match(line) or _FENCE_RE.match(line):
            return True
    return False


def clean_text(text: str) -> str:
    """Markup off a topic: links to their text, URLs, emphasis, numbering, spacing."""
    text = _URL_ATTR_RE.sub("", text)
    text = _WIKI_RE.sub(lambda m: (m.group(2) or m.group(1)).replace("_", " "), text)
    text = _LINK_RE.sub(lambda m: "" if m.group(0).startswith("!") else m.group(1), text)
    text = _URL_RE.sub("", text)
    text = _TAG_RE.sub(" ", text)
    for mark in ("**", "__", "~~", "`", "\\"):
        text = text.replace(mark, "")
    text = _NUMBERING_RE.sub("", text.strip())
    text = " ".join(text.split()).strip(" -:*#|,;")
    return "" if _PUNCT_ONLY_RE.match(text) else text


def split_label(text: str) -> tuple[str, str]:
    """("Problem-solving", "Break down problems") from "Problem-solving: Break down problems"."""
    head, sep, rest = text.partition(":")
    if sep and head.strip() and len(head.split()) <= LABEL_WORDS:
        return head.strip(), rest.strip()
    return text, ""


def _is_link_only(body: str) -> bool:
    rest = _URL_RE.sub("", _LINK_RE.sub("", _WIKI_RE.sub("", body)))
    return bool(_PUNCT_ONLY_RE.match(rest)) and rest != body


def _has_bare_url_only(body: str) -> bool:
    return bool(_PUNCT_ONLY_RE.match(_URL_RE.sub("", body))) and bool(_URL_RE.search(body))


@dataclass(eq=False)
class _Node:
    text: str
    label: str
    line: int
    kind: str
    mark: str | None  # the state its own box or symbol gives
    indent: int = 0
    level: int = 0  # heading level; 0 for list items
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    resources: list[tuple[str, str | None, int]] = field(default_factory=list)
    state: str = "todo"
    alias_of: _Node | None = None


class _Builder:
    """Walks the lines once, building a tree of headings, sections and items."""

    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self.headings: list[_Node] = []
        self.items: list[_Node] = []  # open list items, by indent
        self.roadmap_section: _Node | None = None
        self.title: str | None = None
        self.loose_links = 0
        self.prose_lines = 0

    def container(self) -> _Node | None:
        return self.headings[-1] if self.headings else None

    def add(self, node: _Node, parent: _Node | None) -> _Node:
        node.parent = parent
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        return node

    def heading(self, raw: str, level: int, line: int) -> None:
        text = raw.strip()
        if text.endswith(("**", "__")):
            text = text[:-2]
        text = clean_text(text.rstrip("#"))
        self.items = []
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        if not text:
            return
        label, _detail = split_label(text)
        node = _Node(text, label, line, "heading", None, level=level)
        self.headings.append(self.add(node, self.container()))

    def bullet(self, indent: int, body: str, line: int) -> None:
        while self.items and self.items[-1].indent >= indent:
            self.items.pop()
        parent_item = self.items[-1] if self.items else None
        mark, body = split_mark(body.strip())
        struck = _STRUCK_RE.match(body.strip())
        if struck:
            mark, body = "skipped", struck.group(1)
        if not body.strip():
            return
        if (parent_item is not None and _is_link_only(body)) or _has_bare_url_only(body):
            text = clean_text(body) or "link"
            if parent_item is not None:
                parent_item.resources.append((text, mark, line))
            else:
                self.loose_links += 1
            return
        bold = _BOLD_LABEL_RE.match(body)
        text = clean_text(body)
        if not text:
            return
        if bold and clean_text(bold.group(1)):
            label = clean_text(bold.group(1))
        else:
            label, _detail = split_label(text)
        kind = "item" if mark is None else "task"
        node = _Node(text, label, line, kind, mark, indent=indent)
        self.items.append(self.add(node, parent_item or self.container()))

    def roadmap_line(self, line_text: str, line: int) -> None:
        stripped = line_text.strip()
        if stripped.startswith(("-", "*", "+")):
            text = clean_text(stripped[1:])
            if text:
                parent = self.roadmap_section or self.container()
                self.add(_Node(text, text, line, "roadmap-item", None), parent)
            return
        m = _ROADMAP_SECTION_RE.fullmatch(stripped)
        text = clean_text(m.group(1)) if m else ""
        if text:
            node = _Node(text, text, line, "roadmap-section", None)
            self.roadmap_section = self.add(node, self.container())


def _body_start(text: str) -> tuple[str, int]:
    """Text after YAML/TOML front matter, and how many lines that took."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return text, 0
    fence = m.group(0).strip()
    lines = text.split("\n")
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() == fence:
            return "\n".join(lines[i + 1 :]), i + 1
    return text, 0  # no closing fence: not front matter


def _walk(text: str) -> tuple[_Builder, bool]:
    body, skipped_lines = _body_start(text)
    b = _Builder()
    fence: str | None = None
    roadmap = False
    seen_content = False
    # The first line, when a heading, is the document's title unless a heading of the same
    # level follows it directly ("# Python\n# Go" are two topics).
    pending: tuple[str, int, int] | None = None

    def settle(next_level: int | None) -> None:
        nonlocal pending
        if pending is None:
            return
        rest, level, n = pending
        pending = None
        if next_level is not None and next_level <= level:
            b.heading(rest, level, n)
        else:
            b.title = clean_text(rest.rstrip("#* ")) or None

    for n, raw in enumerate(body.split("\n"), start=1 + skipped_lines):
        line = _QUOTE_RE.sub("", raw, count=1).replace("\t", "    ")
        fm = _FENCE_RE.match(line)
        if fm and (fence is None or fm.group(1)[0] == fence[0]):
            settle(None)
            if fence is None:
                fence, roadmap = fm.group(1), fm.group(2).lower() == "roadmap"
                b.roadmap_section = None
            else:
                fence = None
                roadmap = False
            seen_content = True
            continue
        if fence is not None:
            if roadmap:
                b.roadmap_line(line, n)
            continue
        if not line.strip() or _RULE_RE.match(line):
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            level = heading.group(1).count("#")
            if not seen_content:
                pending = (line[heading.end() :], level, n)
                seen_content = True
                continue
            settle(level)
            b.heading(line[heading.end() :], level, n)
            continue
        settle(None)
        seen_content = True
        bullet = _BULLET_RE.match(line)
        if bullet:
            b.bullet(len(bullet.group(1)), line[bullet.end() :], n)
        else:
            b.prose_lines += 1
            if not line.startswith(" "):
                b.items = []  # a paragraph ends the list above it
    if pending is not None:  # the document is a single heading: a topic, not a title
        rest, level, n = pending
        b.heading(rest, level, n)
    return b, fence is not None


def _inherit(nodes: list[_Node]) -> None:
    """Top-down: an unboxed bullet takes the state of its nearest boxed ancestor.

    Iterative over document order (a parent always comes before its children), so any
    nesting depth is fine."""
    passed: dict[int, str | None] = {}
    for node in nodes:
        inherited = passed.get(id(node.parent)) if node.parent is not None else None
        if node.kind == "item" and node.mark is None and inherited is not None:
            node.mark = inherited
        passed[id(node)] = node.mark if node.kind in ("item", "task") else inherited


def _derive(nodes: list[_Node]) -> None:
    """Bottom-up: a node's state from its own mark and its children's and resources' states."""
    for node in reversed(nodes):  # children are done before their parent
        below = [c.state for c in node.children]
        below += [mark or "todo" for _text, mark, _line in node.resources]
        own = node.mark
        if own in ("done", "learning", "skipped"):
            node.state = own
        elif not below:
            node.state = "todo"
        elif all(s == "done" for s in below) and own is None:
            node.state = "done"
        elif all(s == "skipped" for s in below) and own is None:
            node.state = "skipped"
        elif any(s in ("done", "learning") for s in below):
            node.state = "learning"
        else:
            node.state = "todo"


def _key(node: _Node) -> tuple[str, str, int]:
    """Roadmap sections repeat anywhere (a summary block, then one block per heading) and
    match a top-level heading of the same name; headings ("### Basics" under Python and
    under Go) and topics repeat only within their parent."""
    parent = node.parent.alias_of or node.parent if node.parent else None
    if node.kind == "roadmap-section" or (node.kind == "heading" and parent is None):
        return "section", normalise_topic(node.text), 0
    group = "section" if node.kind == "heading" else "topic"
    return group, normalise_topic(node.text), id(parent) if parent else 0


def _dedupe(nodes: list[_Node]) -> list[_Node]:
    """Drop repeats (a roadmap block repeated under its own heading); the strongest state wins."""
    first: dict[tuple[str, str, int], _Node] = {}
    kept: list[_Node] = []
    for node in nodes:
        key = _key(node)
        seen = first.get(key)
        if seen is None:
            first[key] = node
            kept.append(node)
            continue
        node.alias_of = seen
        if STATE_RANK[node.state] > STATE_RANK[seen.state]:
            seen.state = node.state
    return kept


def parse_markdown(text: str, name: str) -> Checklist:
    """Parse a Markdown checklist or roadmap into items in document order."""
    b, open_fence = _walk(text)
    _inherit(b.nodes)
    _derive(b.nodes)
    kept = _dedupe(b.nodes)
    index = {id(n): i for i, n in enumerate(kept)}
    items: list[ChecklistItem] = []
    resources: list[Resource] = []
    depth: dict[int, int] = {}
    for i, node in enumerate(kept):
        parent = node.parent.alias_of or node.parent if node.parent else None
        depth[id(node)] = depth.get(id(parent), -1) + 1 if parent else 0
        items.append(
            ChecklistItem(
                text=node.text,
                state=node.state,
                line=node.line,
                kind=node.kind,
                label=node.label,
                depth=depth[id(node)],
                parent=index.get(id(parent)) if parent else None,
            )
        )
        for rtext, mark, line in node.resources:
            resources.append(Resource(rtext, mark or "todo", line, i))
    warnings = []
    if open_fence:
        warnings.append("a ``` code block is never closed; its lines were not read as topics")
    if b.loose_links:
        warnings.append(f"{b.loose_links} bare link line(s) not under any topic were not read")
    if b.prose_lines:
        warnings.append(
            f"{b.prose_lines} prose line(s) (not bullets, boxes or headings) were not read as "
            "topics"
        )
    if resources:
        warnings.append(f"{len(resources)} study link(s) under topics counted as resources")
    return Checklist(name, "markdown", items, b.title, resources, warnings)
