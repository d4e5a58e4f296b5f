"""Read a gold file: JSONL lines of {id, text, skills, sections?, ...} (see ANNOTATION.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError


class EvalInputError(AnalyzerError):
    """The gold file cannot be used; the message says why."""


def read_gold(path: Path) -> list[dict[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvalInputError(f"cannot read gold file {path}: {exc.strerror or exc}") from exc
    rows = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("skills"), list):
            raise EvalInputError(f"{path}:{number}: a gold line needs 'id', 'text' and 'skills'")
        rows.append(obj)
    if not rows:
        raise EvalInputError(f"{path}: no gold lines")
    return rows
