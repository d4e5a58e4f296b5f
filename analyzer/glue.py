"""Split words glued together by careless HTML stripping: "PythonWhat", "AWSIf", "backgroundGIT".

A token is split at a case boundary only when one side is a known skill alias and the whole
token is not ("JavaScript", "GitHub" and "PostgreSQL" stay whole).
"""

from __future__ import annotations

import re

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from analyzer.batching import BatchedComponent
from analyzer.extensions import GLUED_STARTS, LOWER_HASHES, doc_text
from analyzer.sections.cues import load_cues
from analyzer.sections.cuts import glue_points
from taxonomy import Taxonomy, load_taxonomy

# lower->Upper+lower ("PythonWhat"), UPPER->Upper+lower ("AWSIf"), lower->UPPER ("backgroundGIT")
_BOUNDARY_RE = re.compile(
    r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z])|(?<=[a-z]{3})(?=[A-Z]{2,}\b)"
)
# an inner case change: the only places worth a look
_INNER_CASE_RE = re.compile(r"[a-z0-9][A-Z]|[A-Z]{3}[a-z]")


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


@Language.factory(
    "split_glued_words",
    assigns=[f"doc._.{LOWER_HASHES}", f"doc._.{GLUED_STARTS}"],
    default_config={"taxonomy_path": None},
)
def make_glue_splitter(nlp: Language, name: str, taxonomy_path: str | None) -> GlueSplitter:
    return GlueSplitter(load_taxonomy(taxonomy_path), nlp.vocab)


class GlueSplitter(BatchedComponent):
    """Splits glued words and notes glued sentence starts; which words are glued is a
    lexeme flag, decided once per word of the vocabulary.

    Leaves for the steps after it: doc._.skillgap_lower, the tokens' lower-case hashes, and
    doc._.skillgap_glued_starts, where a sentence starter is glued to the word before it
    ("skillsDesired Skills"), as sections.cuts.glue_points finds them.
    """

    def __init__(self, taxonomy: Taxonomy, vocab: Vocab) -> None:
        self.exact, self.lower = single_word_aliases(taxonomy)
        self.cues = load_cues()
        # every sentence starter begins with a capital: a word with none after its first
        # three letters has no starter glued on
        self._starters_capitalised = all(w[:1] != w[:1].lower() for w in self.cues.starters)
        self._cuts: dict[str, int] = {}
        # spaCy computes lexeme flags once per new word of the vocabulary, so the check
        # costs nothing on the words it has seen before (nearly all of them); one flag for
        # both kinds of glue, as reading a flag column costs as much as the check saves
        self.flag = vocab.add_flag(self._glued)

    def _known(self, word: str) -> bool:
        return word in self.exact or word.lower() in self.lower

    def _glued(self, word: str) -> bool:
        """A word with a name glued on at a case change, or a glued sentence starter."""
        return self._name_cut(word) is not None or self._glued_starter(word)

    def _name_cut(self, word: str) -> int | None:
        """Where to split one word of letters and digits with a known name glued on."""
        cut = self._cuts.get(word)
        if cut is not None:
            return cut
        if len(word) < 5 or not word.isascii() or not word.isalnum():
            return None
        if not _INNER_CASE_RE.search(word) or self._known(word):
            return None
        cut = self._cut(word)
        if cut is not None:
            self._cuts[word] = cut
        return cut

    def _glued_starter(self, word: str) -> bool:
        if len(word) <= 4:
            return False
        if self._starters_capitalised and word[3:] == word[3:].lower():
            return False
        return bool(glue_points(word, self.cues))

    def __call__(self, doc: Doc) -> Doc:
        attrs = [LOWER, self.flag]
        table = doc.to_array(attrs)
        flagged = table[:, 1].nonzero()[0].tolist()
        splits = self._split(doc, flagged) if flagged else []
        if splits:
            table = doc.to_array(attrs)
            flagged = table[:, 1].nonzero()[0].tolist()
        ext = doc._
        ext.skillgap_lower = table[:, 0]
        starts: list[int] = []
        for i in flagged:
            token = doc[i]
            starts.extend(token.idx + p for p in glue_points(token.text, self.cues))
        if splits:  # "PythonDesired" was cut: the starter is a word of its own now
            text = doc_text(doc)
            for at in splits:
                lo = max(at - 3, 0)
                window = glue_points(text[lo : at + 40], self.cues)
                starts.extend(at for p in window if lo + p == at)
        ext.skillgap_glued_starts = sorted(starts)
        return doc

    def _split(self, doc: Doc, flagged: list[int]) -> list[int]:
        """Split the flagged words that have a name glued on; the character offsets cut."""
        splits: list[int] = []
        with doc.retokenize() as retokenizer:
            for i in flagged:
                token = doc[i]
                word = token.text
                cut = self._name_cut(word)
                if cut is None:
                    continue
                parts = [word[:cut], word[cut:]]
                retokenizer.split(token, parts, heads=[(token, 0), (token, 0)])
                splits.append(token.idx + cut)
        return splits

    def _cut(self, word: str) -> int | None:
        for m in _BOUNDARY_RE.finditer(word):
            cut = m.start()
            if 0 < cut < len(word) and (self._known(word[:cut]) or self._known(word[cut:])):
                return cut
        return None
