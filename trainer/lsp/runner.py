"""Checks run out of the editor's way: each in a child process that the next edit kills.

The state-space analysis is pure Python and can take seconds on a large scenario; a thread
could not be stopped, so each check runs in a child process (forked from a small server
process that has the validator imported already, so a check starts in milliseconds) and a
thread waits for its results. The child sends the quick result first, then the full one.
Submitting a newer check of the same document, or closing it, kills the running child:
its results are never delivered. A child whose parent disappears exits on its own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from trainer.lsp.checks import CheckRequest, CheckResult, check_stages

ResultHandler = Callable[[str, int, CheckResult], None]
"""`(document uri, document version, result)`: called from the waiting thread."""


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["trainer.lsp.checks"])
        return context
    return multiprocessing.get_context("spawn")


def _child(request: CheckRequest, quick: bool, connection: Connection) -> None:
    """In the child: quiet stdio (the parent's stdout is the protocol), watch the parent, check, send."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    parent = os.getppid()

    def watch() -> None:
        while True:
            threading.Event().wait(0.5)
            if os.getppid() != parent:
                os._exit(1)

    if sys.platform != "win32":
        threading.Thread(target=watch, daemon=True).start()
    try:
        for result in check_stages(request):
            if quick or result.complete:
                connection.send(result)
    except Exception as error:  # noqa: BLE001 - a crash of the validator is reported, not raised in a child
        connection.send(error_result(error))
    finally:
        connection.close()


def error_result(error: BaseException) -> CheckResult:
    """A diagnostic saying the check itself failed (a bug in trainer, never the author's fault)."""
    from trainer.codes import Code
    from trainer.diagnostics import DiagnosticList

    problems = DiagnosticList("")
    problems.error(
        f"trainer could not finish checking this file ({type(error).__name__}); "
        "run `python -m trainer validate` on it, and please report the problem",
        code=Code.PACK_CRASH,
        line=1,
        column=1,
    )
    return CheckResult(problems.items, complete=True)


@dataclass(slots=True)
class _Job:
    uri: str
    version: int
    process: Any  # multiprocessing's process object (its class depends on the start method)
    connection: Connection
    cancelled: bool = False


class CheckRunner:
    """At most one running check per document; the newest wins."""

    def __init__(self, on_result: ResultHandler) -> None:
        self._on_result = on_result
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        self._context: BaseContext | None = None
        self._closed = False

    def submit(self, uri: str, version: int, request: CheckRequest, *, quick: bool = True) -> None:
        """Check a document (killing its running check); results go to `on_result` unless superseded."""
        with self._lock:
            if self._closed:
                return
            self._cancel_locked(uri)
            if self._context is None:
                self._context = _context()
            receiver, sender = self._context.Pipe(duplex=False)
            process = self._context.Process(target=_child, args=(request, quick, sender), daemon=True)  # type: ignore[attr-defined]
            process.start()
            sender.close()
            job = _Job(uri, version, process, receiver)
            self._jobs[uri] = job
        threading.Thread(target=self._wait, args=(job,), name=f"check {uri}", daemon=True).start()

    def warm(self) -> None:
        """Start the process that checks are forked from, so the first check starts quickly."""

        def start() -> None:
            with self._lock:
                if self._context is None:
                    self._context = _context()
                context = self._context
            if context.get_start_method() == "forkserver":
                from multiprocessing import forkserver

                forkserver.ensure_running()

        threading.Thread(target=start, name="checks warm-up", daemon=True).start()

    def cancel(self, uri: str) -> None:
        with self._lock:
            self._cancel_locked(uri)

    def close(self) -> None:
        """Kill every running check; later submissions are ignored."""
        with self._lock:
            self._closed = True
            for uri in list(self._jobs):
                self._cancel_locked(uri)

    def _cancel_locked(self, uri: str) -> None:
        job = self._jobs.pop(uri, None)
        if job is not None:
            job.cancelled = True
            with contextlib.suppress(OSError, ValueError):
                job.process.kill()

    def _wait(self, job: _Job) -> None:
        try:
            while True:
                try:
                    result = job.connection.recv()
                except (EOFError, OSError) as error:  # the child died without a word (out of memory?)
                    result = error_result(error)
                with self._lock:
                    if job.cancelled:
                        break
                self._on_result(job.uri, job.version, result)
                if result.complete:
                    break
        finally:
            with contextlib.suppress(OSError):
                job.connection.close()
            with contextlib.suppress(OSError, ValueError, AssertionError):
                job.process.join(5)
            with self._lock:
                if self._jobs.get(job.uri) is job:
                    del self._jobs[job.uri]
