"""Skill extraction: a spaCy pipeline over the taxonomy, plus section labels per mention."""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import os
import re
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from analyzer import glue as _glue  # noqa: F401  (registers "split_glued_words")
from analyzer import matcher as _matcher  # noqa: F401  (registers "skill_matcher")
from analyzer.errors import AnalyzerError
from analyzer.extensions import doc_text
from analyzer.labels import strongest
from analyzer.matcher import SPAN_KEY
from analyzer.sections.cues import Cues, load_cues
from analyzer.sections.cuts import glue_points
from analyzer.sections.features import MentionFeatures, expand, load_feature_words
from analyzer.sections.index import StretchIndex
from analyzer.sections.mention import label_mention
from analyzer.sections.model import SectionModel, load_section_model
from analyzer.sections.segments import label_segments
from analyzer.text import to_text
from analyzer.tokenizer import blank_config, tune_tokenizer
from taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)
T = TypeVar("T")
SEGMENT_CHARS = 100_000  # longer texts are tagged in line-aligned segments of about this size


class Mention(NamedTuple):
    """One skill named in an ad: where, as written, and how it is asked for."""

    skill: str
    start: int
    end: int
    text: str
    section: str

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


@dataclass(frozen=True)
class AdInput:
    """One ad to tag: text may be HTML or plain text."""

    id: Any
    text: str
    title: str | None = None
    company: str | None = None


def build_nlp(taxonomy_path: str | None = None, model: str | None = None) -> Language:
    """A pipeline: an installed model when asked for and present, else spacy.blank("en")."""
    nlp: Language | None = None
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "parser", "tagger"])
            tune_tokenizer(nlp)
        except OSError:  # not installed: say so, and never download anything
            log.warning("spaCy model %r is not installed; using spacy.blank('en')", model)
    if nlp is None:
        nlp = spacy.blank("en", config=blank_config())  # with the tuned tokenizer
    nlp.add_pipe("split_glued_words", config={"taxonomy_path": taxonomy_path})
    nlp.add_pipe("skill_matcher", config={"taxonomy_path": taxonomy_path})
    return nlp


def _company_words(company: str | None) -> set[str]:
    if not company:
        return set()
    return {w.lower() for w in re.findall(r"[\w.+#-]+", company) if len(w) > 1}


class Extractor:
    """Maps ad text onto taxonomy skills, each mention labelled required/preferred/other."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        taxonomy_path: str | None = None,
        model: str | None = None,
        sections: SectionModel | str | None = "shipped",
    ) -> None:
        """`sections`: the section model that labels mentions: "shipped" (the package's,
        else the rules), a model file's path, a model, or None (the rules alone)."""
        self.taxonomy = taxonomy or load_taxonomy(taxonomy_path)
        # the pipeline's components read the same file as the taxonomy given
        self.nlp = build_nlp(taxonomy_path or self.taxonomy.path or None, model)
        self.cues: Cues = load_cues()
        self.words = load_feature_words()
        self.section_model: SectionModel | None
        if isinstance(sections, str):
            self.section_model = load_section_model(None if sections == "shipped" else sections)
        else:
            self.section_model = sections
        self.tiers = {s.id: s.tier for s in self.taxonomy.skills.values()}
        self._titles: dict[str, frozenset[str]] = {}

    # ----------------------------------------------------------------- single ad
    def extract(
        self, text: str, title: str | None = None, company: str | None = None
    ) -> list[Mention]:
        plain = to_text(text) if text else ""
        return self._mentions(plain, self._parse(plain), title, company)

    def extract_ad(self, ad: AdInput) -> list[Mention]:
        return self.extract(ad.text, ad.title, ad.company)

    def featured(self, ad: AdInput) -> list[tuple[Mention, tuple[str, ...]]]:
        """Each mention with the rules' label and the features the section model reads."""
        plain = to_text(ad.text) if ad.text else ""
        features: list[tuple[str, ...]] = []
        mentions = self._mentions(plain, self._parse(plain), ad.title, ad.company, features)
        return list(zip(mentions, features, strict=True))

    def _parse(self, plain: str) -> list[tuple[int, Any]]:
        """(offset, Doc) pairs: one Doc, or line-aligned segments for a very long text."""
        if len(plain) <= SEGMENT_CHARS:
            return [(0, self.nlp(self._make_doc(plain)))]
        offsets = list(_segment_offsets(plain))
        docs = (self._make_doc(plain[a:b]) for a, b in offsets)
        return [(a, doc) for (a, _b), doc in zip(offsets, self.nlp.pipe(docs), strict=True)]

    def _make_doc(self, text: str) -> Doc:
        """Tokenize, and remember the text so components need not rebuild it from tokens."""
        doc = self.nlp.make_doc(text)
        doc._.skillgap_text = text
        return doc

    def _mentions(
        self,
        plain: str,
        parsed: list[tuple[int, Any]],
        title: str | None,
        company: str | None,
        features: list[tuple[str, ...]] | None = None,
    ) -> list[Mention]:
        """The mentions, labelled by the section model (by the rules when there is none, or
        when `features` is given: it then receives each mention's features)."""
        results = [(offset, doc, *_results(doc)) for offset, doc in parsed]
        found = [(offset, f) for offset, _doc, hits, _noted in results for f in hits]
        if not found:
            return []
        glued = [
            offset + p
            for offset, doc, _hits, noted in results
            for p in (glue_points(doc_text(doc), self.cues) if noted is None else noted)
        ]
        last = max(offset + f[1] for offset, f in found)
        segments = label_segments(plain, self.cues, last)
        index = StretchIndex(plain, segments, self.cues, sorted(glued))
        title_skills = self._title_skills(title)
        company_words = _company_words(company)
        model = None if features is not None else self.section_model
        reader = None
        if model is not None or features is not None:
            reader = MentionFeatures(plain, index, self.cues, self.words)
        out: list[Mention] = []
        for offset, (skill, s_char, e_char) in found:
            start, end = offset + s_char, offset + e_char
            if company_words and _is_company_name(plain, start, end, company_words):
                continue
            in_title = skill in title_skills
            # a role named in the title: required, as the policy says
            section = "required" if in_title else label_mention(plain, index, start, end, self.cues)
            if features is not None or (model is not None and not in_title):
                assert reader is not None
                parts = reader.parts(start, end, section, self.tiers.get(skill, "extra"), in_title)
                if features is not None:
                    features.append(expand(parts))
                elif model is not None:
                    section = model.label_parts(parts)
            out.append(Mention(skill, start, end, plain[start:end], section))
        return out

    def _title_skills(self, title: str | None) -> frozenset[str]:
        if not title:
            return frozenset()
        cached = self._titles.get(title)
        if cached is None:
            doc = self.nlp(title)
            cached = frozenset(s.label_ for s in doc.spans[SPAN_KEY])
            if len(self._titles) > 10_000:  # titles repeat a lot; keep the cache bounded
                self._titles.clear()
            self._titles[title] = cached
        return cached

    # ----------------------------------------------------------------- many ads
    def extract_many(
        self, ads: Iterable[AdInput], batch_size: int = 64
    ) -> Iterator[tuple[AdInput, list[Mention]]]:
        """Tag ads in this process, streaming; nlp.pipe batches the tokenizer work."""
        buffer: list[tuple[AdInput, str]] = []
        for ad in ads:
            buffer.append((ad, to_text(ad.text) if ad.text else ""))
            if len(buffer) >= batch_size:
                yield from self._flush(buffer)
                buffer = []
        if buffer:
            yield from self._flush(buffer)

    def _flush(self, buffer: list[tuple[AdInput, str]]) -> Iterator[tuple[AdInput, list[Mention]]]:
        # the batch is tokenized in one go, before the components run: the tokenizer's
        # loop keeps its data in the CPU caches instead of taking turns with Python code
        short = [self._make_doc(t) for _ad, t in buffer if len(t) <= SEGMENT_CHARS]
        docs = iter(self.nlp.pipe(short))
        for ad, plain in buffer:
            parsed = [(0, next(docs))] if len(plain) <= SEGMENT_CHARS else self._parse(plain)
            yield ad, self._mentions(plain, parsed, ad.title, ad.company)


def skills_of(mentions: Iterable[Mention]) -> dict[str, str]:
    """Each skill with its strongest label among its mentions."""
    best: dict[str, str] = {}
    for m in mentions:
        held = best.get(m.skill)
        best[m.skill] = m.section if held is None else strongest((held, m.section))
    return best


def _segment_offsets(plain: str) -> Iterator[tuple[int, int]]:
    """Cut a long text at line breaks (else spaces) into pieces of about SEGMENT_CHARS."""
    start = 0
    n = len(plain)
    while start < n:
        end = min(start + SEGMENT_CHARS, n)
        if end < n:
            cut = plain.rfind("\n", start + SEGMENT_CHARS // 2, end)
            if cut < 0:
                cut = plain.rfind(" ", start + SEGMENT_CHARS // 2, end)
            end = cut + 1 if cut >= 0 else end
        yield start, end
        start = end


def _results(doc: Doc) -> tuple[list[tuple[str, int, int]], list[int] | None]:
    """What the components left on the Doc, read at once: the mentions the matcher kept,
    and where the glue splitter noted sentence starters glued on (None: it did not run)."""
    ext = doc._
    found = ext.skillgap_found
    if found is None:
        found = [(s.label_, s.start_char, s.end_char) for s in doc.spans[SPAN_KEY]]
    return list(found), ext.skillgap_glued_starts


_COMPANY_NEXT = {"is", "'s", "’s", "inc", "inc.", "labs", "|", "-", "(", ","}
_COMPANY_PREV = {"at", "join", "about", "with", "|"}
_NEIGHBOUR_RE = re.compile(r"\s*([\w.’']+|[|(,-])")


def _is_company_name(text: str, start: int, end: int, company_words: set[str]) -> bool:
    """The employer's own name ("Redis" in an ad by Redis) is not a skill mention."""
    if not company_words.issuperset(text[start:end].lower().split()):
        return False
    # the name used as a subject or possessive: "Redis is hiring", "Datadog's platform"
    nxt = _NEIGHBOUR_RE.match(text, end)
    if nxt is None or nxt.group(1).lower() in _COMPANY_NEXT:
        return True
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].lower() in _COMPANY_PREV


# --------------------------------------------------------------------- workers
_WORKER: Extractor | None = None


class WorkerDied(AnalyzerError):
    """An extraction worker process ended abruptly (killed from outside): one line at the
    CLI, like every error the analyzer reports."""


def _leave_stops_to_the_parent() -> None:
    """A worker ignores Ctrl-C and ends silently on SIGTERM: the process that owns the
    pool decides how to stop and shuts the pool down (a forked worker would otherwise run
    the parent's handlers and print their exceptions as tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _init_worker(taxonomy_path: str | None, model: str | None) -> None:
    global _WORKER
    _leave_stops_to_the_parent()
    _WORKER = Extractor(taxonomy_path=taxonomy_path, model=model)


def _work(chunk: list[AdInput]) -> list[list[tuple[str, int, int, str, str]]]:
    assert _WORKER is not None
    # small, picklable results only: never whole Docs
    return [
        [(m.skill, m.start, m.end, m.text, m.section) for m in mentions]
        for _ad, mentions in _WORKER.extract_many(chunk)
    ]


def default_workers() -> int:
    """What serves best here: one process per core, capped to keep memory modest."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - non-Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def extract_parallel(
    ads: Iterable[AdInput],
    workers: int,
    taxonomy_path: str | None = None,
    model: str | None = None,
    chunk_size: int = 128,
    extractor: Extractor | None = None,
) -> Iterator[tuple[AdInput, list[Mention]]]:
    """Tag ads across `workers` processes, in input order, streaming.

    Input too small to fill every worker once is tagged in this process: a pool would
    cost more than it saves. Workers get only text in and small tuples back, never Docs.
    """
    it = iter(ads)
    head = list(itertools.islice(it, max(workers, 1) * chunk_size))
    if workers <= 1 or len(head) < workers * chunk_size:
        local = extractor or Extractor(taxonomy_path=taxonomy_path, model=model)
        yield from local.extract_many(itertools.chain(head, it))
        return
    global _WORKER
    fork = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if fork else "spawn")
    if fork:  # children inherit a ready extractor instead of each building their own
        _WORKER = extractor or Extractor(taxonomy_path=taxonomy_path, model=model)
        init: dict[str, Any] = {"initializer": _leave_stops_to_the_parent}
    else:  # pragma: no cover - platforms without fork
        init = {"initializer": _init_worker, "initargs": (taxonomy_path, model)}
    # a bounded window of chunks in flight, results in input order: bounded memory on
    # endless input. ProcessPoolExecutor (not Pool): a worker that dies is reported
    # (BrokenProcessPool) instead of hanging the pool, and shutdown never waits on the
    # locks of a queue a killed worker held.
    chunks = chunked(itertools.chain(head, it), chunk_size)
    pool = ProcessPoolExecutor(workers, mp_context=ctx, **init)
    try:
        window: deque[tuple[list[AdInput], Future[Any]]] = deque()
        for chunk in itertools.islice(chunks, workers * 4):
            window.append((chunk, pool.submit(_work, chunk)))
        while window:
            chunk, future = window.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                raise WorkerDied(
                    "an extraction worker process ended abruptly (killed from outside?); "
                    "what was not stored yet is tagged by the next run"
                ) from None
            nxt = next(chunks, None)
            if nxt is not None:
                window.append((nxt, pool.submit(_work, nxt)))
            for ad, rows in zip(chunk, results, strict=True):
                yield ad, [Mention(*r) for r in rows]
    finally:  # stopped (a signal, an error, the caller broke off) or done
        pool.shutdown(wait=True, cancel_futures=True)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
