"""The sentences behind the figures, read from the store for the few postings a report
or a gap page shows (an analyzer.evidence.EvidenceSource)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analyzer.text import to_text
from skillgap.store import Store


class StoreEvidence:
    """Reads the mentions (with offsets) and texts of a few postings from the store."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url

    def mentions(self, posting_ids: Sequence[int]) -> pd.DataFrame:
        with Store.open(self.db_url, create=False) as store:
            return store.mentions_of(posting_ids)

    def texts(self, posting_ids: Sequence[int]) -> dict[int, str]:
        """The text the extractor read (offsets point into it): plain, HTML made plain."""
        with Store.open(self.db_url, create=False) as store:
            return {pid: to_text(text) for pid, text in store.texts_of(posting_ids).items()}
