"""The report's JSON twin and CSV files of its main tables, from the same model."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reports.model import Report
from reports.output import open_output, write_text

# A cell starting like a formula would run in a spreadsheet; job-ad text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def report_json(report: Report) -> str:
    """The whole model as pretty JSON (UTF-8, stable key order)."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def write_json(report: Report, path: Path) -> Path:
    return write_text(path, report_json(report))


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    with open_output(path) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)
    return path


def csv_tables(report: Report) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """File name -> (header, rows) for each main table."""
    skill_cols = ["skill", "label", "category", "ads", "share", "ci_low", "ci_high"]
    skill_cols += ["required", "preferred", "other", "required_share", "nice_share"]
    cat_cols = ["category", "label", "ads", "share", "ci_low", "ci_high", "required"]
    cat_cols += ["preferred", "other", "skills_seen", "top_skills"]
    trend_cols = ["skill", "label", "before_ads", "before_share", "latest_ads"]
    trend_cols += ["latest_share", "change", "z"]
    pair_cols = ["a", "b", "a_label", "b_label", "ads", "share", "lift"]
    src_cols = ["source", "source_type", "postings", "ads", "attribution", "first", "last"]
    ex_cols = ["title", "company", "url", "source", "source_type", "attribution", "date"]
    ex_cols += ["label"]
    t = report.trends
    m = report.monthly
    level_cols = ["skill", "label", "entry_ads", "entry_share", "entry_low", "entry_high"]
    level_cols += ["senior_ads", "senior_share", "senior_low", "senior_high", "difference", "z"]
    pay_cols = ["skill", "label", "ads", "median", "low", "high", "others_ads", "others_median"]
    pay_cols += ["others_low", "others_high", "difference", "diff_low", "diff_high"]
    ev_cols = ["label", "before", "match", "after", "title", "company", "url", "source", "date"]
    levels = report.levels.top if report.levels else []
    pays = report.pay.rows if report.pay else []
    currency = report.pay.currency if report.pay else None
    return {
        "skills.csv": (skill_cols, [[getattr(s, c) for c in skill_cols] for s in report.skills]),
        "categories.csv": (
            cat_cols,
            [[getattr(c, k) for k in cat_cols] for c in report.categories],
        ),
        "trends.csv": (
            ["direction", "before_month", "latest_month", *trend_cols],
            [["rising", t.before, t.latest, *[getattr(r, c) for c in trend_cols]] for r in t.rising]
            + [
                ["falling", t.before, t.latest, *[getattr(r, c) for c in trend_cols]]
                for r in t.falling
            ],
        ),
        "monthly.csv": (
            ["month", "ads", *[s.skill for s in m.series]],
            [
                [month, total, *[s.shares[i] for s in m.series]]
                for i, (month, total) in enumerate(zip(m.months, m.totals, strict=True))
            ],
        ),
        "pairs.csv": (pair_cols, [[getattr(p, c) for c in pair_cols] for p in report.pairs]),
        "sources.csv": (src_cols, [[getattr(s, c) for c in src_cols] for s in report.sources]),
        "levels.csv": (level_cols, [[getattr(r, c) for c in level_cols] for r in levels]),
        "pay.csv": (
            ["currency", *pay_cols],
            [[currency, *[getattr(r, c) for c in pay_cols]] for r in pays],
        ),
        "evidence.csv": (
            ["skill", *ev_cols],
            [
                [e.skill, *[getattr(i, c) for c in ev_cols]]
                for e in report.evidence
                for i in e.items
            ],
        ),
        "examples.csv": (
            ["skill", *ex_cols],
            [
                [s.skill, *[getattr(e, c) for c in ex_cols]]
                for s in report.skills
                for e in s.examples
            ],
        ),
    }


def write_csv(report: Report, directory: Path) -> list[Path]:
    """Write one CSV per main table into `directory` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    return [
        _write(directory / name, header, rows)
        for name, (header, rows) in csv_tables(report).items()
    ]


def write_html(html: str, path: Path) -> Path:
    return write_text(path, html)
