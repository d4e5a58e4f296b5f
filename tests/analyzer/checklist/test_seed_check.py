"""The seed check: every topic of the seed roadmaps is a skill, a category or not a skill."""

from __future__ import annotations

from pathlib import Path

from analyzer.checklist.seeds import check_seed_topics
from taxonomy import load_taxonomy


def test_the_bundled_taxonomy_accounts_for_every_seed_topic(shared: Path) -> None:
    result = check_seed_topics(load_taxonomy(), [shared / "seeds"])
    assert result.problems == []
    assert result.topics > 200
    assert result.topics_by_extractor > 100 and result.topics_listed > 50


def test_unaccounted_seed_topic_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "skills.yaml"
    path.write_text(
        """
categories: [{id: lang, label: Languages}]
skills: [{id: go, label: Go, category: lang, aliases: [Golang]}]
topics:
  not_skills: [{topic: Books, why: resources}]
""",
    )
    seed = tmp_path / "seed.md"
    seed.write_text("# My roadmap\n\n- [x] Golang\n- [ ] Books\n- [ ] Quantum basket weaving\n")
    result = check_seed_topics(load_taxonomy(path), [seed])
    assert len(result.problems) == 1
    assert "seed.md:5" in result.problems[0] and "Quantum basket weaving" in result.problems[0]


def test_without_seed_files_the_check_warns_and_passes(tmp_path: Path) -> None:
    result = check_seed_topics(load_taxonomy(), [tmp_path])
    assert result.ok and result.topics == 0
    assert result.warnings == ["no seed roadmaps found; seed coverage not checked"]


def test_an_unreadable_seed_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes(b"\x00\x01 binary")
    (tmp_path / "seed.bin").write_bytes(b"Python\n")
    result = check_seed_topics(load_taxonomy(), [tmp_path])
    assert [p.split(";")[0] for p in result.problems] == [
        "seed.bin: cannot read it as a roadmap: unknown format: seed.bin is a .bin file",
        "seed.txt: cannot read it as a roadmap: seed.txt is a binary file, not a text checklist",
    ]
