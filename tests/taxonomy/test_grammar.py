"""Phrase families (taxonomy/grammar.py): word classes expanded into token patterns, and the
concept phrasings they find (texts invented for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from analyzer.extract import Extractor
from taxonomy import load_taxonomy
from taxonomy.grammar import GrammarError, expand_grammar
from taxonomy.loader import TaxonomyError, parse_taxonomy

GRAMMAR = {
    "classes": {"verb": ["Tune", "tuning"], "obj": ["queries", "database"]},
    "families": {
        "database-design": [
            ["verb", {"gap": 2}, "obj"],
            {"pattern": [{"LOWER": "sql"}, "verb?"], "also": ["sql"]},
            ["verb", {"gap": 3, "punct": True}, "obj"],
        ]
    },
}


def test_classes_expand_into_token_patterns() -> None:
    out = expand_grammar(GRAMMAR)["database-design"]
    assert out[0]["pattern"][0] == {"LOWER": {"IN": ["tune", "tuning"]}}
    assert out[0]["pattern"][1] == {"IS_PUNCT": False, "IS_SPACE": False, "OP": "{0,2}"}
    assert out[1]["also"] == ["sql"] and out[1]["pattern"][1]["OP"] == "?"
    assert "," in out[2]["pattern"][1]["ORTH"]["NOT_IN"]  # a punct gap never crosses a comma


@pytest.mark.parametrize(
    ("grammar", "message"),
    [({"classes": {"a": []}}, "non-empty list"),
     ({"classes": {"a": ["x"]}, "families": {"s": [["b"]]}}, "no word class 'b'"),
     ({"classes": {"a": ["x"]}, "families": {"s": [["a", {"gap": 20}]]}}, "1 to 8"),
     ({"classes": {"a": ["x"]}, "families": {"s": [[]]}}, "non-empty list of tokens"),
     ("nonsense", "expected a mapping")],
)  # fmt: skip
def test_bad_grammar(grammar: Any, message: str) -> None:
    with pytest.raises(GrammarError, match=message):
        expand_grammar(grammar)


def test_family_of_an_unknown_skill_is_refused() -> None:
    data = {
        "categories": [{"id": "db", "label": "DB"}],
        "skills": [{"id": "x", "label": "X", "category": "db", "aliases": ["x"]}],
        "grammar": GRAMMAR,
    }
    with pytest.raises(TaxonomyError, match="unknown skills"):
        parse_taxonomy(data)


def test_shipped_families_become_patterns() -> None:
    tax = load_taxonomy()
    assert len(tax.skills["database-design"].patterns) >= 5
    assert any(p.also == ("sql",) for p in tax.skills["database-design"].patterns)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [("You will spend time tuning our database for speed.", {"database-design"}, set()),
     ("Experience modeling real-world data for analytics.", {"database-design"}, set()),
     ("You know relational DB design well.", {"database-design", "relational-databases"},
      set()),
     ("Strong SQL performance tuning skills.", {"database-design", "sql"}, set()),
     ("We will design and evolve our schemas together.", {"database-design"}, set()),
     ("Support and optimize DB infrastructure.", set(), {"database-design"}),
     ("Help shape the core architecture of our product.", {"system-design"}, set()),
     ("Design scalable, reliable solutions for payments.", {"system-design"}, set()),
     ("Experience with microservice architectures.", {"microservices"}, {"system-design"}),
     ("Business modeling, data flows and reports.", set(), {"database-design"})],
)  # fmt: skip
def test_concept_phrasings(
    extractor: Extractor, text: str, present: set[str], absent: set[str]
) -> None:
    found = {m.skill for m in extractor.extract(text)}
    assert present <= found and not absent & found, found
