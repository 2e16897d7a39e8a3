"""Unexpected errors: one line for the user, the full report in a file."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from trainer.text_safety import visible


def crash_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "trainer" / "crashes"


def report_crash(error: BaseException, what: str) -> Path | None:
    """Write the traceback to a file and tell the user in one line where it went."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    text = f"trainer crash while {what}\n{datetime.now().isoformat()}\n\n" + "".join(
        traceback.format_exception(error)
    )
    written: Path | None = None
    for folder in (crash_dir(), Path(tempfile.gettempdir()) / "trainer-crashes"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}.txt"
            path.write_text(text, encoding="utf-8")
            written = path
            break
        except OSError:
            continue
    where = f"a full report was written to {written}" if written else "no report could be written"
    line = f"trainer: unexpected error while {what} ({type(error).__name__}: {error}); {where}"
    print(visible(line), file=sys.stderr)
    return written
