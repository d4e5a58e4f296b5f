"""Levels, years and pay of one ad, read from its title, text and structured fields."""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.meta.levels import read_levels
from analyzer.meta.model import PostingMeta, Salary
from analyzer.meta.pay import structured_salary, text_salary
from analyzer.meta.years import required_years, year_figures, years_min
from analyzer.text import to_text


@dataclass(frozen=True)
class StructuredPay:
    """Pay a source gives as fields (the crawler's salary_min/max/currency/period)."""

    min: float | None = None
    max: float | None = None
    currency: str | None = None
    period: str | None = None


def read_meta(
    title: str | None,
    text: str,
    location: str | None = None,
    structured: StructuredPay | None = None,
    plain: bool = False,
) -> PostingMeta:
    """What the ad says about seniority, experience and pay.

    `text` may be HTML (pass `plain=True` when it is already plain text);
    `location` helps tell which dollar a lone "$" is; structured pay wins over the text's."""
    body = text if plain else to_text(text or "")
    title = title or ""
    # the title may ask years too ("Backend Engineer (3-5 yrs)"): read as the first line
    figures = year_figures(title + "\n" + body if title else body)
    salary: Salary | None = None
    if structured is not None:
        salary = structured_salary(
            structured.min, structured.max, structured.currency, structured.period
        )
    if salary is None:
        place = " ".join(x for x in (title, location or "") if x)
        # the title, when the text states none ("Senior Engineer ($150k-$180k)")
        salary = text_salary(body, place=place)
        if salary is None and any(ch.isdigit() for ch in title):
            salary = text_salary(title, place=place)
    return PostingMeta(
        levels=read_levels(title, body, required_years(figures)),
        years_min=years_min(figures),
        salary=salary,
    )
