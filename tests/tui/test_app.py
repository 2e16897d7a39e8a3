"""Quitting (asking first during a play), help, the command palette, and a too-large analysis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.tui.helpers import choose, make_app, open_scenario, texts
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.debrief import TOO_LARGE, DebriefScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.play import PlayScreen


async def test_q_quits_from_the_library_at_once(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await choose(pilot, "q")
        assert not pilot.app.is_running
        assert pilot.app.return_code == 0


async def test_q_asks_first_during_a_play(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "q")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await choose(pilot, "n")
        assert isinstance(pilot.app.screen, PlayScreen) and pilot.app.is_running
        await choose(pilot, "ctrl+q")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await choose(pilot, "y")
        assert not pilot.app.is_running


async def test_escape_to_the_library_asks_first_during_a_play(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "escape")  # nothing played yet: no question
        assert type(pilot.app.screen).__name__ == "LibraryScreen"
        await open_scenario(pilot, "")
        await choose(pilot, "1", "escape")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await choose(pilot, "y")
        assert type(pilot.app.screen).__name__ == "LibraryScreen"


async def test_help_lists_the_keys(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await choose(pilot, "question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        shown = texts(pilot, "Static")
        for key in ("1-9", "ctrl+p", "try again from the point of no return", "q, ctrl+q"):
            assert key in shown
        await choose(pilot, "escape")
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_command_palette_offers_the_games_actions(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        titles = [command.title for command in pilot.app.get_system_commands(pilot.app.screen)]
        for title in ("Choose scenario", "Restart scenario", "Debrief", "Switch theme", "Coach mode on", "Help"):
            assert title in titles
        await choose(pilot, "ctrl+p", *"debrief", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DebriefScreen)


async def test_debrief_of_a_too_large_scenario_still_shows_path_and_feedback(saves: Path) -> None:
    async with make_app(saves, budget=2).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "1", "d")
        assert isinstance(pilot.app.screen, DebriefScreen)
        ending = texts(pilot, "#ending")
        assert " ".join(TOO_LARGE.split()[:6]) in ending and "offers is worth" not in ending
        assert "Coach: A deadline for someone with no need" in texts(pilot, ".step")
        assert "Not available" in texts(pilot, ".quiet")


# In a fresh interpreter (other tests load the workshop screen in this one): a play opened,
# escape, the command palette and `q` never load the workshop's screen (about half a second
# of imports that the leave-the-workshop question and the palette once paid on every use).
OUTSIDE_A_WORKSHOP = """
import asyncio, sys
from pathlib import Path
from tests.tui.helpers import choose, make_app, open_scenario

async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "escape", "y", "ctrl+p", "escape", "q")
        assert not app.is_running, "q did not quit"
    print("workshop loaded" if "trainer.tui.screens.workshop" in sys.modules else "workshop not loaded")

asyncio.run(main())
"""


def test_a_game_without_a_workshop_never_loads_the_workshop_screen(saves: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", OUTSIDE_A_WORKSHOP, str(saves)], cwd=root, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "workshop not loaded"
