"""A store in a folder this user cannot write is still read by the commands that only read
(report, gap, export, runs): nothing is written, not even SQLite's -wal and -shm files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from skillgap.run.demo import SAMPLE_CHECKLIST
from tests.support.report_store import fill_store

AS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
pytestmark = pytest.mark.skipif(
    AS_ROOT and SETPRIV is None, reason="as root, a read-only folder needs setpriv to drop root"
)


@pytest.fixture(scope="module")
def made_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("made") / "skillgap.sqlite"
    fill_store(path)
    return path


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder every user can enter (pytest's own are private to root)."""
    root = Path(tempfile.mkdtemp(prefix="skillgap-ro-", dir="/tmp"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for folder in root.rglob("*"):
            if folder.is_dir():
                folder.chmod(0o755)
        shutil.rmtree(root)


def read_only_store(made: Path, place: Path, revision: str | None = None) -> Path:
    folder = place / "store"
    folder.mkdir()
    store = folder / "skillgap.sqlite"
    shutil.copy(made, store)
    if revision:
        with sqlite3.connect(store) as conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.close()
    store.chmod(0o444)
    folder.chmod(0o555)
    return store


def skillgap(place: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user who cannot write the store's folder (nobody, when root)."""
    out = place / "out"
    out.mkdir(exist_ok=True)
    out.chmod(0o777)
    env = {**os.environ, "HOME": str(out), "XDG_DATA_HOME": str(out)}
    env.pop("SKILLGAP_CONFIG", None)
    env.pop("SKILLGAP_DB", None)
    command = [sys.executable, "-m", "skillgap", *args]
    if AS_ROOT:
        assert SETPRIV is not None
        command = [SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(command, cwd=out, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def test_read_only_commands_read_a_store_in_a_read_only_folder(made_store: Path, place: Path
                                                               ) -> None:  # fmt: skip
    store = read_only_store(made_store, place)
    db = ["--db", str(store)]
    out = place / "out"
    commands = {
        "report": ["report", *db, "-o", str(out / "r.html"), "--json", str(out / "r.json")],
        "gap": ["gap", str(SAMPLE_CHECKLIST), *db, "-o", str(out / "gap.html")],
        "export": ["export", "postings", *db, "-o", str(out / "postings.jsonl")],
        "runs": ["runs", *db],
    }
    for name, args in commands.items():
        done = skillgap(place, *args)
        assert done.returncode == 0, (name, done.stderr)
        assert "Traceback" not in done.stderr
    assert "24 ads (25 postings)" in " ".join(skillgap(place, *commands["report"]).stdout.split())
    assert len((out / "postings.jsonl").read_text().splitlines()) == 25
    assert (out / "gap.html").stat().st_size > 1000
    assert [p.name for p in store.parent.iterdir()] == ["skillgap.sqlite"]  # no -wal, -shm
    assert stat.S_IMODE(store.stat().st_mode) == 0o444


def test_a_read_only_store_that_needs_an_upgrade_says_so(made_store: Path, place: Path) -> None:
    store = read_only_store(made_store, place, revision="v6")
    done = skillgap(place, "report", "--db", str(store), "-o", str(place / "out" / "r.html"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "read-only here" in done.stderr and "open it once with write access" in done.stderr


def test_writing_to_a_read_only_store_is_one_clear_line(made_store: Path, place: Path) -> None:
    store = read_only_store(made_store, place)
    done = skillgap(place, "extract", "--db", str(store))  # takes the run lock: a write
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "readonly database" in done.stderr
