"""Constants for tests that crawl the bundled sample sources on loopback."""

from __future__ import annotations

from collections.abc import Callable

from skillgap.config import Config

# loopback: no politeness delays, one quick retry, short timeouts
FAST = {"download_delay": 0, "autothrottle": False, "retries": 1, "backoff_base": 0.1,
        "timeout": 3, "log_level": "WARNING"}  # fmt: skip
SAMPLE_ADS = 39  # backend ads the sample sources hold (crawler/sample_data)

MakeConfig = Callable[..., Config]
