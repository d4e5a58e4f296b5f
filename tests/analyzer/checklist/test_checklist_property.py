"""Property: no text or bytes crash the checklist reader; it parses or says why not."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.checklist.model import STATES, ChecklistError
from analyzer.checklist.read import decode_text, detect_format, parse_checklist
from tests.support.markdownish import markdownish


def _check(text: str) -> None:
    try:
        checklist = parse_checklist(text)
    except ChecklistError as exc:
        assert str(exc)  # a message, never an empty error
        return
    assert checklist.items, "a parsed checklist has items"
    n_lines = text.count("\n") + text.count("\r") + 1
    for i, item in enumerate(checklist.items):
        assert item.state in STATES
        assert item.text.strip() == item.text and item.text
        assert 0 <= item.line <= n_lines
        assert item.parent is None or 0 <= item.parent < i
        assert item.depth >= 0
    for r in checklist.resources:
        assert r.state in STATES
        assert r.parent is None or 0 <= r.parent < len(checklist.items)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_markdownish_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["", ".md", ".json", ".yaml", ".txt", ".bin"]))
def test_arbitrary_bytes_decode_or_fail_clearly(data: bytes, suffix: str) -> None:
    warnings: list[str] = []
    try:
        text = decode_text(data, "f", warnings)
        fmt = detect_format(text, suffix) if text.strip() else None
        parse_checklist(text, "f", fmt)
    except ChecklistError as exc:
        assert str(exc)
