"""The outbox: a player's runs as statements, waiting for the LRS, in the saves folder.

    <saves>/profiles/<id>/outbox/<run id>.json        a run's statements, not yet accepted
    <saves>/profiles/<id>/outbox/sent/<run id>.json   accepted by the LRS (kept: what was sent)
    <saves>/profiles/<id>/outbox/retry.json           failures in a row and when to try again
    <saves>/profiles/<id>/outbox/.lock                held while one process sends

A run's statements are built once and written atomically (`trainer.atomic`); a rename moves
them to `sent/` once the LRS has accepted them. Killed at any moment, a run is either waiting
(sent again: its statement ids are fixed, so the LRS keeps one copy) or sent; never lost,
never stored twice. Only one process sends at a time (a lock the system drops if it dies).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trainer.atomic import remove_stale_temp, write_atomic
from trainer.files import FileRefused, read_regular_file
from trainer.xapi.profile import Statement

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: two senders may then both send (the LRS keeps one copy)
    fcntl = None  # type: ignore[assignment]

OUTBOX_FOLDER = "outbox"
SENT_FOLDER = "sent"
RETRY_FILE = "retry.json"
LOCK_FILE = ".lock"
MAX_OUTBOX_FILE_BYTES = 16 * 1024 * 1024
FIRST_DELAY = 30.0
"""Seconds before the first retry after a failed send; doubled after each failure in a row."""
MAX_DELAY = 3600.0
_RUN_FILE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,120}\.json$")


class Outbox:
    """The outbox of one player."""

    def __init__(self, saves: Path, profile_id: str) -> None:
        self.folder = Path(saves) / "profiles" / profile_id / OUTBOX_FOLDER
        self.sent_folder = self.folder / SENT_FOLDER

    # -- runs -----------------------------------------------------------------------------
    def waiting(self) -> list[str]:
        """The run ids waiting to be sent, oldest first (a run id starts with its finish time)."""
        return self._ids(self.folder)

    def sent(self) -> set[str]:
        return set(self._ids(self.sent_folder))

    def known(self) -> set[str]:
        """Every run id in the outbox, waiting or sent."""
        return set(self.waiting()) | self.sent()

    def put(self, run_id: str, statements: list[Statement]) -> bool:
        """Keep a run's statements to send; False (nothing written) when the run is already in the outbox."""
        path = self._path(run_id)
        if path.exists() or (self.sent_folder / path.name).exists():
            return False
        write_atomic(path, json.dumps(statements, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return True

    def statements(self, run_id: str) -> list[Statement] | None:
        """The statements waiting for `run_id`; None when they cannot be read (the file is moved
        aside as `<name>.corrupt`, so the run is built again at the next sync)."""
        return self._read(self._path(run_id))

    def sent_statements(self, run_id: str) -> list[Statement] | None:
        return self._read(self.sent_folder / self._path(run_id).name, quarantine=False)

    def mark_sent(self, run_id: str) -> None:
        """The LRS accepted the run: move its statements to `sent/` (a rename: all or nothing)."""
        source = self._path(run_id)
        self.sent_folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):  # another sender moved it first
            os.replace(source, self.sent_folder / source.name)

    @staticmethod
    def accepts(run_id: str) -> bool:
        """Whether a run id can name a file of the outbox (any run id this trainer writes can)."""
        return bool(_RUN_FILE.match(f"{run_id}.json")) and run_id + ".json" != RETRY_FILE

    def _path(self, run_id: str) -> Path:
        name = f"{run_id}.json"
        if not self.accepts(run_id):
            raise ValueError(f"{run_id!r} is not a run id")
        return self.folder / name

    def _ids(self, folder: Path) -> list[str]:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return []
        ids = []
        for entry in entries:
            if entry.name.startswith("."):
                remove_stale_temp(Path(entry.path))
            elif entry.name != RETRY_FILE and _RUN_FILE.match(entry.name) and entry.is_file(follow_symlinks=False):
                ids.append(entry.name.removesuffix(".json"))
        return sorted(ids)

    def _read(self, path: Path, *, quarantine: bool = True) -> list[Statement] | None:
        try:
            data: Any = json.loads(read_regular_file(path, MAX_OUTBOX_FILE_BYTES))
        except FileRefused:
            return None
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, list) and data and all(isinstance(s, dict) and isinstance(s.get("id"), str) for s in data):
            return data
        if quarantine:
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(f"{path.name}.corrupt-{int(time.time())}"))
        return None

    # -- retries --------------------------------------------------------------------------
    def retry_state(self) -> tuple[int, float]:
        """(failures in a row, the time before which the game does not try again)."""
        try:
            data = json.loads(read_regular_file(self.folder / RETRY_FILE, 4096))
            failures, after = data["failures"], data["next_try"]
            if isinstance(failures, int) and isinstance(after, int | float):
                return max(0, failures), float(after)
        except (FileRefused, ValueError, TypeError, KeyError, RecursionError):
            pass
        return 0, 0.0

    def due(self, now: float | None = None) -> bool:
        """Whether the game may try to send now (the backoff after failures has passed)."""
        return (time.time() if now is None else now) >= self.retry_state()[1]

    def record_failure(self, now: float | None = None) -> float:
        """One more failure in a row: the next try waits twice as long (up to an hour); that wait."""
        failures = self.retry_state()[0] + 1
        delay = min(MAX_DELAY, FIRST_DELAY * 2 ** min(failures - 1, 20))
        moment = time.time() if now is None else now
        write_atomic(self.folder / RETRY_FILE, json.dumps({"failures": failures, "next_try": moment + delay}).encode())
        return delay

    def record_success(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / RETRY_FILE).unlink()

    # -- one sender at a time -------------------------------------------------------------
    @contextlib.contextmanager
    def sending(self, *, wait: bool) -> Iterator[bool]:
        """Hold the sender's lock while the block runs; yields False (lock not taken) when
        another process holds it and `wait` is False."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                except BlockingIOError:
                    yield False
                    return
            yield True
        finally:
            os.close(fd)
