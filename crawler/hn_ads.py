"""Reading a Hacker News "Who is hiring?" comment: the `Company | Role | Place | ...` header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.text import to_text
from crawler.normalise import parse_remote

THREAD_TITLE_RE = re.compile(r"^Ask HN: Who is hiring\?", re.IGNORECASE)
_ROLE_RE = re.compile(
    r"\b(engineers?|developers?|programmers?|sre|devops|architects?|swe|cto|tech lead|"
    r"backend|back-end|full[- ]?stack|frontend|designer|manager|scientist|researcher|lead|"
    r"head of|director|recruiter|writer|marketing|sales|analyst|specialist|intern)\b",
    re.IGNORECASE,
)
_SALARY_RE = re.compile(
    r"(?P<cur>[$€£])\s?(?P<lo>\d{2,3}(?:[.,]\d+)?)\s?(?P<lk>k)?\s*(?:-|–|to)\s*"
    r"[$€£]?\s?(?P<hi>\d{2,3}(?:[.,]\d+)?)\s?(?P<hk>k)",
    re.IGNORECASE,
)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
_PLACE_HINT_RE = re.compile(r"\b(remote|onsite|on-site|hybrid)\b|,", re.IGNORECASE)


@dataclass(frozen=True)
class HnHeader:
    company: str
    title: str
    location: str | None
    remote: bool | None
    salary: tuple[float, float, str] | None


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def salary_in(text: str) -> tuple[float, float, str] | None:
    """(min, max, currency) for ranges like `$150k-$190k` or `€80-100k`."""
    m = _SALARY_RE.search(text)
    if not m:
        return None
    lo = float(m["lo"].replace(",", "."))
    hi = float(m["hi"].replace(",", "."))
    lo, hi = lo * 1000, hi * 1000
    return (lo, hi, _CURRENCY[m["cur"]]) if lo <= hi else None


def parse_header(comment_html: str) -> HnHeader:
    """Company, role and place from the first line of a hiring comment."""
    text = to_text(comment_html)
    header = first_line(text)
    parts = [p.strip() for p in re.split(r"\s[|•]\s|\s\|\s?", header) if p.strip()]
    company = parts[0] if parts else ""
    rest = parts[1:]
    title = next((p for p in rest if _ROLE_RE.search(p)), "") or header
    places = [p for p in rest if p != title and _PLACE_HINT_RE.search(p)]
    return HnHeader(
        company=company[:200],
        title=title[:300],
        location=places[0][:200] if places else None,
        remote=parse_remote(header),
        salary=salary_in(header),
    )
