"""Duplicate ads across and within sources: exact text fingerprints, then near-duplicates
found as cosine neighbours of TF-IDF vectors (scikit-learn): among candidate pairs of
MinHash LSH (skillgap/store/lsh.py) in the store, or by brute force (`near_pairs`, the
reference the LSH path is measured against)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn import config_context
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.neighbors import NearestNeighbors

from skillgap.store import lsh
from skillgap.store.records import MIN_FINGERPRINT_CHARS, normalise_text

# Two ads whose TF-IDF vectors (word 1-2 grams) have at least this cosine similarity are
# the same ad. Measured on the 150 real ads of the shared eval set: re-posts of an ad with
# another footer, reflowed lines, escaped entities or cut to 70% score >= 0.80; two
# different roles of one company (same intro and benefits) score <= 0.73.
NEAR_DUPLICATE_SIMILARITY = 0.77
HASH_FEATURES = 2**20
MAX_DOCUMENT_FREQUENCY = 0.5  # terms in more of the ads than this are ignored...
MIN_DOCS_FOR_PRUNING = 200  # ...once there are enough ads to tell
QUERY_ROWS = 500
WORKING_MEMORY_MB = 64
DENSE_CANDIDATES = 50  # candidate pairs per text beyond which brute force is faster


@dataclass
class GroupResult:
    group_of: dict[int, int] = field(default_factory=dict)  # posting id -> group id
    groups: dict[int, tuple[int, str]] = field(default_factory=dict)  # id -> (size, method)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF rows (L2-normalised) over word 1-2 grams, hashed so memory stays bounded."""
    counts = HashingVectorizer(
        n_features=HASH_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm=None,
        lowercase=False, token_pattern=r"(?u)\b\w+\b",
    ).transform(texts)  # fmt: skip
    if counts.shape[0] >= MIN_DOCS_FOR_PRUNING:
        # terms in most ads ("the", "experience", a shared template) say nothing about
        # sameness; dropping them keeps the neighbour search sparse and fast
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        keep = (df <= MAX_DOCUMENT_FREQUENCY * counts.shape[0]).astype(np.float64)
        counts = (counts @ sparse.diags(keep)).tocsr()
        counts.eliminate_zeros()
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()


def near_pairs(
    texts: Sequence[str],
    threshold: float = NEAR_DUPLICATE_SIMILARITY,
    queries: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of texts at least `threshold` cosine-similar; with `queries`,
    only pairs that involve one of those indexes (the rest were compared before)."""
    rows = list(range(len(texts))) if queries is None else sorted(set(queries))
    if len(texts) < 2 or not rows:
        return []
    vectors = _vectors(texts)
    index = NearestNeighbors(metric="cosine", algorithm="brute").fit(vectors)
    pairs: set[tuple[int, int]] = set()
    # queried a slice at a time so the distance blocks stay small
    with config_context(working_memory=WORKING_MEMORY_MB):
        for start in range(0, len(rows), QUERY_ROWS):
            chunk = rows[start : start + QUERY_ROWS]
            # cosine distance = 1 - similarity; a hair of slack for float rounding
            _d, found = index.radius_neighbors(vectors[chunk], radius=1.0 - threshold + 1e-9)
            for i, row in zip(chunk, found, strict=True):
                pairs.update((min(i, int(j)), max(i, int(j))) for j in row if j != i)
    return sorted(pairs)


def confirmed_pairs(
    texts: Sequence[str],
    candidates: Iterable[tuple[int, int]] | None,
    threshold: float = NEAR_DUPLICATE_SIMILARITY,
    queries: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """The candidate index pairs (i < j) whose TF-IDF vectors (over `texts`) are at least
    `threshold` cosine-similar: the same check as `near_pairs`, on fewer pairs.

    With `candidates` None (nearly every pair is one: ads written from one template), the
    pairs of `queries` are searched as `near_pairs` does: faster than pair by pair there."""
    if candidates is None:
        return near_pairs(texts, threshold, queries)
    pairs = sorted({(min(a, b), max(a, b)) for a, b in candidates if a != b})
    if not pairs:
        return []
    vectors = _vectors(texts)
    left = np.fromiter((a for a, _b in pairs), dtype=np.int64, count=len(pairs))
    right = np.fromiter((b for _a, b in pairs), dtype=np.int64, count=len(pairs))
    sims = np.empty(len(pairs))
    for start in range(0, len(pairs), 20_000):  # row-wise dot products, a slice at a time
        a = vectors[left[start : start + 20_000]]
        b = vectors[right[start : start + 20_000]]
        sims[start : start + len(a.indptr) - 1] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return [pair for pair, sim in zip(pairs, sims, strict=True) if sim >= threshold - 1e-9]


def lsh_near_pairs(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_SIMILARITY
) -> list[tuple[int, int]]:
    """`near_pairs` of normalised texts, searched among MinHash LSH candidates only."""
    keys = [lsh.band_keys(t) for t in texts]
    if lsh.pairs_bound(keys) > DENSE_CANDIDATES * max(1, len(texts)):
        return confirmed_pairs(texts, None, threshold)
    return confirmed_pairs(texts, lsh.candidates_among(keys), threshold)


def find_groups(
    ids: Sequence[int],
    fingerprints: Sequence[str | None],
    texts: Sequence[str],
    dirty: Sequence[bool] | None = None,
    prior: Sequence[int | None] | None = None,
) -> GroupResult:
    """Group postings that are the same ad by brute force (the reference method); a
    group's id is its lowest posting id.

    Incremental when `dirty` (new or changed since the last grouping) and `prior` (their
    dup_group then) are given: clean postings keep their groups with each other and only
    dirty ones are searched for near-duplicates. Without them, everything is compared."""
    reps: list[int] = []
    rep_texts: list[str] = []
    for i in representatives(fingerprints):
        if dirty is not None and not any(dirty):
            break
        norm = normalise_text(texts[i])
        if len(norm) >= MIN_FINGERPRINT_CHARS:
            reps.append(i)
            rep_texts.append(norm)
    queries = None if dirty is None else [k for k, i in enumerate(reps) if dirty[i]]
    near = near_pairs(rep_texts, queries=queries) if queries != [] else []
    return build_groups(ids, fingerprints, [(reps[a], reps[b]) for a, b in near], dirty, prior)


def representatives(fingerprints: Sequence[str | None]) -> list[int]:
    """Indexes searched for near-duplicates: the first posting of each exact text, and
    every posting without a fingerprint."""
    seen: set[str] = set()
    out = []
    for i, fp in enumerate(fingerprints):
        if fp is None:
            out.append(i)
        elif fp not in seen:
            seen.add(fp)
            out.append(i)
    return out


def build_groups(
    ids: Sequence[int],
    fingerprints: Sequence[str | None],
    near: Iterable[tuple[int, int]],
    dirty: Sequence[bool] | None = None,
    prior: Sequence[int | None] | None = None,
) -> GroupResult:
    """Groups from clean postings' prior groups, equal fingerprints and near pairs
    (index pairs); a group's id is its lowest posting id."""
    n = len(ids)
    uf = _UnionFind(n)
    if dirty is not None and prior is not None:
        first_in: dict[int, int] = {}
        for i, (is_dirty, before) in enumerate(zip(dirty, prior, strict=True)):
            if not is_dirty and before is not None:
                if before in first_in:
                    uf.union(first_in[before], i)
                else:
                    first_in[before] = i
    first_with: dict[str, int] = {}
    for i, fp in enumerate(fingerprints):
        if fp:
            if fp in first_with:
                uf.union(first_with[fp], i)
            else:
                first_with[fp] = i
    for a, b in near:
        uf.union(a, b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    result = GroupResult()
    for group in members.values():
        if len(group) < 2:
            continue
        gid = min(ids[i] for i in group)
        fps = {fingerprints[i] for i in group}
        method = "exact" if len(fps) == 1 and None not in fps else "near"
        result.groups[gid] = (len(group), method)
        for i in group:
            result.group_of[ids[i]] = gid
    return result
