"""Model values from frame cells: text that may be missing, dates as YYYY-MM-DD."""

from __future__ import annotations

from typing import Any

import pandas as pd


def text(value: Any) -> str:
    """A cell as text; "" for None and NaN."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def day(value: Any) -> str | None:
    """A date cell as YYYY-MM-DD; None when missing."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")
