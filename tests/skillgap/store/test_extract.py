"""extract_pending tags what is new, changed or re-taxonomised, and only that."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.extract import AdInput, Extractor
from analyzer.fingerprint import extraction_files, extraction_fingerprint
from analyzer.sections import cues, features, model
from skillgap.run.extract import extract_pending
from skillgap.store import Store
from taxonomy import DEFAULT_PATH
from tests.support.posting_factory import make_posting

ADS = {
    "a": "Requirements: Python and PostgreSQL. Nice to have: Kafka.",
    "b": "You will build services in Go on Kubernetes. Bonus: Terraform.",
    "c": "We are a friendly team that loves long walks.",
}


def _skills(store: Store) -> dict[str, set[str]]:
    frame = store.postings_frame()[["id", "external_id"]].merge(
        store.mentions_frame(), left_on="id", right_on="posting_id", how="left"
    )
    return {ext: {s for s in group.skill.dropna()} for ext, group in frame.groupby("external_id")}


def test_extract_pending_incremental(store: Store, tmp_path: Path) -> None:
    store.upsert_many([make_posting(k, description_text=v) for k, v in ADS.items()])
    stats = extract_pending(store, workers=1)
    assert stats.pending == stats.extracted == 3 and stats.reasons == {"new": 3}
    assert stats.taxonomy == extraction_fingerprint()
    assert stats.duplicates is not None and stats.duplicates["postings"] == 3  # regrouped
    skills = _skills(store)
    assert {"python", "postgresql", "kafka"} <= skills["a"]
    assert {"go", "kubernetes", "terraform"} <= skills["b"]
    assert skills["c"] == set()
    mentions = store.mentions_frame()
    kafka = mentions[mentions.skill == "kafka"].iloc[0]
    assert kafka.section == "preferred" and kafka.text == "Kafka"
    assert ADS["a"][kafka.start : kafka.end] == "Kafka"
    before = len(mentions)

    # nothing changed: nothing to do
    idle = extract_pending(store, workers=1)
    assert idle.pending == 0 and idle.duplicates is None
    # a salary change is not a text change; a text change is
    store.upsert_posting(make_posting("a", description_text=ADS["a"], salary_max=1.0))
    store.upsert_posting(make_posting("b", description_text="Rust and gRPC, nothing else."))
    stats = extract_pending(store, workers=1)
    assert stats.reasons == {"changed": 1} and stats.extracted == 1
    skills = _skills(store)
    assert "go" not in skills["b"] and {"rust", "grpc"} <= skills["b"]
    assert {"python", "postgresql", "kafka"} <= skills["a"]
    assert len(store.mentions_frame()) < before + 2  # replaced, not appended

    # a new taxonomy version redoes every posting, replacing (not doubling) mentions
    changed_taxonomy = tmp_path / "skills.yaml"
    changed_taxonomy.write_bytes(DEFAULT_PATH.read_bytes() + b"\n# edited by a curator\n")
    count = len(store.mentions_frame())
    stats = extract_pending(store, taxonomy_path=changed_taxonomy, workers=1)
    assert stats.reasons == {"retagged": 3}
    assert stats.taxonomy == extraction_fingerprint(changed_taxonomy) != extraction_fingerprint()
    assert len(store.mentions_frame()) == count
    assert extract_pending(store, taxonomy_path=changed_taxonomy, workers=1).pending == 0


def test_failed_save_keeps_old_mentions(store: Store) -> None:
    store.upsert_many([make_posting(k, description_text=v) for k, v in ADS.items()])
    extract_pending(store, workers=1)
    before = store.mentions_frame()
    ids = sorted(store.postings_frame().id)

    class Broken:
        skill, section, start, end, text = None, "required", 0, 1, "x"  # NOT NULL violated

    good = [(ids[0], "h", [])]
    try:
        store.save_mentions([*good, (ids[1], "h", [Broken()])], "fp")
    except Exception as exc:  # the database refuses the row
        assert "null" in str(exc).lower()
    else:
        raise AssertionError("a NULL skill was stored")
    assert store.mentions_frame().equals(before)
    assert extract_pending(store, workers=1).pending == 0


def test_parallel_workers_give_the_same_mentions(tmp_path: Path) -> None:
    results = []
    for workers in (1, 2):
        with Store.open(f"sqlite:///{tmp_path}/w{workers}.sqlite") as store:
            store.upsert_many([make_posting(k, description_text=v) for k, v in ADS.items()])
            assert extract_pending(store, workers=workers).workers == workers
            results.append(store.mentions_frame())
    assert results[0].equals(results[1]) and len(results[0]) >= 6


def test_an_ad_the_extractor_fails_on_is_skipped_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/s.sqlite")  # backend-independent logic
    real_many, real_one = Extractor.extract_many, Extractor.extract_ad

    def many(self: Extractor, ads: list[AdInput], batch_size: int = 64) -> Iterator[Any]:
        if any("BOOM" in ad.text for ad in ads):
            raise ValueError("tokenizer exploded")
        return real_many(self, ads, batch_size)

    def one(self: Extractor, ad: AdInput) -> list[Any]:
        if "BOOM" in ad.text:
            raise ValueError("tokenizer exploded")
        return real_one(self, ad)

    monkeypatch.setattr(Extractor, "extract_many", many)
    monkeypatch.setattr(Extractor, "extract_ad", one)
    store.upsert_many([make_posting(k, description_text=v) for k, v in ADS.items()]
                      + [make_posting("bad", description_text="Python BOOM")])  # fmt: skip
    stats = extract_pending(store, workers=1)
    bad_id = int(store.postings_frame().set_index("external_id").id["bad"])
    assert stats.extracted == 3 and stats.failed == {bad_id: "ValueError: tokenizer exploded"}
    assert {"python", "kafka"} <= _skills(store)["a"]
    assert [pid for pid, _r in store.pending_extraction(stats.taxonomy)] == [bad_id]
    assert store.count_pending_extraction(stats.taxonomy) == 1  # the report's "untagged"
    store.close()


# a section model that answers "other" for every mention (not in a title)
_ALL_OTHER = json.dumps({
    "format": "skillgap-section-model/1", "labels": ["required", "preferred", "other"],
    "intercept": [0.0, 0.0, 9.0], "weights": {}, "training": {},
})  # fmt: skip


@pytest.mark.parametrize(
    ("module", "attr", "edit"),
    [(cues, "CUES_PATH", None), (features, "FEATURES_PATH", None),
     (model, "MODEL_PATH", _ALL_OTHER)],
)  # fmt: skip
def test_a_changed_section_data_file_retags_stored_postings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: Any, attr: str, edit: str | None
) -> None:
    """The cue words, the feature words and the section model change what extraction
    outputs as much as the taxonomy does: changing any of them retags every posting on the
    next extract, with the changed file (no cached copy of the old one)."""
    store = Store.open(f"sqlite:///{tmp_path}/s.sqlite")
    store.upsert_many([make_posting(k, description_text=v) for k, v in ADS.items()])
    before = extract_pending(store, workers=1).taxonomy
    assert extract_pending(store, workers=1).pending == 0
    original: Path = getattr(module, attr)
    assert original in extraction_files()
    changed = tmp_path / original.name
    if edit is None:
        changed.write_bytes(original.read_bytes() + b"\n# edited by a curator\n")
    else:
        changed.write_text(edit)
    monkeypatch.setattr(module, attr, changed)
    stats = extract_pending(store, workers=1)
    assert stats.reasons == {"retagged": 3} and stats.taxonomy != before
    if edit is not None:  # the new model labelled them, not a cached copy of the old one
        assert set(store.mentions_frame().section) == {"other"}
    assert extract_pending(store, workers=1).pending == 0
    store.close()


def test_a_missing_section_model_is_a_fingerprint_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = extraction_fingerprint()
    monkeypatch.setattr(model, "MODEL_PATH", tmp_path / "absent.json")
    assert extraction_fingerprint() != shipped


def test_every_section_data_file_is_in_the_fingerprint() -> None:
    """A data file added beside the section rules is read by the extractor: it must change
    the fingerprint too."""
    here = Path(cues.__file__).parent
    shipped = {p.name for p in here.iterdir() if p.suffix in {".yaml", ".yml", ".json"}}
    assert shipped <= {p.name for p in extraction_files()}
