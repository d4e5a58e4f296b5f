"""The database's counts (skillgap/store/counts.py) make the same report and gap as the
store's frames counted in memory (analyzer.tally), on SQLite and PostgreSQL, with
duplicates, levels, pay (ties among a group's postings included) and every filter."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import update

from analyzer.aggregate import Filters
from analyzer.bylevel import LevelRule
from analyzer.checklist.model import Checklist, ChecklistItem
from analyzer.gap import build_gap, gap_from_counts
from analyzer.paystats import PayRule
from analyzer.tally import count_frames
from analyzer.trends import TrendRule
from reports.build import ReportOptions, build_report, report_from_counts
from reports.export import report_json
from skillgap.run.evidence import StoreEvidence
from skillgap.store import Store, skill_summary
from skillgap.store.schema import mentions, postings
from taxonomy import load_taxonomy

NOW = datetime(2026, 12, 1, tzinfo=UTC)
SOURCES = [("greenhouse", "greenhouse", None), ("lever", "lever", None),
           ("remoteok", "remoteok", "Remote OK")]  # fmt: skip
LEVEL_SETS = [None, "", "junior", "senior", "intern", "mid,senior", "junior,mid", "lead"]
OPTIONS = ReportOptions(
    level_rule=LevelRule(min_group_ads=5, min_skill_ads=2, min_z=0.5),
    pay_rule=PayRule(min_ads=4),
    trend_rule=TrendRule(min_period_ads=10, min_skill_ads=2, min_z=0.5),
    min_pair_ads=2,
    min_month_ads=5,
)
FILTERS = [
    Filters(),
    Filters(since=datetime(2026, 9, 1, tzinfo=UTC)),
    Filters(level="senior"),
    Filters(sources=("lever", "remoteok")),
    Filters(remote=True, title_words=("platform",)),
]


def fill(store: Store, n: int = 240, seed: int = 5) -> None:
    """n invented postings (a fifth of them duplicates of another, some sharing its date),
    mentions of a few dozen skills (and one the taxonomy lacks), levels and pay."""
    tax = load_taxonomy()
    rng = np.random.default_rng(seed)
    skills = [*sorted(tax.skills)[:30], "not-a-taxonomy-skill"]
    weights = 1 / np.arange(1, len(skills) + 1)
    weights /= weights.sum()
    start = datetime(2026, 7, 1, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    for pid in range(1, n + 1):
        src, stype, credit = SOURCES[int(rng.integers(len(SOURCES)))]
        seen = start + timedelta(days=int(rng.integers(0, 150)), hours=int(rng.integers(24)))
        posted = None if rng.random() < 0.15 else seen - timedelta(days=int(rng.integers(5)))
        twin = rows[int(rng.integers(len(rows)))] if rows and rng.random() < 0.2 else None
        if twin is not None and rng.random() < 0.5:  # the same date as its twin: a tie
            posted, seen = twin["posted_at"], twin["first_seen"]
        paid = rng.random() < 0.5
        low = float(rng.choice([60_000, 80_000, 95_000, 120_000, 40, 5_000]))
        named = sorted(set(rng.choice(len(skills), int(rng.integers(0, 7)), p=weights)))
        text = "Requirements: " + ", ".join(skills[i] for i in named) + "."
        offset = len("Requirements: ")
        for i in named:
            for _ in range(int(rng.integers(1, 3))):
                section = str(rng.choice(["required", "preferred", "other"]))
                found.append({"posting_id": pid, "skill": skills[i], "section": section,
                              "start": offset, "end": offset + len(skills[i]),
                              "text": skills[i]})  # fmt: skip
            offset += len(skills[i]) + 2
        rows.append({
            "id": pid, "source": src, "source_type": stype, "external_id": str(pid),
            "url": f"https://jobs.example.org/{pid}",
            "title": f"{'Platform' if pid % 4 == 0 else 'Backend'} Engineer {pid}",
            "company": f"Company {pid % 17}", "remote": bool(rng.random() < 0.6),
            "posted_at": posted, "description_text": text, "content_hash": f"h{pid}",
            "attribution": credit if rng.random() < 0.7 else None,
            "first_seen": seen, "last_seen": seen,
            "levels": LEVEL_SETS[int(rng.integers(len(LEVEL_SETS)))],
            "pay_min": low if paid else None,
            "pay_max": (low * 1.25 if rng.random() < 0.7 else None) if paid else None,
            "pay_currency": (str(rng.choice(["USD", "USD", "EUR"])) if paid else None),
            "pay_period": {40: "hour", 5_000: "month"}.get(int(low), "year") if paid else None,
            "dup_group": twin["dup_group"] or twin["id"] if twin is not None else None,
        })  # fmt: skip
    with store.write() as conn:
        conn.execute(postings.insert(), rows)
        conn.execute(mentions.insert(), found)
        for row in rows:  # a group's first posting carries the group too, as the store's do
            if row["dup_group"] is not None:
                conn.execute(update(postings).where(postings.c.id == row["dup_group"])
                             .values(dup_group=row["dup_group"]))  # fmt: skip
        skill_summary.rebuild(conn)  # the mentions were written here, not by the tagger


def frames(store: Store, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    kw: dict[str, Any] = {
        "since": f.since, "sources": list(f.sources) or None, "remote": f.remote,
        "title_words": list(f.title_words) or None, "level": f.level,
    }  # fmt: skip
    return store.postings_frame(**kw), store.mentions_frame(
        **kw, columns=("posting_id", "skill", "section")
    )


def counts(store: Store, f: Filters, skill_category: dict[str, str]) -> Any:
    return store.market_counts(
        skill_category, since=f.since, sources=list(f.sources) or None, remote=f.remote,
        title_words=list(f.title_words) or None, level=f.level, candidates=100,
    )  # fmt: skip


def checklist() -> Checklist:
    tax = load_taxonomy()
    mine = sorted(tax.skills)[:12]
    states = ["done", "learning", "todo", "skipped"]
    items = [ChecklistItem(s, states[i % 4], i, "task", label=s, skills=(s,),
                           mapped_by="extractor") for i, s in enumerate(mine)]  # fmt: skip
    return Checklist("me.md", "markdown", items)


@pytest.mark.parametrize("which", range(len(FILTERS)))
def test_database_counts_make_the_same_report_and_gap_as_frames(db_url: str, which: int) -> None:
    f = FILTERS[which]
    tax = load_taxonomy()
    skill_cat = {sid: s.category for sid, s in tax.skills.items()}
    with Store.open(db_url) as store:
        fill(store)
        posts, ments = frames(store, f)
        database = counts(store, f, skill_cat)
    if which == 0:
        assert 0 < database.total < len(posts)  # duplicates were folded into ads
    memory = count_frames(posts, ments, skill_cat)
    for name in ("total", "postings", "ads_with_skills", "first", "last"):
        assert getattr(database, name) == getattr(memory, name), name
    for name in ("cells", "ad_cells", "categories", "pairs", "pay", "skill_pay", "sources"):
        want, got = getattr(memory, name), getattr(database, name)
        by = [c for c in want.columns if c != "ads" or name == "sources"]
        pd.testing.assert_frame_equal(
            got.sort_values(by, ignore_index=True, na_position="first"),
            want.sort_values(by, ignore_index=True, na_position="first"),
            check_dtype=False, obj=name,
        )  # fmt: skip
    evidence = StoreEvidence(db_url)
    old = build_report(posts, ments, tax, f, OPTIONS, now=NOW, evidence=evidence)
    new = report_from_counts(database, tax, f, OPTIONS, now=NOW, evidence=evidence)
    assert report_json(new) == report_json(old)
    report = json.loads(report_json(new))
    assert report["skills"] and report["evidence"] and report["pairs"]
    if not f.level:
        assert report["pay"]["rows"] and report["levels"]["top"]
    gap_old = build_gap(checklist(), posts, ments, tax)
    gap_new = gap_from_counts(checklist(), database, tax)
    assert gap_new.as_dict() == gap_old.as_dict()
