"""Split words glued together by careless HTML stripping: "PythonWhat", "AWSIf", "backgroundGIT".

A token is split at a case boundary only when one side is a known skill alias and the whole
token is not ("JavaScript", "GitHub" and "PostgreSQL" stay whole).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from taxonomy import Taxonomy, load_taxonomy

# lower->Upper+lower ("PythonWhat"), UPPER->Upper+lower ("AWSIf"), lower->UPPER ("backgroundGIT")
_BOUNDARY_RE = re.compile(
    r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z])|(?<=[a-z]{3})(?=[A-Z]{2,}\b)"
)
_CANDIDATE_RE = re.compile(r"[a-z0-9][A-Z]|[A-Z]{3}[a-z]")


def single_word_aliases(taxonomy: Taxonomy) -> tuple[frozenset[str], frozenset[str]]:
    """(exact-case aliases, lower-cased aliases) that are one word."""
    exact: set[str] = set()
    lower: set[str] = set()
    for skill in taxonomy.skills.values():
        for alias in skill.aliases:
            if " " in alias.text:
                continue
            (exact if alias.cased else lower).add(alias.text if alias.cased else alias.text.lower())
    return frozenset(exact), frozenset(lower)


@Language.factory("split_glued_words", default_config={"taxonomy_path": None})
def make_glue_splitter(nlp: Language, name: str, taxonomy_path: str | None) -> GlueSplitter:
    return GlueSplitter(load_taxonomy(taxonomy_path))


class GlueSplitter:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.exact, self.lower = single_word_aliases(taxonomy)

    def _known(self, word: str) -> bool:
        return word in self.exact or word.lower() in self.lower

    def __call__(self, doc: Doc) -> Doc:
        if not _CANDIDATE_RE.search(doc.text):
            return doc
        splits = []
        for token in doc:
            text = token.text
            if len(text) < 5 or text.islower() or text.isupper() or self._known(text):
                continue
            for m in _BOUNDARY_RE.finditer(text):
                cut = m.start()
                if 0 < cut < len(text) and (self._known(text[:cut]) or self._known(text[cut:])):
                    splits.append((token, cut))
                    break
        if splits:
            with doc.retokenize() as retokenizer:
                for token, cut in splits:
                    parts = [token.text[:cut], token.text[cut:]]
                    retokenizer.split(token, parts, heads=[(token, 0), (token, 0)])
        return doc
