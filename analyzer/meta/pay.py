"""The pay an ad states: structured fields first, else the figures in its text that the
words around them make pay (not equity, a bonus, funding or a stipend)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from analyzer.meta.model import PERIODS, Salary
from analyzer.meta.money import Money, find_money
from analyzer.meta.rules import PayRules, pay_rules

# where a figure's clause ends: line breaks, "|", ";", bullets, sentence ends, " + ", " - "
_BOUNDARY = re.compile(r"\n|\||;|•|·|\.(?:\s|$)|\s\+\s?|\s[-–—]\s|[-–]\s*(?=[A-Z])")
_NEAR_BEFORE = 40  # chars before a figure in which a word like "equity" makes it not pay
_NEAR_AFTER = 30


@dataclass(frozen=True)
class PayFigure:
    """A money figure judged to be pay: min/max in `currency` per `period`."""

    start: int
    lo: float | None
    hi: float | None
    currency: str
    period: str
    total: bool  # total compensation (used only when nothing else is stated)


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the figure's clause before and after it."""
    head = text[max(0, start - 160) : start]
    cuts = list(_BOUNDARY.finditer(head))
    head = head[cuts[-1].end() :] if cuts else head
    tail = text[end : end + 160]
    cut = _BOUNDARY.search(tail)
    return head, tail[: cut.start()] if cut else tail


def _is_header(text: str, start: int) -> bool:
    """A "Company | Role | Place | Pay" line, as Hacker News ads begin."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line.count("|") >= 2 or (line_start == 0 and "|" in line)


def _dollar_currency(context: str, rules: PayRules) -> str:
    """USD, unless the ad places the job in another dollar country and not in the US."""
    for code, regex in rules.dollar_places.items():
        if regex.search(context) and not rules.us_places.search(context):
            return code
    return "USD"


def _bare_currency(context: str, rules: PayRules) -> str:
    """The currency of the place the ad names, USD when it names the US or nothing."""
    if rules.us_places.search(context):
        return "USD"
    for code, regex in rules.bare_places.items():
        if regex.search(context):
            return code
    return "USD"


def _plausible(money: Money, currency: str, period: str, rules: PayRules) -> bool:
    low, high = rules.plausible[period]
    if currency in rules.large_currencies:
        high *= 100
    return all(low <= v <= high for v in (money.lo, money.hi) if v is not None)


def _period(money: Money, near: str, currency: str, cue: bool, rules: PayRules) -> str | None:
    """The stated period, else a year when the amounts are a plausible annual salary
    (or written in thousands), else an hour when the clause says it is a rate, or calls
    it pay and gives a range small enough to be only an hourly wage ("The pay range for
    this role is $21.00 to $23.93"; a lone "$300" is too often something else)."""
    if money.period:
        return money.period
    amounts = [v for v in (money.lo, money.hi) if v is not None]
    if money.multiplier in ("k", "thousand") or min(amounts) >= rules.plausible["year"][0]:
        return "year"
    if re.search(r"\brate\b", near, re.IGNORECASE):
        return "hour"
    if (
        cue
        and money.lo is not None
        and money.hi is not None
        and money.lo < money.hi
        and not money.multiplier
        and currency not in rules.large_currencies
        and max(amounts) <= rules.hourly_only_below
    ):
        return "hour"
    return None


def _segment_start(text: str, start: int) -> bool:
    """The figure opens a "|" segment of a header line ("| 135k")."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].rstrip().endswith("|")


def _judge(text: str, money: Money, place: str, rules: PayRules) -> PayFigure | None:
    if rules.not_figures.match(text, money.start):  # "401k"
        return None
    head, tail = _clause(text, money.start, money.end)
    # what follows a joiner ("..., plus equity", "and a bonus") is another item, not this one's
    joined = rules.joiner.search(tail)
    own_tail = tail[: joined.start()] if joined else tail
    near = head[-_NEAR_BEFORE:] + " " + own_tail[:_NEAR_AFTER]
    if rules.not_pay.search(near):
        return None
    header = _is_header(text, money.start)
    ranged = money.lo is not None and money.hi is not None and money.lo != money.hi
    cue = bool(rules.pay_cues.search(head + " " + tail))
    if money.currency is None:  # "90K - 150K": a range or a segment in a header line,
        # or a figure the clause calls pay ("Salary: 140K to 150K")
        if not ((header and (ranged or _segment_start(text, money.start))) or cue):
            return None
        currency = _bare_currency(place, rules)
    elif money.dollar:
        currency = _dollar_currency(place, rules)
    else:
        currency = money.currency
    if not (cue or header or ranged):
        return None
    period = _period(money, near, currency, cue, rules)
    if period is None or period not in PERIODS or not _plausible(money, currency, period, rules):
        return None
    total = bool(rules.total_comp.search(near))
    return PayFigure(money.start, money.lo, money.hi, currency, period, total)


def pay_figures(text: str, place: str = "") -> list[PayFigure]:
    """The figures in the text that are pay. `place`: the ad's location and header, which
    tell what a lone "$" or a figure without a currency is."""
    rules = pay_rules()
    context = place + "\n" + text[:600]
    found = (_judge(text, m, context, rules) for m in find_money(text))
    return [f for f in found if f is not None]


def combine(figures: list[PayFigure]) -> Salary | None:
    """One salary from several figures: total compensation only when nothing else is
    stated; the main currency (the most named) and its main period; the lowest min and
    the highest max."""
    if not figures:
        return None
    base = [f for f in figures if not f.total] or figures
    currency = Counter(f.currency for f in base).most_common(1)[0][0]
    same = [f for f in base if f.currency == currency]
    period = Counter(f.period for f in same).most_common(1)[0][0]
    same = [f for f in same if f.period == period]
    mins = [f.lo for f in same if f.lo is not None]
    maxes = [f.hi for f in same if f.hi is not None]
    lo = round(min(mins)) if mins else None
    hi = round(max(maxes)) if maxes else None
    return Salary(lo, hi, currency, period)


def text_salary(text: str, place: str = "") -> Salary | None:
    """The salary the text states, or None."""
    return combine(pay_figures(text, place))


def structured_salary(
    lo: float | None, hi: float | None, currency: str | None, period: str | None
) -> Salary | None:
    """A salary from a source's structured fields (Ashby compensation, JSON-LD baseSalary,
    Lever salaryRange, ...), when they give an amount, a currency and a period."""
    lo = lo if lo and lo > 0 else None
    hi = hi if hi and hi > 0 else None
    if (lo is None and hi is None) or not currency or period not in PERIODS:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return Salary(
        round(lo) if lo is not None else None,
        round(hi) if hi is not None else None,
        currency.strip().upper(),
        str(period),
    )
