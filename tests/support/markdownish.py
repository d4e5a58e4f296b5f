"""A hypothesis strategy for text shaped like a Markdown checklist, for the checklist tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Pieces that steer generated text into the parser's branches (boxes, headings, fences,
# links, front matter, JSON/YAML state keys), mixed with arbitrary text.
PIECES = [
    "- ", "* ", "+ ", "1. ", "  ", "    ", "\t", "\n", "[x] ", "[ ] ", "[] ", "[/] ", "[-] ",
    "# ", "## ", "**\\#\\# ", "**", "~~", "```", "```roadmap\n", "Cache[URL=\"#c\"]:\n",
    "[[", "]]", "|", "[", "](", ")", "https://example.org/x ", "---\n", "+++\n", "{", "}",
    "done:", "todo: [", "\"done\": [", "Python", "Go", "Redis,etcd3", ":", "> ", "✅ ", "❌",
    "<html>", "\\", "\r\n", "\x00", "é", "😀",
]  # fmt: skip
markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map(
    "".join
)
