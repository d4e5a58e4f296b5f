"""Split words glued together by careless HTML stripping: "PythonWhat", "AWSIf", "backgroundGIT".

A token is split at a case boundary only when one side is a known skill alias and the whole
token is not ("JavaScript", "GitHub" and "PostgreSQL" stay whole).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from taxonomy import Taxonomy, load_taxonomy

TEXT_KEY = "skillgap.text"


def doc_text(doc: Doc) -> str:
    """doc.text, built once: spaCy joins every token each time the property is read."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


# lower->Upper+lower ("PythonWhat"), UPPER->Upper+lower ("AWSIf"), lower->UPPER ("backgroundGIT")
_BOUNDARY_RE = re.compile(
    r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z])|(?<=[a-z]{3})(?=[A-Z]{2,}\b)"
)
# an inner case change: the only places worth a look
_INNER_CASE_RE = re.compile(r"[a-z0-9][A-Z]|[A-Z]{3}[a-z]")
_WORD_EDGE_RE = re.compile(r"[^A-Za-z0-9]")


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
        splits = []
        text = doc_text(doc)
        seen = -1
        for hit in _INNER_CASE_RE.finditer(text):
            if hit.start() < seen:
                continue
            begin = _word_start(text, hit.start())
            edge = _WORD_EDGE_RE.search(text, hit.end())
            stop = edge.start() if edge else len(text)
            seen = stop
            word = text[begin:stop]
            if len(word) < 5 or self._known(word):
                continue
            cut = self._cut(word)
            if cut is None:
                continue
            span = doc.char_span(begin, stop)
            if span is not None and len(span) == 1:  # the word is exactly one token
                splits.append((span[0], cut))
        if splits:
            with doc.retokenize() as retokenizer:
                for token, cut in splits:
                    parts = [token.text[:cut], token.text[cut:]]
                    retokenizer.split(token, parts, heads=[(token, 0), (token, 0)])
        return doc

    def _cut(self, word: str) -> int | None:
        for m in _BOUNDARY_RE.finditer(word):
            cut = m.start()
            if 0 < cut < len(word) and (self._known(word[:cut]) or self._known(word[cut:])):
                return cut
        return None


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isalnum():
        pos -= 1
    return pos
