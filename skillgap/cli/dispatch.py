"""The `skillgap` app: each command module registers its commands with `register(app)`;
this dispatcher only builds the app and asks each module to register. `skillgap.cli`
starts it (and exposes it as `skillgap.cli.app`)."""

from __future__ import annotations

from typing import Annotated

import typer

from skillgap import __version__
from skillgap.cli import crawl, gap, pipeline, report, sources, store, tagging, taxonomy, train
from skillgap.cli.common import SkillgapGroup, out

COMMAND_MODULES = (taxonomy, tagging, train, crawl, sources, store, report, gap, pipeline)

app = typer.Typer(
    name="skillgap",
    cls=SkillgapGroup,
    help="What the backend job market asks for, and what to learn next.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        out.print(f"skillgap {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """skillgap: crawl backend job ads, extract skills, hold a learner's roadmap against demand."""


for module in COMMAND_MODULES:
    module.register(app)
