"""A test hook: stop at a named moment of a run so the fault-injection tests can kill the
process exactly there (tests/skillgap/run/test_kill_faults.py). Inert unless the environment
variable SKILLGAP_PAUSE_AT names the moment ("tagging", "grouping")."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

PAUSE_AT = "SKILLGAP_PAUSE_AT"  # comma-separated moments to stop at
PAUSE_FILE = "SKILLGAP_PAUSE_FILE"  # written ("pid moment") once stopped there

log = logging.getLogger("skillgap.store")


def pause_point(moment: str) -> None:
    """Wait here until killed or stopped by a signal, when SKILLGAP_PAUSE_AT names `moment`."""
    if moment not in os.environ.get(PAUSE_AT, "").split(","):
        return
    log.warning("paused at %s (%s is set)", moment, PAUSE_AT)
    if os.environ.get(PAUSE_FILE):
        Path(os.environ[PAUSE_FILE]).write_text(f"{os.getpid()} {moment}\n")
    while True:
        time.sleep(0.05)
