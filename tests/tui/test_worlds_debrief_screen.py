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


CLINIC = Path(__file__).parent.parent / "fixtures" / "clinic-bookings.toml"  # written from the contract alone


async def test_the_contract_scenario_plays_in_the_game_and_its_debrief_reveals_the_buyer(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", open_file=CLINIC, open_world="decides")
    async with app.run_test(size=(100, 40)) as pilot:
        shown = await debrief_after(pilot, "2", "1")  # ask why now, then close before asking who decides
        assert "Signed  ★★★  3 stars" in shown
        assert 'Step 2 was a gamble: you pushed for the close ("Great, shall I send the contract?").' in shown
        assert "It worked only because of who this buyer was: Ines signs off purchases herself, and the budget is approved." in shown
        assert "It would have cost stars if instead: A committee of partners decides; Ines only gathers options." in shown
        # every choice that was safe whoever the buyer was, each with the coach's words
        assert 'Better: "Who else weighs in on a choice like this?"' in shown and 'Better: "Tell me more about those calls."' in shown
        assert "This buyer: Ines signs off purchases herself, and the budget is approved.\n" in shown
        assert (
            "It could have been: A committee of partners decides; Ines only gathers options. "
            "Or: Half the clinic's patients are seen at home, which the product cannot schedule." in shown
        )
        assert "Ines reads the contract." in shown  # the check node's narration, in the step by step


async def test_the_contract_scenario_shows_the_interrupt_text(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", open_file=CLINIC, open_world="no-fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        await pilot.press("3")  # a discount, straight away: the interrupt fires
        await until(pilot, lambda: "Shown the door" in visible_text(pilot))
        shown = visible_text(pilot)
        assert "Ines closes her laptop." in shown and "pressure >= 60" not in shown
        await pilot.press("d")
        await until(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))
        shown = visible_text(pilot)
        assert "This buyer: Half the clinic's patients are seen at home, which the product cannot schedule." in shown
        assert "It costs stars when" not in shown  # it costs stars with every buyer: nobody singled out
        assert "Point of no return: step 1. After it, 2 stars were out of reach." in shown
