"""The pipeline's tokenizer: spaCy's English rules, tuned for tech lists, caching every chunk."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    registry,
)

_URL_ONLY_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# whitespace the tokenizer makes tokens of (all but a single space), cached from the start
_SPACE_CHUNKS = ("\n\n", "\n\n\n", "\n\n\n\n", "  ", "   ", "\t", "\t\t", "\n\t", "\r\n", "\n ")
# a word of letters, maybe in an opening parenthesis, maybe followed by one stop
_PLAIN_WORD_RE = re.compile(r"\(?([^\W\d_]+)[,.;:!?)]?")
CACHE_CHUNKS = 100_000  # distinct chunks cached at most (spaCy's default: 10,000)
TOKENIZER = "skillgap.Tokenizer.v1"  # the tuned tokenizer's name in spaCy's registry


def blank_config() -> dict[str, Any]:
    """spacy.blank's config for a pipeline with the tuned tokenizer."""
    return {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}}


@registry.tokenizers(TOKENIZER)
def make_tuned_tokenizer() -> Callable[[Language], Tokenizer]:
    """The tuned tokenizer built straight from the language's defaults (spacy.blank would
    otherwise build its own first, only for tune_tokenizer to replace it)."""

    def create(nlp: Language) -> Tokenizer:
        defaults: Any = nlp.Defaults
        base = {
            "rules": defaults.tokenizer_exceptions,
            "prefix_search": compile_prefix_regex(defaults.prefixes).search,
            "token_match": defaults.token_match,
        }
        return tuned_tokenizer(nlp, base)

    return create


def tune_tokenizer(nlp: Language) -> None:
    """Replace a pipeline's tokenizer (an installed model's, say) by a tuned one."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    nlp.tokenizer = tuned_tokenizer(nlp, rules_of(tokenizer))


def tuned_tokenizer(nlp: Language, base: dict[str, Any]) -> ChunkCachingTokenizer:
    """A tokenizer with the `base` settings that splits tech lists the default rules glue
    together ("node.js/Ruby", "Go(lang)"), and caches every chunk (see
    ChunkCachingTokenizer)."""
    defaults: Any = nlp.Defaults
    infixes = [
        *defaults.infixes,
        r"(?<=[\w.+#])/(?=[\w.])",  # lists: "Vue.js/Typescript"
        r"(?<=[A-Za-z])\((?=[a-z])",  # "Go(lang)"
        r"[•·▪]",  # glued bullets: "experience•Experience"
        r"(?<=\w)\)(?=[.,;:]?[A-Za-z])",  # glued parenthesis: "(SWAGGER).Experience"
        r"(?<=[#+])[.,;:](?=\S)",  # "C#.Next", "C++,Java"
    ]
    settings = {
        **base,
        # only scheme- or www-prefixed strings are URLs; "node.js/Ruby" is a list of two names
        "url_match": _URL_ONLY_RE.match,
        "infix_finditer": compile_infix_regex(infixes).finditer,
        "suffix_search": compile_suffix_regex([*defaults.suffixes, r"/"]).search,
        # one token wherever they stand, as in the aliases
        "rules": {**base["rules"], **{name: [{ORTH: name}] for name in ("C#", "F#", "C++")}},
    }
    # built once with all its settings: each setter on a built tokenizer reloads every
    # special case, about 0.1 s apiece
    return ChunkCachingTokenizer(nlp.vocab, max_cache_size=CACHE_CHUNKS, **settings)


def rules_of(tokenizer: Tokenizer) -> dict[str, Any]:
    """What a tokenizer splits by, as keyword arguments to build another one like it."""
    return {
        "rules": tokenizer.rules,
        "prefix_search": tokenizer.prefix_search,
        "suffix_search": tokenizer.suffix_search,
        "infix_finditer": tokenizer.infix_finditer,
        "token_match": tokenizer.token_match,
        "url_match": tokenizer.url_match,
        "faster_heuristics": tokenizer.faster_heuristics,
    }


class ChunkCachingTokenizer(Tokenizer):
    """spaCy's tokenizer with its chunk cache doing its job.

    The tokenizer cuts a text at spaces into chunks and caches each chunk's tokens, so a
    chunk it has seen costs a lookup. But spaCy 3.8 stops caching a text's chunks after
    the first special case in it (explosion/spaCy#13950): a line break, "don't", "e.g.".
    Job ads have line breaks from the start, so their words were split by the prefix,
    suffix and infix rules anew every time, 4-15x the cost of the lookups.

    This tokenizer first tokenizes the chunks of a text it has not seen before apart from
    the text, which caches each unless the chunk itself holds a special case; the text
    then finds its chunks in the cache. A chunk's tokens do not depend on its
    neighbours, so the tokens are exactly spaCy's.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: set[str] = set()  # chunks tokenized apart once
        self._special_keys = frozenset(self.rules)
        self._warm(set(_SPACE_CHUNKS))

    def __call__(self, string: str) -> Doc:
        seen = self._seen
        # spaCy never evicts from its cache: once it is full, warming stops too
        if len(seen) < self.max_cache_size:
            chunks = string.split()
            if not seen.issuperset(chunks):  # C-speed check: nearly always true once warm
                self._warm(set(chunks).difference(seen))
        return super().__call__(string)

    def _warm(self, chunks: set[str]) -> None:
        """Tokenize chunks apart so that spaCy caches them: plain words (see _plain) in one
        call, the rest one by one, as a special case in a call stops the caching of the
        chunks after it. A plain word that held one after all would cost only speed."""
        self._seen.update(chunks)
        words: list[str] = []
        others: list[str] = []
        for chunk in chunks:
            (words if self._plain(chunk) else others).append(chunk)
        if words:
            super().__call__(" ".join(words))
        for chunk in others:
            super().__call__(chunk)

    def _plain(self, chunk: str) -> bool:
        """A word of letters, maybe with "(" before it and one stop after it, that holds no
        special case: the affix rules look up only these four strings ("Inc." is one)."""
        m = _PLAIN_WORD_RE.fullmatch(chunk)
        if m is None:
            return False
        start, end = m.span(1)
        return self._special_keys.isdisjoint((chunk, chunk[start:end], chunk[start:], chunk[:end]))
