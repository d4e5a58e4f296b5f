"""What an ad says about seniority, experience and pay: plain values, JSON-ready."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LEVELS = ("intern", "junior", "mid", "senior", "lead")
PERIODS = ("year", "month", "week", "day", "hour")


@dataclass(frozen=True)
class Salary:
    """Pay as stated: whole numbers in `currency` (ISO 4217) per `period`; a bound may be
    missing ("up to $120k" has no min, "$110k+" no max)."""

    min: int | None
    max: int | None
    currency: str
    period: str

    def as_dict(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "currency": self.currency, "period": self.period}

    @classmethod
    def from_dict(cls, value: Any) -> Salary | None:
        """A Salary from a {min, max, currency, period} mapping; None when it is not one."""
        if not isinstance(value, dict):
            return None
        lo, hi = _whole(value.get("min")), _whole(value.get("max"))
        currency, period = value.get("currency"), value.get("period")
        if (lo is None and hi is None) or not isinstance(currency, str) or period not in PERIODS:
            return None
        return cls(lo, hi, currency.upper(), str(period))


@dataclass(frozen=True)
class PostingMeta:
    """The levels an ad hires for (in LEVELS order), the fewest years of experience it
    asks, and the pay it states."""

    levels: tuple[str, ...] = ()
    years_min: int | None = None
    salary: Salary | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "levels": list(self.levels),
            "years_min": self.years_min,
            "salary": self.salary.as_dict() if self.salary else None,
        }


def _whole(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number) if number > 0 else None


def sort_levels(levels: set[str] | frozenset[str] | list[str]) -> tuple[str, ...]:
    """Levels in LEVELS order, unknown names dropped."""
    return tuple(level for level in LEVELS if level in set(levels))
