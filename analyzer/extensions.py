"""What the pipeline leaves on a Doc for the steps after it, as registered Doc extensions.

- `doc._.skillgap_text`: doc.text, kept as the Extractor made the Doc (see doc_text);
- `doc._.skillgap_lower`: the tokens' lower-case hashes, a numpy array (split_glued_words);
- `doc._.skillgap_glued_starts`: sorted character offsets where a sentence starter is glued
  to the word before it, "skillsDesired Skills" (split_glued_words);
- `doc._.skillgap_found`: (skill, start char, end char) of each mention kept, the same as
  doc.spans["skills"] but cheap to read (skill_matcher).
"""

from __future__ import annotations

from spacy.tokens import Doc

TEXT = "skillgap_text"
LOWER_HASHES = "skillgap_lower"
GLUED_STARTS = "skillgap_glued_starts"
FOUND = "skillgap_found"

for _name in (TEXT, LOWER_HASHES, GLUED_STARTS, FOUND):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """doc.text, built once: spaCy joins every token each time the property is read."""
    ext = doc._
    text = ext.skillgap_text
    if text is None:
        text = ext.skillgap_text = doc.text
    return str(text)
