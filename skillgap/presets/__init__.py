"""Presets: named sets of sources shipped as data.

`market`: the ATS boards of companies that hire software engineers (market.csv: one board
a line, `ats,token,company,evidence`, where evidence is a public page or repository file
that shows the board's URL). A config says `preset = "market"` (or `skillgap crawl
--preset market`) and gets one source per ATS, named `market-<ats>`, next to its own.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from crawler.items import BOARD_KEYS
from skillgap.errors import SkillgapError

PRESETS = {"market": "market.csv"}
TOKEN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EVIDENCE_RE = re.compile(r"^https://\S+$")
COLUMNS = ("ats", "token", "company", "evidence")


class PresetError(SkillgapError):
    """An unknown preset, or a preset file that is malformed."""


@dataclass(frozen=True)
class Board:
    ats: str
    token: str
    company: str
    evidence: str


def read_boards(name: str) -> list[Board]:
    """The boards of preset `name`, checked: known ATS, sane token, evidence URL, no repeats."""
    if name not in PRESETS:
        raise PresetError(f"unknown preset {name!r} (known: {', '.join(sorted(PRESETS))})")
    text = resources.files(__package__).joinpath(PRESETS[name]).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    if tuple(rows.fieldnames or ()) != COLUMNS:
        raise PresetError(f"preset {name}: the columns must be {', '.join(COLUMNS)}")
    boards: list[Board] = []
    seen: set[tuple[str, str]] = set()
    for i, row in enumerate(rows, start=2):
        board = Board(**{k: (row.get(k) or "").strip() for k in COLUMNS})
        where = f"preset {name}, line {i}"
        if board.ats not in BOARD_KEYS:
            raise PresetError(f"{where}: unknown ATS {board.ats!r}")
        if not TOKEN_RE.match(board.token):
            raise PresetError(f"{where}: board token {board.token!r} is not a token")
        if not EVIDENCE_RE.match(board.evidence):
            raise PresetError(f"{where}: the evidence must be an https URL")
        if (board.ats, board.token.lower()) in seen:
            raise PresetError(f"{where}: {board.ats} board {board.token!r} is listed twice")
        seen.add((board.ats, board.token.lower()))
        boards.append(board)
    return boards


def preset_sources(name: str) -> list[dict[str, Any]]:
    """Source tables for preset `name`: one per ATS, its boards and their company names."""
    by_ats: dict[str, list[Board]] = {}
    for board in read_boards(name):
        by_ats.setdefault(board.ats, []).append(board)
    return [
        {
            "type": ats,
            "name": f"{name}-{ats}",
            BOARD_KEYS[ats]: [b.token for b in boards],
            "company_names": {b.token: b.company for b in boards if b.company},
        }
        for ats, boards in by_ats.items()
    ]
