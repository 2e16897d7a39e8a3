"""Reading untrusted files: regular files only, never through a link, never past a size limit.

`read_regular_file` looks at what a path is (`lstat`) before opening it: a
link, a folder, a named pipe, a device or a socket is refused without being
opened for reading, so none of them can hang or mislead a read. The file is
then opened without following links and without blocking, checked again
(the path may have changed in between), and read up to `limit + 1` bytes at
most: a file that grows while it is read is refused having cost no more
than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from trainer.errors import TrainerError

if TYPE_CHECKING:
    from trainer.codes import Code

Refusal = Literal["NOT_FOUND", "UNREADABLE", "TOO_LARGE", "LINK", "NOT_A_FILE"]
"""The diagnostic codes a file can be refused with (`trainer.codes.Code`'s names)."""

_CHUNK = 256 * 1024


class FileRefused(TrainerError):
    """A file that is not read; `code` is the diagnostic code, the message says why and how to fix it."""

    def __init__(self, message: str, refusal: Refusal) -> None:
        super().__init__(message)
        self.refusal = refusal

    @property
    def code(self) -> Code:
        """The diagnostic code. The registry is imported here, not with this module: the game's
        start reads files (and misses some, as settings never saved) but needs no code."""
        from trainer.codes import Code

        return Code[self.refusal]


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def refuse_kind(kind: str) -> FileRefused:
    if kind == "a link":
        return FileRefused("is a link; only regular files are read: copy the file itself here", "LINK")
    if kind == "a folder":
        return FileRefused("is a folder, not a TOML file", "NOT_FOUND")
    return FileRefused(f"is {kind}, not a regular file; only regular files are read: replace it with a file", "NOT_A_FILE")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (at most `limit`), or `FileRefused`."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise FileRefused("file not found; check the path", "NOT_FOUND") from None
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror or error}", "UNREADABLE") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise refuse_kind(kind)
    if info.st_size > limit:
        raise _too_large(f"is {info.st_size:,} bytes", limit)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror or error}", "UNREADABLE") from None
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:  # swapped for something else since the lstat
            raise refuse_kind(kind)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror or error}", "UNREADABLE") from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_large("grew past the limit while it was read", limit)
    return b"".join(chunks)


def _too_large(what: str, limit: int) -> FileRefused:
    return FileRefused(
        f"file {what}; the limit is {limit:,} bytes (split the scenario into smaller ones)", "TOO_LARGE"
    )
