"""Candidate duplicate pairs by MinHash locality-sensitive hashing (datasketch).

Each ad's normalised text is cut into word 3-shingles; a MinHash of BANDS x ROWS
permutations estimates how many shingles two ads share (Jaccard). The signature is cut
into BANDS bands of ROWS values and each band hashed to a 64-bit key: two ads that share
any key are a candidate pair, which the cosine check of skillgap/store/dedupe.py then
confirms or drops. Keys are stored per posting (table dup_bands), so a new ad is looked
up, not compared with every stored ad.

Measured on the 300 real ads of ../shared/eval/dev.jsonl with invented near-copies
(escaped and reflowed with another footer, cut to 70%, an eighth of the sentences
dropped): every pair the cosine check calls the same ad shares >= 0.58 of its shingles,
most share >= 0.65. Two ads sharing s of their shingles become candidates with
probability 1 - (1 - s**ROWS)**BANDS: 0.9986 at s = 0.58, 0.99997 at 0.75, and 0.012 at
0.03 (the 99th percentile of two different real ads). 20 bands of 3 rows make about half
the candidates but missed 3 of the 360 pairs in bench/dedupe.py.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash

BANDS = 16
ROWS = 2
NUM_PERM = BANDS * ROWS
SHINGLE_WORDS = 3
SEED = 23  # fixed, like the scheme: stored keys must be the same in every process
SCHEME = "affine32"


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_crc32, scheme=SCHEME)


def shingles(norm: str) -> set[bytes]:
    """Word 3-shingles of a normalised text (the whole text when it is shorter)."""
    words = norm.split()
    if len(words) <= SHINGLE_WORDS:
        return {norm.encode("utf-8")}
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def band_keys(norm: str) -> list[int]:
    """The BANDS signed 64-bit keys of a normalised text's MinHash signature."""
    mh = MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=_crc32, scheme=SCHEME,
        permutations=_TEMPLATE.permutations,
    )  # fmt: skip
    mh.update_batch(list(shingles(norm)))
    values = np.asarray(mh.hashvalues, dtype="<u8")
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(chunk.tobytes(), digest_size=8, person=bytes([band]) * 16)
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


def pairs_bound(keys: Sequence[Iterable[int]]) -> int:
    """At most how many candidate pairs `candidates_among` would make (without making them)."""
    sizes: dict[int, int] = {}
    for ks in keys:
        for k in ks:
            sizes[k] = sizes.get(k, 0) + 1
    return sum(n * (n - 1) // 2 for n in sizes.values())


def candidates_among(keys: Sequence[Iterable[int]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of texts that share a band key, given each text's keys."""
    by_key: dict[int, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            by_key.setdefault(k, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_key.values():
        if len(members) > 1:
            pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
    return pairs
