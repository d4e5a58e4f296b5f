"""One jinja2 Environment for every skillgap page; number formats are its filters."""

from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports.charts import PALETTE, line_chart
from reports.model import Report
from reports.safety import link_rel, safe_url

TEMPLATES = Path(__file__).with_name("templates")
# No scripts, no remote anything: only inline styles and inline (data:) images may load.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
    "connect-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def pct(value: float | None, digits: int | None = None) -> str:
    """0.6 -> '60%'; small shares keep a decimal (0.034 -> '3.4%')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if digits is None:
        digits = 1 if 0 < abs(value) < 0.1 else 0
    return f"{value * 100:.{digits}f}%"


def points(value: float) -> str:
    """A change in share, in percentage points: 0.125 -> '+12.5 pts'."""
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{abs(value) * 100:.1f} pts"


def num(value: int | float) -> str:
    """Thousands separated: 12345 -> '12,345'."""
    return f"{value:,.0f}" if isinstance(value, float) else f"{value:,}"


def times(value: float) -> str:
    """A lift: 1.6667 -> '1.67×'."""
    return f"{value:.2f}×"


def month_name(value: str | None) -> str:
    """'2026-10' -> 'Oct 2026'."""
    if not value:
        return "–"
    try:
        return datetime.strptime(value, "%Y-%m").strftime("%b %Y")
    except ValueError:
        return value


def money(value: float | None, currency: str | None = None, signed: bool = False) -> str:
    """An annual amount, in thousands when large: 152300 -> '152k', 7250 -> '7.2k'; with
    the currency ('152k USD'), or signed for a difference ('+12k', '−3.5k')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    size = abs(value)
    if size >= 10_000:
        body = f"{size / 1000:,.0f}k"
    elif size >= 1000:
        body = f"{size / 1000:.1f}k"
    else:
        body = f"{size:,.0f}"
    if signed:
        body = ("+" if value > 0 else "−" if value < 0 else "±") + body
    return f"{body} {currency}" if currency else body


def href(value: object) -> str:
    """A link target that is safe to put in href (non-http(s) URLs become '')."""
    return safe_url(value) or ""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Environment: autoescaping everything, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        pct=pct, points=points, num=num, times=times, month_name=month_name, href=href,
        link_rel=link_rel, money=money,
    )  # fmt: skip
    # `sample`: a page of invented ads (`skillgap demo`) says so and links no posting
    env.globals.update(csp=CSP, palette=PALETTE, line_chart=line_chart, sample=False)
    return env


def render_page(template_name: str, **context: Any) -> str:
    """Render any page that extends base.html (the report, the gap report, ...); with
    `sample=True` the page says at its top that its ads are invented and links none."""
    return environment().get_template(template_name).render(**context)


def render_report(report: Report) -> str:
    """The skills-demand report as one self-contained HTML page."""
    return render_page("report.html", report=report, title=report.title, sample=report.sample_data)


def render_trend_chart(report: Report) -> str:
    """Just the monthly-share chart with its key, as an HTML fragment (for notebooks)."""
    monthly = report.monthly
    return render_page("_trend_chart.html", chart=line_chart(monthly), monthly=monthly)
