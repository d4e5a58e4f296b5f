"""Posting dicts (the crawler's contract) checked and turned into store rows, with hashes."""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from crawler.items import SALARY_PERIODS, SOURCE_TYPES
from skillgap.errors import SkillgapError

REQUIRED_TEXT = ("source", "external_id", "url", "title")
OPTIONAL_TEXT = ("company", "location", "salary_currency", "description_html", "attribution")
# what makes a posting "changed" when it is seen again
CONTENT_FIELDS = (
    "url", "title", "company", "location", "remote", "posted_at", "salary_min", "salary_max",
    "salary_currency", "salary_period", "description_text",
)  # fmt: skip
# what the extractor reads: a change here means the mentions must be redone
INPUT_FIELDS = ("title", "company", "description_text")
MAX_SOURCE_CHARS = 200
MAX_EXTERNAL_ID_CHARS = 500  # longer ids are stored as their sha256 (the url is kept whole)
MIN_FINGERPRINT_CHARS = 80  # shorter texts are too generic to call two ads the same

_PUNCT_RE = re.compile(r"[^\w\s]")
# the same as _PUNCT_RE for ASCII text, as a bytes table (a regex costs ~20x more)
_ASCII_PUNCT = bytes(ord(" ") if _PUNCT_RE.match(chr(b)) else b for b in range(128)) + bytes(
    range(128, 256)
)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class PostingError(SkillgapError, ValueError):
    """A posting dict that cannot be stored; the message says which field and why."""


def _clean(value: str) -> str:
    # PostgreSQL text cannot hold NUL; nothing else is touched here
    return value.replace("\x00", "") if "\x00" in value else value


def _text(posting: dict[str, Any], key: str, required: bool) -> str | None:
    value = posting.get(key)
    if type(value) is str and "\x00" not in value:  # the usual case, first
        value = value if key == "description_html" else value.strip()
        if required and not value:
            raise PostingError(f"posting field {key!r} is empty")
        return value
    if value is None:
        if required:
            raise PostingError(f"posting has no {key!r}")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and key == "external_id":
        value = str(value)
    if not isinstance(value, str):
        raise PostingError(f"posting field {key!r} must be text, not {type(value).__name__}")
    value = _clean(value).strip() if key != "description_html" else _clean(value)
    if required and not value:
        raise PostingError(f"posting field {key!r} is empty")
    return value


def _float(posting: dict[str, Any], key: str) -> float | None:
    value = posting.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise PostingError(f"posting field {key!r} must be a number, not a bool")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PostingError(f"posting field {key!r} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise PostingError(f"posting field {key!r} is not a finite number: {value!r}")
    return number


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise PostingError(f"posting field 'posted_at' is not a date: {value!r}") from None
    if not isinstance(value, datetime):
        raise PostingError(f"posting field 'posted_at' must be a datetime, not {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def stored_external_id(external_id: str) -> str:
    """The id as stored: a very long one (a URL used as the id) becomes its sha256."""
    external_id = _clean(str(external_id)).strip()
    if len(external_id) <= MAX_EXTERNAL_ID_CHARS:
        return external_id
    return "sha256:" + hashlib.sha256(external_id.encode("utf-8")).hexdigest()


def posting_row(posting: dict[str, Any]) -> dict[str, Any]:
    """Check a posting dict and return the store's columns for it (raises PostingError)."""
    if not isinstance(posting, dict):
        raise PostingError(f"a posting must be a dict, not {type(posting).__name__}")
    row: dict[str, Any] = {k: _text(posting, k, True) for k in REQUIRED_TEXT}
    for key in OPTIONAL_TEXT:
        row[key] = _text(posting, key, False)
    row["company"] = row["company"] or ""
    if len(row["source"]) > MAX_SOURCE_CHARS:
        raise PostingError(f"posting source name is longer than {MAX_SOURCE_CHARS} characters")
    row["external_id"] = stored_external_id(row["external_id"])
    currency = row["salary_currency"]
    if currency is not None:
        # a code, not prose: anything longer than a short code is dropped, not the posting
        row["salary_currency"] = currency.upper() if 0 < len(currency) <= 16 else None
    source_type = posting.get("source_type")
    if source_type not in SOURCE_TYPES:
        raise PostingError(
            f"posting source_type {source_type!r} is not one of {', '.join(SOURCE_TYPES)}"
        )
    row["source_type"] = source_type
    remote = posting.get("remote")
    if remote is not None and not isinstance(remote, bool):
        raise PostingError(f"posting field 'remote' must be true, false or null, not {remote!r}")
    row["remote"] = remote
    row["posted_at"] = _datetime(posting.get("posted_at"))
    row["salary_min"] = _float(posting, "salary_min")
    row["salary_max"] = _float(posting, "salary_max")
    period = posting.get("salary_period")
    period = period.strip().lower() or None if isinstance(period, str) else period
    if period is not None and period not in SALARY_PERIODS:
        raise PostingError(f"posting salary_period {period!r} is not one of {SALARY_PERIODS}")
    row["salary_period"] = period
    text = posting.get("description_text")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise PostingError("posting field 'description_text' must be text")
    row["description_text"] = _clean(text)
    # the text, the longest value, is made JSON once for both hashes
    text_json = _JSON.encode(row["description_text"])
    row["content_hash"] = _hash(row, CONTENT_FIELDS, text_json)
    row["input_hash"] = _hash(row, INPUT_FIELDS, text_json)
    row["text_fingerprint"] = text_fingerprint(row["description_text"])
    return row


def _hash(row: dict[str, Any], fields: tuple[str, ...], text_json: str | None = None) -> str:
    """sha256 of the JSON list of the fields' values (compact, not ASCII-escaped)."""
    parts = []
    for f in fields:
        v = row.get(f)
        if f == "description_text" and text_json is not None:
            parts.append(text_json)
        else:
            parts.append(_JSON.encode(v.isoformat() if isinstance(v, datetime) else v))
    # exactly what _JSON.encode(list of values) gives: "[" items joined by "," "]"
    blob = "[" + ",".join(parts) + "]"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def content_hash(row: dict[str, Any]) -> str:
    """Hash of everything that makes a posting 'changed' when seen again."""
    return _hash(row, CONTENT_FIELDS)


def input_hash(row: dict[str, Any]) -> str:
    """Hash of what the extractor reads (title, company, text)."""
    return _hash(row, INPUT_FIELDS)


def normalise_text(text: str) -> str:
    """Text reduced for comparison: entities undone, case and punctuation and spacing dropped."""
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        text = text.encode("ascii").translate(_ASCII_PUNCT).decode("ascii")
    else:
        text = _PUNCT_RE.sub(" ", text)
    # str.split() splits at exactly the characters \s matches
    return " ".join(text.split())


def text_fingerprint(text: str) -> str | None:
    """Exact-duplicate key of an ad's text; None when the text is too short to tell."""
    norm = normalise_text(text or "")
    if len(norm) < MIN_FINGERPRINT_CHARS:
        return None
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
