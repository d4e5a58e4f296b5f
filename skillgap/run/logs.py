"""Logging for unattended runs: a rotating file plus the terminal."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from skillgap.config import default_data_dir

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5


def default_log_file() -> Path:
    return default_data_dir() / "logs" / "skillgap.log"


def setup_logging(
    log_file: Path | None = None,
    level: int = logging.INFO,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
    terminal: bool = True,
) -> list[logging.Handler]:
    """Send the `skillgap` loggers to `log_file` (rotated at max_bytes, `backups` kept) and
    to stderr; returns the handlers added (remove them with teardown_logging)."""
    path = Path(log_file or default_log_file()).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [
        RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    ]
    if terminal:
        handlers.append(logging.StreamHandler(sys.stderr))
    logger = logging.getLogger("skillgap")
    for h in handlers:
        h.setFormatter(logging.Formatter(FORMAT, "%Y-%m-%d %H:%M:%S"))
        logger.addHandler(h)
    logger.setLevel(level)
    for noisy in ("apscheduler",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
        for h in handlers:
            logging.getLogger(noisy).addHandler(h)
    return handlers


def teardown_logging(handlers: list[logging.Handler]) -> None:
    for name in ("skillgap", "apscheduler"):
        for h in handlers:
            logging.getLogger(name).removeHandler(h)
    for h in handlers:
        h.close()
