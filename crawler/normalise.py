"""Pure functions that turn raw source values into contract values."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime
from typing import Any

import ftfy

from analyzer.text import looks_like_html, to_text, unescape_nested

# Characters that double-encoded UTF-8 leaves behind (UTF-8 bytes read as Latin-1/cp1252).
_MOJIBAKE_RE = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2\u00f0][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]"
)
_DATE_ONLY_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PERIODS = {
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "yr": "year",
    "per year": "year", "month": "month", "monthly": "month", "week": "week", "weekly": "week",
    "day": "day", "daily": "day", "hour": "hour", "hourly": "hour", "hr": "hour",
}  # fmt: skip


def repair_text(value: str) -> str:
    """Repair double-encoded UTF-8 (mojibake such as `â€™`); leave clean text untouched."""
    if not _MOJIBAKE_RE.search(value):
        return value
    return ftfy.fix_text(value, unescape_html=False, uncurl_quotes=False, fix_line_breaks=False)


def clean_line(value: Any) -> str | None:
    """A one-line field (title, company, location): repaired, unescaped, squeezed; None if empty."""
    if value is None:
        return None
    text = to_text(repair_text(str(value)))
    text = " ".join(text.split())
    return text or None


def description_fields(html: str | None, plain: str | None) -> tuple[str | None, str]:
    """(description_html, description_text) from whatever the source gave."""
    markup = repair_text(html) if html else None
    if markup is not None:
        markup = unescape_nested(markup).strip() or None
    if plain and plain.strip():
        text = to_text(repair_text(plain))
        if looks_like_html(plain) and markup is None:
            markup = unescape_nested(repair_text(plain))
    else:
        text = to_text(markup) if markup else ""
    return markup, text


def parse_datetime(value: Any) -> datetime | None:
    """A tz-aware UTC datetime from ISO 8601, RFC 822, `2025-8-26`, or epoch (s or ms)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        dt_or_none = _parse_date_string(str(value).strip())
        if dt_or_none is None:
            return None
        dt = dt_or_none
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _parse_date_string(text: str) -> datetime | None:
    if text.isdigit():
        parsed = parse_datetime(int(text))
        return parsed
    m = _DATE_ONLY_RE.match(text)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if text.endswith(" UTC"):  # Recruitee: `2026-07-30 19:46:15 UTC`
        text = text.removesuffix(" UTC") + "+00:00"
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def parse_amount(value: Any) -> float | None:
    """A positive salary amount from a number or a string like `120,000` or `95.4K`; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    text = str(value).strip().lower().replace(",", "").replace("$", "").replace("€", "")
    mult = 1000.0 if text.endswith("k") else 1.0
    try:
        amount = float(text.rstrip("k")) * mult
    except ValueError:
        return None
    return amount if amount > 0 else None


def parse_period(value: Any) -> str | None:
    """`year`/`month`/`week`/`day`/`hour` from unit words like `YEAR`, `annual`, `per hour`."""
    if not value:
        return None
    key = str(value).strip().lower().replace("_", " ")
    return _PERIODS.get(key) or _PERIODS.get(key.removeprefix("per ").strip())


def parse_remote(*values: Any) -> bool | None:
    """True when any location/workplace value says remote, False when one says on-site."""
    seen_onsite = False
    for v in values:
        if v is None:
            continue
        text = str(v).lower()
        if "remote" in text or "telecommute" in text or "anywhere" in text:
            if "no remote" in text or "not remote" in text:
                seen_onsite = True
                continue
            return True
        if any(w in text for w in ("onsite", "on-site", "on site", "in office", "in-office")):
            seen_onsite = True
    return False if seen_onsite else None
