"""One ordered writer for the saves, so that a choice never waits for the disk.

Every write (the play after a choice, a finished run, a discarded play) is queued
as a job and done in order by one thread. `flush` waits until everything queued so
far is on disk; `close` flushes and stops the thread (the app calls it on every way
out, and the interpreter's exit does it as a last resort). A job that fails is
reported to `on_failure` (called from the writer thread), never dropped silently;
the jobs after it still run. With `settle`, a write waits that long after it is queued
(unless `flush` or `close` wants it now): the screen draws the choice first, and the
writer's thread does not compete with it for the interpreter meanwhile. Headless.
"""

from __future__ import annotations

import atexit
import contextlib
import queue
import threading
import time
from collections.abc import Callable

Job = Callable[[], object]
"""A write; what it returns is not used."""


class WriterClosed(RuntimeError):
    """A write was queued after `close`."""


class SaveWriter:
    """Runs queued jobs one at a time, in the order they were queued, on its own thread."""

    def __init__(self, on_failure: Callable[[Exception], object] | None = None, *, settle: float = 0.0) -> None:
        self.on_failure = on_failure
        self.settle = settle  # seconds a queued write waits before it runs (see the module's docstring)
        self._hurry = threading.Event()  # set while someone waits for the writes: no settling
        self.failures: list[Exception] = []  # every failure, in order (also told to `on_failure`)
        self.written = 0  # jobs that ran without an error
        self._jobs: queue.SimpleQueue[tuple[Job, float] | None] = queue.SimpleQueue()  # (job, when queued)
        self._idle = threading.Condition()
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, job: Job) -> None:
        """Queue `job`; it runs after every job queued before it."""
        with self._idle:
            if self._closed:
                raise WriterClosed("the saves are closed")
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="save-writer", daemon=True)
                self._thread.start()
                atexit.register(self.close)
        self._jobs.put((job, time.monotonic()))

    @property
    def pending(self) -> int:
        """Jobs queued and not finished yet."""
        with self._idle:
            return self._pending

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job queued so far has run; False if `timeout` passed first.
        From the writer's own thread (a job that flushes) it returns at once: a job cannot wait for itself."""
        if threading.current_thread() is self._thread:
            return True
        with self._idle:
            self._hurry.set()
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Flush, then stop the thread; later `submit`s raise `WriterClosed`."""
        flushed = self.flush(timeout)
        with self._idle:
            if self._closed:
                return flushed
            self._closed = True
            thread = self._thread
        atexit.unregister(self.close)
        if thread is not None:
            self._jobs.put(None)
            thread.join(timeout)
        return flushed

    def _run(self) -> None:
        while (queued := self._jobs.get()) is not None:
            job, queued_at = queued
            wait = queued_at + self.settle - time.monotonic()  # a backlog does not add its waits up
            if wait > 0:
                self._hurry.wait(wait)
            try:
                job()
                self.written += 1
            except Exception as error:  # noqa: BLE001 - whatever a write raises is reported, not lost
                self.failures.append(error)
                if self.on_failure is not None:
                    with contextlib.suppress(Exception):  # a broken report must not stop the saves
                        self.on_failure(error)
            finally:
                with self._idle:
                    self._pending -= 1
                    if self._pending == 0:
                        self._hurry.clear()
                    self._idle.notify_all()
