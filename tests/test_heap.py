"""Freed doc memory stays in the heap for the next batch (analyzer/heap.py), on glibc."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc",
    reason="keep_freed_heap tunes glibc's malloc; other C libraries are left as they are",
)

# Batches of 64 docs of about 500 words, each batch alive together and then freed, as
# Extractor.extract_many holds them; prints the minor page faults a doc in later batches.
# A fresh process each time: the setting is process-wide and cannot be undone.
_PROBE = textwrap.dedent(
    """
    import json, random, resource, sys
    import spacy
    from analyzer.heap import keep_freed_heap
    kept = keep_freed_heap() if sys.argv[1] == "keep" else None
    tokenizer = spacy.blank("en").tokenizer
    rng = random.Random(7)
    words = "we build reliable services with Python and Go, design APIs and own them".split()
    texts = [" ".join(rng.choice(words) for _ in range(500)) + "." for _ in range(64)]
    def faults():
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for batch in range(5):
        if batch == 2:
            start = faults()
        docs = [tokenizer(t) for t in texts]
        del docs
    print(json.dumps({"kept": kept, "faults_per_doc": (faults() - start) / (3 * len(texts))}))
    """
)


def _faults_per_doc(mode: str) -> tuple[bool | None, float]:
    """(what keep_freed_heap answered, or None when not called; page faults a doc)."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    found = json.loads(out.stdout)
    return found["kept"], float(found["faults_per_doc"])


def test_kept_heap_spares_the_page_faults_of_each_new_batch() -> None:
    _, default = _faults_per_doc("default")
    kept, faults = _faults_per_doc("keep")
    assert kept is True
    # by default each batch faults its token memory back in (about 17 pages a doc here)
    assert default > 5
    assert faults < 1


def test_keep_freed_heap_is_set_once_a_process() -> None:
    from analyzer import heap

    first = heap.keep_freed_heap()
    assert heap.keep_freed_heap(1) is first
