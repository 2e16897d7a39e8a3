"""Crash-safe file writes: a reader sees the old file or the new one, never half of one.

The temporary file (`.<name>.<random>.tmp`) is locked while it is written, so
`remove_stale_temp` can tell the file of a write that was killed from a live one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: stale files are then judged by age alone
    fcntl = None  # type: ignore[assignment]

TEMP_GRACE_SECONDS = 5.0
"""A temporary file younger than this is never removed (its writer may not hold the lock yet)."""
UNLOCKED_TEMP_SECONDS = 3600.0
"""Without file locks, how old a temporary file must be to be taken as left behind."""


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write to a temporary file in the same folder, flush, fsync, then rename over `path`.

    The file gets the mode a plain `open(path, "w")` would give it: the mode of the file it
    replaces, else 0666 less the umask (not the 0600 of a temporary file); or `mode` when given
    (a file holding a password: 0600 from the first byte, whatever it replaces)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temp, _mode_for(path) if mode is None else mode)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released when the file is closed or the writer dies
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    """The permission bits of the file at `path`, else those of a new file under the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask (read from /proc where it can be, so it is never changed, even briefly)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:  # elsewhere: set it and put it back at once
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp(path: Path) -> bool:
    """Remove `path` when it is the temporary file of a write that was killed; True when removed."""
    if not (path.name.startswith(".") and path.name.endswith(".tmp")):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        age = time.time() - info.st_mtime
        if age < TEMP_GRACE_SECONDS:
            return False
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a live writer holds it
        elif age < UNLOCKED_TEMP_SECONDS:
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
