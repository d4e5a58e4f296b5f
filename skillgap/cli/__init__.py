"""The `skillgap` command line: a thin layer, each command parses options and calls one function.

This module stays light (the console script imports it first): the app itself is built in
`skillgap.cli.dispatch`, loaded by `main()` or on first use of `skillgap.cli.app`, so that
Ctrl-C even while the command line is still loading is one line and exit 130.
"""

from __future__ import annotations


def main() -> None:
    try:
        from skillgap.cli.dispatch import app

        app()
    except KeyboardInterrupt:  # while loading; inside a command SkillgapGroup handles it
        from skillgap.cli import interrupt

        interrupt.report()
        raise SystemExit(interrupt.EXIT_INTERRUPTED) from None
    except SystemExit as exc:  # typer exits 130 silently on Ctrl-C while it parses
        from skillgap.cli import interrupt

        if exc.code == interrupt.EXIT_INTERRUPTED:
            interrupt.report()
        raise


def __getattr__(name: str) -> object:
    """`from skillgap.cli import app` (tests, `python -m skillgap`), built on first use."""
    if name == "app":
        from skillgap.cli.dispatch import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    main()
