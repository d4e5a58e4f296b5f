"""Progress display on a terminal; silent when output is piped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(
    label: str, console: Console, total: int | None = None
) -> Iterator[Callable[[], None]]:
    """Yield an `advance()` callable; shows a live counter only on an interactive terminal."""
    if not console.is_terminal:
        yield lambda: None
        return
    columns = [TextColumn("{task.description}", style="bold", markup=False), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn()]  # fmt: skip
    with Progress(
        *columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
