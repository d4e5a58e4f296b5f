"""Read JSONL ads, tag them, write JSONL results: the library behind `skillgap tag`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from analyzer.extract import AdInput, Mention, extract_parallel
from analyzer.meta import read_meta


@dataclass
class TagReport:
    """What happened to the input lines."""

    lines: int = 0
    tagged: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def parse_jsonl(
    stream: IO[bytes], report: TagReport, on_problem: Callable[[int, str, bool], None]
) -> Iterator[AdInput]:
    """Yield ads from JSONL bytes; bad lines are reported (line number, reason) and skipped."""
    for number, raw in enumerate(stream, start=1):
        report.lines += 1
        if not raw.strip():
            report.lines -= 1
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")
            msg = f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced"
            report.warnings.append((number, msg))
            on_problem(number, msg, False)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            msg = f"not valid JSON ({exc.msg} at column {exc.colno})"
            report.failed.append((number, msg))
            on_problem(number, msg, True)
            continue
        problem = _check_record(obj)
        if problem:
            report.failed.append((number, problem))
            on_problem(number, problem, True)
            continue
        yield AdInput(
            id=obj["id"],
            text=obj.get("text") or "",
            title=obj.get("title") if isinstance(obj.get("title"), str) else None,
            company=obj.get("company") if isinstance(obj.get("company"), str) else None,
        )


def _check_record(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {type(obj).__name__}"
    if "id" not in obj:
        return "missing 'id'"
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        return f"'text' must be a string, got {type(text).__name__}"
    return None


def result_line(ad: AdInput, mentions: list[Mention]) -> str:
    """One output line: skills and mentions, and the ad's levels, years and salary."""
    skills = sorted({m.skill for m in mentions})
    meta = read_meta(ad.title, ad.text)
    return json.dumps(
        {"id": ad.id, "skills": skills, "mentions": [m.as_dict() for m in mentions],
         **meta.as_dict()},
        ensure_ascii=False,
    )  # fmt: skip


def tag_stream(
    ads: Iterable[AdInput],
    out: IO[str],
    workers: int,
    taxonomy_path: str | None = None,
    on_done: Callable[[], None] | None = None,
    model: str | None = None,
) -> int:
    """Tag every ad and write one result line each; returns how many were written."""
    written = 0
    for ad, mentions in extract_parallel(ads, workers, taxonomy_path=taxonomy_path, model=model):
        out.write(result_line(ad, mentions) + "\n")
        written += 1
        if on_done:
            on_done()
    out.flush()
    return written
