"""`python -m skillgap ...`: the same as the `skillgap` command."""

from skillgap.cli import main

main()
