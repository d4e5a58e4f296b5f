"""The one way skillgap writes an output file (report, JSON twin, CSV tables, gap pages,
exports): never clobber what the user did not mean to replace.

- A regular file (or a new one) is written to a temporary file in the same folder and
  renamed over the target at the end, so a failed write (a full disk, Ctrl-C) leaves the
  previous file as it was. A new file gets the usual permissions (0666 minus the umask);
  a replaced one keeps its mode.
- A character device or a named pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written as
  a stream, never replaced by a regular file.
- A symbolic link to a file (or to nothing) is refused: writing through it would change
  another file, replacing it would silently break the user's link. A link to a device or
  a pipe (`/dev/stdout`) is written as a stream.
- Anything else (a folder, a block device, a socket) is refused.

Refusals are `UnsafeOutput`, an OSError, so callers report them like any failed write.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any


class UnsafeOutput(OSError):
    """The target is not something skillgap may write (its strerror says why)."""


def _refuse(path: Path, why: str, code: int = errno.EINVAL) -> UnsafeOutput:
    return UnsafeOutput(code, why, str(path))


def _kind(path: Path) -> str:
    """'new', 'file' or 'stream' for a target skillgap may write; UnsafeOutput otherwise."""
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        return "new"
    mode = own.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            return "stream"
        raise _refuse(path, "it is a symbolic link; give the file it points to, or remove it",
                      errno.ELOOP)  # fmt: skip
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    if stat.S_ISDIR(mode):
        raise _refuse(path, "it is a folder; give a file name", errno.EISDIR)
    raise _refuse(path, "it is not a regular file, a character device or a pipe")


def _open_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target, created 0666 so the umask (and a folder's default
    ACL) applies as to any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


@contextmanager
def open_output(path: str | Path, binary: bool = False, parents: bool = True) -> Iterator[IO[Any]]:
    """A stream to write `path` with (text UTF-8, or bytes); the target holds the new
    content only once the block ends without an error. Missing parent folders are created
    when `parents` is true, else they are an error (FileNotFoundError)."""
    target = Path(path)
    kind = _kind(target)
    mode = "wb" if binary else "w"
    text: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
    if kind == "stream":
        with open(target, mode, **text) as fh:  # a device or a pipe: written, never renamed
            yield fh
        return
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _open_temp(target.parent, target.name)
    try:
        with os.fdopen(fd, mode, **text) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if kind == "file":
            with suppress(FileNotFoundError):  # removed meanwhile: a new file's mode
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        if _kind(target) == "stream":  # became a device or a link meanwhile: do not replace
            raise _refuse(target, "it changed into a device, a pipe or a link while written")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` through `open_output`."""
    with open_output(path) as fh:
        fh.write(text)
    return Path(path)
