"""`skillgap sources --check`: ask each gone board again whether it answers.

A board a crawl found gone (404/410) is skipped by later crawls; a check requests its list
URL once (obeying robots.txt, with skillgap's User-Agent): a board that answers again is
forgotten, so the next crawl reads it; one still gone stays skipped.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.spiders.boards import GONE_STATUSES, BoardSpider
from crawler.spiders.registry import SPIDERS
from skillgap.config import Config
from skillgap.run.crawl_settings import user_agent
from skillgap.store import Store

TIMEOUT = 20.0


@dataclass(frozen=True)
class BoardCheck:
    source: str
    board: str
    url: str
    status: int | None  # the HTTP status, None when no answer came
    outcome: str  # back | gone | unknown
    detail: str = ""


def robots_allow(url: str, agent: str, timeout: float = TIMEOUT) -> bool:
    """Whether the site's robots.txt lets `agent` fetch `url` (no robots.txt: allowed)."""
    parts = urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    robots = urllib.robotparser.RobotFileParser(robots_url)
    try:
        request = urllib.request.Request(robots_url, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            robots.parse(answer.read().decode("utf-8", "replace").splitlines())
    except urllib.error.HTTPError as exc:
        return exc.code != 401 and exc.code != 403  # robots.txt missing: allowed
    except (urllib.error.URLError, OSError):
        return True  # cannot tell; the board request itself will fail if the host is down
    return robots.can_fetch(agent, url)


def http_status(url: str, agent: str, timeout: float = TIMEOUT) -> tuple[int | None, str]:
    """The HTTP status of a GET, or None and why when no answer came."""
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status), ""
    except urllib.error.HTTPError as exc:
        return int(exc.code), ""
    except (urllib.error.URLError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc))


def check_board(url: str, agent: str) -> tuple[int | None, str, str]:
    """(status, outcome, detail) for one board's list URL."""
    if not robots_allow(url, agent):
        return None, "unknown", "robots.txt disallows it"
    status, why = http_status(url, agent)
    if status is None:
        return None, "unknown", why
    if 200 <= status < 300:
        return status, "back", ""
    if status in GONE_STATUSES:
        return status, "gone", ""
    return status, "unknown", f"HTTP {status}"


def check_gone_boards(config: Config, store: Store) -> list[BoardCheck]:
    """Check every gone board of the configured sources; forget the ones that are back."""
    sources = {s.name: s for s in config.sources}
    agent = user_agent(config.user_agent_contact)
    checks: list[BoardCheck] = []
    for gone in store.gone_boards(list(sources)):
        source = sources[gone.source]
        spider = SPIDERS.get(source.type)
        if spider is None or not issubclass(spider, BoardSpider):
            continue
        url = spider.list_url(source, gone.board)
        status, outcome, detail = check_board(url, agent)
        checks.append(BoardCheck(gone.source, gone.board, url, status, outcome, detail))
    store.clear_gone((c.source, c.board) for c in checks if c.outcome == "back")
    for name in {c.source for c in checks if c.outcome == "gone"}:
        still = [(c.board, int(c.status or 404)) for c in checks
                 if c.source == name and c.outcome == "gone"]  # fmt: skip
        store.mark_gone(name, sources[name].type, still)
    return checks
