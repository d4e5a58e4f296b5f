"""`skillgap demo`: fully offline, real spiders on loopback, report + gap page marked as
sample data, the store kept at a stated path."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crawler.items import SOURCE_TYPES
from skillgap.cli import app
from tests.support.sample_sources import SAMPLE_ADS

runner = CliRunner()


def test_demo_writes_report_and_gap_page_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = socket.socket.connect
    attempts: list[Any] = []

    def loopback_only(self: socket.socket, address: Any) -> Any:  # in this (parent) process
        attempts.append(address)
        host = address[0] if isinstance(address, tuple) else str(address)
        assert host in ("127.0.0.1", "localhost", "::1") or host.startswith("/"), address
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report, gap = out / "report.html", out / "gap-sample_checklist.html"
    assert f"report: {report}" in " ".join(result.stdout.split())
    html = report.read_text(encoding="utf-8")
    assert re.search(rf'data-figure="ads">{SAMPLE_ADS}<', html)
    assert re.search(rf'data-figure="sources">{len(SOURCE_TYPES)}<', html)  # every type crawled
    assert f'data-figure="postings">{SAMPLE_ADS}<' in gap.read_text(encoding="utf-8")
    # the store is kept beside the pages; nothing else is left
    assert sorted(p.name for p in out.iterdir()) == [gap.name, report.name, "store.sqlite"]
    assert not list(tmp_path.glob("xdg/skillgap/*.sqlite"))  # the user's store untouched


def test_demo_from_a_folder_holding_a_skillgap_directory(tmp_path: Path) -> None:
    """$HOME after `git clone .../skillgap`: the crawl's child process must still import the
    installed package, not the folder of the same name in the current directory."""
    (tmp_path / "skillgap" / "skillgap").mkdir(parents=True)  # a clone: no __init__.py on top
    (tmp_path / "crawler").mkdir()
    command = Path(sys.executable).with_name("skillgap")
    done = subprocess.run(
        [str(command), "demo", "-o", "out"],
        cwd=tmp_path,
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ImportError" not in done.stderr and "crashed" not in done.stdout + done.stderr
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert re.search(rf'data-figure="ads">{SAMPLE_ADS}<', html)


def test_demo_pages_say_sample_and_link_no_posting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pages open with the sample notice; no posting link (invented ads have no page,
    and the loopback server is gone once the demo ends); the store stays where it is said
    to be and the next commands name it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(app, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = tmp_path / "skillgap-demo"
    for page in (out / "report.html", out / "gap-sample_checklist.html"):
        html = page.read_text(encoding="utf-8")
        notice = html.find('id="sample-notice"')
        assert 0 < notice < html.find("<h1") and "invented" in html[notice : notice + 400]
        links = re.findall(r'href="([^"#][^"]*)"', html)
        assert links == [], links[:5]
        assert "<q>" in html  # the evidence sentences are still shown, unlinked
    store = out / "store.sqlite"
    assert store.exists()
    text = " ".join(result.stdout.split())
    assert "skillgap gap MY_CHECKLIST.md --db skillgap-demo/store.sqlite" in text
    assert "skillgap report --db skillgap-demo/store.sqlite" in text
    assert f"SKILLGAP_DB={store} jupyter lab" in text
    assert "open None" not in text
    # the advice works: gap and report read the demo's store, and the README says the same
    me = tmp_path / "me.md"
    me.write_text("- [x] Python\n- [ ] Kubernetes\n", "utf-8")
    gap = runner.invoke(app, ["gap", str(me), "--db", "skillgap-demo/store.sqlite", "--json"])
    assert gap.exit_code == 0 and '"coverage"' in gap.stdout
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    assert "--db skillgap-demo/store.sqlite" in readme


def test_the_missing_store_advice_is_true(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message for a missing store names the demo store `skillgap demo` really keeps."""
    from skillgap.run.demo import DEMO_STORE
    from skillgap.store import Store, StoreMissing

    with pytest.raises(StoreMissing) as missing:
        Store.open(str(tmp_path / "none.sqlite"), create=False)
    assert "`skillgap demo` and use --db skillgap-demo/" + DEMO_STORE in str(missing.value)
    assert "--keep-store" not in str(missing.value)
