"""`python -m trainer` as a player starts it, in a pseudo-terminal: the first frame is the
library listing, drawn before pydantic or the validating core is imported (they load in
the background), on a first launch and on a later one with the kept listing (which needs no
card reader either)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tests.tui.helpers import PACK, SCENARIOS

ROOT = Path(__file__).resolve().parents[2]

# `python -m trainer` through runpy, as `-m` does, with one probe: at the first frame the app
# puts on screen, write down which heavy modules are loaded and what the frame shows.
PROBE = """
import gc, json, runpy, sys
from textual.app import App
from textual.design import ColorSystem

display = App._display
generate = ColorSystem.generate
report = sys.argv[1]
seen = []
colours = []

def generate_counted(system, *args, **kwargs):
    colours.append(1)
    return generate(system, *args, **kwargs)

ColorSystem.generate = generate_counted

def first_frame(app, screen, renderable):
    if renderable is not None and not seen:
        from trainer.tui.widgets.scenario_list import ScenarioList
        lists = list(app.screen.query(ScenarioList))
        seen.append(dict(
            heavy=sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"
                         or m in ("trainer.model", "trainer.validation", "trainer.loader", "trainer.saves")),
            deferred=sorted(m for m in ("tomllib", "trainer.cards", "trainer.game.room", "trainer.tui.screens.confirm",
                                      "trainer.wording", "trainer.vocabulary", "trainer.diagnostics",
                                      "textual.widgets._footer", "trainer.codes",
                                      "trainer.tui.widgets.steady")
                            if m in sys.modules),
            theme_colours_made=len(colours),
            screen=type(app.screen).__name__,
            options=len(lists[0].rows) if lists else 0,
            collector_on=gc.isenabled(),
        ))
        warm_up = type(app).warm_up

        def warm_up_seen(app, *args):  # the check of the packs, started after the first frame
            seen[0]["warm_up"] = dict(collector_on=gc.isenabled(), frozen=gc.get_freeze_count())
            with open(report, "w") as out:
                json.dump(seen[0], out)
            return warm_up(app, *args)

        type(app).warm_up = warm_up_seen
    display(app, screen, renderable)

App._display = first_frame
sys.argv = [sys.argv[0], *sys.argv[2:]]  # the game's own arguments
runpy.run_module("trainer", run_name="__main__", alter_sys=True)
"""


def start(tmp_path: Path, cache: Path, name: str, then: Path | None = None, command: Sequence[str] = ()) -> dict[str, object]:
    """Start the game in an 80x24 pseudo-terminal until its first frame and the warm-up after it
    (and until the file `then` exists); quit; what the probe saw."""
    report = tmp_path / f"{name}.json"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": str(cache),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TRAINER_SAVES": str(tmp_path / f"saves-{name}"),
        "TRAINER_PACKS": str(tmp_path / "no-packs"),
    }
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(report), "--pack", str(PACK), *command],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path, start_new_session=True,
    )
    os.close(slave)
    drawn = bytearray()

    def read() -> bool:
        """Read what it draws, for a tenth of a second at most; False once it has closed the terminal."""
        if select.select([master], [], [], 0.1)[0]:
            try:
                drawn.extend(os.read(master, 65536))
            except OSError:
                return False
        return True

    deadline = time.monotonic() + 60
    try:
        while not (report.exists() and (then is None or then.exists())) and time.monotonic() < deadline:
            if not read():
                break
        os.write(master, b"q")
        while child.poll() is None and time.monotonic() < deadline and read():
            pass
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    assert report.exists(), f"the game drew no frame: {drawn[-3000:]!r}"
    seen: dict[str, object] = json.loads(report.read_text())
    return seen


def frozen_by_start(seen: dict[str, object]) -> int:
    """How many objects the collector set aside for good when it resumed (taken out of `seen`)."""
    warm_up = seen["warm_up"]
    assert isinstance(warm_up, dict)
    frozen = warm_up.pop("frozen")
    assert isinstance(frozen, int)
    return frozen


def test_the_first_frame_is_the_library_before_pydantic_is_imported(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = cache / "trainer" / "library-index.json"
    first = start(tmp_path, cache, "first", then=index)  # the listing is kept by the background check
    # a first launch reads the cards (TOML, and the difficulty words); neither launch loads the
    # voting room, a yes/no dialog, the words of a play or of diagnostics, a TOML reader for
    # settings that were never saved, nor the footer (made in the next frame); the theme's
    # colours are made once, for the game's theme; the garbage collector is paused until the
    # first frame, then resumed with what start-up made set aside for good (`trainer.tui.collector`)
    assert frozen_by_start(first) > 10_000  # Textual's objects among them
    assert first == {
        "heavy": [],
        "deferred": ["tomllib", "trainer.cards", "trainer.codes", "trainer.vocabulary"],
        "theme_colours_made": 1,
        "screen": "LibraryScreen",
        "options": first["options"],
        "collector_on": False,
        "warm_up": {"collector_on": True},
    }
    assert isinstance(first["options"], int) and first["options"] > 2  # pack headings and scenarios
    assert index.exists()
    later = start(tmp_path, cache, "later")
    assert frozen_by_start(later) > 10_000
    assert later == {**first, "deferred": []}  # the kept listing: no card reader


def test_play_file_draws_its_first_frame_before_pydantic_is_imported(tmp_path: Path) -> None:
    """`play FILE`: the library, waiting for the file, before the checks are loaded (the command
    reads its arguments without them); the file opens in the background."""
    seen = start(tmp_path, tmp_path / "cache", "play", command=["play", str(SCENARIOS / "coffee.toml")])
    assert frozen_by_start(seen) > 10_000
    assert seen["heavy"] == [] and seen["screen"] == "LibraryScreen" and seen["collector_on"] is False
