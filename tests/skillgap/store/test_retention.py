"""Retention: old raw HTML goes, postings and mentions (what trends need) stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from analyzer.extract import Mention
from skillgap.cli import app
from skillgap.cli.common import parse_since
from skillgap.store import Store
from skillgap.store.retention import prune_html
from skillgap.store.schema import postings

runner = CliRunner()
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def ad(external_id: str) -> dict[str, Any]:
    """An invented posting in the crawler's shape."""
    return {
        "source": "greenhouse", "source_type": "greenhouse", "external_id": external_id,
        "url": f"https://example.test/jobs/{external_id}", "title": "Backend Engineer",
        "company": "Lanternfish Labs", "location": "Remote", "remote": True,
        "posted_at": datetime(2026, 1, 5, tzinfo=UTC), "salary_min": None, "salary_max": None,
        "salary_currency": None, "salary_period": None,
        "description_html": f"<p>Ad {external_id}: we build queues in <b>Go</b>.</p>",
        "description_text": f"Ad {external_id}: we build queues in Go.",
        "attribution": None,
    }  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store.open(f"sqlite:///{tmp_path / 'r.sqlite'}") as s:
        for i, age_days in enumerate((400, 120, 10)):
            s.upsert_posting(ad(str(i)))
            with s.write() as conn:
                seen = NOW - timedelta(days=age_days)
                conn.execute(update(postings).where(postings.c.external_id == str(i))
                             .values(last_seen=seen, first_seen=seen))  # fmt: skip
        ids = s.postings_frame().id.tolist()
        s.save_mentions([(pid, "h", [Mention("go", 30, 32, "Go", "required")]) for pid in ids], "t")
        yield s


def html_of(store: Store) -> dict[str, str | None]:
    with store.read() as conn:
        rows = conn.execute(select(postings.c.external_id, postings.c.description_html)).all()
    return {r.external_id: r.description_html for r in rows}


def test_prune_clears_only_old_html_and_keeps_postings_and_mentions(store: Store) -> None:
    before_postings, before_mentions = store.postings_frame(), store.mentions_frame()
    dry = prune_html(store, parse_since("90d", "--keep-html", now=NOW), dry_run=True)
    assert dry.pruned == 2 and all(html_of(store).values())  # a dry run changes nothing

    stats = prune_html(store, parse_since("90d", "--keep-html", now=NOW))
    assert stats.pruned == 2
    assert stats.bytes_freed == len(ad("0")["description_html"]) * 2
    html = html_of(store)
    assert html["0"] is None and html["1"] is None and html["2"] and "<b>Go</b>" in html["2"]
    assert store.postings_frame().equals(before_postings)  # every posting, unchanged
    assert store.mentions_frame().equals(before_mentions)  # every mention kept
    # a re-crawl of a pruned ad is still recognised as the same ad
    assert store.upsert_posting(ad("0")) == "unchanged"
    assert (
        prune_html(store, parse_since("90d", "--keep-html", now=NOW)).pruned == 0
    )  # nothing left to do


def test_prune_command(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Store.open(db) as s:
        s.upsert_posting(ad("old"))
        with s.write() as conn:
            conn.execute(update(postings).values(last_seen=datetime(2020, 1, 1, tzinfo=UTC)))
    result = runner.invoke(app, ["prune", "--keep-html", "90d", "--db", db, "--dry-run"])
    assert result.exit_code == 0 and "would clear the HTML of 1 postings" in result.stdout
    result = runner.invoke(app, ["prune", "--keep-html", "90d", "--db", db])
    assert result.exit_code == 0 and "cleared the HTML of 1 postings" in result.stdout
    with Store.open(db) as s:
        assert html_of(s) == {"old": None} and len(s.postings_frame()) == 1
    bad = runner.invoke(app, ["prune", "--keep-html", "ninety", "--db", db])
    assert bad.exit_code == 1 and "expected a span like 90d" in bad.stderr
