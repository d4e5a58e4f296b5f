"""The sentences behind a skill: which ads, which sentence, the skill marked, how asked."""

from __future__ import annotations

from datetime import UTC, datetime

from analyzer.aggregate import build_ads
from analyzer.evidence import FrameEvidence, candidates, evidence, snippet
from tests.support.report_frames import frames, posting

TEXTS = {
    1: "About us: we love tea.\nRequirements:\n- 3+ years of Python and PostgreSQL\n",
    2: "Our stack is Python and Go. You will build APIs.",
    3: "Nice to have: Python. Must have: Go.",
    4: "Python is everywhere here.",  # a duplicate of ad 1 (same group)
}


def _setup():
    posts = [
        posting(1, company="Acme", posted_at=datetime(2026, 10, 1, tzinfo=UTC), dup_group="g"),
        posting(2, company="Acme", posted_at=datetime(2026, 10, 9, tzinfo=UTC)),
        posting(3, company="Beta", posted_at=datetime(2026, 10, 5, tzinfo=UTC)),
        posting(4, company="Acme", posted_at=datetime(2026, 10, 2, tzinfo=UTC), dup_group="g"),
    ]
    spans = [(1, "python", "required"), (1, "postgresql", "required"), (2, "python", "other"),
             (2, "go", "other"), (3, "python", "preferred"), (3, "go", "required")]  # fmt: skip
    p, m = frames(posts, spans)
    surface = {"python": "Python", "postgresql": "PostgreSQL", "go": "Go"}
    m["text"] = m["skill"].map(surface)
    m["start"] = [TEXTS[pid].index(t) for pid, t in zip(m["posting_id"], m["text"], strict=True)]
    m["end"] = m["start"] + m["text"].str.len()
    return build_ads(p, m), FrameEvidence(m, TEXTS)


def test_required_ads_first_then_newest_and_a_company_once_when_there_is_a_choice() -> None:
    ads, _ = _setup()
    chosen = candidates(ads, ["python", "go"], per_skill=2)
    python = chosen[chosen.skill == "python"]
    # required (ad of postings 4 and 1, newest first), then Beta's nice-to-have before
    # Acme's second ad (a company once when there is a choice)
    assert [tuple(x) for x in python.posting_ids] == [(4, 1), (3,)]
    assert list(python.label) == ["required", "preferred"]
    assert list(chosen[chosen.skill == "go"].label) == ["required", "other"]


def test_the_sentence_with_the_skill_marked() -> None:
    ads, source = _setup()
    found = evidence(ads, ["python"], source, per_skill=3).set_index("posting_id")
    # posting 4 (newest of its ad) has no mention: its twin's sentence is used
    assert list(found.index) == [1, 3, 2]
    assert (found.loc[1, "before"], found.loc[1, "match"], found.loc[1, "after"]) == (
        "3+ years of ", "Python", " and PostgreSQL")  # fmt: skip
    assert found.loc[3, "label"] == "preferred" and found.loc[3, "after"] == "."
    assert found.loc[2, "before"] == "Our stack is "


def test_a_long_sentence_is_cut_at_words_around_the_skill() -> None:
    text = "We ship. " + "alpha " * 80 + "you will run Kubernetes clusters " + "beta " * 80 + "."
    start = text.index("Kubernetes")
    cut = snippet(text, start, start + len("Kubernetes"), width=120)
    assert cut.match == "Kubernetes"
    assert cut.before.startswith("…alpha") and cut.after.endswith("beta…")
    assert len(cut.before + cut.match + cut.after) <= 122
