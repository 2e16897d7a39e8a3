"""The game's responsiveness against a bare Textual app doing the same thing, in the same run.

1. Launch: a fresh `python` process until the library is interactive (the first frame on
   screen that shows the filled list; the event loop then takes keys), vs a bare app with an
   input and an option list, timed the same way.
   Target <= 1.25x. Measured as a player meets it after the first launch, with the library
   listing kept between launches; the first launch (no listing kept yet) is printed too.
2. A choice key until the next node is rendered (the last frame written after the key), vs a
   bare app that, on a key, appends a line to a scroll, replaces the prompt and replaces the
   options. Target <= 2x.

Run from the repository root: `python benchmarks/bench_tui.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "tests" / "fixtures" / "tui-pack"

READY_ON_FIRST_FRAME = """
import time


def report_first_frame(app, listed) -> None:
    \"\"\"Print "ready" when the app first puts a frame on screen that shows the filled list.\"\"\"
    display = app._display
    done = []

    def timed(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not done and listed(app):
            done.append(True)
            print("ready", flush=True)
            app.call_later(app.exit)

    app._display = timed
"""

LAUNCH_GAME = READY_ON_FIRST_FRAME + f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from trainer.tui.app import TrainerApp
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.widgets.scenario_list import ScenarioList


def listed(app) -> bool:
    screen = app.screen
    return isinstance(screen, LibraryScreen) and bool(screen.query(ScenarioList)) and screen.query_one(ScenarioList).option_count > 0


saves = Path(sys.argv[1])
app = TrainerApp([Path({str(PACK)!r})], saves=saves, library_index=saves / "library-index.json")
report_first_frame(app, listed)
app.run(headless=True, size=(80, 24))
"""

LAUNCH_BARE = READY_ON_FIRST_FRAME + """
from textual.app import App
from textual.widgets import Footer, Input, OptionList, Static


class Bare(App):
    def compose(self):
        yield Static("title")
        yield Input(placeholder="filter")
        yield OptionList(*[f"scenario {i}\\nbuyer, role, company\\nsummary" for i in range(12)])
        yield Footer()


def listed(app) -> bool:
    return bool(app.query(OptionList)) and app.query_one(OptionList).option_count > 0


app = Bare()
report_first_frame(app, listed)
app.run(headless=True, size=(80, 24))
"""


class FrameClock:
    """Records when the app last composited a frame for display (headless: nothing is written)."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.last = 0.0
        display = app._display

        def timed(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            if renderable is not None:
                self.last = time.perf_counter()
            display(screen, renderable)

        app._display = timed

    async def key_to_frame(self, pilot, key: str) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        return self.last - start


def launch_seconds(code: str, runs: int, saves: str) -> list[float]:
    """From starting the process to the app saying it is ready (what a player waits for);
    whatever the app does after that in the background is not counted."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", code, saves], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout is not None
        line = child.stdout.readline()
        times.append(time.perf_counter() - start)
        child.communicate()
        if line.strip() != "ready" or child.returncode != 0:
            raise RuntimeError(f"the app did not start (exit {child.returncode})")
    return times


async def game_choice_seconds(runs: int, saves: Path) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from trainer.tui.app import TrainerApp

    times: list[float] = []
    app = TrainerApp([PACK], saves=saves, builtin=False)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"coffee", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        clock = FrameClock(app)
        for _ in range(runs):
            for key in ("2", "1"):
                times.append(await clock.key_to_frame(pilot, key))
            await pilot.press("r")
            await pilot.pause()
    return times


async def bare_choice_seconds(runs: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Footer, OptionList, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield VerticalScroll(id="history")
            yield Static("prompt", id="prompt")
            yield OptionList("one", "two", id="choices")
            yield Footer()

        def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
            self.query_one("#history").mount(Static(f"you said {event.key}"))
            self.query_one("#prompt", Static).update(f"the buyer answers {event.key}")
            self.query_one(OptionList).set_options([f"choice {event.key} {i}" for i in range(3)])

    times: list[float] = []
    async with Bare().run_test(size=(80, 24)) as pilot:
        clock = FrameClock(pilot.app)
        for _ in range(runs * 2):
            times.append(await clock.key_to_frame(pilot, "1"))
    return times


def report(name: str, game: list[float], bare: list[float], target: float | None) -> bool:
    """Print the medians and their ratio; True when there is no target or it is met."""
    g, b = statistics.median(game), statistics.median(bare)
    ratio = g / b
    ok = target is None or ratio <= target
    verdict = "" if target is None else f" (target <= {target}x) {'ok' if ok else 'MISSED'}"
    print(f"{name}: game {g * 1000:.1f} ms, bare Textual {b * 1000:.1f} ms, ratio {ratio:.2f}x{verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as saves:
        launch_seconds(LAUNCH_BARE, 1, saves)  # warm the file cache for both
        launch_seconds(LAUNCH_GAME, 1, saves)
        bare, game = [], []
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            bare += launch_seconds(LAUNCH_BARE, 1, saves)
            game += launch_seconds(LAUNCH_GAME, 1, saves)
        ok = report("launch until the library is interactive", game, bare, 1.25)
        first = []
        for _ in range(max(3, args.runs // 2)):
            Path(saves, "library-index.json").unlink(missing_ok=True)
            first += launch_seconds(LAUNCH_GAME, 1, saves)
        report("  first launch, before any listing is kept (no target)", first, bare, None)
        game_keys = asyncio.run(game_choice_seconds(args.runs * 3, Path(saves)))
        bare_keys = asyncio.run(bare_choice_seconds(args.runs * 3))
        ok &= report("choice key until the next node is rendered", game_keys, bare_keys, 2.0)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
