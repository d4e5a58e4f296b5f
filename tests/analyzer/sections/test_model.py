"""The section model: plain JSON read in pure Python, trained from pair labels, used by the
extractor (texts and labels invented for these tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.extract import AdInput, Extractor, skills_of
from analyzer.sections.model import MODEL_PATH, ModelFileError, SectionModel, load_section_model
from analyzer.train_sections import Pair, featured_ads, fit, gold_pairs, predict
from tests.support.section_gold import SECTION_GOLD_ADS

ADS = SECTION_GOLD_ADS


def gold() -> list[dict[str, Any]]:
    return [
        {"id": f"ad{i}", "text": text, "skills": sorted(labels), "sections": labels}
        for i, (text, labels) in enumerate(ADS * 3)
    ]


@pytest.fixture(scope="module")
def rules_extractor() -> Extractor:
    return Extractor(sections=None)


def test_shipped_model_is_plain_json_and_small() -> None:
    assert MODEL_PATH.stat().st_size < 1_000_000
    data = json.loads(MODEL_PATH.read_text())
    model = SectionModel.from_dict(data)
    assert set(model.labels) == {"required", "preferred", "other"}
    training = data["training"]
    for key in ("in_sample", "out_of_fold", "rules"):
        assert 0.5 < training[key]["label acc"] <= 1.0
    assert load_section_model() is not None


def test_probabilities_and_round_trip(tmp_path: Path) -> None:
    model = SectionModel(
        labels=("required", "preferred", "other"),
        intercept=(0.0, 0.0, 1.0),
        weights={"cue=plus": (0.0, 3.0, 0.0), "cue=need": (2.0, 0.0, 0.0)},
    )
    p = model.proba(("cue=plus", "unknown"))
    assert abs(sum(p) - 1.0) < 1e-9 and max(p) == p[1]
    assert model.label(("cue=need",)) == "required" and model.label(()) == "other"
    path = tmp_path / "m.json"
    model.save(path)
    again = load_section_model(str(path))
    assert again is not None and again.weights == model.weights


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "not valid JSON"), ('{"format": "x"}', "not a section model"),
     ('{"format": "skillgap-section-model/1", "labels": ["a"]}', "labels must be"),
     ('{"format": "skillgap-section-model/1", "labels": ["required", "preferred", "other"],'
      ' "intercept": [0, 0], "weights": {}}', "needs 3 values")],
)  # fmt: skip
def test_bad_model_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ModelFileError, match=message):
        load_section_model(str(path))


def test_fit_learns_from_pair_labels(rules_extractor: Extractor) -> None:
    lines = gold()
    featured = featured_ads(lines, rules_extractor)
    pairs = gold_pairs(lines, featured)
    assert len(pairs) == 12 * 3
    model = fit(pairs)
    pred = predict(model, featured, [g["id"] for g in lines])
    right = sum(pred[g["id"]].get(s) == lab for g in lines for s, lab in g["sections"].items())
    assert right >= 0.9 * len(pairs)


def test_a_pair_label_goes_to_one_mention_not_all() -> None:
    """Multiple-instance rounds: a skill required once and named in the blurb too keeps
    its other mention 'other', so blurb mentions are not learned as requirements."""
    req, blurb = ("head=required", "bullet"), ("head=other", "words:company")
    pairs = [Pair(f"a{i}", "x", "required", (req, blurb)) for i in range(20)]
    pairs += [Pair(f"b{i}", "y", "other", (blurb,)) for i in range(20)]
    model = fit(pairs)
    assert model.label(req) == "required" and model.label(blurb) == "other"


def test_extractor_labels_with_a_model_or_the_rules(rules_extractor: Extractor) -> None:
    text = "Requirements:\n- Python\n\nNice to have:\n- Kafka\n"
    assert skills_of(rules_extractor.extract(text)) == {"python": "required", "kafka": "preferred"}
    everything_other = SectionModel(("required", "preferred", "other"), (0.0, 0.0, 5.0), {})
    ex = Extractor(sections=everything_other)
    assert skills_of(ex.extract(text)) == {"python": "other", "kafka": "other"}
    # a skill in the title is required whatever the model says (the policy's role rule)
    assert skills_of(ex.extract(text, title="Senior Python Engineer"))["python"] == "required"
    featured = rules_extractor.featured(AdInput("x", text))
    assert [m.section for m, _f in featured] == ["required", "preferred"]
    assert all("rule=" + m.section in f for m, f in featured)
