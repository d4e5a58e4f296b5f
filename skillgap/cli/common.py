"""What every command shares: options, consoles, exit codes, the one period parser, and
the error handling that turns any user-facing error into one line and an exit code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from analyzer.errors import AnalyzerError
from skillgap.cli import interrupt
from skillgap.config import Config, load_config
from skillgap.errors import SkillgapError
from taxonomy import TaxonomyError

# Markup is off: text from sources, HTTP headers, checklists and config reaches these
# consoles, and markup-like text in it (a closing tag, a link tag) must print as it is.
# Styled parts are given as Text (`styled`), never as markup strings.
out = Console(markup=False)
err = Console(stderr=True, markup=False)

EXIT_CODES = {"ok": 0, "partial": 3, "failed": 1, "interrupted": 130}
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again later
# errors a user can cause and fix: printed as one line, never a traceback
USER_ERRORS = (SkillgapError, AnalyzerError, TaxonomyError)


class Level(StrEnum):
    """A seniority level for --level (analyzer.meta.LEVELS)."""

    intern = "intern"
    junior = "junior"
    mid = "mid"
    senior = "senior"
    lead = "lead"


# Options every command takes (the config contract in DESIGN.md).
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config TOML file (default: $SKILLGAP_CONFIG or built-in).",
                 envvar="SKILLGAP_CONFIG", show_envvar=False),
]  # fmt: skip
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy store URL or SQLite file (default: $SKILLGAP_DB or "
                 "embedded SQLite).", envvar="SKILLGAP_DB", show_envvar=False),
]  # fmt: skip
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--spacy-model",
        help="An installed spaCy model to tokenize with (optional; default spacy.blank('en')).",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        help="Only ads posted in this period (the posting date, or when first seen if the "
        "source gives none): 90d, 12w, 6m, 1y or a date (2026-01-31)."
    ),
]
SourcesOpt = Annotated[
    list[str] | None, typer.Option("--source", help="Only ads from this source (repeatable).")
]
TaxonomyOpt = Annotated[
    Path | None,
    typer.Option("--taxonomy", help="Taxonomy YAML file (default: the bundled one)."),
]
WorkersOpt = Annotated[
    int, typer.Option("--workers", "-w", help="Processes to use (default: one per core).")
]


def styled(*parts: str | tuple[str, str]) -> Text:
    """One line from plain parts and (text, style) parts; nothing in it is read as markup:
    `styled(("warning:", "yellow"), " ", message)`."""
    return Text.assemble(*parts)


def plain(value: object) -> Text:
    """A table cell or title shown as it is, whatever the console's markup setting."""
    return Text(str(value))


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a clear error on stderr and return the Exit to raise."""
    err.print(styled(("error:", "bold red"), " ", message), highlight=False, soft_wrap=True)
    return typer.Exit(code)


def warn(message: str) -> None:
    err.print(styled(("warning:", "yellow"), " ", message), highlight=False, soft_wrap=True)


def note(label: str, message: str, style: str = "yellow") -> None:
    """`label: message` on stderr, the label styled."""
    err.print(styled((f"{label}:", style), " ", message), highlight=False, soft_wrap=True)


def refused(exc: Exception) -> typer.Exit:
    """Another command holds the store's run lock: say who, and return exit 75 to raise."""
    note("refused", str(exc), "bold yellow")
    return typer.Exit(EXIT_LOCKED)


def say(message: str) -> None:
    """A plain line on stdout."""
    out.print(message, highlight=False, soft_wrap=True)


def exit_for(status: str) -> None:
    """Raise the exit code of a run's status (nothing for "ok")."""
    code = EXIT_CODES.get(status, 1)
    if code:
        raise typer.Exit(code)


class SkillgapGroup(typer.core.TyperGroup):
    """The command group: a user-facing error is one line on stderr and exit 1; Ctrl-C is
    one line and exit 130."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context (of typer's own click)
        interrupt.reset()
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            interrupt.report()
            raise typer.Exit(interrupt.EXIT_INTERRUPTED) from None


def load(config: Path | None, db: str | None) -> Config:
    """The config of --config (else $SKILLGAP_CONFIG, else the bundled one) with --db applied;
    a store URL skillgap cannot use is refused here, before any command starts work."""
    from skillgap.store.engine import check_url

    cfg = load_config(config, db)
    for line in cfg.warnings:
        warn(line)
    check_url(cfg.db_url)
    return cfg


_SPAN_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def parse_since(text: str, option: str = "--since", now: datetime | None = None) -> datetime:
    """`90d`, `12w`, `6m`, `1y` (back from now) or an ISO date `2026-01-31`, as UTC."""
    now = now or datetime.now(UTC)
    m = _SPAN_RE.match(text)
    if m:
        n, unit = int(m.group(1)), m.group(2).lower()
        if unit == "d":
            return now - timedelta(days=n)
        if unit == "w":
            return now - timedelta(weeks=n)
        import pandas as pd

        months = n if unit == "m" else 12 * n
        return (pd.Timestamp(now) - pd.DateOffset(months=months)).to_pydatetime()
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise SkillgapError(
            f"{option} {text!r}: expected a span like 90d, 12w, 6m, 1y or a date like 2026-01-31"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def since_option(text: str | None, option: str = "--since") -> datetime | None:
    return parse_since(text, option) if text else None
