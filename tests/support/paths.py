"""Where the repository and the shared data beside it are."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
RELEASE_DUMP = REPO / "tests" / "support" / "stores" / "release-0.1.0.sql"
# the taxonomy fingerprint the release store's postings and mentions were tagged with
RELEASE_TAXONOMY = "15baececf378de85"


def release_dump(fingerprint: str) -> str:
    """The release store's SQL, as if tagged under the extraction fingerprint `fingerprint`
    (today's: a taxonomy or section model change since then would otherwise have every
    posting retagged)."""
    return RELEASE_DUMP.read_text(encoding="utf-8").replace(RELEASE_TAXONOMY, fingerprint)
