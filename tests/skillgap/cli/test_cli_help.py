"""Every command documents itself with an example."""

from __future__ import annotations

from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from skillgap.cli import app

runner = CliRunner()


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        if hasattr(cmd, "commands"):  # a command group
            out.extend(_commands(cmd, path))
        else:
            out.append(path)
    return out


ALL = _commands(get_command(app))


def test_core_commands_exist() -> None:
    names = {" ".join(c) for c in ALL}
    assert {"tag", "eval", "taxonomy check", "taxonomy list", "taxonomy show"} <= names


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p))
def test_every_command_has_help_with_example(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: skillgap " + path[0] in result.output
    assert "--config" in result.output and "--db" in result.output
