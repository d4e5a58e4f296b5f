"""The posting contract: the dict every spider yields and the store accepts, and its
vocabularies (source types, salary periods). Everything else imports them from here."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

SOURCE_TYPES: tuple[str, ...] = (
    "greenhouse", "lever", "ashby", "workable", "recruitee", "personio", "teamtailor",
    "remoteok", "remotive", "himalayas", "themuse", "rss", "hackernews", "jsonld",
)  # fmt: skip
BOARD_KEYS: dict[str, str] = {
    "greenhouse": "boards", "lever": "companies", "ashby": "boards", "workable": "boards",
    "recruitee": "boards", "personio": "boards", "teamtailor": "boards",
}  # fmt: skip  # the ATS types: each crawls a list of company boards under this key
SALARY_PERIODS: tuple[str, ...] = ("year", "month", "week", "day", "hour")


class Posting(TypedDict):
    """One job ad, normalised. `source` is the config source name, `source_type` its type."""

    source: str
    source_type: str
    external_id: str
    url: str
    title: str
    company: str
    location: str | None
    remote: bool | None
    posted_at: datetime | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    description_html: str | None
    description_text: str
    attribution: str | None


POSTING_FIELDS: tuple[str, ...] = tuple(Posting.__annotations__)
REQUIRED_FIELDS: tuple[str, ...] = ("external_id", "url", "title")


def empty_posting(source: str, source_type: str) -> dict[str, object]:
    """A posting dict with every contract field present and unset."""
    item: dict[str, object] = dict.fromkeys(POSTING_FIELDS)
    item.update(source=source, source_type=source_type, company="", description_text="")
    return item
