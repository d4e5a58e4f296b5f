"""Money figures in an ad's text: amounts, ranges, currencies and periods, each with the
words around it. Which of them is pay is decided in analyzer.meta.pay."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from analyzer.meta.rules import PayRules, pay_rules

# 12,00,000 (Indian grouping) | 140,400.00 | 60.000 | 120'000 | 60 000 | 95.4 | 150
_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?(?![\d,])"
    r"|\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d{1,3}(?: \d{3})+(?![\d,.])|\d+(?:[.,]\d+)?"
)
_DASH = r"\s*(?:-|–|—|to|and|until)\s*"
# a period may stand after each end of a range ("$198,000 per year - $220,000 per year")
_INNER_PERIOD = (
    r"(?:\s*(?:per\s+(?:year|annum|month|hour|day)|/\s*(?:yr|year|hr|hour|mo)"
    r"|an?\s+(?:year|hour)))?"
)


@dataclass(frozen=True)
class Money:
    """One figure or range as written: amounts already multiplied out."""

    start: int
    end: int
    lo: float | None
    hi: float | None
    currency: str | None  # None: no currency written (a bare "90K - 150K")
    dollar: bool  # written with a lone "$" (the place may make it CAD, AUD...)
    period: str | None
    multiplier: str  # "k", "lpa", ... as written on the larger amount ("" when none)


@dataclass(frozen=True)
class _Patterns:
    money: re.Pattern[str]
    symbol_of: dict[str, str]
    symbol_chars: tuple[str, ...]  # currency symbols that are not letters: "$", "€"
    codes: tuple[str, ...]  # currency codes and symbols made of letters: "USD", "Rs"


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    rules = pay_rules()
    symbols = sorted(rules.symbols, key=len, reverse=True)
    sym = "|".join(
        (r"(?<![A-Za-z])" if s[0].isalpha() else "")
        + re.escape(s)
        + (r"(?![A-Za-z])" if s[-1].isalpha() else "")
        for s in symbols
    )
    mults = sorted(rules.multipliers, key=len, reverse=True)
    mult = "|".join(re.escape(m) for m in mults)

    def one(n: str) -> str:
        """A figure: currency before and/or after, a number, a multiplier ("k", "LPA")."""
        return (
            rf"(?P<{n}pre>(?:{sym})(?:\s?(?:\$|€|£|₹))?)?\s{{0,2}}(?P<{n}num>{_NUMBER})"
            # a multiplier may be glued to the next sentence ("$160KWe're looking")
            rf"(?:\s?(?P<{n}mult>{mult})(?-i:(?![a-z])))?(?:\s?(?P<{n}post>{sym}))?"
        )

    pattern = (
        r"(?<![\w.,])(?P<upto>up to\s+|max(?:imum)?\.?\s+)?"
        + one("a")
        + rf"(?P<plus>\+)?(?:{_INNER_PERIOD}{_DASH}"
        + one("b")
        + r"\+?)?"
    )
    chars = {s[-1] for s in symbols if not s[-1].isalpha()}
    return _Patterns(
        re.compile(pattern, re.IGNORECASE),
        {s.lower(): c for s, c in rules.symbols.items()},
        tuple(sorted(chars)),
        tuple(s for s in symbols if s.isalpha()),
    )


def parse_number(text: str) -> float | None:
    """'140,400.00' -> 140400.0; '60.000' -> 60000.0; '95.4' -> 95.4; '60 000' -> 60000.0;
    '12,00,000' -> 1200000.0; "120'000" -> 120000.0."""
    t = text.replace(" ", "").replace("'", "").replace("’", "")
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?", t):  # 12,00,000 (lakh)
        return float(t.replace(",", ""))
    grouped = re.fullmatch(r"(\d{1,3}(?:[,.]\d{3})+)(?:([.,])(\d{1,2}))?", t)
    if grouped:
        whole = re.sub(r"[,.]", "", grouped.group(1))
        frac = grouped.group(3)
        return float(whole + ("." + frac if frac else ""))
    try:
        return float(t.replace(",", "."))
    except ValueError:
        return None


def _currency(match: re.Match[str], side: str, p: _Patterns) -> tuple[str | None, bool]:
    for key in (f"{side}pre", f"{side}post"):
        raw = match.group(key)
        if raw:
            code = raw.strip()
            found = p.symbol_of.get(code.lower())
            if found is None:  # "USD $": the code decides
                found = p.symbol_of.get(code.split()[0].rstrip("$€£₹").lower())
            return found, code == "$"
    return None, False


def _period_after(text: str, end: int, rules: PayRules) -> str | None:
    tail = text[end : end + 30]
    tail = rules.period_filler.sub(" ", tail, count=1)
    for regex, period in rules.period_after:
        if regex.match(tail):
            return period
    return None


def _period_before(text: str, start: int, rules: PayRules) -> str | None:
    head = text[max(0, start - 60) : start]
    for regex, period in rules.period_before:
        if regex.search(head):
            return period
    return None


_HINT_BEFORE = 32  # a figure starts at most this far before its hint ("up to USD 140,400")
_HINT_AFTER = 80  # and ends at most this far after it


_DIGITS = re.compile(r"\d+")
# a number with a multiplier after it: "150k", "6 LPA", "12 lakh" (no currency needed)
_MULTIPLIED = re.compile(r"\d\s?(?:[kK]|LPA|lpa|[Ll]akhs?|[Ll]acs?|L|[Cc]rores?)(?![A-Za-z])")
_AROUND = 8  # a number's currency stands within this many characters of it


def _may_state_money(text: str, p: _Patterns) -> bool:
    """A fast look for any hint of money at all (most ads name none)."""
    return (
        any(ch in text for ch in p.symbol_chars)
        or any(code in text for code in p.codes)
        or _MULTIPLIED.search(text) is not None
    )


def _near(window: str, p: _Patterns) -> bool:
    return any(ch in window for ch in p.symbol_chars) or any(c in window for c in p.codes)


def _hints(text: str, p: _Patterns) -> Iterator[tuple[int, int]]:
    """(start, end) of each number with a currency or a multiplier next to it."""
    if not _may_state_money(text, p):
        return
    for number in _DIGITS.finditer(text):
        start, end = number.span()
        if (
            _MULTIPLIED.match(text, end - 1)
            or _near(text[max(0, start - _AROUND) : start], p)
            or _near(text[end : end + _AROUND], p)
        ):
            yield start, end


def _matches(text: str, p: _Patterns) -> Iterator[re.Match[str]]:
    """Money matches, looked for only around numbers that hint at money (a currency or a
    "k" next to them): much faster than trying the full pattern everywhere in a text."""
    pos = 0
    for hint in _hints(text, p):
        if hint[1] <= pos:
            continue
        window = p.money.finditer(text, max(pos, hint[0] - _HINT_BEFORE), hint[1] + _HINT_AFTER)
        for m in window:  # the figure the number belongs to
            if m.start() > hint[0]:
                break
            if m.end() >= hint[1]:
                pos = m.end()
                yield m
                break


_LAKH = ("lpa", "lakh", "lakhs", "lac", "lacs", "l", "cr", "crore", "crores")


def find_money(text: str) -> list[Money]:
    """Every money figure or range in the text, in order."""
    p = _patterns()
    rules = pay_rules()
    factor = {k.lower(): v for k, v in rules.multipliers.items()}
    out: list[Money] = []
    for m in _matches(text, p):
        has_b = m.group("bnum") is not None
        cur_a, dollar_a = _currency(m, "a", p)
        cur_b, dollar_b = _currency(m, "b", p) if has_b else (None, False)
        mult_a = (m.group("amult") or "").lower()
        mult_b = (m.group("bmult") or "").lower()
        mults = {mult_a, mult_b} - {""}
        currency = cur_a or cur_b
        if currency is None:
            if mults & set(_LAKH):
                currency = "INR"
            elif "k" not in mults:
                continue  # a plain number, not money
        lo = parse_number(m.group("anum"))
        hi = parse_number(m.group("bnum")) if has_b else None
        if lo is None or (has_b and hi is None):
            continue
        k_a, k_b = factor.get(mult_a, 1), factor.get(mult_b, 1)
        if has_b and not mult_a and mult_b and lo < 1000:
            k_a = k_b  # "$180-220k", "6-10 LPA": the multiplier is shared
        lo *= k_a
        hi = hi * k_b if hi is not None else None
        period = _period_after(text, m.end(), rules) or _period_before(text, m.start(), rules)
        if "lpa" in mults:
            period = "year"
        if has_b and hi is not None:
            low, high = min(lo, hi), max(lo, hi)
        elif m.group("upto"):
            low, high = None, lo
        elif m.group("plus"):
            low, high = lo, None
        else:
            low, high = lo, lo
        start = m.start("apre") if m.group("apre") else m.start("anum")
        out.append(
            Money(start, m.end(), low, high, currency, dollar_a or dollar_b, period,
                  mult_b or mult_a)
        )  # fmt: skip
    return out
