"""The game's debrief of a scenario with hidden worlds: the gamble named as one, the buyer
revealed with the others it could have been, the ending by its title; `play FILE --world ID`
plays that buyer, and playing again keeps it (without --world, each new play draws anew)."""

from __future__ import annotations

from pathlib import Path

import tomli_w
from textual.pilot import Pilot

from tests.core.builders import two_worlds
from tests.tui.helpers import make_app, until, visible_text
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.play import PlayScreen


def two(tmp_path: Path) -> Path:
    path = tmp_path / "two.toml"
    path.write_bytes(tomli_w.dumps(two_worlds()).encode())
    return path


async def debrief_after(pilot: Pilot[int], *keys: str) -> str:
    await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
    await pilot.press(*keys, "d")
    await until(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))
    return visible_text(pilot)


async def test_the_debrief_names_the_gamble_and_reveals_the_buyer(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", open_file=two(tmp_path), open_world="big")
    async with app.run_test(size=(100, 40)) as pilot:
        shown = await debrief_after(pilot, "2")  # the big plan, straight away
        assert "Signed  ★★★  3 stars" in shown and "Won" not in shown
        assert "Step 1 was a gamble: you pitched" in shown
        assert "It worked only because of who this buyer was: Tam runs payroll in six countries." in shown
        assert "It would have cost stars if instead: Tam runs payroll in one country." in shown
        assert "This buyer: Tam runs payroll in six countries.\nIt could have been: Tam runs payroll in one country." in shown
        assert "Point of no return" not in shown
        assert "pitch-big" not in shown  # the choice's id (tests/tui/test_no_machinery.py checks the rest)
        await pilot.press("p")  # play again: the buyer asked for on the command line
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PlayScreen) and screen.session.start.state.world == "big" and not screen.session.steps


async def test_a_loss_names_the_point_of_no_return_and_the_buyer(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", open_file=two(tmp_path), open_world="small")
    async with app.run_test(size=(100, 40)) as pilot:
        shown = await debrief_after(pilot, "2")
        assert "Lost  ☆☆☆  0 stars" in shown
        assert "Point of no return: step 1. After it, 3 stars were out of reach." in shown
        assert "It costs stars when: Tam runs payroll in one country." in shown
        assert "This buyer: Tam runs payroll in one country.\nIt could have been: Tam runs payroll in six countries." in shown
