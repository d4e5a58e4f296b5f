"""HTML to plain text that keeps the structure section detection needs."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BLOCK_TAGS = {
    "p", "div", "br", "ul", "ol", "table", "tr", "section", "article", "header", "footer",
    "blockquote", "pre", "hr", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "li",
}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg"}
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]{0,500}>")
_ESCAPED_TAG_RE = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*(?:\s|&gt;|/)")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANKS_RE = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def looks_like_html(text: str) -> bool:
    """True when the text carries markup (real tags, or tags escaped as entities)."""
    return bool(_TAG_RE.search(text[:20000]) or _ESCAPED_TAG_RE.search(text[:20000]))


def unescape_nested(text: str, rounds: int = 3) -> str:
    """Undo entity escaping applied once or more on top of HTML (`&amp;lt;p&amp;gt;`)."""
    for _ in range(rounds):
        if not _ESCAPED_TAG_RE.search(text) and "&amp;" not in text:
            break
        text = html.unescape(text)
    return text


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.list_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag in ("ul", "ol"):
            self.list_depth += 1
        if tag == "li":
            self.parts.append("\n" + "  " * max(self.list_depth - 1, 0) + "- ")
        elif tag in HEADING_TAGS:
            self.parts.append("\n\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip_depth = max(self.skip_depth - 1, 0)
            return
        if tag in ("ul", "ol"):
            self.list_depth = max(self.list_depth - 1, 0)
        if tag in HEADING_TAGS or (tag in BLOCK_TAGS and tag != "br"):
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def tidy_text(text: str) -> str:
    """Squeeze runs of spaces and blank lines; keep single line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS_RE.sub("\n\n", text).strip()


def html_to_text(markup: str) -> str:
    """Convert (possibly entity-escaped, possibly broken) HTML to structured plain text."""
    markup = unescape_nested(markup)
    parser = _TextCollector()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # pathological markup: fall back to stripping tags
        return tidy_text(html.unescape(_TAG_RE.sub(" ", markup)))
    return tidy_text("".join(parser.parts))


def to_text(value: str) -> str:
    """Plain text from a field that may be HTML or plain text.

    Plain text comes back unchanged, so offsets into the result are offsets into the input.
    """
    if looks_like_html(value):
        return html_to_text(value)
    return value
