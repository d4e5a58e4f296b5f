"""What a stored posting's mentions were made with: the extraction fingerprint.

Every data file that changes what extraction outputs is part of it: the taxonomy, the
section cue words (cues.yaml), the section model's feature words (features.yaml) and the
model's weights (model.json). Postings tagged under another fingerprint are tagged again by
the next `skillgap extract`. The levels, years and pay rules (analyzer/meta) change no
mention; they have a fingerprint of their own (`meta_fingerprint`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analyzer.sections import cues, features, model
from taxonomy import Taxonomy, load_taxonomy

# bump when the code reads the same data differently (so stored postings are tagged again)
CODE_VERSION = "1"


def extraction_files() -> tuple[Path, ...]:
    """The data files besides the taxonomy that extraction reads (as the modules name them
    now, so a test that points one elsewhere is followed)."""
    return (cues.CUES_PATH, features.FEATURES_PATH, model.MODEL_PATH)


def extraction_fingerprint(taxonomy: Taxonomy | str | Path | None = None) -> str:
    """16 hex digits over the taxonomy's fingerprint (a loaded taxonomy, or its file;
    default: the bundled one) and every extraction data file's bytes (a missing model file
    counts as "absent": the rules label mentions then)."""
    if not isinstance(taxonomy, Taxonomy):
        taxonomy = load_taxonomy(taxonomy)
    digest = hashlib.sha256(f"extraction/{CODE_VERSION}\0".encode())
    digest.update(taxonomy.fingerprint.encode())
    for path in extraction_files():
        digest.update(f"\0{path.name}\0".encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except FileNotFoundError:
            digest.update(b"absent")
    return digest.hexdigest()[:16]
