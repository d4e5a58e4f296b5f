"""The one output writer: atomic, never through a link, devices and pipes as streams,
the previous file kept when a write fails, new files with the usual permissions."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reports.output import UnsafeOutput, open_output, write_text
from tests.support.full_disk import full_disk


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_usual_permissions_and_leaves_no_temp(tmp_path: Path, umask_022: None
                                                           ) -> None:  # fmt: skip
    target = tmp_path / "sub" / "page.html"
    write_text(target, "<p>hi</p>\n")
    assert target.read_text() == "<p>hi</p>\n"
    assert _mode(target) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_replacing_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("old")
    target.chmod(0o640)
    write_text(target, "new")
    assert (target.read_text(), _mode(target)) == ("new", 0o640)


def test_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:  # fmt: skip
    target = tmp_path / "report.html"
    target.write_text("good report\n" * 100)
    full_disk(monkeypatch)
    with pytest.raises(OSError) as info:
        write_text(target, "new report\n" * 500)
    assert info.value.errno == errno.ENOSPC
    assert target.read_text() == "good report\n" * 100
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_symlink_to_a_file_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.html"
    link.symlink_to(victim)
    with pytest.raises(UnsafeOutput, match="symbolic link"):
        write_text(link, "report")
    assert victim.read_text() == "precious" and link.is_symlink()
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere" / "x")
    with pytest.raises(UnsafeOutput, match="symbolic link"):
        write_text(dangling, "report")
    assert not (tmp_path / "nowhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.html", "out.html",
                                                          "victim.txt"]  # fmt: skip


def test_device_and_link_to_device_are_streams(tmp_path: Path) -> None:
    write_text("/dev/null", "report")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    link = tmp_path / "null.html"
    link.symlink_to("/dev/null")
    write_text(link, "report")
    assert link.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["null.html"]


def test_fifo_is_written_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with open_output(fifo, binary=True) as fh:
        fh.write(b"PAR1")
    reader.join(timeout=30)
    assert got == [b"PAR1"] and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeOutput, match="folder"):
        write_text(tmp_path, "x")
