"""Logging for unattended runs: a rotating file plus the terminal."""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from skillgap.config import default_data_dir
from skillgap.errors import SkillgapError

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5


KEEP_CRAWL_LOGS = 20  # `[crawl] keep_logs`: per-crawl log files kept, the newest
CRAWL_LOGS = "crawl-[0-9]*.log"  # `skillgap crawl`'s own logs (not the run's crawl-latest.log)


def default_log_file() -> Path:
    return default_data_dir() / "logs" / "skillgap.log"


def keep_logs_setting(crawl: Any) -> int:
    """`[crawl] keep_logs` (how many per-crawl log files to keep), checked."""
    keep = crawl.get("keep_logs", KEEP_CRAWL_LOGS) if isinstance(crawl, dict) else KEEP_CRAWL_LOGS
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
        raise SkillgapError(f"[crawl] keep_logs must be a whole number of 1 or more, not {keep!r}")
    return keep


def prune_crawl_logs(folder: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest per-crawl logs in `folder` (by the time in their
    names); returns the removed ones."""
    logs = sorted(folder.glob(CRAWL_LOGS), key=lambda p: p.name)
    old = logs[: max(0, len(logs) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def crawl_log_file(keep: int = KEEP_CRAWL_LOGS, folder: Path | None = None,
                   now: datetime | None = None) -> Path:  # fmt: skip
    """The log file of one `skillgap crawl` (named by its start time and pid), after
    pruning older ones so that `keep` remain with it."""
    folder = folder or default_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    prune_crawl_logs(folder, keep - 1)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return folder / f"crawl-{stamp}-{os.getpid()}.log"


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
