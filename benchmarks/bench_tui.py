"""The game as a player meets it, against a bare Textual app, in the same run, in a real terminal.

Every process runs in its own pseudo-terminal of 80x24 that this script drives: it starts the
process, writes keys to it and reads what it draws, and a time is taken when the expected text
has been drawn (escape sequences stripped). The bare apps go through the identical harness.

1. First launch: `python -m trainer` with a fresh saves folder and a fresh cache folder (no
   library listing kept yet), until the library listing is on screen, vs a bare Textual app
   showing one word. Target <= 1.25x.
2. Later launch: the same, with the listing a previous launch kept (a fresh copy of that cache
   folder and a fresh saves folder each time). Target <= 1.15x.
3. A choice key until the buyer's next line is on screen (`python -m trainer play FILE`, a
   built-in scenario), vs a bare app that swaps one line on a key. Target <= 2x. Keys are
   pressed once the screen has settled (meters glide and flash after a choice), as a player
   who reads the line before answering would.
4. The same keys until the whole exchange has settled: the title shows the new step count (it,
   the transcript, the meters and the note are drawn in the frame after the line), vs the same
   bare app. No target: printed so that what follows the line is seen, not hidden by the first.
5. `python -m trainer play FILE` (an author's playtest) with the kept listing, until the buyer's
   first line is on screen, vs the bare app's launch. No target: the file is checked and
   analysed first (pydantic and the engine imported, in the background), whatever the terminal.

Medians of `--runs` launches (and of every key of `--runs` plays). Run from the repository
root: `python benchmarks/bench_tui.py [--runs N]`. Nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
BUILTIN = ROOT / "scenarios"
KEY_SCENARIO = BUILTIN / "scenarios" / "cold-call-logistics.toml"
COLUMNS, LINES = 80, 24
TIMEOUT = 30.0
SETTLE = 1.5
"""Seconds after a key before the next one: the meters glide (0.6 s) and flash (1.2 s)."""

ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[P^_][^\x1b]*\x1b\\|[@-Z\\-_]|[ -/][0-~]|[0-~])")

BARE_WORD = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("Hello")


Bare().run()
"""

BARE_KEY = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    count = 0

    def compose(self):
        yield Static("the buyer waits", id="line")

    def on_key(self, event):
        self.count += 1
        self.query_one("#line", Static).update(f"the buyer answers {self.count}")


Bare().run()
"""


class Terminal:
    """One process in a pseudo-terminal of 80x24; reads what it draws."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.child = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.master = master
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._raw = ""  # decoded output since the last `mark`
        self.last_output = self.started

    def mark(self) -> None:
        """Forget what was drawn so far: `wait_for` looks only at what comes next."""
        self._raw = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            data = b""
        if not data:
            raise EOFError
        self.last_output = time.perf_counter()
        self._raw += self._decoder.decode(data)
        return True

    def text(self) -> str:
        return ESCAPES.sub("", self._raw)

    def wait_for(self, *needles: str) -> float:
        """Read until every needle has been drawn since the last `mark`; the time it was."""
        deadline = time.perf_counter() + TIMEOUT
        while True:
            text = self.text()
            if all(n in text for n in needles):
                return self.last_output
            try:
                self._read(deadline - time.perf_counter())
            except EOFError:
                raise RuntimeError(f"the process ended before drawing {needles}: {text[-2000:]!r}") from None
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{needles} not drawn within {TIMEOUT} s; drawn: {text[-2000:]!r}")

    def settle(self, at_least: float = SETTLE, quiet: float = 0.3, at_most: float = 5.0) -> None:
        """Read until `at_least` seconds have passed and nothing was drawn for `quiet` seconds."""
        start = time.perf_counter()
        while True:
            now = time.perf_counter()
            if now - start >= at_most or (now - start >= at_least and now - self.last_output >= quiet):
                return
            try:
                self._read(0.05)
            except EOFError:
                return

    def press(self, keys: str) -> float:
        self.mark()
        sent = time.perf_counter()
        os.write(self.master, keys.encode())
        return sent

    def close(self, quit_keys: str = "\x11") -> None:
        """Quit with `quit_keys` (ctrl+q), reading until the process ends; killed after 10 s."""
        with contextlib.suppress(OSError):
            os.write(self.master, quit_keys.encode())
        deadline = time.perf_counter() + 10
        while self.child.poll() is None and time.perf_counter() < deadline:
            try:
                self._read(0.1)
            except EOFError:
                break
        if self.child.poll() is None:
            os.killpg(self.child.pid, signal.SIGKILL)
        self.child.wait()
        os.close(self.master)


class Places:
    """Fresh folders for each launch: saves, cache, user data (no packs installed). The user's
    data and packs folders are emptied but keep their place, as on a player's machine: the kept
    listing is kept for those places (`trainer.library_index.listing_key`), and a new place
    each launch would make every later launch a first one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def env(self, cache: Path | None = None) -> tuple[dict[str, str], Path]:
        self.count += 1
        here = self.root / f"launch-{self.count}"
        here.mkdir()
        fresh_cache = here / "cache"
        if cache is not None:
            shutil.copytree(cache, fresh_cache)
        for place in ("data", "packs"):
            shutil.rmtree(self.root / place, ignore_errors=True)
            (self.root / place).mkdir()
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "PYTHONPATH": str(ROOT),
            "XDG_CACHE_HOME": str(fresh_cache),
            "XDG_DATA_HOME": str(self.root / "data"),
            "TRAINER_SAVES": str(here / "saves"),
            "TRAINER_PACKS": str(self.root / "packs"),
        }
        for name in ("TEXTUAL", "NO_COLOR", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        return env, here


def library_needles() -> tuple[str, str]:
    """What the library shows once listed: the first scenario's title and the count."""
    files = sorted((BUILTIN / "scenarios").glob("*.toml"))
    first = tomllib.loads(files[0].read_text(encoding="utf-8"))["title"]
    return first, f"{len(files)} scenarios"


def game_launch(places: Places, cache: Path | None, keep: Path | None = None) -> float:
    """`python -m trainer` until the library is listed; with `keep`, its cache folder is
    copied there once the background check has kept the listing."""
    env, here = places.env(cache)
    term = Terminal([sys.executable, "-m", "trainer"], env)
    try:
        seconds = term.wait_for(*library_needles()) - term.started
        index = here / "cache" / "trainer" / "library-index.json"
        deadline = time.perf_counter() + 120
        while keep is not None and not index.exists() and time.perf_counter() < deadline:
            term.settle(at_least=0.2, quiet=0.0, at_most=0.2)
    finally:
        term.close("q")
    if keep is not None:
        shutil.copytree(here / "cache", keep)
    return seconds


def bare_launch(places: Places, script: Path) -> float:
    env, _ = places.env()
    term = Terminal([sys.executable, str(script)], env)
    try:
        return term.wait_for("Hello") - term.started
    finally:
        term.close()


def needle(line: str) -> str:
    """The start of a line, short enough to be drawn on the first row of the prompt."""
    words = line.split()
    out = words[0]
    for word in words[1:]:
        if len(out) + 1 + len(word) > 18:
            break
        out += " " + word
    return out


def key_scenario() -> tuple[Engine, str | None]:
    """The engine of the key scenario (worked out in this process) and the hidden world both it
    and the game play in (one named to the game, so both draw the same buyer; None without worlds)."""
    sys.path.insert(0, str(ROOT))
    from trainer.engine import Engine
    from trainer.validation import load_scenario

    loaded = load_scenario(KEY_SCENARIO)
    assert loaded.compiled is not None and loaded.scenario is not None, "the key scenario must be playable"
    world = loaded.scenario.worlds[0].id if loaded.scenario.worlds else None
    return Engine(loaded.compiled), world


def play_command(world: str | None) -> list[str]:
    """`python -m trainer play FILE` on the key scenario, in `world`."""
    return [sys.executable, "-m", "trainer", "play", str(KEY_SCENARIO), *(["--world", world] if world else [])]


def play_launch(places: Places, cache: Path, first_line: str, world: str | None) -> float:
    """`python -m trainer play FILE` (the listing kept in `cache`) until the buyer's first line is drawn."""
    env, _ = places.env(cache)
    term = Terminal(play_command(world), env)
    try:
        return term.wait_for(needle(first_line)) - term.started
    finally:
        term.close("\x11y")


def game_keys(places: Places, plays: int) -> tuple[list[float], list[float]]:
    """`python -m trainer play FILE`: press choice keys through `plays` plays, timing each until
    the buyer's next line is drawn, and until the whole exchange has settled (the title's step
    count, drawn with the transcript, the meters and the note in the frame after the line). The
    path is worked out with the engine, in this process."""
    engine, world = key_scenario()
    env, _ = places.env()
    term = Terminal(play_command(world), env)
    times: list[float] = []
    settled: list[float] = []
    try:
        for play in range(plays):
            state = engine.start(world).state
            term.wait_for(needle(engine.text(state)))
            term.settle()
            seen, steps = {state.node}, 0
            while not state.ended:
                offers = engine.offered(state)
                # a new node when there is one (its line is then drawn nowhere else), turn by turn
                fresh = [o for o in offers if engine.choose(state, o.number).state.node not in seen]
                offer = (fresh or offers)[(play + len(seen)) % len(fresh or offers)]
                state = engine.choose(state, offer.number).state
                seen.add(state.node)
                sent = term.press(str(offer.number))
                times.append(term.wait_for(needle(engine.text(state))) - sent)
                steps += 1
                step = "the end" if state.ended else f"step {steps + 1}"  # as the title says it
                settled.append(term.wait_for(needle(engine.text(state)), f"·  {step}  ·") - sent)
                term.settle()
            term.press("r")
    finally:
        term.close("\x11y")
    return times, settled


def bare_keys(places: Places, script: Path, presses: int) -> list[float]:
    env, _ = places.env()
    term = Terminal([sys.executable, str(script)], env)
    times: list[float] = []
    try:
        term.wait_for("the buyer waits")
        term.settle()
        for n in range(1, presses + 1):
            sent = term.press("1")
            times.append(term.wait_for(f"the buyer answers {n}") - sent)
            term.settle()
    finally:
        term.close()
    return times


def report(name: str, game: list[float], bare: list[float], target: float | None) -> bool:
    """Print the medians and their ratio; True when the target is met (or there is none)."""
    g, b = statistics.median(game), statistics.median(bare)
    ratio = g / b
    ok = target is None or ratio <= target
    verdict = "(no target)" if target is None else f"(target <= {target}x) {'ok' if ok else 'MISSED'}"
    print(
        f"{name}: game {g * 1000:.0f} ms, bare Textual {b * 1000:.0f} ms, ratio {ratio:.2f}x "
        f"{verdict}   [n={len(game)}/{len(bare)}; "
        f"game {min(game) * 1000:.0f}-{max(game) * 1000:.0f} ms, bare {min(bare) * 1000:.0f}-{max(bare) * 1000:.0f} ms]"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="launches of each kind, and plays (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as folder:
        root = Path(folder)
        word, key = root / "bare_word.py", root / "bare_key.py"
        word.write_text(BARE_WORD)
        key.write_text(BARE_KEY)
        places = Places(root)
        kept = root / "kept-cache"
        bare_launch(places, word)  # warm the file caches for both
        game_launch(places, None, keep=kept)
        engine, world = key_scenario()
        first_line = engine.text(engine.start(world).state)
        first, later, opened, bare = [], [], [], []
        for _ in range(args.runs):  # interleaved, so drift hits all alike
            bare.append(bare_launch(places, word))
            first.append(game_launch(places, None))
            later.append(game_launch(places, kept))
            opened.append(play_launch(places, kept, first_line, world))
        ok = report("first launch to the library listing", first, bare, 1.25)
        ok &= report("later launch to the library listing", later, bare, 1.15)
        report("play FILE (later launch) to the buyer's first line", opened, bare, None)
        game, settled = game_keys(places, args.runs)
        bare_key = bare_keys(places, key, len(game))
        ok &= report("choice key to the buyer's next line", game, bare_key, 2.0)
        report("choice key until the exchange has settled (transcript, meters)", settled, bare_key, None)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
