"""Every command that writes a file goes through the one output writer: `report -o`,
`--json`, `--csv`, `gap -o`, `export -o` never write through a link into another file,
never replace a device or a pipe, and keep the previous file when the disk is full."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillgap.cli import app
from skillgap.run.demo import SAMPLE_CHECKLIST
from tests.support.full_disk import full_disk
from tests.support.report_store import fill_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fill_store(tmp_path_factory.mktemp("store") / "skillgap.sqlite")


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def commands(db: str) -> dict[str, Callable[[Path], list[str]]]:
    """Command -> its arguments writing to a given path."""
    csv_, parquet = ["--format", "csv", "--db", db], ["--format", "parquet", "--db", db]
    return {
        "report": lambda p: ["report", "--db", db, "-o", str(p)],
        "report --json": lambda p: [
            "report",
            "--db",
            db,
            "-o",
            str(p.with_name("r.html")),
            "--json",
            str(p),
        ],
        "gap": lambda p: ["gap", str(SAMPLE_CHECKLIST), "--db", db, "-o", str(p)],
        "export csv": lambda p: ["export", "postings", *csv_, "-o", str(p)],
        "export parquet": lambda p: ["export", "mentions", *parquet, "-o", str(p)],
    }


NAMES = list(commands(""))


@pytest.mark.parametrize("name", NAMES)
def test_a_link_to_a_file_is_refused_and_the_file_kept(store_url: str, tmp_path: Path,
                                                       name: str) -> None:  # fmt: skip
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out"
    link.symlink_to(victim)
    result = runner.invoke(app, commands(store_url)[name](link))
    assert result.exit_code == 1, result.output
    assert "symbolic link" in result.output and "Traceback" not in result.output
    assert victim.read_text() == "precious" and link.is_symlink()


def _unblock(reader: threading.Thread, fifo: Path) -> None:
    """End the reader thread whether or not the command wrote to the pipe.

    A reader still blocked opening the pipe (the command never opened it) gets a writer that
    closes at once; a reader that already read to the end is only waited for. Opening without
    blocking tells the two apart: it fails (ENXIO) when nobody holds the pipe for reading, so
    the test can never hang on a pipe nobody reads (a loaded machine once saw that race).
    """
    while reader.is_alive():
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError as error:
            if error.errno != errno.ENXIO:
                raise
        reader.join(timeout=0.1)


@pytest.mark.parametrize("name", NAMES)
def test_a_pipe_is_written_as_a_stream_not_replaced(store_url: str, tmp_path: Path,
                                                    name: str) -> None:  # fmt: skip
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, commands(store_url)[name](fifo))
    _unblock(reader, fifo)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got and len(got[0]) > 100


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_written_as_a_stream_not_replaced(store_url: str, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    for make in commands(store_url).values():
        result = runner.invoke(app, make(null))
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(null.lstat().st_mode)


@pytest.mark.parametrize("name", NAMES)
def test_a_full_disk_keeps_the_previous_file(store_url: str, tmp_path: Path, name: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    target = tmp_path / "out"
    target.write_bytes(b"the good previous output\n" * 1000)
    full_disk(monkeypatch, room=100)
    result = runner.invoke(app, commands(store_url)[name](target))
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert target.read_bytes() == b"the good previous output\n" * 1000
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_pages_get_the_same_usual_permissions(store_url: str, tmp_path: Path, umask_022: None
                                              ) -> None:  # fmt: skip
    made = commands(store_url)
    for name in ("report", "gap"):
        page = tmp_path / f"{name}.html"
        assert runner.invoke(app, made[name](page)).exit_code == 0
        assert stat.S_IMODE(page.stat().st_mode) == 0o644, name
