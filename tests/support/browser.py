"""Open a local HTML file in Debian's headless Chromium and record what the page does."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SKILLGAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--no-first-run", "--disable-extensions", "--mute-audio",
]  # fmt: skip


@dataclass
class Observed:
    """Everything the page tried: requests, script errors, console errors, dialogs."""

    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def need_chromium() -> None:
    """Skip (or, on CI, fail) when the browser or Playwright is missing."""
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed (pip install -e '.[dev]')"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)


@contextmanager
def open_page(path: Path, width: int = 1024, height: int = 900) -> Iterator[tuple[Any, Observed]]:
    """Load `path`, recording every request; anything but the file itself is aborted."""
    from playwright.sync_api import sync_playwright

    seen = Observed()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            file_url = path.resolve().as_uri()

            def route(r: Any) -> None:
                if r.request.url == file_url:
                    r.continue_()
                else:
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "request",
                lambda req: None if req.url in seen.requests else seen.requests.append(req.url),
            )
            page.on("pageerror", lambda exc: seen.page_errors.append(str(exc)))
            page.on(
                "console",
                lambda msg: seen.console_errors.append(msg.text) if msg.type == "error" else None,
            )

            def on_dialog(d: Any) -> None:
                seen.dialogs.append(f"{d.type}: {d.message}")
                d.dismiss()

            page.on("dialog", on_dialog)
            page.goto(file_url, wait_until="load")
            page.wait_for_timeout(300)  # let anything deferred (timers, lazy loads) try its luck
            yield page, seen
        finally:
            browser.close()


ACTIVE_CONTENT_JS = """() => ({
  scripts: document.scripts.length,
  handlers: [...document.querySelectorAll('*')].flatMap(
      el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name)),
  protocols: [...document.links].map(a => a.protocol),
  embedded: document.querySelectorAll('img, iframe, object, embed, link').length,
  bodyVisible: getComputedStyle(document.body).display !== 'none',
})"""


def active_content(page: Any) -> dict[str, Any]:
    """What on a loaded page could run or load: scripts, on* handlers, link protocols,
    embedded elements, and whether injected CSS hid the body."""
    return dict(page.evaluate(ACTIVE_CONTENT_JS))
