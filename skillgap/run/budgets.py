"""Time budgets: how long one source may crawl, and how long the crawl of a run may take.

`[crawl] source_budget` (seconds per source) and `[crawl] run_budget` (seconds for the whole
run's crawl) bound a run against sources that answer slowly or never finish, so a run gives
its lock back in time for the next scheduled one. Every source is its own Scrapy crawler,
all crawling at once, so each gets `CLOSESPIDER_TIMEOUT` = the smaller of the two (what is
left of the run's budget). A source cut short keeps what it stored, marks nothing closed
(its list was not read to the end), counts as partial and is named in the run's outcome;
the next run crawls it again. Extraction and the report are local and run after the crawl
whatever is left of the budget. 0 switches a budget off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skillgap.config import Config, ConfigError

DEFAULTS = {"source_budget": 1800.0, "run_budget": 3600.0}  # 30 min a source, 1 h a run
TIMEOUT_SETTING = "CLOSESPIDER_TIMEOUT"  # Scrapy's CloseSpider extension reads it
MIN_SECONDS = 1.0  # what is left of a run's budget, at the least


class BudgetError(ConfigError):
    """A time budget in the config is not a number of seconds."""


@dataclass(frozen=True)
class Budget:
    seconds: float  # each source's CLOSESPIDER_TIMEOUT
    by: str  # "source" (its own budget) or "run" (what was left of the run's)

    def message(self, source: str) -> str:
        whose = "its time budget" if self.by == "source" else "the run's time budget"
        return (f"{source}: cut short by {whose} ({self.seconds:.0f} s); what it stored is "
                "kept, nothing is marked closed, the next run crawls it again")  # fmt: skip


def time_budgets(config: Config) -> tuple[float, float]:
    """(per source, whole run) seconds from the config's `[crawl]` table; 0 is no limit."""
    crawl = config.raw.get("crawl") or {}
    out = []
    for key, default in DEFAULTS.items():
        value = crawl.get(key, default) if isinstance(crawl, dict) else default
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise BudgetError(f"[crawl] {key} must be a number of seconds (0: no limit), "
                              f"not {value!r}")  # fmt: skip
        out.append(float(value))
    return out[0], out[1]


def crawl_budget(source_budget: float, run_left: float | None) -> Budget | None:
    """The time each source of this crawl gets (None: no limit)."""
    options = []
    if source_budget:
        options.append(Budget(source_budget, "source"))
    if run_left is not None:
        options.append(Budget(max(run_left, MIN_SECONDS), "run"))
    return min(options, key=lambda b: b.seconds) if options else None


def cut_short(figures: dict[str, dict[str, Any]], budget: Budget | None) -> dict[str, str]:
    """{source: message} for each source its time budget stopped."""
    if budget is None:
        return {}
    return {name: budget.message(name) for name, f in figures.items() if f.get("cut_short")}
