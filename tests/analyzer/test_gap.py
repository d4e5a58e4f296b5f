"""The gap model over hand-built store frames (postings with dup_group, mentions with section)."""

from __future__ import annotations

import json

import pytest

from analyzer.checklist.model import Checklist, ChecklistItem
from analyzer.demand import compute_demand, skill_similarity
from analyzer.gap import GapError, build_gap, coverage, learner_states
from taxonomy import Taxonomy, load_taxonomy
from tests.support.gap_frames import MARKET
from tests.support.gap_frames import frames as _frames


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def _checklist(states: dict[str, str], category: tuple[str, str] | None = None) -> Checklist:
    items = [ChecklistItem(s, st, n, "task", label=s, skills=(s,), mapped_by="extractor")
             for n, (s, st) in enumerate(states.items(), start=1)]  # fmt: skip
    if category:
        items.append(
            ChecklistItem(category[0], category[1], 99, "heading", category=category[0],
                          mapped_by="category")
        )  # fmt: skip
    items.append(ChecklistItem("Basket weaving", "todo", 100, "task"))
    return Checklist("me.md", "markdown", items)


def test_demand_counts_duplicates_once_and_weighs_required_more() -> None:
    postings, mentions = _frames(MARKET)
    d = compute_demand(postings, mentions)
    assert d.n_postings == 10
    t = d.table
    # python: ads 1,2,3,7 and the g1 group once -> 5 of 10, all required (strongest per group)
    assert t.at["python", "postings"] == 5 and t.at["python", "required"] == 5
    assert t.at["python", "share"] == pytest.approx(0.5)
    # django: required in 1 and g1, preferred in 2
    assert (t.at["django", "required"], t.at["django", "preferred"]) == (2, 1)
    assert t.at["django", "demand"] == pytest.approx((2 * 1.0 + 0.5) / 10)
    # same number of ads, required beats nice-to-have: go (2 required) vs kafka (1 + 1 preferred)
    assert t.at["go", "postings"] == t.at["kafka", "postings"] == 2
    assert t.at["go", "demand"] > t.at["kafka", "demand"]
    assert list(t.index[:2]) == ["python", "django"]
    together = d.together  # skills x skills, ads naming both; the diagonal each one's ads
    assert together.shape == (len(t), len(t))
    assert list(together.diagonal()) == list(t["postings"])
    py, dj = d.skills.index("python"), d.skills.index("django")
    assert together[py, dj] == together[dj, py] == 3  # ads 1, 2 and the g1 group


def test_similarity_follows_co_occurrence() -> None:
    postings, mentions = _frames(MARKET)
    sim = skill_similarity(compute_demand(postings, mentions))
    assert sim.at["python", "django"] > sim.at["python", "kubernetes"] == 0
    assert sim.at["go", "kubernetes"] > 0
    assert sim.at["python", "python"] == 0  # a skill is not its own partner


def test_coverage_is_demand_weighted(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    table = compute_demand(postings, mentions).table
    total = table["demand"].sum()
    assert coverage(table, {"python"}) == pytest.approx(table.at["python", "demand"] / total)
    assert coverage(table, set()) == 0
    assert coverage(table, set(table.index)) == pytest.approx(1.0)
    assert coverage(table, {"cobol"}) == 0


def test_build_gap_end_to_end(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    checklist = _checklist(
        {"python": "done", "sql": "done", "docker": "learning", "java": "skipped",
         "perl": "done", "rust": "todo", "go": "todo"},
        category=("message-broker", "todo"),
    )  # fmt: skip
    report = build_gap(checklist, postings, mentions, tax, limit=20)
    table = compute_demand(postings, mentions).table
    assert report.postings == 10
    assert report.coverage == pytest.approx(
        (table.at["python", "demand"] + table.at["perl", "demand"]) / table["demand"].sum()
    )
    assert report.coverage < report.coverage_learning < report.coverage_planned <= 1

    ranked = [s.skill for s in report.learn_next]
    assert "python" not in ranked and "perl" not in ranked  # done
    assert "java" not in ranked  # skipped
    assert ranked[0] == "django"  # most demand among the rest, goes with python, has python
    django = report.learn_next[0]
    assert django.partner == "python" and "Python" in django.reason
    assert "prerequisites" in django.reason
    # postgresql: with python in ads but its prerequisite (sql) is done; fastapi: same
    assert ranked.index("postgresql") < ranked.index("kubernetes")
    kube = next(s for s in report.learn_next if s.skill == "kubernetes")
    assert "learn Docker" in kube.reason and kube.prerequisites_done == 0
    kafka = next(s for s in report.learn_next if s.skill == "kafka")
    assert "on your list under Message brokers" in kafka.reason
    docker = next(s for s in report.learn_next if s.skill == "docker")
    assert "you are learning it" in docker.reason
    assert all("\n" not in s.reason for s in report.learn_next)
    assert [s.score for s in report.learn_next] == sorted(
        (s.score for s in report.learn_next), reverse=True
    )

    over = {o.skill: o for o in report.over_invested}
    assert set(over) == {"sql", "rust"}  # perl is in 1 of 10 ads: not rare at 2%
    assert over["rust"].reason == "none of the 10 ads asks for it"
    assert [o.skill for o in report.over_invested] == ["sql", "rust"]  # done first

    rows = {r.skill: r for r in report.skills}
    assert rows["python"].state == "done" and rows["rust"].postings == 0
    assert [i.text for i in report.unmapped] == ["Basket weaving"]


def test_over_invested_threshold(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    report = build_gap(_checklist({"perl": "done"}), postings, mentions, tax, rare_share=0.15)
    assert [(o.skill, o.reason) for o in report.over_invested] == [
        ("perl", "only 1 of 10 ads (10.0%) ask for it")
    ]


def test_skipped_category_is_not_suggested(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    report = build_gap(
        _checklist({"python": "done"}, ("language", "skipped")), postings, mentions, tax, limit=0
    )
    suggested = {s.skill for s in report.learn_next}
    assert not suggested & {"go", "java", "typescript", "perl"}
    assert "django" in suggested


def test_json_model_follows_the_contract(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    report = build_gap(_checklist({"python": "done", "go": "todo"}), postings, mentions, tax)
    data = json.loads(json.dumps(report.as_dict()))
    assert set(data) >= {"items", "unmapped", "coverage", "learn_next"}
    assert 0 <= data["coverage"] <= 1
    assert data["items"][0] == {
        "text": "python", "state": "done", "skills": ["python"], "category": None,
        "not_skill": None, "kind": "task", "line": 1, "depth": 0, "parent": None,
    }  # fmt: skip
    assert data["unmapped"] == [
        {"text": "Basket weaving", "state": "todo", "line": 100, "kind": "task"}
    ]
    assert {"skill", "score", "reason"} <= set(data["learn_next"][0])
    assert all(i["state"] in ("done", "learning", "todo", "skipped") for i in data["items"])


def test_learner_states_strongest_wins() -> None:
    items = [
        ChecklistItem("a", "todo", 1, "task", skills=("go",)),
        ChecklistItem("b", "done", 2, "task", skills=("go", "rust")),
        ChecklistItem("c", "skipped", 3, "task", skills=("rust", "php")),
    ]
    assert learner_states(Checklist("x", "markdown", items)) == {
        "go": "done", "rust": "done", "php": "skipped",
    }  # fmt: skip


def test_no_postings_is_an_error(tax: Taxonomy) -> None:
    postings, mentions = _frames([])
    with pytest.raises(GapError, match="no postings"):
        build_gap(_checklist({"python": "done"}), postings, mentions, tax)


def test_a_heading_over_items_does_not_plan_its_whole_category(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    items = [
        ChecklistItem("Languages", "todo", 1, "heading", category="language"),
        ChecklistItem("Python", "done", 2, "task", depth=1, parent=0, skills=("python",)),
        ChecklistItem("Message brokers", "todo", 3, "heading", category="message-broker"),
    ]
    report = build_gap(Checklist("me.md", "markdown", items), postings, mentions, tax, limit=0)
    reasons = {s.skill: s.reason for s in report.learn_next}
    assert "on your list" not in reasons["go"]  # "Languages" only groups Python here
    assert "on your list under Message brokers" in reasons["kafka"]  # a bare heading plans


def test_postings_without_mentions_give_zero_coverage(tax: Taxonomy) -> None:
    postings, mentions = _frames([(1, None, {}), (2, None, {})])
    report = build_gap(_checklist({"python": "done"}), postings, mentions, tax)
    assert report.postings == 2 and report.coverage == 0 and report.learn_next == []
    assert [o.skill for o in report.over_invested] == ["python"]


def test_a_planned_category_nobody_asks_for_is_over_invested(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    items = [
        ChecklistItem("Search engines", "todo", 1, "heading", category="search"),
        ChecklistItem("Message brokers", "learning", 2, "heading", category="message-broker"),
    ]
    report = build_gap(Checklist("me.md", "markdown", items), postings, mentions, tax)
    assert [(o.kind, o.skill, o.reason) for o in report.over_invested] == [
        ("category", "search", "none of the 10 ads asks for any of it")
    ]  # kafka is in 2 of 10 ads: message brokers are asked for


def test_areas_show_demand_and_what_you_cover(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    items = [
        ChecklistItem("Python", "done", 1, "task", skills=("python",)),
        ChecklistItem("Go", "todo", 2, "task", skills=("go",)),
        ChecklistItem("Search engines", "todo", 3, "heading", category="search"),
    ]
    report = build_gap(Checklist("me.md", "markdown", items), postings, mentions, tax)
    areas = {c.category: c for c in report.categories}
    lang = areas["language"]
    # ads naming any language: 1-3, 4, 5, 6, 7, 8, g1 -> 9 of 10 (ad 11 names nothing)
    assert (lang.postings, lang.done) == (9, ("python",))
    table = compute_demand(postings, mentions).table
    langs = [s for s in table.index if tax.skills[s].category == "language"]
    assert lang.coverage == pytest.approx(
        table.at["python", "demand"] / table.loc[langs, "demand"].sum()
    )
    assert areas["search"].postings == 0 and areas["search"].state == "todo"
    assert list(areas) == [c for c in tax.category_order() if c in areas]  # roadmap order
    assert "categories" in report.as_dict()


def test_terminal_lists_at_most_40_unmapped_items(tax: Taxonomy) -> None:
    import io

    from rich.console import Console

    from skillgap.cli.gap_view import print_gap

    items = [ChecklistItem(f"thing {i}", "todo", i + 1, "task") for i in range(100)]
    report = build_gap(Checklist("x.md", "markdown", items), *_frames(MARKET), tax)
    buf = io.StringIO()
    print_gap(report, Console(file=buf, width=100))
    text = buf.getvalue()
    assert text.count("thing ") == 40 and "... and 60 more" in text
    assert "Coverage:" in text and "Learn next" in text


def test_skills_that_stand_for_a_category_are_found_from_the_data(tax: Taxonomy) -> None:
    from analyzer.demand import general_skills

    general = general_skills(tax)
    assert general["nosql"] == "nosql-database"  # "NoSQL databases" is one of its aliases
    assert general["cloud"] == "cloud" and general["message-queues"] == "message-broker"
    assert general["relational-databases"] == "relational-database"
    assert not {"python", "postgresql", "kafka", "mongodb", "aws"} & set(general)


def test_a_topic_naming_a_category_is_judged_by_the_category(tax: Taxonomy) -> None:
    """Ads name Kafka and AWS, never "message queues" or "cloud computing": a learner
    listing those is not over-invested; "NoSQL" is, as no ad names any NoSQL database."""
    postings, mentions = _frames(MARKET)
    report = build_gap(
        _checklist({"message-queues": "done", "cloud": "todo", "nosql": "learning"}),
        postings, mentions, tax,
    )  # fmt: skip
    over = {o.skill: o for o in report.over_invested}
    assert set(over) == {"nosql"}
    assert over["nosql"].reason == "none of the 10 ads asks for anything in NoSQL databases"
    assert over["nosql"].category == "nosql-database"
    # a category named on its own still says "any of it"
    items = [ChecklistItem("Search engines", "todo", 1, "heading", category="search")]
    alone = build_gap(Checklist("me.md", "markdown", items), postings, mentions, tax)
    assert [o.reason for o in alone.over_invested] == ["none of the 10 ads asks for any of it"]


# twenty ads: PostgreSQL in 12 (all required), SQL in 3, Go in 5, Python in 4
PREREQ_MARKET = [
    (i, None, {**({"postgresql": "required"} if i <= 12 else {}),
               **({"sql": "preferred"} if i in (1, 13, 14) else {}),
               **({"go": "required"} if 15 <= i <= 19 else {}),
               **({"python": "required"} if i in (2, 3, 20, 19) else {})})
    for i in range(1, 21)
]  # fmt: skip


def test_a_prerequisite_not_done_comes_before_the_skill_that_needs_it(tax: Taxonomy) -> None:
    assert tax.skills["postgresql"].prerequisites == ("sql",)
    postings, mentions = _frames(PREREQ_MARKET)
    report = build_gap(_checklist({"python": "done"}), postings, mentions, tax, limit=0)
    ranked = [s.skill for s in report.learn_next]
    scores = {s.skill: s.score for s in report.learn_next}
    assert scores["postgresql"] > scores["go"] > scores["sql"]  # by score alone: SQL last
    assert ranked[:3] == ["sql", "postgresql", "go"]
    sql, pg = report.learn_next[0], report.learn_next[1]
    assert sql.needed_by == ("postgresql",) and "before PostgreSQL, which needs it" in sql.reason
    assert pg.missing == ("sql",) and "learn SQL first" in pg.reason
    # with SQL done, PostgreSQL leads on its own score
    done = build_gap(_checklist({"python": "done", "sql": "done"}), postings, mentions, tax)
    assert done.learn_next[0].skill == "postgresql" and done.learn_next[0].missing == ()
    # a limit of one keeps the prerequisite, not the skill that needs it
    one = build_gap(_checklist({"python": "done"}), postings, mentions, tax, limit=1)
    assert [s.skill for s in one.learn_next] == ["sql"]
    # a skipped prerequisite is not suggested: the reason says so instead
    skipped = build_gap(_checklist({"sql": "skipped"}), postings, mentions, tax, limit=0)
    pg_only = next(s for s in skipped.learn_next if s.skill == "postgresql")
    assert "learn SQL first" in pg_only.reason
    assert "sql" not in [s.skill for s in skipped.learn_next]


def test_every_share_says_how_many_ads_it_rests_on(tax: Taxonomy) -> None:
    postings, mentions = _frames(MARKET)
    report = build_gap(_checklist({"python": "done", "rust": "todo"}), postings, mentions, tax)
    assert report.few_ads and "fewer than 30 ads" in report.uncertainty
    data = report.as_dict()
    for key in ("learn_next", "skills", "categories", "over_invested"):
        assert data[key], key
        for row in data[key]:
            assert {"postings", "share", "ci_low", "ci_high", "uncertain"} <= set(row), key
            assert row["uncertain"] is True  # 10 ads: every share is uncertain
            assert row["ci_low"] <= row["share"] <= row["ci_high"]
    django = next(s for s in report.learn_next if s.skill == "django")
    assert django.reason.startswith("in 3 of 10 ads (30%), 2 as required (20%)")
    assert "uncertainty" in data

    # 300 ads (MARKET thirty times over): the shares are no longer uncertain
    many = [(pid + 100 * k, None if g is None else f"{g}-{k}", s)
            for k in range(30) for pid, g, s in MARKET]  # fmt: skip
    big = build_gap(_checklist({"python": "done"}), *_frames(many), tax)
    assert big.postings == 300 and not big.few_ads
    python = next(r for r in big.skills if r.skill == "python")
    assert (python.postings, python.uncertain) == (150, False)
