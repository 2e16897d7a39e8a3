"""The ordered save writer: in order, nothing lost at exit, failures reported."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from trainer.game.writer import SaveWriter, WriterClosed

ROOT = Path(__file__).resolve().parents[2]


def test_writes_run_in_the_order_they_were_queued() -> None:
    done: list[int] = []
    writer = SaveWriter()
    for number in range(300):
        writer.submit(lambda n=number: (time.sleep(0.0005 * (n % 3)), done.append(n)))
    assert writer.flush(timeout=30)
    assert done == list(range(300))
    writer.close()


def test_flush_waits_for_everything_queued() -> None:
    started, release = threading.Event(), threading.Event()
    done: list[str] = []
    writer = SaveWriter()
    writer.submit(lambda: (started.set(), release.wait(5), done.append("slow")))
    writer.submit(lambda: done.append("last"))
    assert started.wait(5)
    assert writer.pending == 2 and not writer.flush(timeout=0.05)
    release.set()
    assert writer.flush(timeout=10) and done == ["slow", "last"] and writer.pending == 0
    writer.close()


def test_a_failed_write_is_reported_and_the_next_ones_still_run(tmp_path: Path) -> None:
    told: list[Exception] = []
    writer = SaveWriter(on_failure=told.append)
    writer.submit(lambda: (tmp_path / "missing" / "file").write_text("x"))  # FileNotFoundError
    writer.submit(lambda: (tmp_path / "after").write_text("kept"))
    writer.close()
    assert len(told) == 1 and isinstance(told[0], FileNotFoundError) and writer.failures == told
    assert (tmp_path / "after").read_text() == "kept"


def test_a_broken_failure_report_does_not_stop_the_writes(tmp_path: Path) -> None:
    def report(error: Exception) -> None:
        raise RuntimeError("the screen is gone")

    writer = SaveWriter(on_failure=report)
    writer.submit(lambda: 1 / 0)  # type: ignore[func-returns-value]
    writer.submit(lambda: (tmp_path / "after").write_text("kept"))
    writer.close()
    assert (tmp_path / "after").read_text() == "kept" and isinstance(writer.failures[0], ZeroDivisionError)


def test_close_writes_what_is_queued_then_refuses_more(tmp_path: Path) -> None:
    writer = SaveWriter()
    writer.submit(lambda: (time.sleep(0.2), (tmp_path / "last").write_text("choice 3")))
    assert writer.close(timeout=10)
    assert (tmp_path / "last").read_text() == "choice 3"
    with pytest.raises(WriterClosed):
        writer.submit(lambda: None)


def test_the_last_write_is_kept_when_the_program_ends_without_closing(tmp_path: Path) -> None:
    code = (
        "import time\nfrom pathlib import Path\nfrom trainer.game.writer import SaveWriter\n"
        "writer = SaveWriter()\n"
        f"writer.submit(lambda: (time.sleep(0.3), Path({str(tmp_path / 'last')!r}).write_text('kept')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "last").read_text() == "kept"


def test_a_settling_write_waits_unless_someone_wants_it_now(tmp_path: Path) -> None:
    done: list[str] = []
    writer = SaveWriter(settle=60)
    writer.submit(lambda: done.append("choice"))
    time.sleep(0.2)
    assert done == [] and writer.pending == 1  # still settling: the screen has the interpreter
    assert writer.flush(timeout=10) and done == ["choice"]  # wanted now: written now, not after the minute
    writer.submit(lambda: done.append("ending"))
    assert writer.close(timeout=10) and done == ["choice", "ending"]


def test_a_backlog_settles_once_not_once_per_save() -> None:
    done: list[float] = []
    writer = SaveWriter(settle=0.5)
    began = time.monotonic()
    for _ in range(6):  # six quick choices
        writer.submit(lambda: done.append(time.monotonic() - began))
    deadline = began + 10
    while len(done) < 6 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(done) == 6 and done[0] >= 0.5
    assert done[-1] < 2.5, f"the last of six saves waited {done[-1]:.2f} s: each waited its own settle in turn"
    writer.close(timeout=10)
